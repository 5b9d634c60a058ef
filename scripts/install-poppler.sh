#!/usr/bin/env bash
# Installs Debian's poppler-utils, whose pdftotext `graphapi draft` runs to read
# PDF reports (internal/draft/pdf.go), unless pdftotext is already there.
set -euo pipefail

if command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends poppler-utils
pdftotext -v 2>&1 | head -1

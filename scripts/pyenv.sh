#!/usr/bin/env bash
# Makes the Python virtual environment the Go tests use for third-party checks
# (stix2-validator, networkx): .venv at the repository root, with the exact
# versions in scripts/requirements.txt. Safe to run again: it only installs
# what is missing or differs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
if [ ! -x "$root/.venv/bin/python" ]; then
  "$python" -m venv "$root/.venv"
fi
"$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/scripts/requirements.txt"
"$root/.venv/bin/python" -c 'import stix2validator, networkx; print("venv ready: networkx", networkx.__version__)'

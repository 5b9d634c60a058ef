#!/usr/bin/env bash
# Time to the timeline drawn, measured in headless Chromium by
# BenchmarkTimelineDrawn (web/timeline_e2e_test.go): from navigation to the
# JNIM timeline drawn, and to a generated lineage of 200 groups drawn, each
# the median of BENCHTIME fresh tabs (default 10x). Writes the figures, the
# machine and its load to artifacts/bench/page-timeline.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/artifacts/bench"
mkdir -p "$out"
make page
{
	echo "# $(date -u +%FT%TZ) $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
	echo "# load: $(uptime)"
	echo "# go test ./web -run '^\$' -bench TimelineDrawn -benchtime ${BENCHTIME:-10x}"
	go test ./web -run '^$' -bench TimelineDrawn -benchtime "${BENCHTIME:-10x}" -timeout 30m
	echo "# load after: $(uptime)"
} 2>&1 | tee "$out/page-timeline.txt"

#!/usr/bin/env bash
# Runs the measurements behind BENCHMARKS.md. Long (the 1M/5M graph is built
# several times) and noisy on a shared machine: run it on a quiet one. Output
# goes to artifacts/bench/ as well as the terminal.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/artifacts/bench"
mkdir -p "$out"

echo "== embedded store, 1M entities / 5M relationships"
go test ./internal/memstore -run '^$' -bench 'Build' -benchmem -benchtime=1x -timeout 30m | tee "$out/memstore-build.txt"
go test ./internal/memstore -run '^$' -bench 'Neighbors|Lineage|Paths' -benchmem -benchtime=3000x -timeout 30m | tee "$out/memstore-queries.txt"
# Search as the analyst types (prefixes of real names), the word index against
# the substring scan it replaced, same names, same run.
go test ./internal/memstore -run '^$' -bench 'Search' -benchtime=2000x -timeout 30m | tee "$out/memstore-search.txt"

echo "== HTTP: neighbors?depth=1 against a bare gin handler, 64 connections, same generator"
go test ./internal/httpapi -run TestLoadRatio -load 10s -v | tee "$out/http-ratio.txt"

echo "== CSV export and import of 1M/5M"
go test ./internal/export -run '^$' -bench CSVExportImport1M -benchtime 1x -timeout 30m | tee "$out/export-csv.txt"

echo "== page: time to the lineage timeline drawn (headless Chromium)"
bash scripts/bench-page.sh

echo "== betweenness of 10,000 entities: gonum beside networkx (the tests check at the analytics cap)"
bash scripts/pyenv.sh
GRAPHAPI_REQUIRE_PY=1 go test ./internal/analytics -run '^$' -bench 'Networkx10k' -benchtime 1x -v -timeout 60m | tee "$out/networkx-10k.txt"

echo "== Neo4j: load throughput, API overhead, embedded versus Neo4j"
export NEO4J_PORT="${NEO4J_BENCH_PORT:-7689}" NEO4J_DATA_DIR="$root/.neo4j/bench" NEO4J_PASSWORD="${NEO4J_PASSWORD:-graphapi-bench}" NEO4J_HEAP="${NEO4J_HEAP:-8g}"
rm -rf "$NEO4J_DATA_DIR"
bash scripts/neo4j-up.sh
trap 'bash scripts/neo4j-down.sh' EXIT
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_PORT"
# Eight first loads into the emptied database: the first three warm the
# server's JIT (the first after a start runs at about half speed) and the
# figure is the median of the other five.
go test ./internal/neo4jstore -run '^$' -bench 'Load/empty' -benchtime=1x -count 8 -timeout 60m | tee "$out/neo4j-load.txt"
go test ./internal/neo4jstore -run '^$' -bench 'Load/no-change' -benchtime=1x -timeout 60m | tee "$out/neo4j.txt"
# Traversals on random starts and pairs: API vs store vs Neo4j's own search
# (one statement through the driver), same server, same run; p50-ms and
# timeouts beside the mean (BENCHMARKS.md, Neo4j).
uptime | tee "$out/neo4j-traversals.txt"
go test ./internal/neo4jstore -run '^$' -bench 'Neighbors2Hop|Paths|Lineage' -benchtime=200x -timeout 60m | tee -a "$out/neo4j-traversals.txt"
bash scripts/neo4j-down.sh
trap - EXIT

echo "== Neo4j bulk import (neo4j-admin) against the transactional load, and a 100-statement update"
gen="$root/artifacts/bench/seeds"
[[ -d "$gen/100k" ]] || go run ./cmd/graphapi gen --entities 100000 --relationships 500000 --out "$gen/100k"
[[ -d "$gen/1m" ]] || go run ./cmd/graphapi gen --entities 1000000 --relationships 5000000 --out "$gen/1m"
NEO4J_DATA_DIR="$root/.neo4j/bench-bulk" NEO4J_HEAP=4g NEO4J_PAGECACHE=2g bash scripts/bench-bulk.sh "$gen/100k" transactional 2>&1 | tee "$out/bulk-100k.txt"
GRAPHAPI_BENCH_SIZE=1m NEO4J_DATA_DIR="$root/.neo4j/bench-bulk" NEO4J_HEAP=8g NEO4J_PAGECACHE=4g bash scripts/bench-bulk.sh "$gen/1m" 2>&1 | tee "$out/bulk-1m.txt"

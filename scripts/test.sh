#!/usr/bin/env bash
# Runs every graphapi test: formatting and vet, then `go test` over all packages
# with a real Neo4j Community server from tools/neo4j, which the Neo4j tests
# require (they fail, not skip, when GRAPHAPI_REQUIRE_NEO4J=1 and it is away).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export NEO4J_PASSWORD="${NEO4J_PASSWORD:-graphapi-test}"
export NEO4J_PORT="${NEO4J_PORT:-7687}"
export NEO4J_DATA_DIR="${NEO4J_DATA_DIR:-$root/.neo4j/test}"

echo "== gofmt and go vet"
unformatted="$(gofmt -l $(git ls-files '*.go'))"
if [[ -n "$unformatted" ]]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...

echo "== the explorer page and the browser its tests drive"
bash scripts/install-chromium.sh
make page

echo "== pdftotext (poppler-utils), which graphapi draft runs on PDF reports"
bash scripts/install-poppler.sh

echo "== the Python tools that check our exports (stix2-validator, networkx)"
bash scripts/pyenv.sh
export GRAPHAPI_REQUIRE_PY=1

echo "== Neo4j"
# A fresh data directory each run: the tests load their own graphs.
bash scripts/neo4j-down.sh >/dev/null 2>&1 || true
rm -rf "$NEO4J_DATA_DIR"
bash scripts/neo4j-up.sh
trap 'bash scripts/neo4j-down.sh' EXIT

export NEO4J_URI="bolt://127.0.0.1:$NEO4J_PORT"
export NEO4J_USER=neo4j
export GRAPHAPI_REQUIRE_NEO4J=1

echo "== go test"
# One package at a time: the Neo4j tests and the parity suite each replace the
# whole graph in the one database that Neo4j Community offers.
go test -p 1 -count=1 -timeout 45m ./...

echo "== go test -fuzz, bounded"
FUZZTIME="${FUZZTIME:-10s}" bash scripts/fuzz.sh

echo "== API fuzzing (schemathesis) against the embedded store and Neo4j"
go run ./cmd/graphapi load >/dev/null   # the Mali seed, so the documented examples exist
bash scripts/schemathesis.sh

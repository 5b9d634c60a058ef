#!/usr/bin/env bash
# Loads a seed into an EMPTY Neo4j database through Neo4j's offline importer
# (`neo4j-admin database import full`, scripts/neo4j-import.sh), the fast way to
# a first load of a large graph:
#   1. graphapi load --bulk: checks the seed and streams it into import CSV
#      files, while the server stops (scripts/neo4j-down.sh) beside it: the
#      importer needs the store, the files do not need the server;
#   2. runs the importer (scripts/neo4j-import.sh);
#   3. starts the server (scripts/neo4j-up.sh) and creates the schema
#      (graphapi load --schema-only), waiting until the indexes are online.
# Neo4j Community's importer can neither read its files from pipes as they are
# written (it opens each file more than once: its header, a sample for its
# estimates, then the rows) nor create indexes (`--schema` needs the block
# format, which Community lacks): see BENCHMARKS.md. Later changes go through
# `graphapi load`, which writes only what differs.
#
# Usage: scripts/neo4j-bulk-load.sh [SEED]   (default: the compiled-in Mali seed)
#
# Prints each phase's time on its last line ("neo4j-bulk-load: …").
#
# Environment: those of scripts/neo4j-up.sh (NEO4J_PORT, NEO4J_DATA_DIR,
# NEO4J_PASSWORD, NEO4J_HEAP, NEO4J_PAGECACHE) and of scripts/neo4j-import.sh
# (NEO4J_BULK_OVERWRITE, NEO4J_IMPORT_HEAP, NEO4J_IMPORT_MEMORY), and
#   NEO4J_DATABASE        database to import into (default neo4j)
#   NEO4J_BULK_FILES      where the import files go (default: a temporary directory,
#                         removed at the end)
#   GRAPHAPI              the graphapi binary (default: built from this checkout)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed="${1:-}"
port="${NEO4J_PORT:-7687}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-graphapi-dev}"

work="$(mktemp -d "${TMPDIR:-/tmp}/graphapi-bulk.XXXXXX")"
trap 'rm -rf "$work"' EXIT
graphapi="${GRAPHAPI:-}"
if [[ -z "$graphapi" ]]; then
	(cd "$root" && go build -o "$work/graphapi" ./cmd/graphapi)
	graphapi="$work/graphapi"
fi
files="${NEO4J_BULK_FILES:-$work/import}"
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fs", b - a }'; }

data="${NEO4J_DATA_DIR:-$root/.neo4j}"
running=0
if [[ -f "$data/launcher.pid" ]] && kill -0 "$(cat "$data/launcher.pid")" 2>/dev/null; then running=1; fi
seedflag=()
if [[ -n "$seed" ]]; then seedflag=(--seed "$seed"); fi

t0=$(now)
bash "$root/scripts/neo4j-down.sh" >"$work/down.log" 2>&1 &
down=$!
if ! "$graphapi" load --bulk "$files" "${seedflag[@]}"; then
	# A refused seed leaves the graph as it was: so is the server.
	wait "$down" || true
	if ((running)); then
		echo "neo4j-bulk-load: nothing was imported; starting the server again on its unchanged graph" >&2
		bash "$root/scripts/neo4j-up.sh" >&2
	fi
	exit 1
fi
t1=$(now)
if ! wait "$down"; then
	cat "$work/down.log" >&2
	exit 1
fi
cat "$work/down.log"
t2=$(now)
bash "$root/scripts/neo4j-import.sh" "$files"
t3=$(now)
bash "$root/scripts/neo4j-up.sh"
t4=$(now)
NEO4J_URI="bolt://127.0.0.1:$port" NEO4J_USER=neo4j "$graphapi" load --schema-only
t5=$(now)
echo "neo4j-bulk-load: import files $(took "$t0" "$t1") (the server stopped beside them; waited $(took "$t1" "$t2") more), import $(took "$t2" "$t3"), start $(took "$t3" "$t4"), schema $(took "$t4" "$t5"); seed to a database that answers: $(took "$t0" "$t5")"

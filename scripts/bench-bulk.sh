#!/usr/bin/env bash
# The bulk-import figures of BENCHMARKS.md, in one run: for a generated graph,
# a transactional first load (`graphapi load`) into an empty database against
# the bulk import (scripts/neo4j-bulk-load.sh) of the same seed, then a
# 100-statement update (50 new entities, 50 new relationships to existing
# ones) added onto the bulk-loaded graph: through Store.Add (the pack alone)
# and through `graphapi load` of the whole seed with the pack (Replace, which
# diffs the whole graph).
#
# The bulk import is measured against its baseline in the same run: after the
# end-to-end bulk load (seed → database that answers), the server stops and the
# importer runs alone (scripts/neo4j-import.sh) on the same files into a
# scratch directory; the ratio of the two is what the rest (our files, the
# server's start, the schema) costs.
#
# Usage: scripts/bench-bulk.sh SEED [transactional|import]
#   SEED           a seed directory (graphapi gen writes one)
#   transactional  also time the transactional first load (long on 1M/5M)
#   import         the bulk import and its baseline only (no traversal or update runs)
# Environment: GRAPHAPI_BENCH_SIZE (1m for a seed of `graphapi gen --entities 1000000
# --relationships 5000000`: also run the traversal benchmarks on the imported graph),
# NEO4J_PORT (default 7689), NEO4J_DATA_DIR (default <repo>/.neo4j/bench-bulk),
# NEO4J_HEAP, NEO4J_PAGECACHE, NEO4J_IMPORT_HEAP, NEO4J_IMPORT_MEMORY (see neo4j-up.sh
# and neo4j-bulk-load.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed="$(cd "$1" && pwd)"
mode="${2:-}"
export NEO4J_PORT="${NEO4J_PORT:-7689}" NEO4J_DATA_DIR="${NEO4J_DATA_DIR:-$root/.neo4j/bench-bulk}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-graphapi-bench}" NEO4J_URI="bolt://127.0.0.1:${NEO4J_PORT:-7689}" NEO4J_USER=neo4j
work="$(mktemp -d "${TMPDIR:-/tmp}/graphapi-bench-bulk.XXXXXX")"
trap 'bash "$root/scripts/neo4j-down.sh" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/graphapi" ./cmd/graphapi)
export GRAPHAPI="$work/graphapi"
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "seed: $seed ($(($(wc -l <"$seed/entities.csv") - 1)) entities, $(($(wc -l <"$seed/relationships.csv") - 1)) relationships)"

if [[ "$mode" == transactional ]]; then
	bash "$root/scripts/neo4j-down.sh" >/dev/null
	rm -rf "$NEO4J_DATA_DIR"
	bash "$root/scripts/neo4j-up.sh"
	t0=$(now)
	"$GRAPHAPI" load --seed "$seed" 2>/dev/null
	t1=$(now)
	echo "RESULT transactional first load: $(took "$t0" "$t1") s (seed checked, then one transaction)"
fi

bash "$root/scripts/neo4j-down.sh" >/dev/null
rm -rf "$NEO4J_DATA_DIR"
echo "load average before the bulk load: $(cut -d' ' -f1-3 /proc/loadavg)"
NEO4J_BULK_FILES="$work/import" bash "$root/scripts/neo4j-bulk-load.sh" "$seed" 2>&1 | grep -v '^\.\.\.\.' | tee "$work/bulk.log" | tail -n 25
echo "RESULT answers: $("$GRAPHAPI" export --format csv --ids "$(sed -n 2p "$seed/entities.csv" | cut -d, -f1)" --out "$work/answer" 2>&1)"
e2e="$(sed -n 's/.*seed to a database that answers: \([0-9.]*\)s$/\1/p' "$work/bulk.log")"
echo "RESULT bulk, seed to a database that answers: $e2e s ($(grep '^neo4j-bulk-load:' "$work/bulk.log"))"

# The baseline: the importer alone on the same files, the server stopped.
bash "$root/scripts/neo4j-down.sh" >/dev/null
echo "load average before the importer alone: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now)
NEO4J_DATA_DIR="$work/alone" bash "$root/scripts/neo4j-import.sh" "$work/import" 2>&1 | grep -v '^\.\.\.\.' >"$work/alone.log"
t1=$(now)
alone="$(took "$t0" "$t1")"
rm -rf "$work/alone"
echo "RESULT importer alone on the same files: $alone s ($(grep 'IMPORT DONE' "$work/alone.log"))"
echo "RESULT bulk end to end / importer alone: $(awk -v a="$e2e" -v b="$alone" 'BEGIN { printf "%.2f", a / b }') (target <= 1.3)"
if [[ "$mode" == import ]]; then
	exit 0
fi
bash "$root/scripts/neo4j-up.sh" >/dev/null

# The traversal benchmarks on the bulk-loaded graph, when it is the one they
# generate for GRAPHAPI_BENCH_SIZE (graphapi gen, --rand-seed 1).
if [[ -n "${GRAPHAPI_BENCH_SIZE:-}" ]]; then
	(cd "$root" && GRAPHAPI_BENCH_LOADED=1 go test ./internal/neo4jstore -run '^$' -bench 'Neighbors2Hop|Paths|Lineage' -benchtime=200x -timeout 60m) | grep -E '^(Benchmark|ok)' | sed 's/^/RESULT /'
fi

# A 100-statement pack added on top (Store.Add: reads and writes only the pack's statements).
(cd "$root" && go test ./internal/neo4jstore -run '^$' -bench 'Add100' -benchtime 5x -count 3 -timeout 30m) | grep -E '^(Benchmark|ok)' | sed 's/^/RESULT /'

# statements PREFIX NAME EVIDENCE: 100 statements in YAML, 50 new armed groups
# (PREFIX-i, "NAME i") and a COOPERATES_WITH from each to one of the seed's
# first 50 entities; EVIDENCE starts each evidence item ("source: gen, " in a
# plain seed file, nothing in a pack, whose source is its own).
statements() {
	echo "entities:"
	for i in $(seq 1 50); do
		printf '  - {id: %s-%d, kind: armed_group, name: %s %d, evidence: [{%slocator: "%s %d"}]}\n' "$1" "$i" "$2" "$i" "$3" "$1" "$i"
	done
	echo "relationships:"
	sed -n '2,51p' "$seed/entities.csv" | cut -d, -f1 | nl -w1 -s' ' | while read -r i id; do
		printf '  - {from: %s-%d, type: COOPERATES_WITH, to: %s, evidence: [{%slocator: "%s %d"}]}\n' "$1" "$i" "$id" "$3" "$1" "$i"
	done
}

# The same through the command an analyst runs: a source pack of 100
# statements (50 new entities, each with a relationship to an entity already
# there), added with `graphapi load --add`, then added again (all unchanged).
mkdir -p "$work/pack"
{
	printf 'source:\n  id: bench-pack\n  kind: reference\n  title: A generated 100-statement pack\n  publisher: graphapi\n'
	statements pack "Pack group" ""
} >"$work/pack/pack.yaml"
for run in first again; do
	t0=$(now)
	"$GRAPHAPI" load --add "$work/pack" 2>/dev/null | tail -n 1
	t1=$(now)
	echo "RESULT 100-statement pack, graphapi load --add ($run): $(took "$t0" "$t1") s"
done

# The update: the seed's files plus one of 100 statements.
mkdir -p "$work/updated"
for f in "$seed"/*; do ln -s "$f" "$work/updated/"; done
{
	statements update "Update group" "source: gen, "
} >"$work/updated/update.yaml"
t0=$(now)
"$GRAPHAPI" load --seed "$work/updated" 2>/dev/null
t1=$(now)
echo "RESULT 100-statement update, transactional Replace of the whole seed: $(took "$t0" "$t1") s"

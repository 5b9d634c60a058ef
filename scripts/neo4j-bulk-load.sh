#!/usr/bin/env bash
# Loads a seed into an EMPTY Neo4j database through Neo4j's offline importer
# (`neo4j-admin database import full`, org.neo4j:neo4j-import-tool, on the
# launcher's class path), the fast way to a first load of a large graph:
#   1. graphapi load --bulk: checks the seed and streams it into import CSV files;
#   2. stops the server (scripts/neo4j-down.sh): the importer needs the store;
#   3. runs the importer;
#   4. starts the server (scripts/neo4j-up.sh) and creates the schema
#      (graphapi load --schema-only), waiting until the indexes are online.
# Later changes go through `graphapi load`, which writes only what differs.
#
# Usage: scripts/neo4j-bulk-load.sh [SEED]   (default: the compiled-in Mali seed)
#
# Environment: those of scripts/neo4j-up.sh (NEO4J_PORT, NEO4J_DATA_DIR,
# NEO4J_PASSWORD, NEO4J_HEAP, NEO4J_PAGECACHE), and
#   NEO4J_DATABASE        database to import into (default neo4j)
#   NEO4J_BULK_OVERWRITE  1: replace a database that exists already (its graph is
#                         lost); otherwise the importer refuses one
#   NEO4J_IMPORT_HEAP     the importer's JVM heap (default 2g)
#   NEO4J_IMPORT_MEMORY   the importer's off-heap memory (default 6g)
#   NEO4J_BULK_FILES      where the import files go (default: a temporary directory,
#                         removed at the end)
#   GRAPHAPI              the graphapi binary (default: built from this checkout)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/tools/neo4j"
seed="${1:-}"
port="${NEO4J_PORT:-7687}"
data="${NEO4J_DATA_DIR:-$root/.neo4j}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-graphapi-dev}"
java="java"
if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; fi
if [[ ! -f "$tool/target/lib/.complete" ]]; then
	echo "neo4j-bulk-load: the launcher is not built; run scripts/neo4j-up.sh once (it builds it)" >&2
	exit 1
fi

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

t0=$(now)
if [[ -n "$seed" ]]; then
	"$graphapi" load --bulk "$files" --seed "$seed"
else
	"$graphapi" load --bulk "$files"
fi
t1=$(now)

bash "$root/scripts/neo4j-down.sh"
# neo4j-admin reads neo4j.conf from NEO4J_CONF (none is needed: defaults) and
# keeps databases under NEO4J_HOME/data, where the launcher, whose home is the
# data directory, keeps them too.
mkdir -p "$work/conf" "$data"
: >"$work/conf/neo4j.conf"
overwrite=false
if [[ "${NEO4J_BULK_OVERWRITE:-}" == 1 ]]; then overwrite=true; fi
t2=$(now)
NEO4J_HOME="$data" NEO4J_CONF="$work/conf" "$java" "-Xms${NEO4J_IMPORT_HEAP:-2g}" "-Xmx${NEO4J_IMPORT_HEAP:-2g}" \
	-XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
	--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
	--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
	-cp "$tool/target/classes:$tool/target/lib/*" org.neo4j.cli.AdminTool \
	database import full --overwrite-destination="$overwrite" \
	--max-off-heap-memory="${NEO4J_IMPORT_MEMORY:-6g}" --high-parallel-io=on \
	"@$files/import.args"
t3=$(now)

bash "$root/scripts/neo4j-up.sh"
t4=$(now)
NEO4J_URI="bolt://127.0.0.1:$port" NEO4J_USER=neo4j "$graphapi" load --schema-only
t5=$(now)
echo "neo4j-bulk-load: import files $(took "$t0" "$t1"), import $(took "$t2" "$t3"), start $(took "$t3" "$t4"), schema $(took "$t4" "$t5"); seed to a database that answers: $(took "$t0" "$t5")"

#!/usr/bin/env bash
# Runs Neo4j's offline importer alone (`neo4j-admin database import full`,
# org.neo4j:neo4j-import-tool on the launcher's class path) on the files that
# `graphapi load --bulk FILES` wrote, into the database under NEO4J_DATA_DIR,
# which must not be served while it runs. scripts/neo4j-bulk-load.sh runs it
# between the files and the server; scripts/bench-bulk.sh runs it on its own, on
# the same files, as the baseline of the bulk import's end-to-end time.
#
# Usage: scripts/neo4j-import.sh FILES
#
# Environment:
#   NEO4J_DATA_DIR        the server's data directory (default <repo>/.neo4j)
#   NEO4J_BULK_OVERWRITE  1: replace a database that exists already (its graph is
#                         lost); otherwise the importer refuses one
#   NEO4J_IMPORT_HEAP     the importer's JVM heap (default 2g)
#   NEO4J_IMPORT_MEMORY   the importer's off-heap memory (default 6g)
#   JAVA_HOME             JDK to run with (default: java on PATH)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/tools/neo4j"
files="${1:?usage: scripts/neo4j-import.sh FILES (the directory graphapi load --bulk wrote)}"
data="${NEO4J_DATA_DIR:-$root/.neo4j}"
java="java"
if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; fi
if [[ ! -f "$tool/target/lib/.complete" ]]; then
	echo "neo4j-import: the launcher is not built; run scripts/neo4j-up.sh once (it builds it)" >&2
	exit 1
fi
if [[ ! -f "$files/import.args" ]]; then
	echo "neo4j-import: $files/import.args is missing; write the files with graphapi load --bulk $files" >&2
	exit 1
fi
if [[ -f "$data/launcher.pid" ]] && kill -0 "$(cat "$data/launcher.pid")" 2>/dev/null; then
	echo "neo4j-import: the server on $data is running; stop it first (scripts/neo4j-down.sh)" >&2
	exit 1
fi
# neo4j-admin reads neo4j.conf from NEO4J_CONF (none is needed: defaults) and
# keeps databases under NEO4J_HOME/data, where the launcher, whose home is the
# data directory, keeps them too.
conf="$(mktemp -d "${TMPDIR:-/tmp}/graphapi-import-conf.XXXXXX")"
trap 'rm -rf "$conf"' EXIT
: >"$conf/neo4j.conf"
mkdir -p "$data"
overwrite=false
if [[ "${NEO4J_BULK_OVERWRITE:-}" == 1 ]]; then overwrite=true; fi
NEO4J_HOME="$data" NEO4J_CONF="$conf" "$java" "-Xms${NEO4J_IMPORT_HEAP:-2g}" "-Xmx${NEO4J_IMPORT_HEAP:-2g}" \
	-XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
	--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
	--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
	-cp "$tool/target/classes:$tool/target/lib/*" org.neo4j.cli.AdminTool \
	database import full --overwrite-destination="$overwrite" \
	--max-off-heap-memory="${NEO4J_IMPORT_MEMORY:-6g}" --high-parallel-io=on \
	"@$files/import.args"

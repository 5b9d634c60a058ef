#!/usr/bin/env bash
# Stops the Neo4j server that scripts/neo4j-up.sh started: SIGTERM to the pid in
# the pid file, a clean shutdown, SIGKILL only if it has not stopped in time.
#
# Environment: NEO4J_DATA_DIR (default <repo>/.neo4j), NEO4J_STOP_TIMEOUT (default 60 s).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${NEO4J_DATA_DIR:-$root/.neo4j}"
timeout="${NEO4J_STOP_TIMEOUT:-60}"
pidfile="$data/launcher.pid"

if [[ ! -f "$pidfile" ]]; then
	echo "neo4j-down: not running (no $pidfile)"
	exit 0
fi
pid="$(cat "$pidfile")"
if ! kill -0 "$pid" 2>/dev/null; then
	echo "neo4j-down: not running (stale pid file for $pid removed)"
	rm -f "$pidfile"
	exit 0
fi
kill -TERM "$pid"
for ((i = 0; i < timeout * 10; i++)); do
	if ! kill -0 "$pid" 2>/dev/null; then
		rm -f "$pidfile"
		echo "neo4j-down: stopped (pid $pid)"
		exit 0
	fi
	sleep 0.1
done
echo "neo4j-down: pid $pid did not stop within ${timeout}s; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$pidfile"
exit 1

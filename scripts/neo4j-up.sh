#!/usr/bin/env bash
# Starts graphapi's Neo4j Community server (tools/neo4j) in the background and
# returns once Bolt answers. Builds the launcher with Maven first if needed.
# The server forbids the exhaustive shortest-path fallback
# (dbms.cypher.forbid_exhaustive_shortestpath, set by Launcher.java): a path
# query the bidirectional search cannot answer fails at once.
#
# Environment:
#   NEO4J_PASSWORD    password for user neo4j (default: graphapi-dev; 8+ characters)
#   NEO4J_PORT        Bolt port on 127.0.0.1 (default: 7687)
#   NEO4J_DATA_DIR    data directory (default: <repo>/.neo4j); the pid file
#                     (launcher.pid) and log (launcher.log) live there too
#   NEO4J_HEAP        JVM heap, taken whole at start (default: 4g)
#   NEO4J_PAGECACHE   page cache, bytes or with a k/m/g suffix (default: 2g)
#   NEO4J_TX_STATE    where transaction state lives: ON_HEAP (default) or OFF_HEAP
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt (default: 180)
#   JAVA_HOME         JDK to build and run with (default: java on PATH; Java 17+)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/tools/neo4j"
port="${NEO4J_PORT:-7687}"
data="${NEO4J_DATA_DIR:-$root/.neo4j}"
heap="${NEO4J_HEAP:-4g}"
timeout="${NEO4J_START_TIMEOUT:-180}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-graphapi-dev}"

java="java"
if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; fi

mkdir -p "$data"
pidfile="$data/launcher.pid"
logfile="$data/launcher.log"

bolt_answers() {
	# A TCP connect is enough here; the launcher itself prints READY only after a
	# full Bolt handshake.
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
	if bolt_answers; then
		echo "neo4j-up: already running (pid $(cat "$pidfile")), Bolt at bolt://127.0.0.1:$port"
		exit 0
	fi
	echo "neo4j-up: a launcher (pid $(cat "$pidfile")) is running but Bolt does not answer on port $port; run scripts/neo4j-down.sh first" >&2
	exit 1
fi
if bolt_answers; then
	echo "neo4j-up: something else already listens on 127.0.0.1:$port (not started by this script); set NEO4J_PORT or stop it" >&2
	exit 1
fi

# Build when the classes or the class path are missing or older than the sources.
stamp="$tool/target/lib/.complete"
if [[ ! -f "$stamp" || "$tool/pom.xml" -nt "$stamp" || -n "$(find "$tool/src" -newer "$stamp" -print -quit)" ]]; then
	echo "neo4j-up: building the launcher with Maven (first run downloads Neo4j, ~160 MB)"
	if ! command -v mvn >/dev/null; then
		echo "neo4j-up: mvn not found; install Maven (apt-get install maven)" >&2
		exit 1
	fi
	start=$(date +%s)
	if ! (cd "$tool" && mvn -B -q package -DskipTests) >"$data/build.log" 2>&1; then
		echo "neo4j-up: Maven build failed; last lines of $data/build.log:" >&2
		tail -n 40 "$data/build.log" >&2
		exit 1
	fi
	touch "$stamp"
	echo "neo4j-up: built in $(($(date +%s) - start))s"
fi

echo "neo4j-up: starting Neo4j (data $data, log $logfile)"
start=$(date +%s)
# setsid: the server gets its own session, so it outlives this script and is not
# hit by the caller's terminal signals; neo4j-down.sh stops it by its pid.
# The JVM flags are those of the neo4j.conf that Neo4j's server distribution
# ships (server.jvm.additional), and the heap starts at its maximum as Neo4j's
# operations manual advises ("Tuning of the garbage collector"): growing it
# costs a full collection, and a big load grows it to several gigabytes.
# UseTransparentHugePages backs the heap with 2 MB pages where the kernel
# allows it (transparent_hugepage "madvise" or "always"; elsewhere it has no
# effect). A big load's transaction state is gigabytes of small objects; with
# the heap on huge pages first loads ran ~8 % faster (BENCHMARKS.md), most
# likely from fewer TLB misses (not measured).
setsid "$java" "-Xms$heap" "-Xmx$heap" \
	-XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+AlwaysPreTouch \
	-XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC \
	-XX:+UseTransparentHugePages \
	-Djdk.nio.maxCachedBufferSize=1024 -XX:+ExitOnOutOfMemoryError \
	--add-opens=java.base/java.lang=ALL-UNNAMED \
	--add-opens=java.base/java.nio=ALL-UNNAMED \
	--add-opens=java.base/java.io=ALL-UNNAMED \
	--add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
	--add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
	-Dio.netty.tryReflectionSetAccessible=true \
	-cp "$tool/target/classes:$tool/target/lib/*" graphapi.neo4j.Launcher \
	--port "$port" --data "$data" </dev/null >"$logfile" 2>&1 &
pid=$!
echo "$pid" >"$pidfile"

while true; do
	if grep -q '^READY ' "$logfile" 2>/dev/null; then
		echo "neo4j-up: ready in $(($(date +%s) - start))s, pid $pid, Bolt at bolt://127.0.0.1:$port (user neo4j)"
		exit 0
	fi
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "neo4j-up: Neo4j exited during start-up; last lines of $logfile:" >&2
		tail -n 40 "$logfile" >&2
		rm -f "$pidfile"
		exit 1
	fi
	if (($(date +%s) - start >= timeout)); then
		echo "neo4j-up: Bolt did not answer on 127.0.0.1:$port within ${timeout}s; stopping pid $pid; last lines of $logfile:" >&2
		tail -n 40 "$logfile" >&2
		kill "$pid" 2>/dev/null || true
		rm -f "$pidfile"
		exit 1
	fi
	sleep 0.5
done

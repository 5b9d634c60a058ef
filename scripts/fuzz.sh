#!/usr/bin/env bash
# Runs every `go test -fuzz` target for a bounded time each (FUZZTIME, default
# 20s; any value go test's -fuzztime takes, such as 5s or 10000x) and exits
# non-zero on the first failure. A failing input is written by Go under the
# package's testdata/fuzz/<Target>/, where plain `go test` replays it from then
# on: commit it with the fix. Prints each target's exec count for RELIABILITY.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fuzztime="${FUZZTIME:-20s}"
# package and target, one pair a line
targets=(
	"./internal/loader FuzzReadDir"
	"./internal/entities FuzzFoldName"
	"./internal/entities FuzzFoldQuote"
	"./internal/entities FuzzParseDate"
	"./internal/httpapi FuzzQueryParams"
	"./internal/loader FuzzSTIXBundle"
)

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
failed=0
for t in "${targets[@]}"; do
	read -r pkg target <<<"$t"
	echo "== fuzz $target ($pkg) for $fuzztime"
	# -run '^$' skips the package's other tests; the target's seed corpus and
	# testdata/fuzz still run first, as part of fuzzing.
	ok=0
	for attempt in 1 2; do
		if go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -parallel 2 >"$log" 2>&1; then
			ok=1
			break
		fi
		# On a busy machine Go's fuzzing engine can end a run with "context
		# deadline exceeded" when -fuzztime runs out while a worker is still
		# starting; it writes no failing input then. That is the engine's
		# clock, not our code: try once more. A real failure writes its input.
		if grep -q 'Failing input written to' "$log" || ! grep -q 'context deadline exceeded' "$log"; then
			break
		fi
		echo "fuzz $target: the engine's time ran out with no failing input (attempt $attempt); again"
	done
	if [[ "$ok" == 1 ]]; then
		execs="$(grep -oE 'execs: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)"
		echo "fuzz $target: ok, ${execs:-0} execs"
	else
		cat "$log"
		echo "fuzz $target: FAILED (the input is under $pkg/testdata/fuzz/$target/)"
		failed=1
	fi
done
exit "$failed"

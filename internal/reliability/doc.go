// Package reliability holds graphapi's fault-injection and load tests (issue 6,
// parts 2 and 3). It has no code of its own: the tests build the real graphapi
// binary, start real Neo4j servers with scripts/neo4j-up.sh, and hurt them from
// outside, as an operator's bad day would: SIGKILL in the middle of a load, a
// database stopped under a serving API, queries past the request deadline,
// SIGTERM during traffic, and 64 connections of sustained reads.
//
// Each Neo4j test starts a server of its own on a free port in 7690-7699 with a
// data directory under the test's temporary directory, so that the faults never
// touch the shared server other packages test against, and stops it when the
// test ends. Without Java the Neo4j tests are skipped, or fail when
// GRAPHAPI_REQUIRE_NEO4J=1 (as in CI).
//
// The load tests run for -reliability.load (default 10s, as in CI; the full
// run in RELIABILITY.md uses 60s):
//
//	go test ./internal/reliability -count=1 -v -reliability.load=60s
package reliability

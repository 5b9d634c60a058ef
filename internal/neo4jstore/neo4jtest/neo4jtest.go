// Package neo4jtest opens the Neo4j the tests of every package share, in one
// way: from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE, skipped
// without NEO4J_URI, failed instead when GRAPHAPI_REQUIRE_NEO4J=1 (as in CI),
// closed at cleanup. Only tests import it.
package neo4jtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/neo4jstore"
)

// answerWait is how long a store may take to answer its first ping: a server
// a test has just started is still opening its database.
const answerWait = time.Minute

// Require returns the configuration the environment names. Without NEO4J_URI
// it skips the test, or fails it when GRAPHAPI_REQUIRE_NEO4J=1, so that CI
// never passes a Neo4j suite it did not run.
func Require(tb testing.TB) neo4jstore.Config {
	tb.Helper()
	cfg := neo4jstore.ConfigFromEnv(os.Getenv)
	if cfg.URI == "" {
		if os.Getenv("GRAPHAPI_REQUIRE_NEO4J") == "1" {
			tb.Fatal("NEO4J_URI is not set but GRAPHAPI_REQUIRE_NEO4J=1: start Neo4j (scripts/neo4j-up.sh) and set NEO4J_URI, NEO4J_PASSWORD")
		}
		tb.Skip("NEO4J_URI is not set; start Neo4j with scripts/neo4j-up.sh and set NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=...")
	}
	return cfg
}

// Open opens the store the environment names (see Require). Tests replace the
// whole graph of that database: point NEO4J_URI at a server for tests only.
func Open(tb testing.TB) *neo4jstore.Store {
	tb.Helper()
	return OpenConfig(tb, Require(tb))
}

// OpenConfig opens the store at cfg, closes it at cleanup and waits until it
// answers; a store that does not answer fails the test.
func OpenConfig(tb testing.TB, cfg neo4jstore.Config) *neo4jstore.Store {
	tb.Helper()
	s, err := neo4jstore.Open(cfg)
	if err != nil {
		tb.Fatalf("neo4jstore.Open %s: %v", cfg.URI, err)
	}
	tb.Cleanup(func() { s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), answerWait)
	defer cancel()
	for {
		err := s.Ping(ctx)
		if err == nil {
			return s
		}
		if ctx.Err() != nil {
			tb.Fatalf("Neo4j at %s does not answer: %v", cfg.URI, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

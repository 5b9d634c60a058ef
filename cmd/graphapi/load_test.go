package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/neo4jstore"
)

// testNeo4jEnv is the environment of a command that talks to the test Neo4j at
// NEO4J_URI; without one the test is skipped, or fails under
// GRAPHAPI_REQUIRE_NEO4J=1 (as in CI).
func testNeo4jEnv(t *testing.T) func(string) string {
	t.Helper()
	if os.Getenv("NEO4J_URI") == "" {
		if os.Getenv("GRAPHAPI_REQUIRE_NEO4J") == "1" {
			t.Fatal("NEO4J_URI is not set but GRAPHAPI_REQUIRE_NEO4J=1: start Neo4j (scripts/neo4j-up.sh)")
		}
		t.Skip("NEO4J_URI is not set; start Neo4j with scripts/neo4j-up.sh")
	}
	return func(k string) string {
		if strings.HasPrefix(k, "GRAPHAPI_") {
			return ""
		}
		return os.Getenv(k)
	}
}

// cancelOn is a stderr that cancels a command's context (as Ctrl-C does) a
// moment after the command logs a phase whose line holds word.
type cancelOn struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	word   string
	after  time.Duration
	cancel context.CancelFunc
	once   sync.Once
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if bytes.Contains(p, []byte(c.word)) {
		c.once.Do(func() { time.AfterFunc(c.after, c.cancel) })
	}
	return c.buf.Write(p)
}

// A load interrupted while it writes (Ctrl-C cancels run's context) leaves
// the graph in Neo4j exactly as it was, and says so.
func TestLoadInterruptedLeavesGraphAsItWas(t *testing.T) {
	getenv := testNeo4jEnv(t)
	// The Mali graph (and the schema) are what must stay.
	if err := run(context.Background(), []string{"load"}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	store, err := neo4jstore.Open(neo4jstore.ConfigFromEnv(getenv))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(context.Background())
	before, err := store.Fingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// A seed whose transaction runs for seconds, cancelled a moment into it.
	dir := filepath.Join(t.TempDir(), "seed")
	if err := run(context.Background(), []string{"gen", "--entities", "10000", "--relationships", "50000", "--out", dir}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &cancelOn{word: "writing to Neo4j", after: 300 * time.Millisecond, cancel: cancel}
	var stdout bytes.Buffer
	err = run(ctx, []string{"load", "--seed", dir}, getenv, &stdout, stderr)
	if err == nil || !strings.Contains(err.Error(), "interrupted") || !strings.Contains(err.Error(), "as it was") {
		t.Fatalf("interrupted load: %v, want an error saying it was interrupted and the graph is as it was\nstderr: %s", err, stderr.buf.String())
	}
	if !strings.Contains(stdout.String(), "nothing was written; the graph in Neo4j is as it was") {
		t.Errorf("the command did not say that nothing was written: %q", stdout.String())
	}
	after, err := store.Fingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Error("the interrupted load changed the graph in Neo4j")
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/ucdp"
	"github.com/graphapi/graphapi/internal/ucdp/ucdptest"
)

// TestImportUCDPActors runs the import as a user would: the first import
// says what merged, what is new and what waits; a person decides in the
// review; the second import reads the decisions; the pack then loads beside
// the Mali seed. A broken file writes nothing.
func TestImportUCDPActors(t *testing.T) {
	dir := t.TempDir()
	csv := ucdptest.Testdata("ucdp-actor-221.csv")
	out := filepath.Join(dir, "graph", "ucdp-actor-22-1")
	if err := os.CopyFS(filepath.Join(dir, "graph"), os.DirFS("../../seed")); err != nil {
		t.Fatal(err)
	}
	getenv := func(string) string { return "" }
	importUCDP := func(args ...string) (string, error) {
		var stdout bytes.Buffer
		err := run(context.Background(), append([]string{"import", "--format", "ucdp-actors", "--in", csv, "--out", out}, args...), getenv, &stdout, io.Discard)
		return stdout.String(), err
	}
	got, err := importUCDP()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "1725 actors; 8 merged into the graph's entities, 1718 new, 4 waiting for a decision") ||
		!strings.Contains(got, "ucdp-actor-221.csv:1122: reported: ActorId 1165: ActorIdPrev 2658 is no actor's id in the file") {
		t.Fatalf("first import said:\n%s", got)
	}
	decided, err := os.ReadFile(ucdptest.Testdata(ucdp.ReviewFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ucdp.ReviewFile), decided, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err = importUCDP(); err != nil || !strings.Contains(got, "12 merged into the graph's entities, 1719 new, 0 waiting") {
		t.Fatalf("second import: %v\n%s", err, got)
	}
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"validate", "--seed", filepath.Join(dir, "graph")}, getenv, &stdout, io.Discard); err != nil ||
		!strings.Contains(stdout.String(), "seed ok: 8 sources") {
		t.Fatalf("validate: %v\n%s", err, stdout.String())
	}

	before, _ := os.ReadFile(filepath.Join(out, ucdp.EntitiesFile))
	broken := filepath.Join(dir, "broken.csv")
	data, _ := os.ReadFile(csv)
	if err := os.WriteFile(broken, bytes.Replace(data, []byte(",JoinGroup,"), []byte(",Joined,"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"import", "--format", "ucdp-actors", "--in", broken, "--out", out}, getenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "broken.csv:1: not a UCDP actor file: missing column(s) JoinGroup") || !strings.Contains(err.Error(), "nothing written") {
		t.Fatalf("a broken file: %v", err)
	}
	if after, _ := os.ReadFile(filepath.Join(out, ucdp.EntitiesFile)); !bytes.Equal(before, after) {
		t.Error("a refused import changed the pack")
	}
}

// TestImportUCDPActorsIntoNeo4j is the README's path with the graph in
// Neo4j: the import resolves against the graph Neo4j holds (the Mali seed,
// loaded), and `load --add` writes the decided pack into it.
func TestImportUCDPActorsIntoNeo4j(t *testing.T) {
	getenv := testNeo4jEnv(t)
	ctx := context.Background()
	if err := run(ctx, []string{"load"}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "ucdp-actor-22-1")
	args := []string{"import", "--format", "ucdp-actors", "--in", ucdptest.Testdata("ucdp-actor-221.csv"), "--out", out}
	var stdout bytes.Buffer
	if err := run(ctx, args, getenv, &stdout, io.Discard); err != nil || !strings.Contains(stdout.String(), "8 merged into the graph's entities, 1718 new, 4 waiting") {
		t.Fatalf("import against Neo4j: %v\n%s", err, stdout.String())
	}
	stdout.Reset()
	if err := run(ctx, append(args, "--resolve", ucdptest.Testdata(ucdp.ReviewFile)), getenv, &stdout, io.Discard); err != nil || !strings.Contains(stdout.String(), "12 merged") {
		t.Fatalf("import with the decisions: %v\n%s", err, stdout.String())
	}
	written := map[string][]byte{}
	for _, f := range []string{ucdp.EntitiesFile, ucdp.RelationshipsFile} {
		written[f], _ = os.ReadFile(filepath.Join(out, f))
	}
	stdout.Reset()
	if err := run(ctx, []string{"load", "--add", out}, getenv, &stdout, io.Discard); err != nil ||
		!strings.Contains(stdout.String(), `added ucdp-actor-22-1 in`) || !strings.Contains(stdout.String(), `"created":{"entities":1719,"relationships":2972},"updated":{"entities":12,"relationships":8}`) {
		t.Fatalf("load --add: %v\n%s", err, stdout.String())
	}
	// Imported again against the graph that now holds the pack, every actor
	// is found by its ActorId: nothing new, nothing waits.
	stdout.Reset()
	if err := run(ctx, args, getenv, &stdout, io.Discard); err != nil || !strings.Contains(stdout.String(), "1731 merged into the graph's entities, 0 new, 0 waiting") {
		t.Fatalf("import against the graph with the pack: %v\n%s", err, stdout.String())
	}
	for f, before := range written {
		if after, _ := os.ReadFile(filepath.Join(out, f)); !bytes.Equal(before, after) {
			t.Errorf("%s changed when imported again against the graph that holds it", f)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportAndImportCommands runs export and import as a user would, until
// run.go dispatches them: every format of the Mali seed, then the STIX bundle
// imported into a seed that validate accepts.
func TestExportAndImportCommands(t *testing.T) {
	dir := t.TempDir()
	getenv := func(string) string { return "" }
	logger := slog.New(slog.DiscardHandler)
	cases := []struct {
		format, out, want string
	}{
		{"graphml", "g.graphml", "<graphml"},
		{"stix", "b.json", `"type":"bundle"`},
		{"cytoscape", "c.json", `"elements"`},
		{"csv", "csv", ""},
	}
	for _, tc := range cases {
		t.Run(tc.format, func(t *testing.T) {
			out := filepath.Join(dir, tc.out)
			var stdout bytes.Buffer
			args := []string{"--format", tc.format, "--out", out, "--as-of", "2018"}
			if err := exportGraph(context.Background(), args, getenv, &stdout, logger, newProgress(io.Discard, logger)); err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				out = filepath.Join(out, "entities.csv")
				tc.want = "id:ID"
			}
			data, err := os.ReadFile(out)
			if err != nil || !bytes.Contains(data, []byte(tc.want)) {
				t.Fatalf("%s lacks %q (%v)", out, tc.want, err)
			}
		})
	}
	seedDir := filepath.Join(dir, "imported")
	var stdout bytes.Buffer
	if err := importGraph(context.Background(), []string{"--in", filepath.Join(dir, "b.json"), "--out", seedDir}, getenv, &stdout, logger); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if err := validate([]string{"--seed", seedDir}, getenv, &stdout, newProgress(io.Discard, logger)); err != nil || !strings.HasPrefix(stdout.String(), "seed ok") {
		t.Fatalf("validate: %v %s", err, stdout.String())
	}
	if err := importGraph(context.Background(), []string{"--in", filepath.Join(dir, "b.json"), "--out", seedDir}, getenv, &stdout, logger); err == nil {
		t.Fatal("import into a directory that is not empty succeeded")
	}
	if err := exportGraph(context.Background(), []string{"--format", "pdf", "--out", "x"}, getenv, &stdout, logger, newProgress(io.Discard, logger)); err == nil {
		t.Fatal("export --format pdf succeeded")
	}
}

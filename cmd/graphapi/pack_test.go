package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/audit"
)

// TestPackRevert: graphapi pack history lists the applied packs after the
// seed's; pack revert refuses a pack another depends on, naming it, previews
// with --dry-run without changing the seed, and takes a pack out of the seed
// folder, recording it in --audit.
func TestPackRevert(t *testing.T) {
	seedDir, _ := copies(t)
	packs := map[string]string{
		"first-2030": "source: {id: first-2030, kind: reference, title: First}\napplied: {by: amina, at: \"2030-01-01T00:00:00Z\"}\n" +
			"entities:\n  - {id: new-group, kind: armed_group, name: New Group, evidence: [{locator: \"p. 1\"}]}\n",
		"second-2031": "source: {id: second-2031, kind: reference, title: Second}\napplied: {by: bram, at: \"2031-01-01T00:00:00Z\"}\n" +
			"relationships:\n  - {from: new-group, type: OPERATES_IN, to: mali, confidence: reported, evidence: [{locator: \"p. 2\"}]}\n",
	}
	for folder, data := range packs {
		if err := os.MkdirAll(filepath.Join(seedDir, folder), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(seedDir, folder, "pack.yaml"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runCmd(t, "pack", "history", "--seed", seedDir)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if n := len(lines); n < 3 || !strings.Contains(lines[n-2], `"pack":"first-2030"`) || !strings.Contains(lines[n-1], `"by":"bram"`) {
		t.Errorf("pack history:\n%s", out)
	}

	out, err = runCmd(t, "pack", "revert", "first-2030", "--seed", seedDir, "--dry-run")
	if err == nil || !strings.Contains(err.Error(), "cannot be reverted") || !strings.Contains(out, "pack second-2031 states new-group:OPERATES_IN:mali") {
		t.Errorf("reverting a pack another depends on: %v\n%s", err, out)
	}
	out, err = runCmd(t, "pack", "revert", "second-2031", "--seed", seedDir, "--dry-run")
	if err != nil || !strings.Contains(out, "relationship new-group:OPERATES_IN:mali") {
		t.Errorf("dry run: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(seedDir, "second-2031")); err != nil {
		t.Error("a dry run took the pack out")
	}
	log := filepath.Join(t.TempDir(), "audit.jsonl")
	if out, err = runCmd(t, "pack", "revert", "second-2031", "--seed", seedDir, "--audit", log, "--user", "bram"); err != nil {
		t.Fatalf("revert: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(seedDir, "second-2031")); !os.IsNotExist(err) {
		t.Error("the reverted pack is still in the seed folder")
	}
	entries, err := audit.ReadFile(log, audit.Filter{})
	if err != nil || len(entries) != 1 || entries[0].Action != audit.ActionPackRevert || entries[0].User != "bram" || entries[0].Pack != "second-2031" {
		t.Errorf("audit log %+v, %v", entries, err)
	}
	if _, err := runCmd(t, "pack", "revert", "second-2031", "--seed", seedDir); err == nil || !strings.Contains(err.Error(), "no pack") {
		t.Errorf("reverting it again: %v", err)
	}
	if _, err := runCmd(t, "pack", "revert", "x"); err == nil || !strings.Contains(err.Error(), "--seed") {
		t.Errorf("without --seed: %v", err)
	}
}

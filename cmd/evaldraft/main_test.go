package main

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the module's root, two levels up from this package.
func repoRoot(tb testing.TB) string {
	tb.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		tb.Fatalf("no go.mod at %s: %v", root, err)
	}
	return root
}

// TestCorpusHalvesByHash: every document of the held-out corpus sits in the
// half the first byte of its text's SHA-256 names (below 0x80: dev), and its
// hand key sits beside it. Only bytes are hashed here; nothing is printed.
func TestCorpusHalvesByHash(t *testing.T) {
	corpus := filepath.Join(repoRoot(t), "internal", "draft", "testdata", "corpus")
	for _, half := range []string{halfDev, halfTest} {
		t.Run(half, func(t *testing.T) {
			texts, err := filepath.Glob(filepath.Join(corpus, half, "*.txt"))
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range texts {
				data, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(data)
				wantHalf := halfDev
				if sum[0] >= 0x80 {
					wantHalf = halfTest
				}
				if wantHalf != half {
					t.Errorf("%s: SHA-256 first byte %#02x puts it in %s/, not %s/", filepath.Base(name), sum[0], wantHalf, half)
				}
				if _, err := os.Stat(strings.TrimSuffix(name, ".txt") + ".labels.yaml"); err != nil {
					t.Errorf("%s has no hand key beside it: %v", filepath.Base(name), err)
				}
			}
			keys, _ := filepath.Glob(filepath.Join(corpus, half, "*.labels.yaml"))
			for _, k := range keys {
				if _, err := os.Stat(strings.TrimSuffix(k, ".labels.yaml") + ".txt"); err != nil {
					t.Errorf("%s keys no text: %v", filepath.Base(k), err)
				}
			}
		})
	}
}

// TestOnlyTheScorerReadsTheTestHalf: no Go source, script or makefile of the
// repository names the test half's folder but this command and this test, so
// no rule, test or tool can read its documents.
func TestOnlyTheScorerReadsTheTestHalf(t *testing.T) {
	root := repoRoot(t)
	allowed := map[string]bool{
		filepath.Join("cmd", "evaldraft", "main.go"):      true,
		filepath.Join("cmd", "evaldraft", "main_test.go"): true,
	}
	// The folder as code may spell it: a path, or its parts joined.
	needles := []string{"corpus/test", `corpus\test`, `"corpus", "test"`, "halfTest"}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "testdata", "dist":
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if !(ext == ".go" || ext == ".sh" || ext == ".py" || ext == ".js" || ext == ".mjs" || ext == ".ts" || d.Name() == "Makefile") {
			return nil
		}
		if allowed[rel] {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, n := range needles {
			if bytes.Contains(data, []byte(n)) {
				t.Errorf("%s names %q: only cmd/evaldraft may read the test half", rel, n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestVerboseRefusedOnTheTestHalf(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-half", "test", "-v"}, &out)
	if err == nil || !strings.Contains(err.Error(), "never listed") {
		t.Fatalf("run -half test -v: err = %v, want a refusal", err)
	}
	if out.Len() != 0 {
		t.Errorf("printed %d bytes before refusing", out.Len())
	}
}

func TestFlagErrors(t *testing.T) {
	for _, args := range [][]string{{"-half", "train"}, {"extra"}, {"-v=maybe"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var out bytes.Buffer
			if err := run(args, &out); err == nil {
				t.Errorf("run %q: no error", args)
			}
		})
	}
}

// TestTunedHalf runs the scorer on the tuned-on half and checks it prints the
// documents' tables and the half's confusion.
func TestTunedHalf(t *testing.T) {
	root := repoRoot(t)
	var out bytes.Buffer
	err := run([]string{"-half", "tuned", "-docs", filepath.Join(root, "internal", "draft", "testdata", "eval")}, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Mali chapter", "## burkina.txt vs its hand labels", "# Half: tuned-on", "| type | missed (gold not proposed) | proposed wrongly |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

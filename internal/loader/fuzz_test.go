package loader_test

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphapi/graphapi/internal/loader"
)

// goodSeed is testdata/good as a MapFS, so that each fuzz run replaces one file
// in memory and touches no disk.
func goodSeed(tb testing.TB) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("testdata/good"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS("testdata/good"), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// FuzzReadDir replaces entities.yaml of a good seed with fuzzed YAML. ReadDir
// must never panic, and must either return a dataset or Problems, each naming a
// seed file and a line inside it (0 for the file as a whole).
func FuzzReadDir(f *testing.F) {
	seed := goodSeed(f)
	f.Add(string(seed["entities.yaml"].Data))
	for _, s := range []string{
		"",
		"entities: []",
		"entities:\n  - id: a\n",
		"entities:\n  - id: a\n    kind: armed_group\n    name: A\n    evidence: [{source: rep, quote: \"Group A's fighters\"}]\n  - id: a\n",
		"entities: {a: 1}",
		"entities:\n  - &x {id: d, kind: armed_group, name: D, evidence: [{source: ref, locator: p}]}\n  - *x\n",
		"entities:\n  - id: d\n    kind: armed_group\n    name: D\n    founded: 2018-02-30\n    evidence: [{source: ref, locator: p}]\n",
		"entities:\n  - id: \"\\u0000\"\n    kind: nope\n",
		"relationships:\n  - {from: a, type: MERGED_INTO, to: zzz}\n",
		"sources: [{id: rep, kind: report, title: dup}]\n",
		"\t- broken: [\n",
		"a: &a [*a]\n",
		"--- \n...\n--- {entities: []}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, yaml string) {
		fsys := fstest.MapFS{}
		for k, v := range seed {
			fsys[k] = v
		}
		fsys["entities.yaml"] = &fstest.MapFile{Data: []byte(yaml)}
		ds, err := loader.ReadDir(fsys)
		if err == nil {
			if ds == nil {
				t.Fatal("ReadDir returned neither a dataset nor an error")
			}
			return
		}
		var probs loader.Problems
		if !errors.As(err, &probs) || len(probs) == 0 {
			t.Fatalf("ReadDir failed with %T %v, want Problems", err, err)
		}
		for _, p := range probs {
			file, ok := fsys[p.File]
			if !ok && p.File != "." {
				t.Fatalf("problem %q names no seed file", p)
			}
			// A parser reports the end of input as the line after the last
			// one ("---" alone gives line 2), hence the +2.
			if p.Line < 0 || (ok && p.Line > yamlLineBreaks(string(file.Data))+2) {
				t.Fatalf("problem %q names a line outside %s", p, p.File)
			}
			if p.Message == "" {
				t.Fatalf("problem at %s:%d says nothing", p.File, p.Line)
			}
		}
	})
}

// yamlLineBreaks counts line breaks as the YAML parser does: CR LF, CR, LF, NEL,
// LS and PS each end a line.
func yamlLineBreaks(s string) int {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	n := 0
	for _, r := range s {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			n++
		}
	}
	return n
}

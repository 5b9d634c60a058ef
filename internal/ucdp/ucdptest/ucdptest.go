// Package ucdptest builds, for tests, the Mali seed with the UCDP actor
// dataset v22.1 imported beside it, as a user would: the real file read,
// resolved against the seed with the decisions kept in testdata, the pack
// written into a copy of the seed.
package ucdptest

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/ucdp"
	"github.com/graphapi/graphapi/seed"
)

// PackDir is the folder the pack is written to inside the seed.
const PackDir = "ucdp-actor-22-1"

// Testdata is the path of internal/ucdp/testdata.
func Testdata(name string) string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "testdata", name)
}

// Import reads the real file and builds its pack against the Mali seed with
// the decisions in resolve.
func Import(tb testing.TB, resolve string) (*ucdp.Dataset, *ucdp.Pack) {
	tb.Helper()
	f, err := os.Open(Testdata("ucdp-actor-221.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	d, err := ucdp.Read(f, "ucdp-actor-221.csv")
	if err != nil {
		tb.Fatal(err)
	}
	graph, err := loader.ReadDir(seed.FS)
	if err != nil {
		tb.Fatal(err)
	}
	dec, err := ucdp.ReadDecisions(resolve)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := ucdp.Build(d, graph.Entities, dec)
	if err != nil {
		tb.Fatal(err)
	}
	return d, p
}

// MaliWithUCDP writes the Mali seed and the decided UCDP pack into a new
// directory and returns it.
func MaliWithUCDP(tb testing.TB) string {
	tb.Helper()
	_, p := Import(tb, Testdata(ucdp.ReviewFile))
	dir := tb.TempDir()
	if err := os.CopyFS(dir, seed.FS); err != nil {
		tb.Fatal(err)
	}
	if err := p.Write(filepath.Join(dir, PackDir), "ucdp-actor-221.csv"); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Seed is MaliWithUCDP as a file system.
func Seed(tb testing.TB) fs.FS {
	tb.Helper()
	return os.DirFS(MaliWithUCDP(tb))
}

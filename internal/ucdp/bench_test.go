package ucdp_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
	"github.com/graphapi/graphapi/internal/testseed"
	"github.com/graphapi/graphapi/internal/ucdp"
	"github.com/graphapi/graphapi/internal/ucdp/ucdptest"
	"github.com/graphapi/graphapi/seed"
)

// BenchmarkImport is `graphapi import --format ucdp-actors` on the whole
// v22.1 file: read it, resolve it against the Mali seed, write the pack.
func BenchmarkImport(b *testing.B) {
	out := filepath.Join(b.TempDir(), "ucdp")
	for b.Loop() {
		_, p := ucdptest.Import(b, ucdptest.Testdata(ucdp.ReviewFile))
		if err := p.Write(out, "ucdp-actor-221.csv"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServe loads a seed and builds the embedded store from it, as
// `graphapi serve --seed` does: the Mali seed alone (the baseline), and with
// the UCDP pack beside it.
func BenchmarkServe(b *testing.B) {
	for _, tc := range []struct {
		name string
		dir  string
	}{{"mali", ""}, {"mali+ucdp-22.1", ucdptest.MaliWithUCDP(b)}} {
		b.Run(tc.name, func(b *testing.B) {
			var fsys fs.FS = seed.FS
			if tc.dir != "" {
				fsys = os.DirFS(tc.dir)
			}
			for b.Loop() {
				ds, err := loader.ReadDir(fsys)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := memstore.New().Replace(context.Background(), ds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAddToNeo4j is `graphapi load --add` of the UCDP pack to the Mali
// graph in the Neo4j at NEO4J_URI (the Mali seed loaded afresh before each
// round, untimed); the baseline is that load of the Mali seed itself
// (`graphapi load`), timed.
func BenchmarkAddToNeo4j(b *testing.B) {
	neo := neo4jtest.Open(b)
	ctx := context.Background()
	mali := testseed.Mali(b)
	// Each round starts from the graph before (untimed) and times the step.
	timed := func(name string, before *entities.Dataset, step func() error) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				if _, err := neo.Replace(ctx, before); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	timed("load-mali", &entities.Dataset{}, func() error {
		_, err := neo.Replace(ctx, mali)
		return err
	})
	pack := os.DirFS(filepath.Join(ucdptest.MaliWithUCDP(b), ucdptest.PackDir))
	timed("add-ucdp-22.1", mali, func() error {
		a, err := loader.OpenAddition(ctx, pack, neo)
		if err != nil {
			return err
		}
		_, err = neo.Add(ctx, a.Dataset())
		return err
	})
}

package neo4jstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/neo4jstore"
)

// BenchmarkWriteImport turns a seed on disk (GRAPHAPI_BENCH_SEED, a folder
// `graphapi gen` wrote) into the importer's files, as `graphapi load --bulk`
// does once the seed is checked: what the bulk import spends before
// neo4j-admin starts.
func BenchmarkWriteImport(b *testing.B) {
	dir := os.Getenv("GRAPHAPI_BENCH_SEED")
	if dir == "" {
		b.Skip("GRAPHAPI_BENCH_SEED is not set: give a folder graphapi gen wrote")
	}
	sd, err := loader.Open(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(b.TempDir(), "import")
		if _, err := neo4jstore.WriteImport(context.Background(), out, "", sd); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sd.Counts().Relationships)*float64(b.N)/b.Elapsed().Seconds(), "rel/s")
}

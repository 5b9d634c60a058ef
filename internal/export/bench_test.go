package export_test

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/export"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/heapwatch"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

// BenchmarkCSVExportImport1M exports the 1,000,000-entity / 5,000,000-relationship
// graph as CSV from the embedded store and imports it back (loader.Load, which
// checks the CSV in one pass and streams it into a fresh store in another),
// reporting each one's seconds and the heap it added at its peak: both stream,
// so neither holds the graph twice.
func BenchmarkCSVExportImport1M(b *testing.B) {
	if testing.Short() {
		b.Skip("the 1M/5M graph is not built under -short")
	}
	ctx := context.Background()
	ds := gen.Generate(1, 1_000_000, 5_000_000)
	store := memstore.New()
	if _, err := store.Replace(ctx, ds); err != nil {
		b.Fatal(err)
	}
	ds = nil
	runtime.GC()
	b.ResetTimer()
	for range b.N {
		dir := b.TempDir()
		var exportErr, importErr error
		start := time.Now()
		exportPeak := heapwatch.Peak(func() {
			exportErr = export.Run(ctx, store, entities.ExportQuery{}, export.NewCSVWriter(export.DirFiles(dir)))
		})
		exportTime := time.Since(start)
		if exportErr != nil {
			b.Fatal(exportErr)
		}
		start = time.Now()
		importPeak := heapwatch.Peak(func() {
			_, _, importErr = loader.Load(ctx, os.DirFS(dir), memstore.New())
		})
		importTime := time.Since(start)
		if importErr != nil {
			b.Fatal(importErr)
		}
		b.ReportMetric(exportTime.Seconds(), "export-s")
		b.ReportMetric(float64(exportPeak)/(1<<20), "export-peak-heap-MiB")
		b.ReportMetric(importTime.Seconds(), "import-s")
		b.ReportMetric(float64(importPeak)/(1<<20), "import-peak-heap-MiB")
		if exportTime > time.Minute || importTime > time.Minute {
			b.Errorf("export %s, import %s: each must take at most 60 s", exportTime, importTime)
		}
	}
}

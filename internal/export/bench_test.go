package export_test

import (
	"context"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"graphapi/internal/entities"
	"graphapi/internal/export"
	"graphapi/internal/gen"
	"graphapi/internal/loader"
	"graphapi/internal/memstore"
)

// peakHeap samples HeapInuse every 20 ms while fn runs and returns the
// highest sample above the level before it: what fn itself held at its peak.
func peakHeap(fn func()) (peak uint64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var top atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > top.Load() {
				top.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	<-stopped
	if t := top.Load(); t > base {
		return t - base
	}
	return 0
}

// BenchmarkCSVExportImport1M exports the 1,000,000-entity / 5,000,000-relationship
// graph as CSV from the embedded store and imports it back (loader.ReadDir and
// Replace into a fresh store), reporting each one's seconds and the heap it
// added at its peak: the export's stays small because it streams.
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
		exportPeak := peakHeap(func() {
			exportErr = export.Run(ctx, store, entities.ExportQuery{}, export.NewCSVWriter(export.DirFiles(dir)))
		})
		exportTime := time.Since(start)
		if exportErr != nil {
			b.Fatal(exportErr)
		}
		start = time.Now()
		importPeak := peakHeap(func() {
			var back *entities.Dataset
			back, importErr = loader.ReadDir(os.DirFS(dir))
			if importErr == nil {
				_, importErr = memstore.New().Replace(ctx, back)
			}
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

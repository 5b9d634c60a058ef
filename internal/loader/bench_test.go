package loader_test

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/heapwatch"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

// BenchmarkSeedDir checks, then loads into an embedded store, the seed in the
// directory GRAPHAPI_BENCH_SEED names — for issue 5's figures, the graph of
// `graphapi gen --entities 1000000 --relationships 5000000 --out /tmp/big` —
// reporting the seconds and peak heap of each, and the heap the store holds
// afterwards.
func BenchmarkSeedDir(b *testing.B) {
	dir := os.Getenv("GRAPHAPI_BENCH_SEED")
	if dir == "" {
		b.Skip("GRAPHAPI_BENCH_SEED names no seed directory")
	}
	ctx := context.Background()
	for range b.N {
		var err error
		start := time.Now()
		checkPeak := heapwatch.Peak(func() { _, err = loader.Open(os.DirFS(dir)) })
		checkTime := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		store := memstore.New()
		start = time.Now()
		loadPeak := heapwatch.Peak(func() { _, _, err = loader.Load(ctx, os.DirFS(dir), store) })
		loadTime := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		b.ReportMetric(checkTime.Seconds(), "check-s")
		b.ReportMetric(float64(checkPeak)/(1<<20), "check-peak-heap-MiB")
		b.ReportMetric(loadTime.Seconds(), "load-s")
		b.ReportMetric(float64(loadPeak)/(1<<20), "load-peak-heap-MiB")
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "store-heap-MiB")
		runtime.KeepAlive(store)
	}
}

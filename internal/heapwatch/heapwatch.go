// Package heapwatch measures the heap a piece of work holds at its peak, for
// the benchmarks whose targets bound memory (an import or export that must
// stream rather than hold the graph whole).
package heapwatch

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Peak samples HeapInuse every 20 ms while fn runs and returns the highest
// sample above the level before it: what fn itself held at its peak. A peak
// shorter than the interval can be missed; the work measured here runs for
// seconds.
func Peak(fn func()) uint64 {
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

package reliability

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/httpapi"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/seed"
)

const loadConns = 64

// TestLoadEmbedded holds 64 connections of mixed reads on the embedded store.
func TestLoadEmbedded(t *testing.T) {
	mem := memstore.New()
	n, _, err := loader.Load(context.Background(), seed.FS, mem)
	if err != nil {
		t.Fatalf("loading the Mali seed: %v", err)
	}
	t.Logf("embedded store: Mali seed, %d entities, %d relationships", n.Entities, n.Relationships)
	runLoad(t, "embedded", mem)
}

// TestLoadNeo4j holds the same load on the Neo4j store, the Mali seed written by
// `graphapi load` into this test's own server.
func TestLoadNeo4j(t *testing.T) {
	n := newNeo4j(t)
	if code, out, errOut := graphapiRun(t, 5*time.Minute, n.graphapiEnv(), "load"); code != 0 {
		t.Fatalf("graphapi load of the Mali seed exited %d:\n%s%s", code, out, tail(errOut, 10))
	}
	runLoad(t, "neo4j", n.store(t))
}

// runLoad serves the API in this process, so that its heap can be measured
// exactly (runtime.GC, then runtime.ReadMemStats) rather than guessed from the
// outside, and loads it over real loopback connections. The server runs as
// graphapi serve runs it: httpapi.NewHandler with a JSON request log, formatted
// and then discarded.
func runLoad(t *testing.T, name string, store entities.Store) {
	t.Helper()
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	srv := &http.Server{Handler: httpapi.NewHandler(store, httpapi.Config{}, logger), ReadHeaderTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()

	// Every request of the mix must answer 200 before the load starts, so that
	// a broken fixture is reported as such and not as an error rate.
	probe := &http.Client{}
	for _, tg := range maliMix {
		if r := get(probe, base+tg.path, 30*time.Second); r.err != nil || r.status != http.StatusOK {
			t.Fatalf("%s: status %d, %v: %s", tg.path, r.status, r.err, r.body)
		}
	}
	probe.CloseIdleConnections()

	warmup := max(*loadFor/5, time.Second)
	g := newLoadGen(base, maliMix, loadConns)
	g.start()
	t.Cleanup(g.stop) // also on a failed test, so no worker outlives it

	time.Sleep(warmup)
	g.pause()
	heapWarm, inuseWarm := heapAfterGC()
	g.measuring.Store(true)
	start := time.Now()
	g.resume()

	time.Sleep(*loadFor)
	g.pause()
	measured := time.Since(start)
	g.measuring.Store(false)
	heapEnd, inuseEnd := heapAfterGC()
	g.resume()
	g.stop()

	rep := g.report(measured)
	growth := (float64(heapEnd) - float64(heapWarm)) / float64(heapWarm)
	t.Logf("FIGURES load %s: %d connections, warm-up %s, then %s\n%s", name, loadConns, warmup, measured.Round(time.Millisecond), rep)
	t.Logf("FIGURES load %s heap after GC: %.2f MiB after warm-up, %.2f MiB at the end (%+.1f%%); heap in use %.2f → %.2f MiB",
		name, mib(heapWarm), mib(heapEnd), 100*growth, mib(inuseWarm), mib(inuseEnd))
	if rep.errors() != 0 {
		t.Errorf("%d of %d requests failed (statuses %v, failures %v); want an error rate of 0", rep.errors(), rep.total, rep.status, rep.failures)
	}
	if rep.requests == 0 {
		t.Error("no request finished while measuring")
	}
	if growth > 0.10 {
		t.Errorf("heap after GC grew %.1f%% between warm-up and the end; want at most 10%%", 100*growth)
	}
}

// heapAfterGC returns the live heap and the heap in use after two collections:
// the second frees what the first only moved to sync.Pool victim caches.
func heapAfterGC() (alloc, inuse uint64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, m.HeapInuse
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

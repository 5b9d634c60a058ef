package reliability

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// hist is a log-linear latency histogram: 32 buckets per power of two of
// nanoseconds, so about 2% precision from 1 ns to hours in 2,048 counters. Its
// size never grows, which matters: the load tests measure the heap of the
// process that also runs the generator, so the generator must not grow it.
type hist struct {
	n      [64 * 32]uint64
	count  uint64
	maxDur time.Duration
}

const subBits = 5

func bucketOf(d time.Duration) int {
	v := uint64(max(d, 1))
	e := bits.Len64(v) - 1 // v in [2^e, 2^(e+1))
	if e < subBits {
		return int(v)
	}
	return (e-subBits+1)<<subBits | int(v>>(e-subBits))&(1<<subBits-1)
}

// bucketMid is the middle of bucket i's range, the value a percentile reports.
func bucketMid(i int) time.Duration {
	if i < 1<<subBits {
		return time.Duration(i)
	}
	e := i>>subBits + subBits - 1
	lo := uint64(1)<<e | uint64(i&(1<<subBits-1))<<(e-subBits)
	width := uint64(1) << (e - subBits)
	return time.Duration(lo + width/2)
}

func (h *hist) add(d time.Duration) {
	h.n[bucketOf(d)]++
	h.count++
	h.maxDur = max(h.maxDur, d)
}

func (h *hist) merge(o *hist) {
	for i, c := range o.n {
		h.n[i] += c
	}
	h.count += o.count
	h.maxDur = max(h.maxDur, o.maxDur)
}

// quantile returns the latency below which a fraction q of requests finished.
func (h *hist) quantile(q float64) time.Duration {
	if h.count == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.count)))
	var seen uint64
	for i, c := range h.n {
		seen += c
		if seen >= rank {
			return min(bucketMid(i), h.maxDur)
		}
	}
	return h.maxDur
}

// target is one kind of request of the mix.
type target struct {
	kind string // neighbors, lineage, paths, search, entity
	path string
}

// maliMix is the read mix over the Mali seed: every read endpoint the issue
// names, with cheap and heavier variants, in the proportions an analyst's
// session has them (many entity and neighbourhood looks, fewer path searches).
var maliMix = []target{
	{"entity", "/api/v1/entities/jnim"},
	{"entity", "/api/v1/entities/aqim"},
	{"entity", "/api/v1/entities/national-gendarmerie"},
	{"neighbors", "/api/v1/entities/jnim/neighbors?depth=1"},
	{"neighbors", "/api/v1/entities/jnim/neighbors?depth=2&limit=15"},
	{"neighbors", "/api/v1/entities/mali/neighbors?types=MEMBER_OF&direction=out"},
	{"neighbors", "/api/v1/entities/national-gendarmerie/neighbors?types=REPORTS_TO&direction=out"},
	{"lineage", "/api/v1/entities/jnim/lineage?direction=ancestors"},
	{"lineage", "/api/v1/entities/aqim/lineage"},
	{"lineage", "/api/v1/entities/jnim/lineage?direction=ancestors&as_of=2016"},
	{"paths", "/api/v1/paths?from=gsign&to=mos"},
	{"paths", "/api/v1/paths?from=jnim&to=aqim&max_depth=3"},
	{"search", "/api/v1/entities?q=jnim"},
	{"search", "/api/v1/entities?q=ansar+al+dine"},
	{"search", "/api/v1/entities?kind=armed_group&limit=3&offset=2"},
}

// outcome says how one request of the load ended.
type outcome int

const (
	ok          outcome = iota // a full 200 answer
	badStatus                  // a complete answer with another status
	noResponse                 // the connection failed before any answer: refused, or closed before a byte came back
	cutResponse                // the answer started and then broke off: a reset in the middle of a response
)

// loadGen holds a fixed number of keep-alive connections busy with a mix of
// requests. Pause waits for the requests in flight and holds new ones back, so
// that memory is measured with no request half done.
type loadGen struct {
	base   string
	mix    []target
	conns  int
	client *http.Client

	gate    sync.RWMutex
	stopped atomic.Bool
	wg      sync.WaitGroup

	// measuring switches latency recording on after warm-up.
	measuring atomic.Bool
	workers   []*worker
	onResult  func(start, end time.Time, o outcome, err error) // optional, for the SIGTERM test
}

type worker struct {
	byKind   map[string]*hist
	all      hist
	requests uint64 // while measuring
	total    uint64 // since the start
	status   map[int]uint64
	failures map[outcome]uint64
	samples  []string // the first few failures, for the report
}

func newLoadGen(base string, mix []target, conns int) *loadGen {
	tr := &http.Transport{
		// Exactly conns connections, each reused: the load is conns clients
		// with keep-alive, not a storm of new connections.
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     time.Minute,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	}
	return &loadGen{base: base, mix: mix, conns: conns, client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

func (g *loadGen) start() {
	for i := 0; i < g.conns; i++ {
		w := &worker{byKind: map[string]*hist{}, status: map[int]uint64{}, failures: map[outcome]uint64{}}
		for _, t := range g.mix {
			if w.byKind[t.kind] == nil {
				w.byKind[t.kind] = &hist{}
			}
		}
		g.workers = append(g.workers, w)
		g.wg.Add(1)
		go g.run(i, w)
	}
}

func (g *loadGen) run(i int, w *worker) {
	defer g.wg.Done()
	buf := make([]byte, 32<<10)
	for n := i; !g.stopped.Load(); n++ {
		t := g.mix[n%len(g.mix)] // each worker starts at another point of the mix
		g.gate.RLock()
		start := time.Now()
		o, status, err := g.do(t.path, buf)
		end := time.Now()
		g.gate.RUnlock()
		if g.onResult != nil {
			g.onResult(start, end, o, err)
		}
		w.total++
		if o != ok {
			w.failures[o]++
			if o == badStatus {
				w.status[status]++
			}
			if len(w.samples) < 3 {
				w.samples = append(w.samples, fmt.Sprintf("%s: status %d, %v", t.path, status, err))
			}
			if o == noResponse {
				// A refused connection fails at once; without a pause the
				// workers would spin and starve the server they wait for.
				time.Sleep(time.Millisecond)
			}
			continue
		}
		if g.measuring.Load() {
			d := end.Sub(start)
			w.all.add(d)
			w.byKind[t.kind].add(d)
			w.requests++
		}
	}
}

// do makes one request and reads the whole answer, so that a response cut off
// in the middle is told apart from one that never started.
func (g *loadGen) do(path string, buf []byte) (outcome, int, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, g.base+path, nil)
	if err != nil {
		return noResponse, 0, err
	}
	res, err := g.client.Do(req)
	if err != nil {
		return noResponse, 0, err
	}
	defer res.Body.Close()
	for {
		_, err := res.Body.Read(buf)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return cutResponse, res.StatusCode, err
		}
	}
	if res.StatusCode != http.StatusOK {
		return badStatus, res.StatusCode, nil
	}
	return ok, res.StatusCode, nil
}

// pause holds new requests back and returns once none is in flight.
func (g *loadGen) pause()  { g.gate.Lock() }
func (g *loadGen) resume() { g.gate.Unlock() }

// stop ends the load and waits for the workers.
func (g *loadGen) stop() {
	g.stopped.Store(true)
	g.wg.Wait()
	g.client.CloseIdleConnections()
}

// loadReport sums the workers up.
type loadReport struct {
	measured time.Duration
	requests uint64 // full 200 answers while measuring
	total    uint64 // all requests, warm-up included
	failures map[outcome]uint64
	status   map[int]uint64
	samples  []string
	all      hist
	byKind   map[string]*hist
}

func (g *loadGen) report(measured time.Duration) *loadReport {
	r := &loadReport{measured: measured, failures: map[outcome]uint64{}, status: map[int]uint64{}, byKind: map[string]*hist{}}
	for _, w := range g.workers {
		r.requests += w.requests
		r.total += w.total
		for o, c := range w.failures {
			r.failures[o] += c
		}
		for s, c := range w.status {
			r.status[s] += c
		}
		r.samples = append(r.samples, w.samples...)
		r.all.merge(&w.all)
		for k, h := range w.byKind {
			if r.byKind[k] == nil {
				r.byKind[k] = &hist{}
			}
			r.byKind[k].merge(h)
		}
	}
	return r
}

func (r *loadReport) errors() uint64 {
	var n uint64
	for _, c := range r.failures {
		n += c
	}
	return n
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

func (r *loadReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d requests in %s measured (%.0f req/s), %d in all, %d errors (error rate %.4f%%); p50 %s, p99 %s, max %s",
		r.requests, r.measured.Round(time.Millisecond), float64(r.requests)/r.measured.Seconds(), r.total, r.errors(),
		100*float64(r.errors())/float64(max(r.total, 1)), ms(r.all.quantile(0.50)), ms(r.all.quantile(0.99)), ms(r.all.maxDur))
	kinds := make([]string, 0, len(r.byKind))
	for k := range r.byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		h := r.byKind[k]
		fmt.Fprintf(&b, "\n  %-9s %7d requests, p50 %s, p99 %s", k, h.count, ms(h.quantile(0.50)), ms(h.quantile(0.99)))
	}
	if len(r.samples) > 0 {
		fmt.Fprintf(&b, "\n  first failures: %s", strings.Join(r.samples[:min(len(r.samples), 5)], "; "))
	}
	return b.String()
}

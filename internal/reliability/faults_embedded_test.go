package reliability

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"
)

// problemBody is the part of an RFC 9457 problem the tests check.
type problemBody struct {
	Status    int    `json:"status"`
	Code      string `json:"code"`
	Detail    string `json:"detail"`
	RequestID string `json:"request_id"`
}

// checkProblem fails unless r is a problem+json answer with the given status.
func checkProblem(tb testing.TB, what string, r response, status int) {
	tb.Helper()
	if r.err != nil {
		tb.Errorf("%s: no answer after %s: %v", what, r.took.Round(time.Millisecond), r.err)
		return
	}
	if r.status != status || r.ctype != "application/problem+json" {
		tb.Errorf("%s: status %d, Content-Type %q; want %d application/problem+json; body %.200s", what, r.status, r.ctype, status, r.body)
		return
	}
	var p problemBody
	if err := json.Unmarshal(r.body, &p); err != nil || p.Status != status || p.Detail == "" {
		tb.Errorf("%s: not a problem document with status %d: %.200s", what, status, r.body)
	}
}

// durations sorts ds and returns its median and maximum.
func medianMax(ds []time.Duration) (time.Duration, time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[len(s)-1]
}

// TestSlowQueryDeadline serves a generated graph of 100,000 entities and
// 500,000 relationships with a 50 ms request deadline and asks for six-hop
// neighbourhoods of its busiest hub, which take seconds: each must come back as
// a 504 problem promptly, not run on, and the server must keep answering cheap
// requests. (On the 100,000-relationship graph such a query sometimes finishes
// within 50 ms and then a 12 MB answer is encoded past the deadline, which
// proves nothing about the deadline; hence the bigger graph.)
func TestSlowQueryDeadline(t *testing.T) {
	const deadline = 50 * time.Millisecond
	// margin is what the answer may take beyond the deadline: the store checks
	// its context every few thousand steps, then the problem is written; on a
	// busy two-core machine the scheduler adds a few tens of milliseconds.
	const margin = 200 * time.Millisecond
	const ents, rels = 100000, 500000
	srv := startServe(t, childEnv(), "--backend", "embedded", "--seed", genSeed(t, ents, rels, 1), "--timeout", deadline.String())
	client := &http.Client{}
	defer client.CloseIdleConnections()

	heavy := []string{
		"/api/v1/entities/" + bigHub + "/neighbors?depth=6&limit=10000",
		"/api/v1/entities/" + bigHub + "/neighbors?depth=6&limit=10000&direction=both",
		"/api/v1/entities/" + bigHub + "/neighbors?depth=6&limit=10000&direction=in",
	}
	// A cheap request first: the deadline must cut heavy queries, not all.
	if r := get(client, srv.url+"/api/v1/entities/"+bigHub, 5*time.Second); r.status != http.StatusOK {
		t.Fatalf("GET entity %s: status %d, %v; want 200", bigHub, r.status, r.err)
	}

	var took []time.Duration
	var mu sync.Mutex
	check := func(path string) {
		r := get(client, srv.url+path, 10*time.Second)
		checkProblem(t, path, r, http.StatusGatewayTimeout)
		if r.took > deadline+margin {
			t.Errorf("%s: answered after %s; want within the %s deadline plus %s", path, r.took.Round(time.Millisecond), deadline, margin)
		}
		mu.Lock()
		took = append(took, r.took)
		mu.Unlock()
	}
	// One at a time, then one per core at once: the deadline must hold when
	// heavy queries compete for the cores too. (More at once than cores only
	// measures the scheduler: each waits its turn to notice the deadline.)
	for i := 0; i < 12; i++ {
		check(heavy[i%len(heavy)])
	}
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			check(heavy[i%len(heavy)])
		}()
	}
	wg.Wait()

	r := get(client, srv.url+"/healthz", 5*time.Second)
	if r.status != http.StatusOK {
		t.Errorf("after the timeouts /healthz answered %d, %v; want 200", r.status, r.err)
	}
	med, worst := medianMax(took)
	t.Logf("FIGURES deadline: %d heavy requests (12 serial, then one per core at once) on %d entities/%d relationships, --timeout %s: all 504 problem+json; answer time median %s, max %s; /healthz after: %d in %s",
		len(took), ents, rels, deadline, ms(med), ms(worst), r.status, ms(r.took))
}

// TestSIGTERMDuringTraffic sends SIGTERM to a server busy with 64 connections
// of reads, some of them large (a megabyte of neighbourhood): every request the
// server had begun must end with a full 200 answer, none may be cut off in the
// middle, new connections must be refused, and the process must exit 0.
func TestSIGTERMDuringTraffic(t *testing.T) {
	srv := startServe(t, childEnv(), "--backend", "embedded", "--seed", bigSeed(t))
	mix := []target{
		{"entity", "/api/v1/entities/" + bigHub},
		{"neighbors", "/api/v1/entities/" + bigHub + "/neighbors?depth=1"},
		{"neighbors", "/api/v1/entities/" + bigHub + "/neighbors?depth=6&limit=2000"}, // about 1 MB, tens of ms
		{"search", "/api/v1/entities?q=force&limit=100"},
		{"paths", "/api/v1/paths?from=" + bigHub + "&to=ag-0&max_depth=4"},
		{"lineage", "/api/v1/entities/ag-0/lineage"},
	}
	probe := &http.Client{}
	for _, tg := range mix {
		if r := get(probe, srv.url+tg.path, 30*time.Second); r.status != http.StatusOK {
			t.Fatalf("%s: status %d, %v", tg.path, r.status, r.err)
		}
	}
	probe.CloseIdleConnections()

	// Every result is kept with its times, to be judged against the moment of
	// the signal.
	type result struct {
		start, end time.Time
		o          outcome
		err        error
	}
	var (
		mu      sync.Mutex
		results []result
	)
	g := newLoadGen(srv.url, mix, loadConns)
	g.onResult = func(start, end time.Time, o outcome, err error) {
		mu.Lock()
		results = append(results, result{start, end, o, err})
		mu.Unlock()
	}
	g.start()
	t.Cleanup(g.stop)
	time.Sleep(3 * time.Second)

	sigAt := time.Now()
	srv.signal(t, syscall.SIGTERM)

	// New connections must be refused once the listener is closed, which
	// Shutdown does first. A dial that races the close can be reset rather
	// than refused: its handshake finished into the listener's backlog, and
	// closing the listener resets what is queued there. Either way the server
	// took no new connection.
	addr := srv.url[len("http://"):]
	var refusedAfter time.Duration
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			if !errors.Is(err, syscall.ECONNREFUSED) && !errors.Is(err, syscall.ECONNRESET) {
				t.Errorf("dial after SIGTERM: %v; want connection refused (or reset)", err)
			}
			refusedAfter = time.Since(sigAt)
			break
		}
		c.Close()
		if time.Since(sigAt) > 5*time.Second {
			t.Fatal("graphapi still accepts connections 5 s after SIGTERM")
		}
		time.Sleep(5 * time.Millisecond)
	}

	var exitAfter time.Duration
	select {
	case <-srv.done:
		exitAfter = time.Since(sigAt)
	case <-time.After(30 * time.Second):
		t.Fatal("graphapi did not exit within 30 s of SIGTERM")
	}
	g.stop()
	if srv.err != nil {
		t.Errorf("graphapi exited with %v after SIGTERM; want exit status 0\n%s", srv.err, tail(srv.logs.String(), 10))
	}

	var before, inFlight, cut, failedBefore, refused, bad int
	var sample error
	mu.Lock()
	defer mu.Unlock()
	for _, r := range results {
		switch {
		case r.o == cutResponse:
			cut++
			sample = r.err
		case r.o == badStatus:
			bad++
		case r.end.Before(sigAt):
			if r.o != ok {
				failedBefore++
				sample = r.err
			} else {
				before++
			}
		case r.o == ok && r.start.Before(sigAt):
			inFlight++ // begun before the signal, answered in full after it
		case r.o == noResponse:
			refused++ // refused, or sent on a keep-alive connection the server was closing
		}
	}
	if cut > 0 || bad > 0 || failedBefore > 0 {
		t.Errorf("%d answers cut off mid-response, %d non-200 answers, %d failures before SIGTERM (last error: %v); want none",
			cut, bad, failedBefore, sample)
	}
	if inFlight == 0 {
		t.Error("no request was in flight at SIGTERM; the test proved nothing")
	}
	t.Logf("FIGURES sigterm: %d requests answered before SIGTERM; %d in flight at SIGTERM all finished with 200; %d cut off; %d later refused; new connections refused %s after SIGTERM; exit status 0 after %s",
		before, inFlight, cut, refused, ms(refusedAfter), ms(exitAfter))
}

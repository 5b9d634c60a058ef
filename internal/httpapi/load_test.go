package httpapi_test

import (
	"bytes"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/httpapi"
)

var (
	loadFor  = flag.Duration("load", 0, "run TestLoadRatio, loading each server for this long in all (for example 10s); 0 skips it")
	loadWith = flag.String("load-with", "go", "TestLoadRatio's load generator: go (built in) or wrk (from PATH)")
)

const (
	loadConns  = 64
	loadRounds = 10
	// neighborsPath is the request the issue measures: a 1-hop neighbourhood on
	// the Mali graph.
	neighborsPath = "/api/v1/entities/jnim/neighbors?depth=1"
)

// bareGin is the baseline: gin with no middleware answering a constant JSON body.
func bareGin() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/constant", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	return r
}

// apiHandler is the whole API as graphapi serves it, request log included
// (formatted, then discarded), on the Mali seed.
func apiHandler(tb testing.TB) http.Handler {
	tb.Helper()
	return httpapi.NewHandler(mustStore(tb), httpapi.Config{}, slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

// TestLoadRatio compares requests per second for GET …/neighbors?depth=1 with a
// bare gin handler, with the same load generator, 64 connections over loopback.
// The two alternate in short rounds and the ratio is the median of the rounds'
// ratios, so that a burst of other work on the machine lands on both sides of a
// round rather than on one server. It is a measurement, so it runs only when
// asked: go test ./internal/httpapi -run TestLoadRatio -load 10s -v
func TestLoadRatio(t *testing.T) {
	if *loadFor == 0 {
		t.Skip("pass -load=10s to measure")
	}
	api := httptest.NewServer(apiHandler(t))
	defer api.Close()
	bare := httptest.NewServer(bareGin())
	defer bare.Close()

	generate := load
	switch *loadWith {
	case "go":
	case "wrk":
		generate = loadWrk
	default:
		t.Fatalf("-load-with is go or wrk, not %q", *loadWith)
	}
	round := *loadFor / loadRounds
	var apiRPS, bareRPS, ratios []float64
	for range loadRounds {
		b := generate(t, bare.URL+"/constant", round)
		a := generate(t, api.URL+neighborsPath, round)
		bareRPS, apiRPS, ratios = append(bareRPS, b), append(apiRPS, a), append(ratios, a/b)
	}
	ratio := median(ratios)
	t.Logf("load generator %s, %d connections, %d rounds of %s per server", *loadWith, loadConns, loadRounds, round)
	t.Logf("bare gin constant JSON: median %.0f req/s (rounds %.0f)", median(bareRPS), bareRPS)
	t.Logf("GET %s: median %.0f req/s (rounds %.0f)", neighborsPath, median(apiRPS), apiRPS)
	t.Logf("ratio: median %.2f (rounds %.2f)", ratio, ratios)
	if ratio < 0.5 {
		t.Errorf("the API serves %.2f of bare gin's rate; the target is at least 0.5", ratio)
	}
}

// load runs loadConns clients in a loop against url for d and returns the rate of
// 200 answers. Each client reads its whole answer, as a real client would.
func load(tb testing.TB, url string, d time.Duration) float64 {
	tb.Helper()
	// A read buffer that holds a whole answer keeps the generator, which shares
	// the machine with the servers, from charging the larger answer extra reads.
	tr := &http.Transport{MaxConnsPerHost: loadConns, MaxIdleConnsPerHost: loadConns, DisableCompression: true, ReadBufferSize: 64 << 10}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var ok, failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	stop := start.Add(d)
	for range loadConns {
		wg.Go(func() {
			for time.Now().Before(stop) {
				res, err := client.Get(url)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != http.StatusOK {
					failed.Add(1)
					continue
				}
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if n := failed.Load(); n > 0 {
		tb.Errorf("%s: %d requests failed", url, n)
	}
	return float64(ok.Load()) / elapsed.Seconds()
}

// loadWrk runs wrk (Debian's package) with two threads, one per core here, and
// loadConns connections, and returns its rate.
func loadWrk(tb testing.TB, url string, d time.Duration) float64 {
	tb.Helper()
	secs := max(1, int(d.Round(time.Second).Seconds())) // wrk counts whole seconds
	out, err := exec.Command("wrk", "-t2", "-c"+strconv.Itoa(loadConns), "-d"+strconv.Itoa(secs)+"s", url).CombinedOutput()
	if err != nil {
		tb.Fatalf("wrk: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("Non-2xx")) || bytes.Contains(out, []byte("Socket errors")) {
		tb.Errorf("wrk saw failures:\n%s", out)
	}
	m := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		tb.Fatalf("no rate in wrk's output:\n%s", out)
	}
	rps, _ := strconv.ParseFloat(string(m[1]), 64) // the pattern admits only a number
	return rps
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkNeighborsDepth1 and BenchmarkBareGin measure the same pair in process,
// without the network, for profiling the API's own cost per request.
func BenchmarkNeighborsDepth1(b *testing.B) {
	benchmarkHandler(b, apiHandler(b), neighborsPath)
}

func BenchmarkBareGin(b *testing.B) {
	benchmarkHandler(b, bareGin(), "/constant")
}

func benchmarkHandler(b *testing.B, h http.Handler, path string) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
			if w.Code != http.StatusOK {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
	})
}

package httpapi_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphapi/graphapi/internal/httpapi"
)

// page is a stand-in for the explorer page's files.
var page = fstest.MapFS{
	"index.html":    {Data: []byte("<!doctype html><title>t</title><script src=\"assets/app.js\"></script>")},
	"assets/app.js": {Data: []byte("console.log('hi')")},
}

// TestSecurityHeaders wants the same protective headers on every answer, a
// success, a problem, a 404, a 405 and the page alike, and the page's own CSP
// (its scripts and styles only) on the page.
func TestSecurityHeaders(t *testing.T) {
	srv := mustServer(t, httpapi.Config{Page: page})
	tests := []struct {
		name, method, path string
		status             int
		csp                string
	}{
		{"JSON", http.MethodGet, "/api/v1/schema", 200, "default-src 'none'"},
		{"problem", http.MethodGet, "/api/v1/entities/no-such-id", 404, "default-src 'none'"},
		{"no route", http.MethodGet, "/nowhere", 404, "default-src 'none'"},
		{"wrong method", http.MethodDelete, "/api/v1/schema", 405, "default-src 'none'"},
		{"page", http.MethodGet, "/", 200, "default-src 'self'; script-src 'self'"},
		{"page asset", http.MethodGet, "/assets/app.js", 200, "default-src 'self'; script-src 'self'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, tt.method, srv.URL+tt.path, nil)
			if res.status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.status, tt.status, res.body)
			}
			for k, want := range map[string]string{
				"X-Content-Type-Options":     "nosniff",
				"Referrer-Policy":            "no-referrer",
				"X-Frame-Options":            "DENY",
				"Cross-Origin-Opener-Policy": "same-origin",
			} {
				if got := res.header.Get(k); got != want {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
			csp := res.header.Get("Content-Security-Policy")
			if !strings.HasPrefix(csp, tt.csp) || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("Content-Security-Policy %q, want one starting %q and forbidding framing", csp, tt.csp)
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("Content-Security-Policy %q allows inline code", csp)
			}
		})
	}
}

// TestCORS: with no origins configured no cross-origin answer carries an
// Access-Control header and a preflight is refused; with origins, only those get
// them, and their preflights are answered.
func TestCORS(t *testing.T) {
	preflight := func(t *testing.T, base, origin string) response {
		t.Helper()
		req, err := http.NewRequest(http.MethodOptions, base+"/api/v1/cypher", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		return doReq(t, req)
	}
	simple := func(t *testing.T, base, origin string) response {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, base+"/api/v1/schema", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", origin)
		return doReq(t, req)
	}
	off := mustServer(t, httpapi.Config{})
	on := mustServer(t, httpapi.Config{CORSOrigins: []string{"https://analyst.example"}})
	any := mustServer(t, httpapi.Config{CORSOrigins: []string{"*"}})
	tests := []struct {
		name       string
		res        func(t *testing.T) response
		status     int
		allowOrig  string
		allowMeths string
	}{
		{"off: simple request", func(t *testing.T) response { return simple(t, off.URL, "https://evil.example") }, 200, "", ""},
		{"off: preflight refused", func(t *testing.T) response { return preflight(t, off.URL, "https://evil.example") }, 405, "", ""},
		{"on: allowed origin", func(t *testing.T) response { return simple(t, on.URL, "https://analyst.example") }, 200, "https://analyst.example", ""},
		{"on: other origin", func(t *testing.T) response { return simple(t, on.URL, "https://evil.example") }, 200, "", ""},
		{"on: preflight", func(t *testing.T) response { return preflight(t, on.URL, "https://analyst.example") }, 204, "https://analyst.example", "GET, POST"},
		{"on: preflight, other origin", func(t *testing.T) response { return preflight(t, on.URL, "https://evil.example") }, 405, "", ""},
		{"any origin", func(t *testing.T) response { return simple(t, any.URL, "https://whoever.example") }, 200, "*", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.res(t)
			if res.status != tt.status {
				t.Errorf("status %d, want %d: %s", res.status, tt.status, res.body)
			}
			if got := res.header.Get("Access-Control-Allow-Origin"); got != tt.allowOrig {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.allowOrig)
			}
			if got := res.header.Get("Access-Control-Allow-Methods"); got != tt.allowMeths {
				t.Errorf("Access-Control-Allow-Methods %q, want %q", got, tt.allowMeths)
			}
		})
	}
}

func doReq(tb testing.TB, req *http.Request) response {
	tb.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// TestRateLimit: loopback clients (every test client) are exempt unless the
// limit covers them; then a burst passes, the next request gets 429 with
// Retry-After, X-Forwarded-For cannot pose as another client, and the probes
// are never limited.
func TestRateLimit(t *testing.T) {
	t.Run("loopback exempt", func(t *testing.T) {
		srv := mustServer(t, httpapi.Config{RateLimit: 1, RateBurst: 2})
		for i := range 10 {
			if res := get(t, srv.URL+"/api/v1/schema"); res.status != 200 {
				t.Fatalf("request %d: status %d", i, res.status)
			}
		}
	})
	t.Run("loopback limited", func(t *testing.T) {
		srv := mustServer(t, httpapi.Config{RateLimit: 0.5, RateBurst: 2, RateLimitLoopback: true})
		for i := range 2 {
			if res := get(t, srv.URL+"/api/v1/schema"); res.status != 200 {
				t.Fatalf("request %d within the burst: status %d", i, res.status)
			}
		}
		res := get(t, srv.URL+"/api/v1/schema")
		wantProblem(t, res, http.StatusTooManyRequests, "retry after")
		if s, err := strconv.Atoi(res.header.Get("Retry-After")); err != nil || s < 1 || s > 2 {
			t.Errorf("Retry-After %q, want 1 or 2 seconds at 0.5 requests a second", res.header.Get("Retry-After"))
		}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/schema", nil)
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		if res := doReq(t, req); res.status != http.StatusTooManyRequests {
			t.Errorf("X-Forwarded-For dodged the limit: status %d", res.status)
		}
		for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
			if res := get(t, srv.URL+path); res.status != 200 {
				t.Errorf("%s is rate limited: status %d", path, res.status)
			}
		}
		if m := get(t, srv.URL+"/metrics"); !strings.Contains(string(m.body), "graphapi_http_rate_limited_total 2") {
			t.Errorf("/metrics does not count the 2 refused requests:\n%s", grepLines(m.body, "rate_limited"))
		}
	})
}

// TestBodyCap: every route refuses a body over the cap, not only the Cypher one.
func TestBodyCap(t *testing.T) {
	srv := mustServer(t, httpapi.Config{MaxBodyBytes: 100})
	for _, path := range []string{"/api/v1/schema", "/api/v1/cypher", "/healthz"} {
		t.Run(path, func(t *testing.T) {
			method := http.MethodGet
			if strings.HasSuffix(path, "cypher") {
				method = http.MethodPost
			}
			res := do(t, method, srv.URL+path, strings.NewReader(strings.Repeat("x", 101)))
			wantProblem(t, res, http.StatusRequestEntityTooLarge, "larger than 100 bytes")
		})
	}
}

// TestMetrics: /metrics counts requests by route pattern (never the raw URL),
// times store queries by operation, and serves the Prometheus text format.
func TestMetrics(t *testing.T) {
	srv := mustServer(t, httpapi.Config{})
	get(t, srv.URL+"/api/v1/entities/jnim")
	get(t, srv.URL+"/api/v1/entities/jnim/neighbors?depth=2")
	get(t, srv.URL+"/api/v1/entities/no-such-id")
	get(t, srv.URL+"/no/such/route")
	res := get(t, srv.URL+"/metrics")
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, Content-Type %q", res.status, res.header.Get("Content-Type"))
	}
	body := string(res.body)
	for _, want := range []string{
		`graphapi_http_requests_total{method="GET",route="/api/v1/entities/:id",status="200"} 1`,
		`graphapi_http_requests_total{method="GET",route="/api/v1/entities/:id",status="404"} 1`,
		`graphapi_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`graphapi_http_request_duration_seconds_count{method="GET",route="/api/v1/entities/:id/neighbors",status="200"} 1`,
		`graphapi_store_query_duration_seconds_count{operation="entity",outcome="ok"} 1`,
		`graphapi_store_query_duration_seconds_count{operation="entity",outcome="not_found"} 1`,
		`graphapi_store_query_duration_seconds_count{operation="neighbors",outcome="ok"} 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s\n%s", want, grepLines(res.body, "graphapi_"))
		}
	}
	for _, leak := range []string{"jnim", "no-such-id", "/no/such/route"} {
		if strings.Contains(body, leak) {
			t.Errorf("/metrics holds the raw URL part %q", leak)
		}
	}
}

// TestRequestIDs: the id a client sends (or one the server makes) is in the
// answer's header, in the problem, and in the log line of the request.
func TestRequestIDs(t *testing.T) {
	var logs bytes.Buffer
	srv := httptest.NewServer(httpapi.NewHandler(mustStore(t), httpapi.Config{}, slog.New(slog.NewJSONHandler(&logs, nil))))
	defer srv.Close()
	tests := []struct {
		name, sent, want string
	}{
		{"client's id kept", "trace-42.a_b", "trace-42.a_b"},
		{"forged id replaced", "bad id level=ERROR", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs.Reset()
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/entities/no-such-id", nil)
			req.Header.Set("X-Request-Id", tt.sent)
			p := wantProblem(t, doReq(t, req), http.StatusNotFound, "no-such-id")
			if tt.want != "" && p.RequestID != tt.want {
				t.Errorf("request_id %q, want %q", p.RequestID, tt.want)
			}
			if p.RequestID == tt.sent && tt.want == "" {
				t.Errorf("a malformed id was kept: %q", p.RequestID)
			}
			if !strings.Contains(logs.String(), `"request_id":"`+p.RequestID+`"`) {
				t.Errorf("the log does not hold request id %q:\n%s", p.RequestID, logs.String())
			}
		})
	}
}

func grepLines(b []byte, word string) string {
	var out []string
	for line := range strings.Lines(string(b)) {
		if strings.Contains(line, word) && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}

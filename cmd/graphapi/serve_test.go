package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that the server's log goroutines and the test
// can share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServeEnv is startServe with an environment and the log kept.
func startServeEnv(t *testing.T, env map[string]string, args ...string) (base string, stderr *lockedBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr = &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), func(k string) string { return env[k] }, pw, stderr)
		pw.Close()
		done <- err
	}()
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if _, url, ok := strings.Cut(lines.Text(), "listening on "); ok {
			base = url
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve stopped before listening: %v\n%s", <-done, stderr)
	}
	go io.Copy(io.Discard, pr)
	stop = func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop within 20s of its context ending")
			return nil
		}
	}
	t.Cleanup(cancel)
	return base, stderr, stop
}

// TestSlowClientsCut: a client that trickles its headers (slowloris) or holds
// an idle connection is cut at the configured timeouts, not kept forever.
func TestSlowClientsCut(t *testing.T) {
	base, _, stop := startServeEnv(t, nil, "--read-header-timeout", "300ms", "--idle-timeout", "300ms")
	defer stop()
	addr := strings.TrimPrefix(base, "http://")
	tests := []struct {
		name  string
		write func(c net.Conn) error
	}{
		{"headers trickled", func(c net.Conn) error {
			if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n"); err != nil {
				return err
			}
			for range 40 { // 4 s of one header byte every 100 ms, never finishing
				time.Sleep(100 * time.Millisecond)
				if _, err := io.WriteString(c, "X"); err != nil {
					return err
				}
			}
			return nil
		}},
		{"idle keep-alive", func(c net.Conn) error {
			if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
				return err
			}
			time.Sleep(2500 * time.Millisecond) // well past the idle timeout
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			closed := make(chan time.Duration, 1)
			go func() {
				// Read until the server closes the connection.
				_, _ = io.Copy(io.Discard, c)
				closed <- time.Since(start)
			}()
			_ = tt.write(c) // fails once the server has hung up, as it should
			select {
			case d := <-closed:
				if d > 2*time.Second {
					t.Errorf("the server held the connection %s; want it cut within about 300ms", d)
				}
			case <-time.After(5 * time.Second):
				t.Error("the server never closed the connection")
			}
		})
	}
}

// TestServeLimitFlags: the header cap, the body cap, the rate limit and CORS
// are set by flags (and GRAPHAPI_* variables) as documented.
func TestServeLimitFlags(t *testing.T) {
	base, _, stop := startServeEnv(t, map[string]string{"GRAPHAPI_CORS_ORIGINS": "https://analyst.example"},
		"--max-header-bytes", "4096", "--max-body-bytes", "64",
		"--rate-limit", "0.2", "--rate-burst", "3", "--rate-limit-loopback")
	defer stop()
	send := func(t *testing.T, method, path string, body io.Reader, header map[string]string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, base+path, body)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	tests := []struct {
		name   string
		method string
		body   io.Reader
		header map[string]string
		status int
		check  func(t *testing.T, res *http.Response)
	}{
		// The header cap counts before any handler (and the rate limit) runs.
		{"headers over the cap", http.MethodGet, nil, map[string]string{"X-Big": strings.Repeat("a", 8<<10)}, http.StatusRequestHeaderFieldsTooLarge, nil},
		{"body over the cap", http.MethodPost, strings.NewReader(strings.Repeat("x", 65)), nil, http.StatusRequestEntityTooLarge, nil},
		{"CORS from the environment", http.MethodGet, nil, map[string]string{"Origin": "https://analyst.example"}, http.StatusOK, func(t *testing.T, res *http.Response) {
			if got := res.Header.Get("Access-Control-Allow-Origin"); got != "https://analyst.example" {
				t.Errorf("Access-Control-Allow-Origin %q", got)
			}
		}},
		{"within the burst", http.MethodGet, nil, nil, http.StatusOK, nil},
		{"over the rate", http.MethodGet, nil, nil, http.StatusTooManyRequests, func(t *testing.T, res *http.Response) {
			if res.Header.Get("Retry-After") == "" {
				t.Error("a 429 without Retry-After")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/api/v1/schema"
			if tt.method == http.MethodPost {
				path = "/api/v1/cypher"
			}
			res := send(t, tt.method, path, tt.body, tt.header)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

// TestServeSTIXAndAnalyticsCap serves a STIX bundle given as --seed, warns
// in the log of the object it skipped, and takes the analytics cap from the
// environment (GRAPHAPI_MAX_ANALYTICS_ENTITIES) and the flag.
func TestServeSTIXAndAnalyticsCap(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		status int
	}{
		{"within the default cap", nil, nil, http.StatusOK},
		{"cap from the environment", map[string]string{"GRAPHAPI_MAX_ANALYTICS_ENTITIES": "1"}, nil, http.StatusBadRequest},
		{"cap from the flag", nil, []string{"--max-analytics-relationships", "0"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--seed", "testdata/foreign.json"}, tt.args...)
			if tt.status == 0 {
				err := run(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, io.Discard, io.Discard)
				if err == nil || !strings.Contains(err.Error(), "must be positive") {
					t.Fatalf("serve with a zero cap: %v", err)
				}
				return
			}
			base, stderr, stop := startServeEnv(t, tt.env, args...)
			defer stop()
			var group struct{ Name string }
			if code := getJSON(t, base+"/api/v1/entities/group-a-11111111", &group); code != http.StatusOK || group.Name != "Group A" {
				t.Errorf("the bundle's group: %d %+v", code, group)
			}
			if !strings.Contains(stderr.String(), "malware--55555555-5555-4555-8555-555555555555 skipped") {
				t.Errorf("the log does not list the skipped malware:\n%s", stderr.String())
			}
			res, err := http.Get(base + "/api/v1/analytics/centrality")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("centrality: status %d, want %d", res.StatusCode, tt.status)
			}
		})
	}
}

// TestServeMetricsLoad: the embedded store's seed load shows in /metrics.
func TestServeMetricsLoad(t *testing.T) {
	base, _, stop := startServeEnv(t, nil)
	defer stop()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, want := range []string{`graphapi_load_items{kind="entities"} `, `graphapi_load_items{kind="relationships"} `, `graphapi_loads_total{outcome="ok"} 1`, "graphapi_load_duration_seconds "} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(b), `graphapi_load_items{kind="entities"} 0`) {
		t.Error("/metrics says no entities were loaded")
	}
}

// TestPasswordNeverLogged runs serve and load against a Neo4j that is not there
// (bolt://127.0.0.1:1) with a password set, makes the server log its failures,
// and looks for the password in everything the commands wrote or returned.
func TestPasswordNeverLogged(t *testing.T) {
	const secret = "some-secret-Zq7"
	env := map[string]string{"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": secret}
	t.Run("serve", func(t *testing.T) {
		base, stderr, stop := startServeEnv(t, env, "--backend", "neo4j", "--timeout", "2s")
		for _, path := range []string{"/readyz", "/api/v1/schema", "/api/v1/entities/jnim", "/api/v1/cypher"} {
			method := http.MethodGet
			var body io.Reader
			if strings.HasSuffix(path, "cypher") {
				method, body = http.MethodPost, strings.NewReader(`{"query": "RETURN 1"}`)
			}
			req, _ := http.NewRequest(method, base+path, body)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode < 500 {
				t.Errorf("%s: status %d with no Neo4j", path, res.StatusCode)
			}
			if strings.Contains(string(b), secret) {
				t.Errorf("%s: the answer holds the password: %s", path, b)
			}
		}
		err := stop()
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("serve's error holds the password: %v", err)
		}
		if strings.Contains(stderr.String(), secret) {
			t.Errorf("the log holds the password:\n%s", stderr)
		}
		if !strings.Contains(stderr.String(), `"status":503`) {
			t.Errorf("the log shows no failed request, so the test proves little:\n%s", stderr)
		}
	})
	t.Run("load", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		err := run(ctx, []string{"load"}, func(k string) string { return env[k] }, &stdout, &stderr)
		if err == nil {
			t.Fatal("load succeeded with no Neo4j")
		}
		for name, text := range map[string]string{"error": err.Error(), "stdout": stdout.String(), "stderr": stderr.String()} {
			if strings.Contains(text, secret) {
				t.Errorf("load's %s holds the password: %s", name, text)
			}
		}
		if errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("load hung until the test's deadline: %v", err)
		}
	})
}

package reliability

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	loadFor = flag.Duration("reliability.load", envDuration("GRAPHAPI_RELIABILITY_LOAD", 10*time.Second),
		"how long each load test holds 64 connections (also GRAPHAPI_RELIABILITY_LOAD); 10s in CI, 60s for the published figures")
	keepLogs = flag.Bool("reliability.logs", false, "print the graphapi and Neo4j logs of every test, not only of failed ones")
)

// envDuration lets CI scripts set a flag without threading it through go test.
func envDuration(name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

var (
	repoRoot string // the module root: scripts/ and tools/ live there
	binary   string // the graphapi binary TestMain built
	workDir  string // TestMain's temporary directory: the binary and generated seeds
)

// TestMain builds graphapi once, so that every test drives the same binary a
// user would run, not the code under test linked into the test process.
func TestMain(m *testing.M) {
	flag.Parse()
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return 0, fmt.Errorf("cannot find the module root from %s: %w", root, err)
	}
	repoRoot = root
	dir, err := os.MkdirTemp("", "graphapi-reliability-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	workDir = dir
	binary = filepath.Join(dir, "graphapi")
	build := exec.Command("go", "build", "-o", binary, "./cmd/graphapi")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("go build ./cmd/graphapi: %v\n%s", err, out)
	}
	return m.Run(), nil
}

// childEnv is this process's environment without any NEO4J_* or GRAPHAPI_*
// variable, plus extra: a child must see the Neo4j of its test, never the
// shared server that CI's environment points at.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "NEO4J_") || strings.HasPrefix(kv, "GRAPHAPI_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// lockedBuffer collects a child's output while the child writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tail returns the last n lines of s, for failure messages that stay readable.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// graphapiRun runs one graphapi command to its end and returns its exit code and
// output; a command that outlives limit is killed and fails the test.
func graphapiRun(tb testing.TB, limit time.Duration, env []string, args ...string) (code int, stdout, stderr string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		tb.Fatalf("graphapi %s did not finish within %s; stderr:\n%s", strings.Join(args, " "), limit, tail(errOut.String(), 20))
	}
	if err != nil && cmd.ProcessState == nil {
		tb.Fatalf("graphapi %s: %v", strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// server is a running `graphapi serve`.
type server struct {
	cmd  *exec.Cmd
	url  string // http://127.0.0.1:PORT
	logs *lockedBuffer
	done chan struct{} // closed when the process has exited and been waited for
	err  error         // Wait's result, valid after done
}

var listeningLine = regexp.MustCompile(`graphapi listening on (http://\S+)`)

// startServe starts `graphapi serve --addr 127.0.0.1:0 args...` and returns once
// it prints the address it listens on. The process is killed at cleanup if the
// test has not ended it.
func startServe(tb testing.TB, env []string, args ...string) *server {
	tb.Helper()
	return startServeOf(tb, binary, env, args...)
}

// startServeOf is startServe running the graphapi binary bin.
func startServeOf(tb testing.TB, bin string, env []string, args ...string) *server {
	tb.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	s := &server{cmd: cmd, logs: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stderr = s.logs
	if err := cmd.Start(); err != nil {
		tb.Fatalf("starting graphapi serve: %v", err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	tb.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = cmd.Process.Kill()
			<-s.done
		}
		if tb.Failed() || *keepLogs {
			tb.Logf("graphapi serve log (last lines):\n%s", tail(s.logs.String(), 30))
		}
	})
	select {
	case s.url = <-urls:
	case <-s.done:
		tb.Fatalf("graphapi serve exited before listening (%v):\n%s", s.err, tail(s.logs.String(), 30))
	case <-time.After(2 * time.Minute):
		tb.Fatalf("graphapi serve did not listen within 2 minutes:\n%s", tail(s.logs.String(), 30))
	}
	return s
}

// signal sends sig to the server process.
func (s *server) signal(tb testing.TB, sig syscall.Signal) {
	tb.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		tb.Fatalf("signalling graphapi: %v", err)
	}
}

// procStatus reads fields of /proc/PID/status (Threads, VmRSS) and the number
// of open file descriptors: the outside view of a pile-up of goroutines blocked
// on the database (more threads, more sockets, more memory).
type procStatus struct {
	Threads int
	RSSKiB  int
	FDs     int
}

func readProc(tb testing.TB, pid int) procStatus {
	tb.Helper()
	var ps procStatus
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatalf("reading /proc/%d/status: %v", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch k {
		case "Threads":
			fmt.Sscan(strings.TrimSpace(v), &ps.Threads)
		case "VmRSS":
			fmt.Sscan(strings.TrimSpace(v), &ps.RSSKiB)
		}
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		tb.Fatalf("reading /proc/%d/fd: %v", pid, err)
	}
	ps.FDs = len(fds)
	return ps
}

// response is one finished HTTP exchange.
type response struct {
	status int
	ctype  string
	body   []byte
	took   time.Duration
	err    error
}

// get fetches url with a client that gives up after limit, so that a hang shows
// as a measured failure instead of a stuck test.
func get(client *http.Client, url string, limit time.Duration) response {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return response{err: err}
	}
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return response{err: err, took: time.Since(start)}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return response{status: res.StatusCode, ctype: res.Header.Get("Content-Type"), body: body, took: time.Since(start), err: err}
}

var (
	seedsMu sync.Mutex
	seeds   = map[string]string{}
)

// genSeed returns the directory of a seed that `graphapi gen` wrote, generating
// it once per run: several tests share the 100,000-relationship graph.
func genSeed(tb testing.TB, entities, relationships int, randSeed int64) string {
	tb.Helper()
	seedsMu.Lock()
	defer seedsMu.Unlock()
	key := fmt.Sprintf("gen-%d-%d-%d", entities, relationships, randSeed)
	if dir, ok := seeds[key]; ok {
		return dir
	}
	dir := filepath.Join(workDir, key)
	code, out, errOut := graphapiRun(tb, 5*time.Minute, childEnv(), "gen",
		"--entities", fmt.Sprint(entities), "--relationships", fmt.Sprint(relationships),
		"--rand-seed", fmt.Sprint(randSeed), "--out", dir)
	if code != 0 {
		tb.Fatalf("graphapi gen exited %d:\n%s%s", code, out, errOut)
	}
	seeds[key] = dir
	return dir
}

// The big generated graph: 20,000 entities and 100,000 relationships, the size
// the issue loads in the SIGKILL test. With rand seed 1, c-7 is the busiest hub
// of the generated graphs of that size and bigger.
const (
	bigEntities = 20000
	bigRels     = 100000
	bigHub      = "c-7"
)

func bigSeed(tb testing.TB) string {
	tb.Helper()
	return genSeed(tb, bigEntities, bigRels, 1)
}

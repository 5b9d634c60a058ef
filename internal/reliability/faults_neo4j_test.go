package reliability

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/internal/httpapi"
)

// TestKillNeo4jDuringLoad loads a small graph, then starts `graphapi load` of
// the 100,000-relationship graph and SIGKILLs Neo4j while that load's
// transaction is writing. After a restart on the same data directory the graph
// must be exactly the small one (counts and fingerprint), and the load must
// have failed with a message that says so.
func TestKillNeo4jDuringLoad(t *testing.T) {
	big := bigSeed(t)
	small := genSeed(t, 300, 900, 7)
	n := newNeo4j(t)
	env := n.graphapiEnv()
	if code, out, errOut := graphapiRun(t, 5*time.Minute, env, "load", "--seed", small); code != 0 {
		t.Fatalf("graphapi load of the small seed exited %d:\n%s%s", code, out, tail(errOut, 10))
	}
	d := n.driver(t)
	store := n.store(t)
	before := readState(t, d, store)
	if before.Relationships == 0 {
		t.Fatal("the small seed wrote no relationships")
	}

	cmd := exec.Command(binary, "load", "--seed", big)
	cmd.Env = env
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	loadStart := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
	})

	// Kill only once the load's own transaction is open and has been writing
	// for a while: earlier, the test would prove only that an unstarted load
	// changes nothing.
	txAt := waitForReplaceTx(t, d, exited)
	const writing = 1500 * time.Millisecond
	time.Sleep(writing)
	select {
	case <-exited:
		t.Fatalf("the load finished before Neo4j could be killed (in %s):\n%s%s", time.Since(loadStart), stdout.String(), tail(stderr.String(), 10))
	default:
	}
	pid := n.pid()
	killAt := time.Now()
	n.kill(t)
	t.Logf("SIGKILL to Neo4j pid %d, %s after the load started and %s after its transaction opened",
		pid, killAt.Sub(loadStart).Round(time.Millisecond), killAt.Sub(txAt).Round(time.Millisecond))

	select {
	case <-exited:
	case <-time.After(time.Minute):
		t.Fatal("graphapi load still runs a minute after Neo4j died")
	}
	loadExit := time.Since(killAt)
	if cmd.ProcessState.ExitCode() == 0 {
		t.Fatalf("graphapi load exited 0 although Neo4j died under it:\n%s", stdout.String())
	}
	msg := strings.TrimSpace(tail(stderr.String(), 1))
	if !strings.Contains(msg, "load:") || !strings.Contains(msg, "as it was") {
		t.Errorf("the load's last words are %q; want a message that the load failed and the graph is as it was", msg)
	}

	restart := n.up(t)
	after := readState(t, d, store)
	if after != before {
		t.Errorf("after the kill and a restart the graph is %v; want it as before the load: %v", after, before)
	}
	t.Logf("FIGURES kill-load: before %v; SIGKILL %s into the load (transaction open %s); load exited %d after %s with %q; Neo4j restarted (recovery included) in %s; after %v: identical",
		before, killAt.Sub(loadStart).Round(time.Millisecond), killAt.Sub(txAt).Round(time.Millisecond),
		cmd.ProcessState.ExitCode(), loadExit.Round(time.Millisecond), msg, restart.Round(time.Second), after)
}

// waitForReplaceTx polls SHOW TRANSACTIONS until the load's transaction, which
// neo4jstore.Replace tags with metadata op=replace, is running, and returns
// when it appeared.
func waitForReplaceTx(tb testing.TB, d neo4j.DriverWithContext, exited <-chan struct{}) time.Time {
	tb.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			tb.Fatal("graphapi load exited before its transaction was seen")
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		res, err := neo4j.ExecuteQuery(ctx, d,
			"SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.op = 'replace' RETURN transactionId",
			nil, neo4j.EagerResultTransformer)
		cancel()
		if err == nil && len(res.Records) > 0 {
			return time.Now()
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatal("the load's transaction did not show in SHOW TRANSACTIONS within 2 minutes")
	return time.Time{}
}

// TestNeo4jStopWhileServing stops Neo4j under two APIs on the Neo4j store: the
// real `graphapi serve` binary, and the same handler in this process, where
// goroutines can be counted. While Neo4j is down every read must answer 503
// problem+json within 2 s, /readyz must say 503, and nothing may pile up; once
// Neo4j is back both must answer 200 within 5 s, without a restart.
func TestNeo4jStopWhileServing(t *testing.T) {
	const (
		answerWithin  = 2 * time.Second
		recoverWithin = 5 * time.Second
	)
	n := newNeo4j(t)
	env := n.graphapiEnv()
	if code, out, errOut := graphapiRun(t, 5*time.Minute, env, "load"); code != 0 {
		t.Fatalf("graphapi load of the Mali seed exited %d:\n%s%s", code, out, tail(errOut, 10))
	}
	bin := startServe(t, env, "--backend", "neo4j")
	inproc := httptest.NewServer(httpapi.NewHandler(n.store(t), httpapi.Config{}, slog.New(slog.NewJSONHandler(io.Discard, nil))))
	t.Cleanup(inproc.Close)
	targets := map[string]string{"binary": bin.url, "in-process": inproc.URL}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
	defer client.CloseIdleConnections()
	for name, base := range targets {
		for _, p := range append([]string{"/readyz"}, paths(maliMix)...) {
			if r := get(client, base+p, 30*time.Second); r.status != http.StatusOK {
				t.Fatalf("%s %s before the outage: status %d, %v", name, p, r.status, r.err)
			}
		}
	}
	client.CloseIdleConnections()
	goroutinesBefore := settledGoroutines(0)
	procBefore := readProc(t, bin.cmd.Process.Pid)

	stopTook := n.down(t)

	// Outage: every read of the mix on both APIs, 16 at a time, three rounds.
	var (
		mu      sync.Mutex
		took    []time.Duration
		answers int
	)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for round := 0; round < 3; round++ {
		for name, base := range targets {
			for _, p := range append([]string{"/readyz"}, paths(maliMix)...) {
				wg.Add(1)
				sem <- struct{}{}
				go func() {
					defer func() { <-sem; wg.Done() }()
					r := get(client, base+p, 10*time.Second)
					checkProblem(t, name+" "+p+" with Neo4j stopped", r, http.StatusServiceUnavailable)
					if r.took > answerWithin {
						t.Errorf("%s %s with Neo4j stopped answered after %s; want within %s", name, p, r.took.Round(time.Millisecond), answerWithin)
					}
					mu.Lock()
					took = append(took, r.took)
					answers++
					mu.Unlock()
				}()
			}
		}
	}
	wg.Wait()
	client.CloseIdleConnections()
	goroutinesAfter := settledGoroutines(goroutinesBefore + 5)
	procAfter := readProc(t, bin.cmd.Process.Pid)
	// A pile-up would show as goroutines (in process) or threads and sockets
	// (the binary) left over after the failed requests ended; a few extra are
	// the driver's and the HTTP client's own.
	if goroutinesAfter > goroutinesBefore+10 {
		t.Errorf("in-process goroutines: %d before the outage, %d after %d failed requests; want no pile-up", goroutinesBefore, goroutinesAfter, answers)
	}
	if procAfter.FDs > procBefore.FDs+10 || procAfter.Threads > procBefore.Threads+8 {
		t.Errorf("graphapi serve: %+v before the outage, %+v after; want no pile-up of sockets or threads", procBefore, procAfter)
	}
	med, worst := medianMax(took)

	// Return: poll both APIs from the moment neo4j-up.sh says Neo4j is ready.
	upTook := n.up(t)
	back := time.Now()
	recovered := map[string]time.Duration{}
	for name, base := range targets {
		for {
			ready := get(client, base+"/readyz", answerWithin+time.Second)
			data := get(client, base+"/api/v1/entities/jnim/neighbors?depth=1", answerWithin+time.Second)
			if ready.status == http.StatusOK && data.status == http.StatusOK {
				recovered[name] = time.Since(back)
				break
			}
			if time.Since(back) > recoverWithin {
				t.Fatalf("%s still answers /readyz %d and neighbors %d (%v) %s after Neo4j returned; want 200 within %s",
					name, ready.status, data.status, data.err, time.Since(back).Round(time.Millisecond), recoverWithin)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// After the first success every read must succeed again.
	for name, base := range targets {
		for _, p := range paths(maliMix) {
			if r := get(client, base+p, 10*time.Second); r.status != http.StatusOK {
				t.Errorf("%s %s after recovery: status %d, %v", name, p, r.status, r.err)
			}
		}
	}
	t.Logf("FIGURES neo4j-stop: Neo4j stopped cleanly in %s; %d requests (reads and /readyz, binary and in-process) during the outage: all 503 problem+json, median %s, max %s; goroutines %d → %d; binary threads %d → %d, fds %d → %d, RSS %d → %d KiB; Neo4j back after %s; 200 again after %s (binary) and %s (in-process), no restart",
		stopTook.Round(time.Millisecond), answers, ms(med), ms(worst), goroutinesBefore, goroutinesAfter,
		procBefore.Threads, procAfter.Threads, procBefore.FDs, procAfter.FDs, procBefore.RSSKiB, procAfter.RSSKiB,
		upTook.Round(time.Second), recovered["binary"].Round(time.Millisecond), recovered["in-process"].Round(time.Millisecond))
}

func paths(mix []target) []string {
	var ps []string
	for _, t := range mix {
		ps = append(ps, t.path)
	}
	return ps
}

// settledGoroutines returns the goroutine count once it is at most want, or
// after 2 s: goroutines of finished requests take a moment to exit. With want 0
// it waits half a second, for a baseline.
func settledGoroutines(want int) int {
	if want == 0 {
		time.Sleep(500 * time.Millisecond)
		return runtime.NumGoroutine()
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(50 * time.Millisecond)
	}
}

package reliability

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/history"
)

var (
	faultBuild    sync.Once
	faultBinary   string
	faultBuildErr error
)

// faultPointBinary builds graphapi with -tags faultpoints: a binary that kills
// itself with SIGKILL at the step of a seed change GRAPHAPI_FAULT_POINT names
// (internal/review/journal.go).
func faultPointBinary(tb testing.TB) string {
	tb.Helper()
	faultBuild.Do(func() {
		faultBinary = filepath.Join(workDir, "graphapi-faultpoints")
		build := exec.Command("go", "build", "-tags", "faultpoints", "-o", faultBinary, "./cmd/graphapi")
		build.Dir = repoRoot
		if out, err := build.CombinedOutput(); err != nil {
			faultBuildErr = fmt.Errorf("go build -tags faultpoints: %v\n%s", err, out)
		}
	})
	if faultBuildErr != nil {
		tb.Fatal(faultBuildErr)
	}
	return faultBinary
}

// The steps of a seed change at which the server is killed; "" kills it at a
// random moment of the request instead.
var seedChangePoints = []string{"begun", "swapped", "reloaded", "logged", ""}

const faultPack = "crt2019-niger"

// TestSeedChangeSurvivesSIGKILL applies and reverts one pack 50 times,
// killing the server at every step of the change in turn, and at random
// moments: after each restart the seed folder, the graph and the audit log
// agree on whether the pack is in, no change is left half-done, and every
// change the server acknowledged is in the log.
func TestSeedChangeSurvivesSIGKILL(t *testing.T) {
	bin := faultPointBinary(t)
	dir := t.TempDir()
	seed, drafts := filepath.Join(dir, "seed"), filepath.Join(dir, "drafts")
	if err := os.CopyFS(seed, os.DirFS(filepath.Join(repoRoot, "seed"))); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(drafts, faultPack), os.DirFS(filepath.Join(repoRoot, "internal/review/testdata/drafts", faultPack))); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := graphapiRun(t, time.Minute, childEnv(), "draft", "accept", filepath.Join(drafts, faultPack), "--all"); code != 0 {
		t.Fatalf("draft accept --all: %d\n%s%s", code, out, errOut)
	}
	const token = "fault-test-write-token-0123456789"
	tokenFile, auditFile := filepath.Join(dir, "token"), filepath.Join(dir, "audit.jsonl")
	if err := os.WriteFile(tokenFile, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--seed", seed, "--drafts", drafts, "--write-token-file", tokenFile, "--audit", auditFile}

	seedRand := time.Now().UnixNano()
	t.Logf("random kill moments from seed %d", seedRand)
	rng := rand.New(rand.NewPCG(uint64(seedRand), 0))
	acked := map[string]string{} // request id → action, of every 200 answer
	client := &http.Client{Timeout: 30 * time.Second}
	kills := map[string]int{}
	for run := range 50 {
		point := seedChangePoints[run%len(seedChangePoints)]
		srv := startServeOf(t, bin, childEnv("GRAPHAPI_FAULT_POINT="+point), args...)
		checkSeedGraphLog(t, run, srv, seed, auditFile, acked)

		action, path := audit.ActionPackApply, "/api/v1/drafts/"+faultPack+"/apply"
		if _, err := os.Stat(filepath.Join(seed, faultPack)); err == nil {
			action, path = audit.ActionPackRevert, "/api/v1/packs/"+faultPack+"/revert"
		}
		if point == "" {
			delay := time.Duration(rng.Int64N(int64(300 * time.Millisecond)))
			go func() {
				time.Sleep(delay)
				_ = srv.cmd.Process.Kill()
			}()
		}
		id := fmt.Sprintf("fault-run-%d", run)
		req, err := http.NewRequest(http.MethodPost, srv.url+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Request-Id", id)
		res, err := client.Do(req)
		switch {
		case err != nil:
			kills[point]++ // killed before it answered
		case res.StatusCode == http.StatusOK:
			acked[id] = action
			res.Body.Close()
		default:
			res.Body.Close()
			t.Fatalf("run %d (%s, kill at %q): status %d", run, action, point, res.StatusCode)
		}
		if point != "" && err == nil {
			t.Errorf("run %d: the server answered %s although it was to be killed at %q", run, action, point)
		}
		_ = srv.cmd.Process.Kill() // the random kill may not have come yet
		select {
		case <-srv.done:
		case <-time.After(10 * time.Second):
			t.Fatalf("run %d: the server did not exit", run)
		}
	}
	final := startServeOf(t, binary, childEnv(), args...)
	checkSeedGraphLog(t, 50, final, seed, auditFile, acked)
	t.Logf("killed before the answer: %v (by step; \"\" at random moments); acknowledged: %d", kills, len(acked))
}

// checkSeedGraphLog fails unless the seed folder, the graph srv serves and
// the audit log agree on whether the pack is in, nothing is pending, and every
// acknowledged change is logged.
func checkSeedGraphLog(t *testing.T, run int, srv *server, seed, auditFile string, acked map[string]string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(seed, ".graphapi-pending")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("run %d: the server started with a seed change still pending (%v)", run, err)
	}
	_, err := os.Stat(filepath.Join(seed, faultPack, "pack.yaml"))
	inSeed := err == nil

	r := get(&http.Client{}, srv.url+"/api/v1/sources", 10*time.Second)
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("run %d: sources: %v %d %s", run, r.err, r.status, r.body)
	}
	var sources []struct{ ID string }
	if err := json.Unmarshal(r.body, &sources); err != nil {
		t.Fatal(err)
	}
	inGraph := slices.ContainsFunc(sources, func(s struct{ ID string }) bool { return s.ID == faultPack })
	e := get(&http.Client{}, srv.url+"/api/v1/entities/nctb", 10*time.Second)
	if (e.status == http.StatusOK) != inGraph {
		t.Errorf("run %d: the pack's source is in the graph: %v, its entity nctb: %d", run, inGraph, e.status)
	}

	entries, err := audit.ReadFile(auditFile, audit.Filter{Pack: faultPack})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("run %d: reading the audit log: %v", run, err)
	}
	inLog := len(entries) > 0 && entries[len(entries)-1].Action == audit.ActionPackApply
	if inSeed != inGraph || inGraph != inLog {
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action+" "+e.RequestID)
		}
		t.Fatalf("run %d: the pack is in the seed folder: %v, in the graph: %v, in the log: %v (%s)", run, inSeed, inGraph, inLog, strings.Join(actions, ", "))
	}
	for i := 1; i < len(entries); i++ {
		if entries[i].Action == entries[i-1].Action {
			t.Errorf("run %d: the log records %s twice in a row (%s, %s)", run, entries[i].Action, entries[i-1].RequestID, entries[i].RequestID)
		}
	}
	// Each revert the log holds retired the pack's folder, with its record.
	retired, err := os.ReadDir(filepath.Join(seed, history.RetiredDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	folders, reverts := 0, 0
	for _, e := range retired {
		if e.IsDir() {
			folders++
			if _, err := os.Stat(filepath.Join(seed, history.RetiredDir, e.Name()+".json")); err != nil {
				t.Errorf("run %d: retired folder %s has no record: %v", run, e.Name(), err)
			}
		}
	}
	for _, e := range entries {
		if e.Action == audit.ActionPackRevert {
			reverts++
		}
	}
	if folders != reverts {
		t.Errorf("run %d: %d retired folders, %d reverts in the log", run, folders, reverts)
	}
	for id, action := range acked {
		if !slices.ContainsFunc(entries, func(e audit.Entry) bool { return e.RequestID == id && e.Action == action }) {
			t.Errorf("run %d: %s %s was acknowledged but is not in the audit log", run, action, id)
		}
	}
}

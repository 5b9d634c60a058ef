package reliability

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/internal/neo4jstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
)

const (
	neo4jPassword = "reliability-test"
	// neo4jHeap keeps each test's server small: the machine also runs the shared
	// test server and other engineers' servers, and the 100,000-relationship load
	// is killed long before it could need more.
	neo4jHeap = "2g"
)

// requireNeo4j skips the test when Neo4j cannot be started here, or fails it
// when GRAPHAPI_REQUIRE_NEO4J=1: in CI a missing prerequisite is a failure, not
// a silently green run.
func requireNeo4j(tb testing.TB) {
	tb.Helper()
	var missing []string
	if _, err := exec.LookPath("bash"); err != nil {
		missing = append(missing, "bash")
	}
	java := "java"
	if home := os.Getenv("JAVA_HOME"); home != "" {
		java = filepath.Join(home, "bin", "java")
	}
	if _, err := exec.LookPath(java); err != nil {
		missing = append(missing, "java (Java 17+)")
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "tools", "neo4j", "target", "lib", ".complete")); err != nil {
		if _, err := exec.LookPath("mvn"); err != nil {
			missing = append(missing, "mvn (to build tools/neo4j)")
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := "cannot start Neo4j: missing " + strings.Join(missing, ", ")
	if os.Getenv("GRAPHAPI_REQUIRE_NEO4J") == "1" {
		tb.Fatal(msg + " (GRAPHAPI_REQUIRE_NEO4J=1)")
	}
	tb.Skip(msg)
}

// neo4jServer is one test's own Neo4j, run by scripts/neo4j-up.sh.
type neo4jServer struct {
	port int
	dir  string // data directory; launcher.pid and launcher.log live there
	uri  string
}

// portFree says whether nothing listens on 127.0.0.1:port and we may bind it.
func portFree(port int) bool {
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// newNeo4j starts a Neo4j for this test on the first free port in 7690-7699 and
// kills it at cleanup. Killing, not a clean stop, is right there: the data
// directory is the test's temporary directory, thrown away next, and a clean
// stop would add about 15 s per test.
func newNeo4j(tb testing.TB) *neo4jServer {
	tb.Helper()
	requireNeo4j(tb)
	n := &neo4jServer{dir: filepath.Join(tb.TempDir(), "neo4j")}
	for p := 7690; p <= 7699; p++ {
		if portFree(p) && portFree(p+1000) { // +1000: keep clear of an HTTP connector, should one be enabled
			n.port = p
			break
		}
	}
	if n.port == 0 {
		tb.Fatal("no free port in 7690-7699 for a test Neo4j")
	}
	n.uri = fmt.Sprintf("bolt://127.0.0.1:%d", n.port)
	tb.Cleanup(func() {
		if tb.Failed() || *keepLogs {
			if b, err := os.ReadFile(filepath.Join(n.dir, "launcher.log")); err == nil {
				tb.Logf("Neo4j log (last lines):\n%s", tail(string(b), 20))
			}
		}
		n.kill(tb)
	})
	n.up(tb)
	return n
}

func (n *neo4jServer) scriptEnv() []string {
	return childEnv(
		"NEO4J_PORT="+strconv.Itoa(n.port),
		"NEO4J_DATA_DIR="+n.dir,
		"NEO4J_PASSWORD="+neo4jPassword,
		"NEO4J_HEAP="+neo4jHeap,
		"NEO4J_START_TIMEOUT=300",
	)
}

// graphapiEnv is the environment that points graphapi at this server.
func (n *neo4jServer) graphapiEnv() []string {
	return childEnv("NEO4J_URI="+n.uri, "NEO4J_USER=neo4j", "NEO4J_PASSWORD="+neo4jPassword)
}

// up runs scripts/neo4j-up.sh and returns how long it took to answer Bolt.
func (n *neo4jServer) up(tb testing.TB) time.Duration {
	tb.Helper()
	start := time.Now()
	cmd := exec.Command("bash", filepath.Join(repoRoot, "scripts", "neo4j-up.sh"))
	cmd.Env = n.scriptEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("scripts/neo4j-up.sh on port %d: %v\n%s", n.port, err, out)
	}
	took := time.Since(start)
	tb.Logf("%s (%s)", tail(string(out), 1), took.Round(time.Millisecond))
	return took
}

// down runs scripts/neo4j-down.sh: SIGTERM and a clean shutdown.
func (n *neo4jServer) down(tb testing.TB) time.Duration {
	tb.Helper()
	start := time.Now()
	cmd := exec.Command("bash", filepath.Join(repoRoot, "scripts", "neo4j-down.sh"))
	cmd.Env = n.scriptEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("scripts/neo4j-down.sh: %v\n%s", err, out)
	}
	return time.Since(start)
}

// pid is the launcher's pid from the pid file neo4j-up.sh writes; 0 if none.
func (n *neo4jServer) pid() int {
	b, err := os.ReadFile(filepath.Join(n.dir, "launcher.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// kill SIGKILLs the server, as the OOM killer or a power cut would, and waits
// until the process is gone and Bolt no longer answers. It leaves the stale pid
// file in place, as a crash does; neo4j-up.sh copes with it.
func (n *neo4jServer) kill(tb testing.TB) {
	tb.Helper()
	pid := n.pid()
	if pid <= 0 {
		return
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		tb.Errorf("kill -9 %d: %v", pid, err)
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Kill(pid, 0) == nil || !portFree(n.port) {
		if time.Now().After(deadline) {
			tb.Errorf("Neo4j pid %d still alive or port %d still bound 30 s after SIGKILL", pid, n.port)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// store opens a neo4jstore.Store on this server and waits until it answers.
func (n *neo4jServer) store(tb testing.TB) *neo4jstore.Store {
	tb.Helper()
	return neo4jtest.OpenConfig(tb, neo4jstore.Config{URI: n.uri, User: "neo4j", Password: neo4jPassword})
}

// driver opens a plain driver, for the Cypher the store does not offer: counts
// and SHOW TRANSACTIONS.
func (n *neo4jServer) driver(tb testing.TB) neo4j.DriverWithContext {
	tb.Helper()
	d, err := neo4j.NewDriverWithContext(n.uri, neo4j.BasicAuth("neo4j", neo4jPassword, ""))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close(context.Background()) })
	return d
}

// graphState is what "the graph is exactly as before" compares: counts, and
// neo4jstore's fingerprint of every node, relationship, index and constraint.
type graphState struct {
	Nodes, Relationships int64
	Fingerprint          string
}

func (g graphState) String() string {
	fp := g.Fingerprint
	if len(fp) > 16 {
		fp = fp[:16]
	}
	return fmt.Sprintf("%d nodes, %d relationships, fingerprint %s…", g.Nodes, g.Relationships, fp)
}

func readState(tb testing.TB, d neo4j.DriverWithContext, s *neo4jstore.Store) graphState {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var g graphState
	for q, dst := range map[string]*int64{
		"MATCH (n) RETURN count(n) AS c":        &g.Nodes,
		"MATCH ()-[r]->() RETURN count(r) AS c": &g.Relationships,
	} {
		res, err := neo4j.ExecuteQuery(ctx, d, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
		*dst = res.Records[0].Values[0].(int64)
	}
	fp, err := s.Fingerprint(ctx)
	if err != nil {
		tb.Fatalf("Fingerprint: %v", err)
	}
	g.Fingerprint = fp
	return g
}

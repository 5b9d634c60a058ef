package analytics_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/analytics"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/export"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/pycheck"
	"github.com/graphapi/graphapi/internal/testseed"
)

// mustStore returns an embedded store holding ds.
func mustStore(tb testing.TB, ds *entities.Dataset) *memstore.Store {
	tb.Helper()
	s := memstore.New()
	if _, err := s.Replace(context.Background(), ds); err != nil {
		tb.Fatal(err)
	}
	return s
}

func mali(tb testing.TB) *entities.Dataset {
	tb.Helper()
	ds := testseed.Mali(tb)
	return ds
}

// networkxAnswers is what scripts/check_graphml.py prints.
type networkxAnswers struct {
	Nodes              int                `json:"nodes"`
	Degree             map[string]float64 `json:"degree"`
	Betweenness        map[string]float64 `json:"betweenness"`
	BetweennessSeconds float64            `json:"betweenness_seconds"`
	Components         [][]string         `json:"components"`
	Distances          map[string]string  `json:"distances"`
	ArticulationPoints []string           `json:"articulation_points"`
	Bridges            [][2]string        `json:"bridges"`
}

// runNetworkx exports store as GraphML and has networkx analyse it.
func runNetworkx(tb testing.TB, store entities.Exporter, every int) networkxAnswers {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "graph.graphml")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	if err := export.Write(context.Background(), store, entities.ExportQuery{}, export.GraphML, f); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	var nx networkxAnswers
	if err := json.Unmarshal(pycheck.Run(tb, "check_graphml.py", p, fmt.Sprint(every)), &nx); err != nil {
		tb.Fatal(err)
	}
	return nx
}

// loadAverage is the machine's 1, 5 and 15 minute load averages, where Linux
// gives them.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// distanceDigest is check_graphml.py's digest of one node's path lengths.
func distanceDigest(g *analytics.Graph, from int) string {
	dist := g.Distances(from)
	var lines []string
	for i, d := range dist {
		if d >= 0 {
			lines = append(lines, fmt.Sprintf("%s %d\n", g.IDs[i], d))
		}
	}
	slices.Sort(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "")))
	return hex.EncodeToString(h[:])
}

// TestNetworkxAgrees: networkx reads the GraphML export, and its degrees,
// betweenness (within 1e-9), components, shortest-path lengths, articulation
// points and bridges equal graphapi's, on the Mali graph (all pairs), on a
// sparse generated graph of 1,000 entities (many bridges and cut vertices;
// path lengths from every 10th node) and on a generated graph as large as the
// API ever analyses (entities.DefaultLimits' analytics cap; path lengths from
// every 20th node; betweenness for all). A larger graph proves nothing more:
// it runs the same code on more rows, and networkx's betweenness on 10,000
// entities took 13 minutes of a clean machine's test run.
func TestNetworkxAgrees(t *testing.T) {
	lim := entities.DefaultLimits
	cases := []struct {
		name  string
		ds    *entities.Dataset
		every int
	}{
		{"mali", mali(t), 1},
		{"generated-sparse-1k", gen.Generate(7, 1000, 1100), 10},
		{"generated-at-analytics-cap", gen.Generate(11, lim.MaxAnalyticsEntities, lim.MaxAnalyticsRelationships), 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkAgainstNetworkx(t, tc.ds, tc.every)
		})
	}
}

// BenchmarkNetworkx10k is the check of TestNetworkxAgrees on a generated graph
// of 10,000 entities (path lengths from every 50th node): BENCHMARKS.md's
// figure of gonum's betweenness beside networkx's, too long for the tests.
func BenchmarkNetworkx10k(b *testing.B) {
	ds := gen.Generate(11, 10000, 20000)
	for b.Loop() {
		checkAgainstNetworkx(b, ds, 50)
	}
}

// checkAgainstNetworkx has networkx analyse ds's GraphML export and fails tb
// unless its degrees, betweenness (within 1e-9), components, shortest-path
// lengths (from every every-th node), articulation points and bridges equal
// graphapi's. It logs both betweenness times.
func checkAgainstNetworkx(tb testing.TB, ds *entities.Dataset, every int) {
	tb.Helper()
	store := mustStore(tb, ds)
	nx := runNetworkx(tb, store, every)
	g, err := analytics.Load(context.Background(), store, entities.ExportQuery{}, analytics.Cap{})
	if err != nil {
		tb.Fatal(err)
	}
	if nx.Nodes != len(g.IDs) {
		tb.Fatalf("networkx read %d nodes, graphapi has %d", nx.Nodes, len(g.IDs))
	}
	start := time.Now()
	bc := g.Betweenness()
	// Both times, taken in this one run, are BENCHMARKS.md's figures;
	// the load average says how busy the machine was.
	tb.Logf("betweenness of %d nodes: graphapi (gonum) %s, networkx %.3fs (load average %s)",
		len(g.IDs), time.Since(start).Round(time.Millisecond), nx.BetweennessSeconds, loadAverage())
	deg := g.Degree()
	for i, id := range g.IDs {
		if nx.Degree[id] != deg[i] {
			tb.Errorf("%s: degree %v, networkx %v", id, deg[i], nx.Degree[id])
		}
		if d := math.Abs(nx.Betweenness[id] - bc[i]); d > 1e-9 {
			tb.Errorf("%s: betweenness %v, networkx %v", id, bc[i], nx.Betweenness[id])
		}
	}
	if comps := g.Components(); !slices.EqualFunc(comps, nx.Components, slices.Equal) {
		tb.Errorf("components differ: graphapi %d, networkx %d", len(comps), len(nx.Components))
	}
	brokers := g.Brokers()
	if !slices.Equal(brokers.ArticulationPoints, nx.ArticulationPoints) {
		tb.Errorf("articulation points differ: graphapi %d %.10q, networkx %d %.10q",
			len(brokers.ArticulationPoints), brokers.ArticulationPoints, len(nx.ArticulationPoints), nx.ArticulationPoints)
	}
	if !slices.Equal(brokers.Bridges, nx.Bridges) {
		tb.Errorf("bridges differ: graphapi %d, networkx %d", len(brokers.Bridges), len(nx.Bridges))
	}
	tb.Logf("%d articulation points, %d bridges", len(brokers.ArticulationPoints), len(brokers.Bridges))
	checked := 0
	for i := 0; i < len(g.IDs); i += every {
		if got, want := distanceDigest(g, i), nx.Distances[g.IDs[i]]; got != want {
			tb.Errorf("%s: shortest-path lengths differ from networkx's", g.IDs[i])
		}
		checked++
	}
	if checked != len(nx.Distances) {
		tb.Errorf("checked path lengths from %d nodes, networkx gave %d", checked, len(nx.Distances))
	}
}

// BenchmarkBetweenness times betweenness at the default analytics cap
// (entities.DefaultLimits), which must fit in the default 10 s deadline, and
// below it.
func BenchmarkBetweenness(b *testing.B) {
	lim := entities.DefaultLimits
	for _, size := range [][2]int{{lim.MaxAnalyticsEntities, lim.MaxAnalyticsRelationships}, {2000, 4000}, {1000, 1100}} {
		b.Run(fmt.Sprintf("%d-entities-%d-relationships", size[0], size[1]), func(b *testing.B) {
			store := mustStore(b, gen.Generate(11, size[0], size[1]))
			g, err := analytics.Load(context.Background(), store, entities.ExportQuery{}, analytics.Cap{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				g.Betweenness()
			}
		})
	}
}

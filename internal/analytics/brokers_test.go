package analytics

import (
	"fmt"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/graphapi/graphapi/internal/entities"
)

// handMade builds a graph from its ids and its edges as id pairs, as an
// export would feed it.
func handMade(tb testing.TB, ids []string, edges [][2]string) *Graph {
	tb.Helper()
	g := &Graph{g: simple.NewUndirectedGraph(), index: map[string]int64{}}
	for _, id := range ids {
		if err := g.Entity(&entities.Entity{ID: id, Name: "name of " + id}); err != nil {
			tb.Fatal(err)
		}
	}
	for i, e := range edges {
		if err := g.Relationship(&entities.Relationship{ID: fmt.Sprint("r", i), From: e[0], To: e[1]}); err != nil {
			tb.Fatal(err)
		}
	}
	return g
}

func TestBrokers(t *testing.T) {
	cases := []struct {
		name    string
		ids     []string
		edges   [][2]string
		points  []string
		bridges [][2]string
	}{
		{"empty", nil, nil, []string{}, [][2]string{}},
		{"one node", []string{"a"}, nil, []string{}, [][2]string{}},
		{"isolated nodes", []string{"a", "b", "c"}, nil, []string{}, [][2]string{}},
		{"one edge", []string{"a", "b"}, [][2]string{{"b", "a"}}, []string{}, [][2]string{{"a", "b"}}},
		{"path", []string{"a", "b", "c", "d"}, [][2]string{{"a", "b"}, {"c", "b"}, {"c", "d"}},
			[]string{"b", "c"}, [][2]string{{"a", "b"}, {"b", "c"}, {"c", "d"}}},
		{"path out of id order", []string{"a", "b", "c", "d"}, [][2]string{{"d", "a"}, {"a", "c"}, {"c", "b"}},
			[]string{"a", "c"}, [][2]string{{"a", "c"}, {"a", "d"}, {"b", "c"}}},
		{"cycle", []string{"a", "b", "c", "d"}, [][2]string{{"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "a"}},
			[]string{}, [][2]string{}},
		{"two cycles joined by a bridge", []string{"a", "b", "c", "d", "e", "f"},
			[][2]string{{"a", "b"}, {"b", "c"}, {"c", "a"}, {"d", "e"}, {"e", "f"}, {"f", "d"}, {"d", "c"}},
			[]string{"c", "d"}, [][2]string{{"c", "d"}}},
		{"two cycles sharing a node", []string{"a", "b", "c", "d", "e"},
			[][2]string{{"a", "b"}, {"b", "c"}, {"c", "a"}, {"c", "d"}, {"d", "e"}, {"e", "c"}},
			[]string{"c"}, [][2]string{}},
		{"star", []string{"hub", "l1", "l2", "l3", "l4"},
			[][2]string{{"hub", "l1"}, {"l2", "hub"}, {"hub", "l3"}, {"l4", "hub"}},
			[]string{"hub"}, [][2]string{{"hub", "l1"}, {"hub", "l2"}, {"hub", "l3"}, {"hub", "l4"}}},
		{"star of two leaves", []string{"a", "b", "c"}, [][2]string{{"b", "a"}, {"b", "c"}},
			[]string{"b"}, [][2]string{{"a", "b"}, {"b", "c"}}},
		// Parallel relationships count once and self-loops not at all, so a
		// doubled link is still a bridge.
		{"parallel edges and self-loops", []string{"a", "b", "c"},
			[][2]string{{"a", "b"}, {"b", "a"}, {"b", "b"}, {"b", "c"}, {"c", "c"}},
			[]string{"b"}, [][2]string{{"a", "b"}, {"b", "c"}}},
		{"two components", []string{"a", "b", "c", "x", "y", "z"},
			[][2]string{{"a", "b"}, {"b", "c"}, {"x", "y"}, {"y", "z"}, {"z", "x"}},
			[]string{"b"}, [][2]string{{"a", "b"}, {"b", "c"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := handMade(t, tc.ids, tc.edges).Brokers()
			if !reflect.DeepEqual(got.ArticulationPoints, tc.points) {
				t.Errorf("articulation points %q, want %q", got.ArticulationPoints, tc.points)
			}
			if !reflect.DeepEqual(got.Bridges, tc.bridges) {
				t.Errorf("bridges %q, want %q", got.Bridges, tc.bridges)
			}
		})
	}
}

// TestBrokersLongPath: the search is iterative, so a path far deeper than any
// sensible recursion finishes, with every inner node a cut and every edge a
// bridge.
func TestBrokersLongPath(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	ids := make([]string, n)
	edges := make([][2]string, n-1)
	for i := range ids {
		ids[i] = fmt.Sprintf("n%07d", i)
		if i > 0 {
			edges[i-1] = [2]string{ids[i-1], ids[i]}
		}
	}
	got := handMade(t, ids, edges).Brokers()
	if len(got.ArticulationPoints) != n-2 || got.ArticulationPoints[0] != ids[1] || got.ArticulationPoints[n-3] != ids[n-2] {
		t.Errorf("%d articulation points, want %d", len(got.ArticulationPoints), n-2)
	}
	if len(got.Bridges) != n-1 || got.Bridges[0] != [2]string{ids[0], ids[1]} {
		t.Errorf("%d bridges, want %d", len(got.Bridges), n-1)
	}
}

func TestName(t *testing.T) {
	g := handMade(t, []string{"a"}, nil)
	if g.Name("a") != "name of a" || g.Name("nope") != "" {
		t.Errorf("Name: %q, %q", g.Name("a"), g.Name("nope"))
	}
}

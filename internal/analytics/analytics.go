// Package analytics answers who the key players and brokers are, over any part
// of the graph an export selects, with gonum/graph rather than hand-written
// algorithms. Both stores answer alike because both feed the same export
// stream (entities.Exporter) into the same code: the Neo4j store is read page
// by page and the computation runs here, in Go, not in a Neo4j plugin.
//
// The graph analysed is undirected and simple: a relationship links its two
// ends whatever its direction and type, parallel relationships count once and
// self-loops not at all, as networkx.Graph(G.to_undirected()) sees the GraphML
// export. Degree is the exception: it counts every relationship touching the
// entity (a self-loop twice), as networkx's degree of the exported MultiDiGraph.
package analytics

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
	"gonum.org/v1/gonum/graph/traverse"

	"github.com/graphapi/graphapi/internal/entities"
)

// Graph is one exported graph ready for analysis. Node i is IDs[i]; ids come
// in id order, as the export sends them.
type Graph struct {
	IDs    []string
	Names  []string
	degree []int
	g      *simple.UndirectedGraph
	index  map[string]int64
	cap    Cap
	rels   int
}

// Cap is the largest graph Load takes: gonum's algorithms take no context and
// betweenness costs time in entities × relationships, so the only way to keep
// an analysis inside a deadline is to refuse a graph too large before
// starting. A zero field is no cap.
type Cap struct {
	Entities      int
	Relationships int
}

// TooLargeError is Load's error for a graph past its Cap: it has more than Max
// of What ("entities" or "relationships").
type TooLargeError struct {
	What string
	Max  int
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the graph has more than %d %s, the most the analytics take", e.Max, e.What)
}

// Load reads what q selects from ex, stopping as soon as it passes c with a
// *TooLargeError (so that a refused graph is never read whole); the other
// errors are Export's.
func Load(ctx context.Context, ex entities.Exporter, q entities.ExportQuery, c Cap) (*Graph, error) {
	g := &Graph{g: simple.NewUndirectedGraph(), index: map[string]int64{}, cap: c}
	if err := ex.Export(ctx, q, g); err != nil {
		return nil, err
	}
	return g, nil
}

// Sources ignores the sources: analysis needs only the structure.
func (g *Graph) Sources([]entities.Source) error { return nil }

// Entity adds one node.
func (g *Graph) Entity(e *entities.Entity) error {
	n := int64(len(g.IDs))
	if g.cap.Entities > 0 && int(n) >= g.cap.Entities {
		return &TooLargeError{What: "entities", Max: g.cap.Entities}
	}
	g.IDs = append(g.IDs, e.ID)
	g.Names = append(g.Names, e.Name)
	g.degree = append(g.degree, 0)
	g.index[e.ID] = n
	g.g.AddNode(simple.Node(n))
	return nil
}

// Relationship adds one edge (once per pair; self-loops only count for degree).
func (g *Graph) Relationship(r *entities.Relationship) error {
	if g.cap.Relationships > 0 && g.rels >= g.cap.Relationships {
		return &TooLargeError{What: "relationships", Max: g.cap.Relationships}
	}
	g.rels++
	u, v := g.index[r.From], g.index[r.To]
	g.degree[u]++
	g.degree[v]++
	if u != v && !g.g.HasEdgeBetween(u, v) {
		g.g.SetEdge(simple.Edge{F: simple.Node(u), T: simple.Node(v)})
	}
	return nil
}

// Degree returns each node's degree: the relationships touching it.
func (g *Graph) Degree() []float64 {
	out := make([]float64, len(g.degree))
	for i, d := range g.degree {
		out[i] = float64(d)
	}
	return out
}

// Betweenness returns each node's betweenness centrality, normalized as
// networkx's betweenness_centrality does by default for an undirected graph:
// gonum's sum over ordered pairs (s, t) divided by (n-1)(n-2), left as it is
// for n ≤ 2.
func (g *Graph) Betweenness() []float64 {
	n := len(g.IDs)
	out := make([]float64, n)
	for id, v := range network.Betweenness(g.g) {
		out[id] = v
	}
	if n > 2 {
		scale := 1 / float64((n-1)*(n-2))
		for i := range out {
			out[i] *= scale
		}
	}
	return out
}

// Components returns the connected components, each as its ids in id order,
// largest first, ties broken by the first id.
func (g *Graph) Components() [][]string {
	var out [][]string
	for _, c := range topo.ConnectedComponents(g.g) {
		ids := make([]string, len(c))
		for i, n := range c {
			ids[i] = g.IDs[n.ID()]
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	slices.SortFunc(out, func(a, b []string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a[0], b[0]))
	})
	return out
}

// Distances returns the hop count from node from to every node it reaches,
// by a breadth-first walk; -1 for the nodes it does not reach.
func (g *Graph) Distances(from int) []int {
	dist := make([]int, len(g.IDs))
	for i := range dist {
		dist[i] = -1
	}
	bf := traverse.BreadthFirst{}
	bf.Walk(g.g, simple.Node(int64(from)), func(n graph.Node, depth int) bool {
		dist[n.ID()] = depth
		return false
	})
	return dist
}

// Score is one node's value of a measure.
type Score struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// A centrality answer lists DefaultTop entities per measure unless asked for
// another number, and at most MaxTop: past that the answer is the graph, which
// the export serves better.
const (
	DefaultTop = 20
	MaxTop     = 1000
)

// TopCount is how many entities to list when n were asked for (0: not asked);
// EINVALID outside 1..MaxTop.
func TopCount(n int) (int, error) {
	switch {
	case n == 0:
		return DefaultTop, nil
	case n < 1 || n > MaxTop:
		return 0, entities.Errorf(entities.EINVALID, "top must be between 1 and %d, not %d", MaxTop, n)
	}
	return n, nil
}

// Top returns the n nodes with the highest values, highest first, ties broken
// by id.
func (g *Graph) Top(values []float64, n int) []Score {
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(values[b], values[a]), strings.Compare(g.IDs[a], g.IDs[b]))
	})
	order = order[:min(n, len(order))]
	out := make([]Score, len(order))
	for i, j := range order {
		out[i] = Score{ID: g.IDs[j], Name: g.Names[j], Value: values[j]}
	}
	return out
}

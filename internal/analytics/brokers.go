package analytics

import (
	"cmp"
	"slices"
	"strings"
)

// Brokers are the entities and links whose loss would split the graph: the
// articulation points (cut vertices) and bridges (cut edges) of the
// undirected simple graph, the same graph Betweenness and Components see.
type Brokers struct {
	// ArticulationPoints are entity ids, sorted.
	ArticulationPoints []string
	// Bridges are id pairs [a, b] with a < b, sorted.
	Bridges [][2]string
}

// Brokers returns the articulation points and bridges, as networkx's
// articulation_points and bridges find them.
//
// gonum (v0.17, graph/topo) has no biconnected components, articulation
// points or bridges, so this is Tarjan's low-link depth-first search, written
// here over gonum's graph (its nodes and From). It is iterative, with an
// explicit stack, not recursive: a path of a million entities would otherwise
// be a million nested calls. Time and memory are linear in nodes plus edges.
func (g *Graph) Brokers() Brokers {
	n := len(g.IDs)
	// Adjacency in compressed rows, read once from gonum: start[v] to
	// start[v+1] in adj are v's neighbours.
	// The degrees, counting every relationship, bound the adjacency's size.
	size := 0
	for _, d := range g.degree {
		size += d
	}
	start := make([]int, n+1)
	adj := make([]int32, 0, size)
	for v := range n {
		start[v] = len(adj)
		nb := g.g.From(int64(v))
		for nb.Next() {
			adj = append(adj, int32(nb.Node().ID()))
		}
	}
	start[n] = len(adj)

	disc := make([]int32, n) // discovery time, from 1; 0 is unvisited
	low := make([]int32, n)  // lowest discovery time reachable by one back edge from v's subtree
	parent := make([]int32, n)
	next := make([]int, n) // v's next neighbour to look at, an index into adj
	cut := make([]bool, n)
	var bridges [][2]int32
	stack := make([]int32, 0, 64)
	var clock int32
	for root := range n {
		if disc[root] != 0 {
			continue
		}
		clock++
		disc[root], low[root], parent[root] = clock, clock, -1
		next[root] = start[root]
		stack = append(stack[:0], int32(root))
		rootChildren := 0
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			if next[v] < start[v+1] {
				w := adj[next[v]]
				next[v]++
				switch {
				case disc[w] == 0: // tree edge: descend
					clock++
					disc[w], low[w], parent[w] = clock, clock, v
					next[w] = start[w]
					stack = append(stack, w)
					if int(v) == root {
						rootChildren++
					}
				case w != parent[v]: // back edge (the graph is simple: one edge to the parent)
					low[v] = min(low[v], disc[w])
				}
				continue
			}
			// v is done: hand its low-link up to its parent.
			stack = stack[:len(stack)-1]
			p := parent[v]
			if p < 0 {
				continue
			}
			low[p] = min(low[p], low[v])
			if low[v] > disc[p] {
				bridges = append(bridges, [2]int32{p, v})
			}
			if int(p) != root && low[v] >= disc[p] {
				cut[p] = true
			}
		}
		if rootChildren >= 2 {
			cut[root] = true
		}
	}

	out := Brokers{ArticulationPoints: []string{}, Bridges: make([][2]string, 0, len(bridges))}
	for v, c := range cut {
		if c {
			out.ArticulationPoints = append(out.ArticulationPoints, g.IDs[v])
		}
	}
	slices.Sort(out.ArticulationPoints)
	for _, e := range bridges {
		a, b := g.IDs[e[0]], g.IDs[e[1]]
		if b < a {
			a, b = b, a
		}
		out.Bridges = append(out.Bridges, [2]string{a, b})
	}
	slices.SortFunc(out.Bridges, func(x, y [2]string) int {
		return cmp.Or(strings.Compare(x[0], y[0]), strings.Compare(x[1], y[1]))
	})
	return out
}

// Name returns the name of the entity with this id, "" if the graph lacks it.
func (g *Graph) Name(id string) string {
	if i, ok := g.index[id]; ok {
		return g.Names[i]
	}
	return ""
}

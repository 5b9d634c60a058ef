package memstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/graphapi/graphapi/internal/entities"
)

// Paths returns every shortest path from q.From to q.To no longer than
// q.MaxDepth, in the lexicographic order of semantics.go, cut at q.Limit. No
// paths (not an error) when none exists; ENOTFOUND when either end is unknown,
// EINVALID for bad options, ETIMEOUT past ctx's deadline.
//
// A bidirectional BFS finds the length L, expanding whichever frontier is
// cheaper. It leaves complete forward layers 0..kF and backward layers 0..kB
// with kF+kB >= L. A node is "good" at position i (on some shortest path, i
// hops from From) when i >= p = L-kB and its backward distance is L-i, or when
// i < p and it is marked: the marks are propagated from layer p back to From
// over the forward layers. Enumerating from From over good nodes only then
// never meets a dead end, so its cost follows the size of the answer.
func (s *Store) Paths(ctx context.Context, q entities.PathQuery) (*entities.PathResult, error) {
	if err := q.Validate(s.limits); err != nil {
		return nil, err
	}
	if err := entities.ContextError(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	from, err := sn.lookup(q.From)
	if err != nil {
		return nil, err
	}
	to, err := sn.lookup(q.To)
	if err != nil {
		return nil, err
	}
	f, err := sn.newFilter(q.Types, q.AsOf, from, to)
	if err != nil {
		return nil, err
	}
	if from == to {
		return &entities.PathResult{
			Paths: []entities.Path{{Nodes: []string{q.From}, Edges: []entities.Relationship{}}},
			Nodes: sn.entityList([]int32{from}),
		}, nil
	}
	none := &entities.PathResult{Paths: []entities.Path{}, Nodes: []entities.Entity{}}

	sc := sn.getScratch()
	defer sn.putScratch(sc)
	n, gen := len(sn.ids), sc.gen
	b := &budget{ctx: ctx}
	fw, bw := sc.walk(0, n), sc.walk(1, n)
	fw.visit(from, 0, gen)
	bw.visit(to, 0, gen)
	fLayers := []int{0} // fLayers[i] is where forward layer i starts in fw.queue
	bLayer := 0         // where the last backward layer starts in bw.queue
	kF, kB, L := 0, 0, -1
	for L < 0 && kF+kB < q.MaxDepth {
		fStart := fLayers[kF]
		fFront, bFront := fw.queue[fStart:], bw.queue[bLayer:]
		if len(fFront) == 0 || len(bFront) == 0 {
			return none, nil
		}
		forward := sn.cost(fFront, q.Direction) <= sn.cost(bFront, reverse(q.Direction))
		w, other, dir, d, start := fw, bw, q.Direction, int32(kF), fStart
		if !forward {
			w, other, dir, d, start = bw, fw, reverse(q.Direction), int32(kB), bLayer
		}
		end := len(w.queue)
		for i := start; i < end; i++ {
			var work int
			sc.steps, work = sn.steps(sc.steps[:0], w.queue[i], dir, &f)
			for _, st := range sc.steps {
				if w.reached(st.to, gen) {
					continue
				}
				w.visit(st.to, d+1, gen)
				if other.reached(st.to, gen) {
					if l := int(d + 1 + other.dist(st.to)); L < 0 || l < L {
						L = l
					}
				}
			}
			if err := b.spend(work + 1); err != nil {
				return nil, err
			}
		}
		if forward {
			kF++
			fLayers = append(fLayers, end)
		} else {
			kB++
			bLayer = end
		}
	}
	if L < 0 {
		return none, nil
	}

	// Mark the good nodes of positions p-1 down to 1 (From, at 0, is good).
	p := L - kB
	keep := sc.keepSet(n)
	for i := p - 1; i >= 1; i-- {
		for _, u := range fw.queue[fLayers[i]:fLayers[i+1]] {
			sc.steps, _ = sn.steps(sc.steps[:0], u, q.Direction, &f)
			for _, st := range sc.steps {
				if (i+1 == p && bw.reached(st.to, gen) && bw.dist(st.to) == int32(kB)) ||
					(i+1 < p && keep[st.to] == gen && fw.dist(st.to) == int32(i+1)) {
					keep[u] = gen
					break
				}
			}
		}
		if err := b.spend(fLayers[i+1] - fLayers[i]); err != nil {
			return nil, err
		}
	}
	good := func(v int32, i int) bool {
		if i >= p {
			return bw.reached(v, gen) && bw.dist(v) == int32(L-i)
		}
		return keep[v] == gen && fw.dist(v) == int32(i)
	}

	e := enumerator{sn: sn, f: &f, dir: q.Direction, limit: q.Limit, good: good, b: b, nodes: []int32{from}}
	if err := e.walk(from, L); err != nil {
		return nil, err
	}
	res := &entities.PathResult{Paths: e.paths, Length: L, Truncated: e.truncated}
	var on []int32
	for _, path := range e.found {
		on = append(on, path...)
	}
	slices.Sort(on)
	res.Nodes = sn.entityList(slices.Compact(on))
	return res, nil
}

// cost estimates the work of expanding a frontier: the adjacency it scans.
func (sn *snapshot) cost(front []int32, dir entities.Direction) int {
	c := 0
	for _, u := range front {
		if dir != entities.In {
			c += int(sn.outOff[u+1] - sn.outOff[u])
		}
		if dir != entities.Out {
			c += int(sn.inOff[u+1] - sn.inOff[u])
		}
	}
	return c
}

// enumerator lists paths depth first over good nodes, taking at each node its
// steps in (next node id, edge id) order, so paths come out in lexicographic
// order and the first limit of them are the ones to return.
type enumerator struct {
	sn        *snapshot
	f         *filter
	dir       entities.Direction
	limit     int
	good      func(v int32, i int) bool
	b         *budget
	nodes     []int32 // the current path
	edges     []int32
	paths     []entities.Path
	found     [][]int32 // node ids of each path in paths
	truncated bool
}

// walk extends the current path, ending at u, by `left` more hops. It stops
// once it has seen one path more than the limit.
func (e *enumerator) walk(u int32, left int) error {
	if left == 0 {
		if len(e.paths) == e.limit {
			e.truncated = true
			return nil
		}
		e.emit()
		return nil
	}
	i := len(e.nodes) // the position of the next node
	steps, work := e.sn.steps(nil, u, e.dir, e.f)
	if err := e.b.spend(work + 1); err != nil {
		return err
	}
	steps = slices.DeleteFunc(steps, func(st step) bool { return !e.good(st.to, i) })
	slices.SortFunc(steps, func(a, b step) int {
		if c := cmp.Compare(a.to, b.to); c != 0 {
			return c
		}
		// Parallel edges between the same two nodes: order by edge id.
		return cmp.Compare(e.sn.idRank[a.edge], e.sn.idRank[b.edge])
	})
	for _, st := range steps {
		e.nodes = append(e.nodes, st.to)
		e.edges = append(e.edges, st.edge)
		err := e.walk(st.to, left-1)
		e.nodes, e.edges = e.nodes[:i], e.edges[:i-1]
		if err != nil || e.truncated {
			return err
		}
	}
	return nil
}

func (e *enumerator) emit() {
	p := entities.Path{Nodes: make([]string, len(e.nodes)), Edges: make([]entities.Relationship, len(e.edges))}
	for i, v := range e.nodes {
		p.Nodes[i] = e.sn.ids[v]
	}
	for i, x := range e.edges {
		p.Edges[i] = e.sn.relationship(&e.sn.edges[x], e.sn.edgeID(x))
	}
	e.paths = append(e.paths, p)
	e.found = append(e.found, slices.Clone(e.nodes))
}

package memstore

import "github.com/graphapi/graphapi/internal/entities"

// scratch is per-query working space, pooled per snapshot so that a query
// neither allocates nor clears arrays the size of the graph. A node's entry is
// valid only when its stamp equals gen, and gen moves on with every query.
type scratch struct {
	gen   uint32
	walks [2]walk
	keep  []uint32 // stamp: the node is kept (neighbourhood, lineage, subgraph) or good (paths)
	steps []step   // one node's steps, reused across the nodes of a walk
	sink  uint32   // where loads made only to warm the cache store their sum

	// Neighbors' walk, which needs no marks: see neighbors.go.
	order   []int32
	keys    [2][]uint64
	cursors []cursor
	small   []int32
	table   []uint64
}

// walk is one breadth-first walk: which nodes it reached and how far away.
type walk struct {
	marks []mark // by node
	queue []int32
}

// mark is a node's place in a walk, valid when gen is the query's. Stamp and
// distance share one record because a walk reads them together for nodes
// scattered over the graph: one cache miss a node instead of two.
type mark struct {
	gen  uint32
	dist int32
}

func (sn *snapshot) getScratch() *scratch {
	sc := sn.pool.Get().(*scratch)
	sc.gen++
	if sc.gen == 0 { // wrapped: stale stamps could match again
		for i := range sc.walks {
			clear(sc.walks[i].marks)
		}
		clear(sc.keep)
		sc.gen = 1
	}
	return sc
}

func (sn *snapshot) putScratch(sc *scratch) { sn.pool.Put(sc) }

// walk returns walk i sized for n nodes, allocating it on first use: most
// queries need one walk, paths and lineage two.
func (sc *scratch) walk(i, n int) *walk {
	w := &sc.walks[i]
	if len(w.marks) != n {
		w.marks = make([]mark, n)
	}
	w.queue = w.queue[:0]
	return w
}

func (sc *scratch) keepSet(n int) []uint32 {
	if len(sc.keep) != n {
		sc.keep = make([]uint32, n)
	}
	return sc.keep
}

func (w *walk) reached(v int32, gen uint32) bool { return w.marks[v].gen == gen }

// dist is v's distance; meaningful only when v was reached.
func (w *walk) dist(v int32) int32 { return w.marks[v].dist }

func (w *walk) visit(v int32, d int32, gen uint32) {
	w.marks[v] = mark{gen, d}
	w.queue = append(w.queue, v)
}

// filter is a query's type filter and as_of, with the entities the query names,
// which as_of never removes.
type filter struct {
	sn      *snapshot
	types   uint32 // bit t set when type t passes
	asOf    bool
	knownBy bool // as_of is "known by" (lineage): only starts count
	none    bool // no type filter and no as_of: every edge and node passes
	day     uint32
	named   [2]int32
}

func (sn *snapshot) newFilter(types []entities.RelType, asOf entities.AsOf, a, b int32) (filter, error) {
	f := filter{sn: sn, named: [2]int32{a, b}}
	if len(types) == 0 {
		f.types = ^uint32(0)
	}
	for _, t := range types {
		i, _ := entities.RelTypeIndex(t) // Validate has checked it
		f.types |= 1 << i
	}
	if asOf.Set {
		day, ok := asOfKey(asOf.Date)
		if !ok {
			return f, invalid("as_of %q is not a date", asOf.Date.String())
		}
		f.asOf, f.day = true, day
	}
	all := uint32(1)<<len(entities.RelTypes) - 1
	f.none = !f.asOf && f.types&all == all
	return f, nil
}

// nodeOK reports whether node v passes as_of.
func (f *filter) nodeOK(v int32) bool {
	if !f.asOf || v == f.named[0] || v == f.named[1] {
		return true
	}
	p := &f.sn.periods[v]
	if f.knownBy {
		return p.start.first() <= f.day
	}
	return holds(p.start, p.end, f.day)
}

// edgeOK reports whether edge e passes the type filter and whether its own
// period holds; its ends are checked apart. e is a record of edges or the copy
// in an in-entry, whichever the caller is reading.
func (f *filter) edgeOK(e *edge) bool {
	if f.types&(1<<e.typ) == 0 {
		return false
	}
	if !f.asOf {
		return true
	}
	if f.knownBy {
		return e.since.first() <= f.day
	}
	return holds(e.since, e.until, f.day)
}

// step is one way a walk may take an edge: to neighbour `to` over edge `edge`.
type step struct {
	to   int32
	edge int32
}

// steps appends to buf the steps from u that follow edges the way dir says
// (out: from start to end; in: from end to start) and pass f, the far end
// included. It returns the number of adjacency entries examined, for budget.
func (sn *snapshot) steps(buf []step, u int32, dir entities.Direction, f *filter) ([]step, int) {
	work := 0
	if dir != entities.In {
		lo, hi := sn.outOff[u], sn.outOff[u+1]
		for i := lo; i < hi; i++ {
			e := &sn.edges[i]
			if f.edgeOK(e) && f.nodeOK(e.to) {
				buf = append(buf, step{e.to, i})
			}
		}
		work += int(hi - lo)
	}
	if dir != entities.Out {
		in := sn.in[sn.inOff[u]:sn.inOff[u+1]]
		for i := range in {
			x := &in[i]
			if f.edgeOK(&x.edge) && f.nodeOK(x.from) {
				buf = append(buf, step{x.from, x.idx})
			}
		}
		work += len(in)
	}
	return buf, work
}

func reverse(dir entities.Direction) entities.Direction {
	switch dir {
	case entities.Out:
		return entities.In
	case entities.In:
		return entities.Out
	}
	return entities.Both
}

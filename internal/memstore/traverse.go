package memstore

import (
	"context"
	"slices"

	"graphapi/internal/entities"
)

// Neighbors returns the neighbourhood of q.ID as semantics.go defines it:
// nodes by (dist, id) cut at q.Limit, and every filtered edge between kept
// nodes that was walkable from an end nearer than q.Depth. ENOTFOUND for an
// unknown id, EINVALID for bad options, ETIMEOUT past ctx's deadline.
func (s *Store) Neighbors(ctx context.Context, q entities.NeighborQuery) (*entities.Graph, error) {
	if err := q.Validate(s.limits); err != nil {
		return nil, err
	}
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	start, err := sn.lookup(q.ID)
	if err != nil {
		return nil, err
	}
	f, err := sn.newFilter(q.Types, q.AsOf, start, start)
	if err != nil {
		return nil, err
	}
	sc := sn.getScratch()
	defer sn.putScratch(sc)
	n, gen, depth := len(sn.ids), sc.gen, int32(q.Depth)
	b := &budget{ctx: ctx}

	w := sc.walk(0, n)
	w.visit(start, 0, gen)
	truncated := false
	for d, layer := int32(0), 0; d < depth && layer < len(w.queue); d++ {
		end := len(w.queue)
		for i := layer; i < end; i++ {
			var work int
			sc.steps, work = sn.steps(sc.steps[:0], w.queue[i], q.Direction, &f)
			for _, st := range sc.steps {
				if !w.reached(st.to, gen) {
					w.visit(st.to, d+1, gen)
				}
			}
			if err := b.spend(work + 1); err != nil {
				return nil, err
			}
		}
		layer = end
		if len(w.queue) > q.Limit {
			// Every later layer would be cut, and part of this one: keep its
			// smallest ids and stop walking.
			selectSmallest(w.queue[end:], q.Limit-end)
			truncated = true
			break
		}
		slices.Sort(w.queue[end:]) // BFS gives dist order; each layer needs id order
	}
	kept := w.queue[:min(len(w.queue), q.Limit)]
	keep := sc.keepSet(n)
	for _, v := range kept {
		keep[v] = gen
	}

	var es []int32
	for _, u := range kept {
		if w.dist[u] >= depth {
			continue
		}
		if q.Direction != entities.In {
			for i := sn.outOff[u]; i < sn.outOff[u+1]; i++ {
				e := &sn.edges[i]
				if keep[e.to] == gen && f.edgeOK(e.typ, i) {
					es = append(es, i)
				}
			}
		}
		if q.Direction != entities.Out {
			for _, x := range sn.in[sn.inOff[u]:sn.inOff[u+1]] {
				// Under "both", an edge whose start is also near enough was
				// taken from that start's out-edges already.
				if keep[x.from] == gen && f.edgeOK(x.typ, x.edge) && (q.Direction == entities.In || w.dist[x.from] >= depth) {
					es = append(es, x.edge)
				}
			}
		}
		if err := b.spend(int(sn.outOff[u+1] - sn.outOff[u] + sn.inOff[u+1] - sn.inOff[u])); err != nil {
			return nil, err
		}
	}
	return &entities.Graph{Nodes: sn.entityList(kept), Edges: sn.relationshipsByID(es), Truncated: truncated}, nil
}

// selectSmallest puts the k smallest values of a, in order, in a[:k], leaving
// a[k:] in no useful state. A bounded max-heap makes it O(len(a) log k), which
// beats sorting a hub's whole neighbourhood to keep a few hundred of it.
func selectSmallest(a []int32, k int) {
	if k == 0 {
		return
	}
	h := a[:k]
	for i := k/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
	for _, x := range a[k:] {
		if x < h[0] {
			h[0] = x
			siftDown(h, 0)
		}
	}
	slices.Sort(h)
}

func siftDown(h []int32, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h[c+1] > h[c] {
			c++
		}
		if h[i] >= h[c] {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// lineageMasks say, for each lineage type (a bit per type), which end is the
// ancestor; lastLineage is the highest lineage type index, past which a node's
// type-sorted adjacency holds no lineage edge.
var ancestorIsFrom, ancestorIsTo, lastLineage = func() (from, to uint32, last uint8) {
	for i, info := range entities.RelTypes {
		switch info.Ancestor {
		case entities.AncestorIsFrom:
			from |= 1 << i
		case entities.AncestorIsTo:
			to |= 1 << i
		default:
			continue
		}
		last = uint8(i)
	}
	return from, to, last
}()

// lineageSteps appends the ancestor steps (anc) or descendant steps from u
// that pass f.
func (sn *snapshot) lineageSteps(buf []step, u int32, anc bool, f *filter) ([]step, int) {
	// An ancestor step leaves by an out-edge whose ancestor is its end, or by an
	// in-edge whose ancestor is its start; a descendant step the other way round.
	outMask, inMask := ancestorIsTo, ancestorIsFrom
	if !anc {
		outMask, inMask = ancestorIsFrom, ancestorIsTo
	}
	work := 0
	for i := sn.outOff[u]; i < sn.outOff[u+1]; i++ {
		e := &sn.edges[i]
		if e.typ > lastLineage {
			break
		}
		work++
		if outMask&(1<<e.typ) != 0 && f.edgeOK(e.typ, i) && f.nodeOK(e.to) {
			buf = append(buf, step{e.to, i})
		}
	}
	for _, x := range sn.in[sn.inOff[u]:sn.inOff[u+1]] {
		if x.typ > lastLineage {
			break
		}
		work++
		if inMask&(1<<x.typ) != 0 && f.edgeOK(x.typ, x.edge) && f.nodeOK(x.from) {
			buf = append(buf, step{x.from, x.edge})
		}
	}
	return buf, work
}

// Lineage returns q.ID's ancestors and/or descendants as semantics.go defines
// them: each walk unbounded and visiting each node once, nodes by (smaller
// dist, id) cut at q.Limit, and the lineage edges walked between kept nodes.
// ENOTFOUND for an unknown id, EINVALID for bad options, ETIMEOUT past ctx's
// deadline.
func (s *Store) Lineage(ctx context.Context, q entities.LineageQuery) (*entities.Graph, error) {
	if err := q.Validate(s.limits); err != nil {
		return nil, err
	}
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	start, err := sn.lookup(q.ID)
	if err != nil {
		return nil, err
	}
	f, err := sn.newFilter(nil, q.AsOf, start, start)
	if err != nil {
		return nil, err
	}
	sc := sn.getScratch()
	defer sn.putScratch(sc)
	n, gen := len(sn.ids), sc.gen
	b := &budget{ctx: ctx}

	run := func(i int, anc bool) (*walk, error) {
		w := sc.walk(i, n)
		w.visit(start, 0, gen)
		for j := 0; j < len(w.queue); j++ {
			u := w.queue[j]
			var work int
			sc.steps, work = sn.lineageSteps(sc.steps[:0], u, anc, &f)
			for _, st := range sc.steps {
				if !w.reached(st.to, gen) {
					w.visit(st.to, w.dist[u]+1, gen)
				}
			}
			if err := b.spend(work + 1); err != nil {
				return nil, err
			}
		}
		return w, nil
	}
	var anc, desc *walk // nil when that side is not asked for
	if q.Direction != entities.Descendants {
		if anc, err = run(0, true); err != nil {
			return nil, err
		}
	}
	if q.Direction != entities.Ancestors {
		if desc, err = run(1, false); err != nil {
			return nil, err
		}
	}
	in := func(w *walk, v int32) bool { return w != nil && w.reached(v, gen) }

	var keys []uint64 // dist<<32 | id: sorting ranks by (dist, id)
	if anc != nil {
		for _, v := range anc.queue {
			d := anc.dist[v]
			if in(desc, v) {
				d = min(d, desc.dist[v])
			}
			keys = append(keys, uint64(d)<<32|uint64(v))
		}
	}
	if desc != nil {
		for _, v := range desc.queue {
			if !in(anc, v) {
				keys = append(keys, uint64(desc.dist[v])<<32|uint64(v))
			}
		}
	}
	slices.Sort(keys)
	truncated := len(keys) > q.Limit
	kept := make([]int32, min(len(keys), q.Limit))
	keep := sc.keepSet(n)
	for i := range kept {
		kept[i] = int32(uint32(keys[i]))
		keep[kept[i]] = gen
	}

	var es []int32
	for _, u := range kept {
		if in(anc, u) {
			sc.steps, _ = sn.lineageSteps(sc.steps[:0], u, true, &f)
			for _, st := range sc.steps {
				if keep[st.to] == gen && anc.reached(st.to, gen) {
					es = append(es, st.edge)
				}
			}
		}
		if in(desc, u) {
			sc.steps, _ = sn.lineageSteps(sc.steps[:0], u, false, &f)
			for _, st := range sc.steps {
				// An edge with both ends in the ancestor walk was taken above.
				if keep[st.to] == gen && desc.reached(st.to, gen) && !(in(anc, u) && in(anc, st.to)) {
					es = append(es, st.edge)
				}
			}
		}
	}
	return &entities.Graph{Nodes: sn.entityList(kept), Edges: sn.relationshipsByID(es), Truncated: truncated}, nil
}

// Subgraph returns the named entities, duplicates dropped, ordered by id, and
// every relationship among them ordered by id; ENOTFOUND naming the first
// unknown id, EINVALID for bad options.
func (s *Store) Subgraph(ctx context.Context, q entities.SubgraphQuery) (*entities.Graph, error) {
	if err := q.Validate(s.limits); err != nil {
		return nil, err
	}
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	ds := make([]int32, 0, len(q.IDs))
	for _, id := range q.IDs {
		d, err := sn.lookup(id)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	slices.Sort(ds)
	ds = slices.Compact(ds)

	sc := sn.getScratch()
	defer sn.putScratch(sc)
	keep, gen := sc.keepSet(len(sn.ids)), sc.gen
	for _, d := range ds {
		keep[d] = gen
	}
	b := &budget{ctx: ctx}
	var es []int32
	for _, u := range ds {
		for i := sn.outOff[u]; i < sn.outOff[u+1]; i++ {
			if keep[sn.edges[i].to] == gen {
				es = append(es, i)
			}
		}
		if err := b.spend(int(sn.outOff[u+1]-sn.outOff[u]) + 1); err != nil {
			return nil, err
		}
	}
	return &entities.Graph{Nodes: sn.entityList(ds), Edges: sn.relationshipsByID(es)}, nil
}

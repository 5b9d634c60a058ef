package memstore

import (
	"context"
	"slices"

	"github.com/graphapi/graphapi/internal/entities"
)

// lineageMasks say, for each lineage type (a bit per type), which end is the
// ancestor; lastLineage is the highest lineage type index, past which a node's
// type-sorted adjacency holds no lineage edge.
var ancestorIsFrom, ancestorIsTo, lastLineage = func() (from, to uint32, last uint8) {
	mask := func(end entities.AncestorEnd) (m uint32) {
		for _, t := range entities.AncestorTypes(end) {
			i, _ := entities.RelTypeIndex(t)
			m |= 1 << i
			last = max(last, uint8(i))
		}
		return m
	}
	return mask(entities.AncestorIsFrom), mask(entities.AncestorIsTo), last
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
		if outMask&(1<<e.typ) != 0 && f.edgeOK(e) && f.nodeOK(e.to) {
			buf = append(buf, step{e.to, i})
		}
	}
	in := sn.in[sn.inOff[u]:sn.inOff[u+1]]
	for j := range in {
		x := &in[j]
		if x.typ > lastLineage {
			break
		}
		work++
		if inMask&(1<<x.typ) != 0 && f.edgeOK(&x.edge) && f.nodeOK(x.from) {
			buf = append(buf, step{x.from, x.idx})
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
	if err := entities.ContextError(ctx); err != nil {
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
	f.knownBy = true // lineage's as_of rule: what was known by the day
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
					w.visit(st.to, w.dist(u)+1, gen)
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
			d := anc.dist(v)
			if in(desc, v) {
				d = min(d, desc.dist(v))
			}
			keys = append(keys, uint64(d)<<32|uint64(v))
		}
	}
	if desc != nil {
		for _, v := range desc.queue {
			if !in(anc, v) {
				keys = append(keys, uint64(desc.dist(v))<<32|uint64(v))
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
	if err := entities.ContextError(ctx); err != nil {
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

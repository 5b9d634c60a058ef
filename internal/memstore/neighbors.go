package memstore

import (
	"context"
	"math/bits"
	"slices"
	"sort"

	"github.com/graphapi/graphapi/internal/entities"
)

// Neighbors returns the neighbourhood of q.ID as semantics.go defines it:
// nodes by (dist, id) cut at q.Limit, and every filtered edge between kept
// nodes that was walkable from an end nearer than q.Depth. ENOTFOUND for an
// unknown id, EINVALID for bad options, ETIMEOUT past ctx's deadline.
//
// Adjacency lists are sorted by type and then by neighbour, so each is a few
// runs of increasing dense ids, and dense id order is the ranking within a
// layer. A layer is built by merging the runs of the layer before: its nodes
// come out in rank order, so the merge stops as soon as the limit is reached,
// which spares most of a hub's adjacency. The nodes reached so far are kept in
// a small sorted list (and, for collecting edges, a small hash table) rather
// than marked in an array the size of the graph: a result's nodes are scattered
// over the graph, and a mark would be a cache miss each.
func (s *Store) Neighbors(ctx context.Context, q entities.NeighborQuery) (*entities.Graph, error) {
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
	f, err := sn.newFilter(q.Types, q.AsOf, start, start)
	if err != nil {
		return nil, err
	}
	sc := sn.getScratch()
	defer sn.putScratch(sc)
	depth := int32(q.Depth)
	nb := neighborhood{sn: sn, f: &f, dir: q.Direction, b: &budget{ctx: ctx}, depth: depth, cut: depth + 1, top: -1,
		queue: append(sc.order[:0], start), reached: append(sc.keys[0][:0], reachedKey(start, 0)),
		spare: sc.keys[1][:0], cursors: sc.cursors[:0], small: sc.small[:0]}
	defer func() {
		sc.order, sc.keys, sc.cursors, sc.small = nb.queue, [2][]uint64{nb.reached, nb.spare}, nb.cursors, nb.small
	}()

	inner := -1 // how many of nb.queue are nearer than depth
	for d, layer := int32(0), 0; d < depth && layer < len(nb.queue); d++ {
		end := len(nb.queue)
		if d+1 == depth {
			inner = end
		}
		if err := nb.nextLayer(nb.queue[layer:end], d+1, q.Limit-end); err != nil {
			return nil, err
		}
		layer = end
		if nb.over {
			// Part of this layer was cut, and every later layer would be: stop.
			nb.cut = d + 1
			if len(nb.queue) > end {
				nb.top = nb.queue[len(nb.queue)-1]
			}
			break
		}
	}
	kept := nb.queue
	if inner < 0 {
		inner = len(kept)
	}
	if nb.cut <= depth {
		for _, k := range nb.reached { // in id order, so highs come sorted
			if v := int32(k >> 32); v > nb.top && int32(uint32(k)) < nb.cut {
				nb.highs = append(nb.highs, v)
			}
		}
	}

	sc.table = nb.index(sc.table)
	es := make([]int32, 0, len(kept)+len(kept)/2)
	for _, u := range kept[:inner] {
		var work int
		es, work = nb.edges(es, u)
		if err := nb.b.spend(work + 1); err != nil {
			return nil, err
		}
	}
	sc.sink += sn.touchNodes(kept)
	return &entities.Graph{Nodes: sn.entityList(kept), Edges: sn.relationshipsByID(es), Truncated: nb.over}, nil
}

// neighborhood is the state of one Neighbors walk.
type neighborhood struct {
	sn    *snapshot
	f     *filter
	dir   entities.Direction
	b     *budget
	depth int32

	queue   []int32  // the kept nodes by (dist, id)
	reached []uint64 // reachedKey of each node in queue, sorted
	spare   []uint64 // the other buffer for merging a layer into reached
	cursors []cursor // a min-heap by neighbour while a layer is built
	small   []int32  // the neighbours of a layer's short lists, when nothing is filtered
	over    bool     // some reached node was not kept

	// After the walk: cut is the layer the limit cut (depth+1 when none was),
	// top the largest id kept from it (-1 when none was), and highs the kept
	// nodes of earlier layers with ids above top, sorted. Past top in a run,
	// only highs can still be kept.
	cut   int32
	top   int32
	highs []int32

	table []uint64 // see index
	shift uint
}

// reachedKey orders nodes by dense id and holds their dist.
func reachedKey(v, dist int32) uint64 { return uint64(v)<<32 | uint64(dist) }

// index fills table, an open-addressing hash table of the kept nodes with
// their dist, which edges looks up for every adjacency entry it examines: a
// probe or two in a table a few kilobytes large, where a binary search of
// reached would take a dozen hard-to-predict steps.
func (nb *neighborhood) index(table []uint64) []uint64 {
	size := 16
	for size < 2*len(nb.reached) {
		size *= 2
	}
	if cap(table) < size {
		table = make([]uint64, size)
	}
	table = table[:size]
	clear(table)
	nb.table, nb.shift = table, uint(bits.LeadingZeros32(uint32(size-1)))
	for _, k := range nb.reached {
		v := int32(k >> 32)
		i := nb.slot(v)
		for table[i] != 0 {
			i = (i + 1) & (size - 1)
		}
		table[i] = uint64(v+1)<<32 | k&0xffffffff
	}
	return table
}

// slot is where v's search in table starts.
func (nb *neighborhood) slot(v int32) int { return int(uint32(v) * 0x9e3779b1 >> nb.shift) }

// find returns v's dist and whether v is kept.
func (nb *neighborhood) find(v int32) (int32, bool) {
	want := uint64(v + 1)
	for i := nb.slot(v); ; i = (i + 1) & (len(nb.table) - 1) {
		switch k := nb.table[i]; k >> 32 {
		case want:
			return int32(uint32(k)), true
		case 0:
			return 0, false
		}
	}
}

// cursor walks one run of one node's adjacency: out-edges edges[i:end] or
// in-edges in[i:end], all of one type; or, when nothing is filtered, a hub's
// distinct neighbours outHubs.nbrs[i:end] or inHubs.nbrs[i:end], or the
// neighbours of a layer's other nodes, neighborhood.small[i:end]. v is the
// neighbour at i.
type cursor struct {
	v, i, end int32
	list      uint8
}

// The lists a cursor walks.
const (
	outList uint8 = iota
	inList
	outHubList
	inHubList
	smallList
)

// settle moves c to the first entry from c.i on whose edge and neighbour pass
// the filter, and reports whether there is one.
func (nb *neighborhood) settle(c *cursor) bool {
	sn, f := nb.sn, nb.f
	switch c.list {
	case outHubList, inHubList, smallList:
		// Only an unfiltered walk reads these: every entry passes.
		if c.i == c.end {
			return false
		}
		switch c.list {
		case outHubList:
			c.v = sn.outHubs.nbrs[c.i]
		case inHubList:
			c.v = sn.inHubs.nbrs[c.i]
		default:
			c.v = nb.small[c.i]
		}
		return true
	}
	for ; c.i < c.end; c.i++ {
		if c.list == inList {
			x := &sn.in[c.i]
			if f.edgeOK(&x.edge) && f.nodeOK(x.from) {
				c.v = x.from
				return true
			}
		} else {
			e := &sn.edges[c.i]
			if f.edgeOK(e) && f.nodeOK(e.to) {
				c.v = e.to
				return true
			}
		}
	}
	return false
}

// addRuns puts a cursor on every run of u's adjacency that the type filter and
// direction allow. When nothing is filtered it puts one on a hub's distinct
// neighbours instead, and adds a short list's neighbours to small, which
// nextLayer merges into one cursor: a layer's heap then holds a cursor or two
// a hub, rather than one for each run of each node. It returns the work done,
// for budget.
func (nb *neighborhood) addRuns(u int32) int {
	sn, f := nb.sn, nb.f
	work := 0
	if nb.dir != entities.In {
		if lo, hi := sn.outOff[u], sn.outOff[u+1]; f.none && hi-lo >= longList {
			lo, hi := sn.outHubs.neighbours(u)
			nb.cursors = append(nb.cursors, cursor{v: sn.outHubs.nbrs[lo], i: lo, end: hi, list: outHubList})
			work++
		} else if f.none {
			for i := lo; i < hi; i++ {
				nb.small = append(nb.small, sn.edges[i].to)
			}
			work += int(hi-lo) + 1
		} else {
			for i := lo; i < hi; {
				c := cursor{i: i, end: sn.outRunEnd(u, i, hi), list: outList}
				if f.types&(1<<sn.edges[i].typ) != 0 && nb.settle(&c) {
					nb.cursors = append(nb.cursors, c)
				}
				work += int(c.i-i) + 1
				i = c.end
			}
		}
	}
	if nb.dir != entities.Out {
		if lo, hi := sn.inOff[u], sn.inOff[u+1]; f.none && hi-lo >= longList {
			lo, hi := sn.inHubs.neighbours(u)
			nb.cursors = append(nb.cursors, cursor{v: sn.inHubs.nbrs[lo], i: lo, end: hi, list: inHubList})
			work++
		} else if f.none {
			for i := lo; i < hi; i++ {
				nb.small = append(nb.small, sn.in[i].from)
			}
			work += int(hi-lo) + 1
		} else {
			for i := lo; i < hi; {
				c := cursor{i: i, end: sn.inRunEnd(u, i, hi), list: inList}
				if f.types&(1<<sn.in[i].typ) != 0 && nb.settle(&c) {
					nb.cursors = append(nb.cursors, c)
				}
				work += int(c.i-i) + 1
				i = c.end
			}
		}
	}
	return work
}

// nextLayer appends to queue, in id order, the nodes one step from frontier
// that no earlier layer holds, at most room of them, setting over if more
// exist.
func (nb *neighborhood) nextLayer(frontier []int32, dist int32, room int) error {
	nb.cursors, nb.small = nb.cursors[:0], nb.small[:0]
	for _, u := range frontier {
		if err := nb.b.spend(nb.addRuns(u)); err != nil {
			return err
		}
	}
	if len(nb.small) > 0 {
		slices.Sort(nb.small)
		nb.small = slices.Compact(nb.small)
		if err := nb.b.spend(len(nb.small)); err != nil {
			return err
		}
		nb.cursors = append(nb.cursors, cursor{v: nb.small[0], end: int32(len(nb.small)), list: smallList})
	}
	cs := nb.cursors
	for i := len(cs)/2 - 1; i >= 0; i-- {
		siftDownCursors(cs, i)
	}
	start := len(nb.queue)
	prev, p, last := nb.reached, 0, int32(-1)
	for len(cs) > 0 {
		c := &cs[0]
		if v := c.v; v != last {
			last = v
			for p < len(prev) && int32(prev[p]>>32) < v {
				p++
			}
			if p == len(prev) || int32(prev[p]>>32) != v {
				if len(nb.queue)-start == room {
					nb.over = true
					break
				}
				nb.queue = append(nb.queue, v)
			}
		}
		from := c.i
		c.i++
		more := nb.settle(c)
		work := int(c.i - from)
		if !more {
			cs[0] = cs[len(cs)-1]
			cs = cs[:len(cs)-1]
		}
		siftDownCursors(cs, 0)
		if err := nb.b.spend(work); err != nil {
			return err
		}
	}

	// Merge the layer into reached; both are in id order.
	merged, i := nb.spare[:0], 0
	for _, v := range nb.queue[start:] {
		k := reachedKey(v, dist)
		for i < len(prev) && prev[i] < k {
			merged = append(merged, prev[i])
			i++
		}
		merged = append(merged, k)
	}
	nb.reached, nb.spare = append(merged, prev[i:]...), prev
	return nil
}

// siftDownCursors restores the min-heap order (by neighbour) of h below i.
func siftDownCursors(h []cursor, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h[c+1].v < h[c].v {
			c++
		}
		if h[i].v <= h[c].v {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// edges appends the edges walkable from u, which is kept and nearer than
// depth, whose other end is kept and which pass the filters (kept nodes pass
// as_of or are the start), as edge refs (see snapshot.record). Under "both", an edge whose start is also nearer
// than depth is taken from that start's out-edges only. It returns the number
// of adjacency entries examined, for budget.
func (nb *neighborhood) edges(es []int32, u int32) ([]int32, int) {
	sn, f := nb.sn, nb.f
	work := 0
	if nb.dir != entities.In {
		lo, hi := sn.outOff[u], sn.outOff[u+1]
		for i := lo; i < hi; i++ {
			e := &sn.edges[i]
			work++
			if f.types&(1<<e.typ) == 0 {
				i = sn.outRunEnd(u, i, hi) - 1
				continue
			}
			if e.to > nb.top && nb.cut <= nb.depth {
				end := sn.outRunEnd(u, i, hi)
				work += len(nb.highs) // a binary search each: the deadline must see them
				for _, v := range nb.highs {
					j := i + int32(sort.Search(int(end-i), func(k int) bool { return sn.edges[i+int32(k)].to >= v }))
					if j < end && sn.edges[j].to == v && f.edgeOK(&sn.edges[j]) {
						es = append(es, j)
					}
				}
				i = end - 1
				continue
			}
			if _, ok := nb.find(e.to); ok && f.edgeOK(e) {
				es = append(es, i)
			}
		}
	}
	if nb.dir != entities.Out {
		lo, hi := sn.inOff[u], sn.inOff[u+1]
		for i := lo; i < hi; i++ {
			x := &sn.in[i]
			work++
			if f.types&(1<<x.typ) == 0 {
				i = sn.inRunEnd(u, i, hi) - 1
				continue
			}
			if x.from > nb.top && nb.cut <= nb.depth {
				end := sn.inRunEnd(u, i, hi)
				// Under "both" a high node, being nearer than depth, took the
				// edge from its own out-edges.
				if nb.dir == entities.In {
					work += len(nb.highs)
					for _, v := range nb.highs {
						j := i + int32(sort.Search(int(end-i), func(k int) bool { return sn.in[i+int32(k)].from >= v }))
						if j < end && sn.in[j].from == v && f.edgeOK(&sn.in[j].edge) {
							es = append(es, ^j)
						}
					}
				}
				i = end - 1
				continue
			}
			if d, ok := nb.find(x.from); ok && f.edgeOK(&x.edge) && (nb.dir == entities.In || d >= nb.depth) {
				es = append(es, ^i)
			}
		}
	}
	return es, work
}

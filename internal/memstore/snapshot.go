package memstore

import (
	"cmp"
	"context"
	"encoding/binary"
	"maps"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/graphapi/graphapi/internal/entities"
)

// snapshot is one immutable graph. Nodes have dense int32 ids assigned in entity
// id byte order, so comparing dense ids compares entity ids: every (dist, id)
// ranking of semantics.go is an integer comparison.
type snapshot struct {
	ids     []string // dense id → entity id
	index   map[string]int32
	nodes   []node
	periods []period // apart from nodes so as_of checks in a walk touch 8 bytes per node
	extras  []extra

	// edges sorted by (from, type, to) are the out adjacency themselves: node u's
	// out-edges are edges[outOff[u]:outOff[u+1]], grouped by type.
	edges  []edge
	outOff []int32
	// in holds node v's in-edges at in[inOff[v]:inOff[v+1]], sorted by (type, from).
	in    []inEntry
	inOff []int32
	// outHubs and inHubs index the lists of hubs.
	outHubs, inHubs hubTable
	// idRank is each edge's place in relationship id order, so that a result's
	// edges sort by integers, not by strings built for the purpose.
	idRank []int32

	prov    []provenance // interned: generated and real graphs repeat evidence
	sources []entities.Source

	kindCount []int
	typeCount []int
	search    searchIndex

	pool sync.Pool // *scratch sized for this snapshot
}

// node holds what materializing an entity reads, id and period included
// although ids and periods hold them too: a result's nodes are scattered over
// the graph, and one record a node costs one cache miss where three arrays
// cost three. A short id's bytes are there too, for building relationship ids
// without a trip to wherever the string lives; the record is then 64 bytes.
type node struct {
	id      string
	name    string
	period  period
	prov    uint32 // index into snapshot.prov
	extra   int32  // index into snapshot.extras; -1 when there is nothing there
	kind    uint8  // index into entities.Kinds
	short   uint8  // len(id) when id fits in idBytes, else 0
	idBytes [14]byte
}

// writeID writes the node's id to b.
func (nd *node) writeID(b *strings.Builder) {
	if nd.short > 0 {
		b.Write(nd.idBytes[:nd.short])
		return
	}
	b.WriteString(nd.id)
}

type period struct{ start, end date }

// extra holds what most entities lack, to keep node small.
type extra struct {
	aliases     []string
	description string
	attributes  map[string]string
}

// edge is one relationship. Its id is not stored: it is derived from the ends
// and type (entities.RelationshipID), which Replace checks. rank repeats
// idRank so that ordering a result's edges reads no record but the edge's own.
type edge struct {
	from, to     int32
	since, until date
	prov         uint32
	rank         int32
	typ          uint8 // index into entities.RelTypes
	conf         uint8 // index into confidences
}

// inEntry is one in-edge: a copy of the edge record and the edge's index in
// edges. The copy costs 20 bytes a relationship more than an index would, and
// buys locality: a node's in-edges lie together here, where their records lie
// scattered over edges (sorted by from), and a walk into a hub, or an answer
// that lists hundreds of a hub's in-edges, would take a cache miss for each.
type inEntry struct {
	edge
	idx int32 // the edge's index in snapshot.edges
}

type provenance struct {
	evidence []entities.Evidence
	note     string
	claims   []entities.Claim
	conflict bool // two of the claims disagree (entities.HasConflict)
}

var confidences = []entities.Confidence{entities.Fact, entities.Assessed, entities.Reported}

func invalid(format string, args ...any) error {
	return entities.Errorf(entities.EINVALID, format, args...)
}

// build makes a snapshot of the graph g streams, refusing with EINVALID anything
// the loader should have refused, rather than panicking or answering wrongly
// later. It reads each pass of g once and keeps only the compact arrays: the
// entities in arrival order until they are sorted into dense ids, then each
// relationship as a 28-byte edge.
func build(ctx context.Context, g entities.GraphStream) (*snapshot, error) {
	b := &budget{ctx: ctx}
	counts := g.Counts()
	if int64(counts.Entities) >= 1<<31 || int64(counts.Relationships) >= 1<<31 {
		return nil, invalid("the dataset is too large for the embedded store")
	}
	s := &snapshot{
		kindCount: make([]int, len(entities.Kinds)),
		typeCount: make([]int, len(entities.RelTypes)),
	}
	in := interner{m: map[string]uint32{}}

	// Entities arrive in seed order; dense ids follow id order, so the records
	// are made as they come and sorted into place once all are there.
	ids := make([]string, 0, counts.Entities)
	nodes := make([]node, 0, counts.Entities)
	for e, err := range g.Entities() {
		if err != nil {
			return nil, err
		}
		if err := entities.CheckEntity(e); err != nil {
			return nil, err
		}
		k := slices.IndexFunc(entities.Kinds, func(info entities.KindInfo) bool { return info.Kind == e.Kind })
		founded, _ := packDate(e.Founded) // valid dates, checked above
		dissolved, _ := packDate(e.Dissolved)
		nd := node{id: e.ID, name: e.Name, period: period{founded, dissolved}, prov: in.intern(e.Evidence, "", e.Claims), extra: -1, kind: uint8(k)}
		if len(e.ID) <= len(nd.idBytes) {
			nd.short = uint8(copy(nd.idBytes[:], e.ID))
		}
		if len(e.Aliases) > 0 || e.Description != "" || len(e.Attributes) > 0 {
			nd.extra = int32(len(s.extras))
			s.extras = append(s.extras, extra{e.Aliases, e.Description, e.Attributes})
		}
		ids = append(ids, e.ID)
		nodes = append(nodes, nd)
		s.kindCount[k]++
		if err := b.spend(1); err != nil {
			return nil, err
		}
	}
	if len(ids) != counts.Entities {
		return nil, invalid("the stream promised %d entities and gave %d", counts.Entities, len(ids))
	}
	n := len(ids)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ids[a], ids[b]) })
	s.ids = make([]string, n)
	s.nodes = make([]node, n)
	s.periods = make([]period, n)
	for d, i := range order {
		id := ids[i]
		if d > 0 && s.ids[d-1] == id {
			return nil, entities.StatedTwice("entity", id)
		}
		s.ids[d] = id
		s.nodes[d] = nodes[i]
		s.periods[d] = nodes[i].period
	}
	ids, nodes, order = nil, nil, nil
	if err := s.packStrings(b); err != nil {
		return nil, err
	}

	if err := s.buildEdges(g, counts.Relationships, &in, b); err != nil {
		return nil, err
	}
	s.prov = in.list
	s.sources = slices.Clone(g.Sources())
	slices.SortFunc(s.sources, func(a, b entities.Source) int { return strings.Compare(a.ID, b.ID) })
	for i := range s.sources {
		if i > 0 && s.sources[i-1].ID == s.sources[i].ID {
			return nil, entities.StatedTwice("source", s.sources[i].ID)
		}
		if err := entities.CheckSource(&s.sources[i]); err != nil {
			return nil, err
		}
	}
	if err := s.buildSearch(b); err != nil {
		return nil, err
	}
	s.pool.New = func() any { return new(scratch) }
	return s, nil
}

// buildEdges fills edges and both adjacencies by counting sorts on the ends,
// then sorts each node's short list by (type, neighbour).
func (s *snapshot) buildEdges(g entities.GraphStream, count int, in *interner, b *budget) error {
	n := len(s.ids)
	raw := make([]edge, 0, count)
	s.outOff = make([]int32, n+1)
	s.inOff = make([]int32, n+1)
	for r, err := range g.Relationships() {
		if err != nil {
			return err
		}
		from, ok1 := s.index[r.From]
		to, ok2 := s.index[r.To]
		if !ok1 || !ok2 {
			return entities.DanglingRelationship(r.ID)
		}
		if err := entities.CheckRelationship(r); err != nil {
			return err
		}
		t, _ := entities.RelTypeIndex(r.Type)
		c := slices.Index(confidences, r.Confidence)
		since, _ := packDate(r.Since) // valid dates, checked above
		until, _ := packDate(r.Until)
		raw = append(raw, edge{from: from, to: to, since: since, until: until, prov: in.intern(r.Evidence, r.Note, r.Claims), typ: uint8(t), conf: uint8(c)})
		s.outOff[from+1]++
		s.inOff[to+1]++
		s.typeCount[t]++
		if err := b.spend(1); err != nil {
			return err
		}
	}
	if len(raw) != count {
		return invalid("the stream promised %d relationships and gave %d", count, len(raw))
	}
	for u := range n {
		s.outOff[u+1] += s.outOff[u]
		s.inOff[u+1] += s.inOff[u]
	}

	// Each edge is moved into its from's bucket in place, following the cycle
	// of displaced edges (American flag sort): a sorted copy would hold a
	// second array of every edge at the peak of a load.
	next := slices.Clone(s.outOff[:n])
	for u := range int32(n) {
		for next[u] < s.outOff[u+1] {
			e := raw[next[u]]
			for e.from != u {
				j := next[e.from]
				next[e.from]++
				raw[j], e = e, raw[j]
			}
			raw[next[u]] = e
			next[u]++
		}
	}
	s.edges, raw = raw, nil
	for u := range n {
		list := s.edges[s.outOff[u]:s.outOff[u+1]]
		slices.SortFunc(list, func(a, b edge) int {
			return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.to, b.to))
		})
		for i := 1; i < len(list); i++ {
			if list[i].typ == list[i-1].typ && list[i].to == list[i-1].to {
				e := list[i]
				return invalid("relationship %q appears twice", entities.RelationshipID(s.ids[e.from], entities.RelTypes[e.typ].Type, s.ids[e.to]))
			}
		}
		if err := b.spend(len(list) + 1); err != nil {
			return err
		}
	}

	byID := make([]int32, len(s.edges))
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, s.compareIDs)
	s.idRank = make([]int32, len(byID))
	for r, i := range byID {
		s.idRank[i] = int32(r)
		s.edges[i].rank = int32(r)
	}
	if err := b.spend(len(byID)); err != nil {
		return err
	}

	// The in-entries copy the records, ranks included.
	s.in = make([]inEntry, len(s.edges))
	next = slices.Clone(s.inOff[:n])
	for i, e := range s.edges {
		s.in[next[e.to]] = inEntry{edge: e, idx: int32(i)}
		next[e.to]++
	}
	for v := range n {
		// Entries arrive ordered by from; sorting by (type, from) groups the types.
		slices.SortFunc(s.in[s.inOff[v]:s.inOff[v+1]], func(a, b inEntry) int {
			return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.from, b.from))
		})
		if err := b.spend(int(s.inOff[v+1]-s.inOff[v]) + 1); err != nil {
			return err
		}
	}
	s.outHubs = newHubTable(s.outOff, func(i int32) uint8 { return s.edges[i].typ }, func(i int32) int32 { return s.edges[i].to })
	s.inHubs = newHubTable(s.inOff, func(i int32) uint8 { return s.in[i].typ }, func(i int32) int32 { return s.in[i].from })
	return nil
}

// typeIDRank orders the types as their names followed by ':' order, which is
// how they order inside relationship ids.
var typeIDRank = func() []int {
	names := make([]string, len(entities.RelTypes))
	for i, info := range entities.RelTypes {
		names[i] = string(info.Type) + ":"
	}
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	rank := make([]int, len(names))
	for i, n := range names {
		rank[i] = slices.Index(sorted, n)
	}
	return rank
}()

// compareIDs compares the ids of edges a and b (from:TYPE:to) without building
// them, except in the rare case that one start id is another's followed by ':'.
func (s *snapshot) compareIDs(a, b int32) int {
	ea, eb := &s.edges[a], &s.edges[b]
	if ea.from == eb.from {
		// No "TYPE:" is a prefix of another, so the types decide, then the ends.
		return cmp.Or(cmp.Compare(typeIDRank[ea.typ], typeIDRank[eb.typ]), cmp.Compare(ea.to, eb.to))
	}
	fa, fb := s.ids[ea.from], s.ids[eb.from]
	n := min(len(fa), len(fb))
	switch {
	case fa[:n] != fb[:n]:
		return strings.Compare(fa, fb)
	case len(fa) < len(fb) && fb[n] != ':':
		return cmp.Compare(':', fb[n]) // fa's ':' meets fb's next byte
	case len(fb) < len(fa) && fa[n] != ':':
		return cmp.Compare(fa[n], ':')
	}
	return strings.Compare(s.edgeID(a), s.edgeID(b))
}

// interner gives each distinct (evidence list, note, claims) one index.
type interner struct {
	m    map[string]uint32
	list []provenance
	buf  []byte
	// seen remembers lists by address: a loader hands over one slice for each
	// distinct list, millions of times, and comparing an address costs less
	// than building and hashing a key. Bounded, it forgets by overwriting.
	seen [1024]internedList
}

type internedList struct {
	first *entities.Evidence
	n     int
	note  string
	i     uint32
}

func (in *interner) intern(ev []entities.Evidence, note string, claims []entities.Claim) uint32 {
	if len(claims) > 0 {
		// Claims come from packs, which are small: no need for the address cache.
		return in.internKey(ev, note, claims)
	}
	var slot *internedList
	if len(ev) > 0 {
		slot = &in.seen[(uintptr(unsafe.Pointer(&ev[0]))>>4)%uintptr(len(in.seen))]
		if slot.first == &ev[0] && slot.n == len(ev) && slot.note == note {
			return slot.i
		}
	}
	i := in.internKey(ev, note, nil)
	if slot != nil {
		*slot = internedList{&ev[0], len(ev), note, i}
	}
	return i
}

func (in *interner) internKey(ev []entities.Evidence, note string, claims []entities.Claim) uint32 {
	// Every string is length-prefixed and each list counted so that no two
	// provenances share a key.
	in.buf = appendString(in.buf[:0], note)
	in.buf = binary.AppendUvarint(in.buf, uint64(len(ev)))
	for _, e := range ev {
		in.buf = appendString(in.buf, e.Source)
		in.buf = appendString(in.buf, e.Quote)
		in.buf = appendString(in.buf, e.Locator)
	}
	for _, c := range claims {
		in.buf = appendString(in.buf, c.Field)
		in.buf = appendString(in.buf, c.Value)
		in.buf = appendString(in.buf, c.Source)
	}
	if i, ok := in.m[string(in.buf)]; ok {
		return i
	}
	i := uint32(len(in.list))
	in.m[string(in.buf)] = i
	in.list = append(in.list, provenance{evidence: ev, note: note, claims: claims, conflict: entities.HasConflict(claims)})
	return i
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// diff compares next, the wanted graph, with prev, the stored one, by id and
// content: what a write changes.
func diff(ctx context.Context, prev, next *snapshot) (*entities.LoadStats, error) {
	b := &budget{ctx: ctx}
	st := &entities.LoadStats{}
	// toPrev maps next's dense ids to prev's, -1 for new entities.
	toPrev := make([]int32, len(next.ids))
	for d, id := range next.ids {
		p, ok := prev.index[id]
		switch {
		case !ok:
			toPrev[d] = -1
			st.Created.Entities++
			continue
		case sameEntity(prev, p, next, int32(d)):
			st.Unchanged.Entities++
		default:
			st.Updated.Entities++
		}
		toPrev[d] = p
		if err := b.spend(1); err != nil {
			return nil, err
		}
	}
	st.Deleted.Entities = len(prev.ids) - st.Unchanged.Entities - st.Updated.Entities

	for i := range next.edges {
		e := &next.edges[i]
		pf, pt := toPrev[e.from], toPrev[e.to]
		if pf < 0 || pt < 0 {
			st.Created.Relationships++
			continue
		}
		list := prev.edges[prev.outOff[pf]:prev.outOff[pf+1]]
		j, ok := slices.BinarySearchFunc(list, e, func(a edge, e *edge) int {
			return cmp.Or(cmp.Compare(a.typ, e.typ), cmp.Compare(a.to, pt))
		})
		switch {
		case !ok:
			st.Created.Relationships++
		case sameEdge(prev, &list[j], next, e):
			st.Unchanged.Relationships++
		default:
			st.Updated.Relationships++
		}
		if err := b.spend(1); err != nil {
			return nil, err
		}
	}
	st.Deleted.Relationships = len(prev.edges) - st.Unchanged.Relationships - st.Updated.Relationships
	return st, nil
}

func sameEntity(a *snapshot, i int32, b *snapshot, j int32) bool {
	na, nb := &a.nodes[i], &b.nodes[j]
	if na.name != nb.name || na.kind != nb.kind || a.periods[i] != b.periods[j] || !sameProv(a, na.prov, b, nb.prov) {
		return false
	}
	var ea, eb extra
	if na.extra >= 0 {
		ea = a.extras[na.extra]
	}
	if nb.extra >= 0 {
		eb = b.extras[nb.extra]
	}
	return ea.description == eb.description && slices.Equal(ea.aliases, eb.aliases) && maps.Equal(ea.attributes, eb.attributes)
}

func sameEdge(a *snapshot, ea *edge, b *snapshot, eb *edge) bool {
	return ea.since == eb.since && ea.until == eb.until && ea.conf == eb.conf && sameProv(a, ea.prov, b, eb.prov)
}

func sameProv(a *snapshot, i uint32, b *snapshot, j uint32) bool {
	pa, pb := &a.prov[i], &b.prov[j]
	return pa.note == pb.note && slices.Equal(pa.evidence, pb.evidence) && slices.Equal(pa.claims, pb.claims)
}

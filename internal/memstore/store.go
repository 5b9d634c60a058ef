// Package memstore is graphapi's embedded store: the whole graph in memory as an
// immutable snapshot of compact arrays (dense ids, CSR adjacency, interned
// evidence) that Replace swaps in atomically. It answers exactly as
// entities/semantics.go says.
//
// Results share strings, slices and maps with the snapshot: callers must treat
// them as read-only.
package memstore

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/graphapi/graphapi/internal/entities"
)

// The store answers every query of entities.Store.
var _ entities.Store = (*Store)(nil)

// Store is the embedded store. Its methods are safe for concurrent use; a
// reader sees one whole snapshot, never a half-built one.
type Store struct {
	limits entities.Limits
	snap   atomic.Pointer[snapshot]
	mu     sync.Mutex // serializes Replace, so stats compare against the snapshot being replaced
}

var (
	_ entities.Store        = (*Store)(nil)
	_ entities.StreamWriter = (*Store)(nil)
)

// New returns a store with an empty graph and entities.DefaultLimits.
func New() *Store { return NewWithLimits(entities.DefaultLimits) }

// NewWithLimits returns a store with an empty graph that checks every query
// against l.
func NewWithLimits(l entities.Limits) *Store {
	s := &Store{limits: l}
	empty, _ := build(context.Background(), entities.StreamDataset(&entities.Dataset{})) // an empty dataset cannot fail
	s.snap.Store(empty)
	return s
}

// Replace builds a snapshot of ds and swaps it in. It returns EINVALID for a
// dataset the loader should have refused and ETIMEOUT when ctx ends first; on
// any error the store keeps its previous graph.
func (s *Store) Replace(ctx context.Context, ds *entities.Dataset) (*entities.LoadStats, error) {
	if ds == nil {
		return nil, invalid("no dataset to load")
	}
	return s.ReplaceStream(ctx, entities.StreamDataset(ds))
}

// ReplaceStream builds a snapshot from one pass over g's entities and one over
// its relationships, and swaps it in. It returns EINVALID for a graph the loader
// should have refused, ETIMEOUT when ctx ends first, and any error g yields; on
// any error the store keeps its previous graph.
func (s *Store) ReplaceStream(ctx context.Context, g entities.GraphStream) (*entities.LoadStats, error) {
	// The steps of every write, as the Neo4j store's: what is stored (the
	// snapshot now), what is wanted (the snapshot built from g), their diff,
	// and the write, which here is one pointer swap: all or nothing.
	s.mu.Lock()
	defer s.mu.Unlock()
	have := s.snap.Load()
	next, err := build(ctx, g)
	if err != nil {
		return nil, err
	}
	st, err := diff(ctx, have, next)
	if err != nil {
		return nil, err
	}
	s.snap.Store(next)
	return st, nil
}

// Ping returns nil: an embedded store is always there.
func (s *Store) Ping(ctx context.Context) error { return nil }

// Sources returns the source documents ordered by id.
func (s *Store) Sources(ctx context.Context) ([]entities.Source, error) {
	if err := entities.ContextError(ctx); err != nil {
		return nil, err
	}
	return append([]entities.Source{}, s.snap.Load().sources...), nil
}

// Schema returns the vocabulary with counts of entities by kind and
// relationships by type, zero counts included.
func (s *Store) Schema(ctx context.Context) (*entities.Schema, error) {
	if err := entities.ContextError(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	out := &entities.Schema{
		Kinds:    make([]entities.KindCount, len(entities.Kinds)),
		RelTypes: make([]entities.RelTypeCount, len(entities.RelTypes)),
	}
	for i, info := range entities.Kinds {
		out.Kinds[i] = entities.KindCount{KindInfo: info, Count: sn.kindCount[i]}
	}
	for i, info := range entities.RelTypes {
		out.RelTypes[i] = entities.RelTypeCount{RelTypeInfo: info, Count: sn.typeCount[i]}
	}
	return out, nil
}

// Entity returns the entity with its non-zero relationship counts by (type,
// direction), in vocabulary order with "out" before "in"; ENOTFOUND if no
// entity has that id.
func (s *Store) Entity(ctx context.Context, id string) (*entities.EntityDetail, error) {
	if err := entities.ContextError(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	d, err := sn.lookup(id)
	if err != nil {
		return nil, err
	}
	var out, in [32]int // indexed by type: type sets are 32-bit masks (scratch.go), so the vocabulary has fewer than 32
	for _, e := range sn.edges[sn.outOff[d]:sn.outOff[d+1]] {
		out[e.typ]++
	}
	for _, e := range sn.in[sn.inOff[d]:sn.inOff[d+1]] {
		in[e.typ]++
	}
	return entities.NewEntityDetail(sn.entity(d), entities.RelCounts(func(t int, dir entities.Direction) int {
		if dir == entities.Out {
			return out[t]
		}
		return in[t]
	})), nil
}

func (sn *snapshot) lookup(id string) (int32, error) {
	d, ok := sn.index[id]
	if !ok {
		return 0, entities.NoEntity(id)
	}
	return d, nil
}

// entity materializes node d.
func (sn *snapshot) entity(d int32) entities.Entity {
	nd := &sn.nodes[d]
	e := entities.Entity{
		ID:        nd.id,
		Kind:      entities.Kinds[nd.kind].Kind,
		Name:      nd.name,
		Founded:   nd.period.start.unpack(),
		Dissolved: nd.period.end.unpack(),
		Evidence:  sn.evidence(nd.prov),
		Claims:    sn.claims(nd.prov),
	}
	if nd.extra >= 0 {
		x := &sn.extras[nd.extra]
		e.Aliases, e.Description, e.Attributes = x.aliases, x.description, x.attributes
	}
	return e
}

// evidence returns an interned list, never nil, so that every store writes
// "evidence": [] rather than null for an empty list.
func (sn *snapshot) evidence(p uint32) []entities.Evidence {
	if ev := sn.prov[p].evidence; ev != nil {
		return ev
	}
	return []entities.Evidence{}
}

// claims returns an interned list of claims, never nil.
func (sn *snapshot) claims(p uint32) []entities.Claim {
	if cs := sn.prov[p].claims; cs != nil {
		return cs
	}
	return []entities.Claim{}
}

func (sn *snapshot) entityList(ds []int32) []entities.Entity {
	out := make([]entities.Entity, len(ds))
	for i, d := range ds {
		out[i] = sn.entity(d)
	}
	return out
}

// touchNodes loads the node records of ds, the first byte of their ids when not
// held there, and their extras, and returns a sum of what it read, which the caller stores so that
// the loads are not optimized away. A result's nodes are scattered over the
// graph, so each is a cache miss; in this short loop of independent loads the
// processor overlaps dozens of them, where the long loops that materialize the
// result would wait for them one or two at a time.
func (sn *snapshot) touchNodes(ds []int32) uint32 {
	var sum uint32
	for _, d := range ds {
		nd := &sn.nodes[d]
		sum += uint32(nd.kind)
		if nd.short == 0 && len(nd.id) > 0 {
			sum += uint32(nd.id[0])
		}
		if nd.extra >= 0 {
			sum += uint32(len(sn.extras[nd.extra].description))
		}
	}
	return sum
}

// record returns the edge a ref names: an index into edges, or ^i for the copy
// in in-entry i, which a walk over in-edges reads without touching edges.
func (sn *snapshot) record(ref int32) *edge {
	if ref < 0 {
		return &sn.in[^ref].edge
	}
	return &sn.edges[ref]
}

// relationship materializes edge e, whose id the caller has built.
func (sn *snapshot) relationship(e *edge, id string) entities.Relationship {
	return entities.Relationship{
		ID:         id,
		Type:       entities.RelTypes[e.typ].Type,
		From:       sn.nodes[e.from].id,
		To:         sn.nodes[e.to].id,
		Since:      e.since.unpack(),
		Until:      e.until.unpack(),
		Confidence: confidences[e.conf],
		Note:       sn.prov[e.prov].note,
		Evidence:   sn.evidence(e.prov),
		Claims:     sn.claims(e.prov),
	}
}

// edgeID is edge i's id, for ordering without materializing it.
func (sn *snapshot) edgeID(i int32) string {
	e := &sn.edges[i]
	return entities.RelationshipID(sn.nodes[e.from].id, entities.RelTypes[e.typ].Type, sn.nodes[e.to].id)
}

// relationshipsByID materializes the edges refs name (see record) ordered by
// id, as every Graph lists them, building all their ids in one allocation. It
// reads ends' ids from nodes, whose records materializing the result's
// entities has just loaded.
func (sn *snapshot) relationshipsByID(refs []int32) []entities.Relationship {
	keys := make([]uint64, len(refs))
	size := 0
	for i, r := range refs {
		x := sn.record(r)
		keys[i] = uint64(x.rank)<<32 | uint64(uint32(r))
		size += len(sn.nodes[x.from].id) + len(entities.RelTypes[x.typ].Type) + len(sn.nodes[x.to].id) + 2
	}
	sortByRank(keys, len(sn.edges))
	var b strings.Builder
	b.Grow(size)
	for _, k := range keys {
		x := sn.record(int32(uint32(k)))
		sn.nodes[x.from].writeID(&b)
		b.WriteByte(':')
		b.WriteString(string(entities.RelTypes[x.typ].Type))
		b.WriteByte(':')
		sn.nodes[x.to].writeID(&b)
	}
	all, at := b.String(), 0
	out := make([]entities.Relationship, len(keys))
	for i, k := range keys {
		x := sn.record(int32(uint32(k)))
		n := len(sn.nodes[x.from].id) + len(entities.RelTypes[x.typ].Type) + len(sn.nodes[x.to].id) + 2
		out[i] = sn.relationship(x, all[at:at+n])
		at += n
	}
	return out
}

// budget checks the context every few thousand steps of a loop: often enough
// to stop promptly, rarely enough to cost nothing.
type budget struct {
	ctx  context.Context
	used int
}

func (b *budget) spend(steps int) error {
	b.used += steps
	if b.used < 4096 {
		return nil
	}
	b.used = 0
	return entities.ContextError(b.ctx)
}

// sortByRank sorts keys of the form rank<<32 | ref by rank, ranks being below
// n. Ranks are distinct, so a least-significant-digit radix sort on their
// bytes needs no comparison, where slices.Sort's comparisons of random ranks
// mispredict; below 64 keys the passes cost more than they could save.
// BenchmarkSortByRank measures it against slices.Sort (BENCHMARKS.md).
func sortByRank(keys []uint64, n int) {
	if len(keys) < 64 {
		slices.Sort(keys)
		return
	}
	buf := make([]uint64, len(keys))
	src, dst := keys, buf
	for shift := 32; shift < 64 && n > 1<<(shift-32); shift += 8 {
		var count [257]int
		for _, k := range src {
			count[k>>shift&0xff+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, k := range src {
			b := k >> shift & 0xff
			dst[count[b]] = k
			count[b]++
		}
		src, dst = dst, src
	}
	copy(keys, src)
}

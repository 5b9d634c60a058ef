package memstore

import (
	"context"
	"slices"

	"github.com/graphapi/graphapi/internal/entities"
)

var _ entities.Exporter = (*Store)(nil)

// Export streams the graph q asks for into sink, as entities.Exporter says:
// sources, then entities by id (dense id order is id order), then
// relationships by id (idRank order), each materialized only for its call.
// It returns ENOTFOUND for an unknown id in q.IDs, EINVALID for a malformed
// one, ETIMEOUT when ctx ends, and the sink's first error.
func (s *Store) Export(ctx context.Context, q entities.ExportQuery, sink entities.ExportSink) error {
	if err := q.Validate(); err != nil {
		return err
	}
	sn := s.snap.Load()
	b := &budget{ctx: ctx}
	if err := entities.ContextError(ctx); err != nil {
		return err
	}

	// keep marks the exported nodes; one byte a node is small beside the snapshot.
	keep := make([]bool, len(sn.ids))
	day, asOf := asOfKey(q.AsOf.Date)
	asOf = asOf && q.AsOf.Set
	if len(q.IDs) > 0 {
		for _, id := range q.IDs {
			d, err := sn.lookup(id)
			if q.KnownOnly && entities.ErrorCode(err) == entities.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			keep[d] = true
		}
	} else {
		for d := range keep {
			p := sn.periods[d]
			keep[d] = !asOf || holds(p.start, p.end, day)
		}
	}

	if err := sink.Sources(slices.Clone(sn.sources)); err != nil {
		return err
	}
	for d, k := range keep {
		if !k {
			continue
		}
		e := sn.entity(int32(d))
		if err := sink.Entity(&e); err != nil {
			return err
		}
		if err := b.spend(1); err != nil {
			return err
		}
	}

	// byID inverts idRank: the edges in relationship id order.
	byID := make([]int32, len(sn.edges))
	for i, r := range sn.idRank {
		byID[r] = int32(i)
	}
	for _, i := range byID {
		e := &sn.edges[i]
		if !keep[e.from] || !keep[e.to] || (asOf && !holds(e.since, e.until, day)) {
			continue
		}
		r := sn.relationship(&sn.edges[i], sn.edgeID(i))
		if err := sink.Relationship(&r); err != nil {
			return err
		}
		if err := b.spend(1); err != nil {
			return err
		}
	}
	return nil
}

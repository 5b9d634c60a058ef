package neo4jstore

import (
	"context"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

var _ entities.Exporter = (*Store)(nil)

// exportPage is how many entities one export query reads: large enough that a
// million entities take a hundred round trips, small enough that a page and
// its relationships stay a few megabytes.
const exportPage = 10000

// Export streams the graph q asks for into sink, as entities.Exporter says.
// Each page is its own read transaction, so a long export never meets the
// per-query timeout; pages are keyed by id (n.id > last), which the uniqueness
// constraint on :Entity(id) indexes. Relationships are read by start node,
// one page of entities at a time, and put in id order in Go (see relOrder).
// It returns ENOTFOUND for an unknown id in q.IDs, EINVALID for a malformed
// one, ETIMEOUT, EUNAVAILABLE, and the sink's first error.
func (s *Store) Export(ctx context.Context, q entities.ExportQuery, sink entities.ExportSink) error {
	if err := q.Validate(); err != nil {
		return err
	}
	params := map[string]any{"ids": nil, "day": nil}
	if len(q.IDs) > 0 {
		ids := slices.Clone(q.IDs)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		if !q.KnownOnly {
			err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
				id, err := missing(ctx, tx, ids)
				if err == nil && id != "" {
					err = notFound(id)
				}
				return err
			})
			if err != nil {
				return err
			}
		}
		params["ids"] = ids
	}
	if q.AsOf.Set {
		params["day"] = int64(q.AsOf.Date.Last())
	}

	sources, err := s.Sources(ctx)
	if err != nil {
		return err
	}
	if err := sink.Sources(sources); err != nil {
		return err
	}
	// First pass: the entities.
	if err := s.exportPages(ctx, params, true, func(ids []string, ents []entities.Entity) error {
		for i := range ents {
			if err := sink.Entity(&ents[i]); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	// Second pass: the relationships starting at each page of entities.
	var order relOrder
	err = s.exportPages(ctx, params, false, func(ids []string, _ []entities.Entity) error {
		var rels []entities.Relationship
		err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
			p := map[string]any{"from": ids, "ids": params["ids"], "day": params["day"]}
			recs, err := run(ctx, tx, cypher.Get("export_rels"), p)
			if err != nil {
				return err
			}
			rels = make([]entities.Relationship, 0, len(recs))
			for _, r := range recs {
				rel, err := recordRel(r)
				if err != nil {
					return err
				}
				rels = append(rels, rel)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return order.add(rels, ids[len(ids)-1], sink)
	})
	if err != nil {
		return err
	}
	return order.flush(sink)
}

// exportPages calls fn with each page of exported entity ids, in id order, and
// the entities themselves when full.
func (s *Store) exportPages(ctx context.Context, params map[string]any, full bool, fn func(ids []string, ents []entities.Entity) error) error {
	after := ""
	for {
		var ids []string
		var ents []entities.Entity
		err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
			p := map[string]any{"after": after, "ids": params["ids"], "day": params["day"], "full": full, "limit": exportPage}
			stmt := cypher.Get("export_entities")
			if params["ids"] != nil {
				stmt = cypher.Get("export_entities_named")
			}
			recs, err := run(ctx, tx, stmt, p)
			if err != nil {
				return err
			}
			ids, ents = make([]string, 0, len(recs)), nil
			for _, r := range recs {
				id, _ := r.Values[0].(string)
				ids = append(ids, id)
				if full {
					e, err := toEntity(r.Values[1])
					if err != nil {
						return err
					}
					ents = append(ents, e)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if err := fn(ids, ents); err != nil {
			return err
		}
		if len(ids) < exportPage {
			return nil
		}
		after = ids[len(ids)-1]
	}
}

// relOrder puts relationships read by start node into id order. Ids are
// from:TYPE:to, so starts in id order almost give id order; not quite, because
// a start id can be another's prefix ("ag-1:…" sorts after "ag-10:…"). After a
// page whose last start id is hi, every relationship still to come starts at
// some f > hi, so its id is at least hi+"\x00": whatever sorts below that can
// be sent; the rest (starts that are hi or a prefix of it) waits for the next page.
type relOrder struct{ pending []entities.Relationship }

func (o *relOrder) add(rels []entities.Relationship, hi string, sink entities.ExportSink) error {
	o.pending = append(o.pending, rels...)
	slices.SortFunc(o.pending, func(a, b entities.Relationship) int { return strings.Compare(a.ID, b.ID) })
	bound := hi + "\x00"
	n, _ := slices.BinarySearchFunc(o.pending, bound, func(r entities.Relationship, b string) int { return strings.Compare(r.ID, b) })
	for i := range o.pending[:n] {
		if err := sink.Relationship(&o.pending[i]); err != nil {
			return err
		}
	}
	o.pending = slices.Delete(o.pending, 0, n)
	return nil
}

func (o *relOrder) flush(sink entities.ExportSink) error {
	for i := range o.pending {
		if err := sink.Relationship(&o.pending[i]); err != nil {
			return err
		}
	}
	o.pending = nil
	return nil
}

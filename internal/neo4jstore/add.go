package neo4jstore

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

// Add writes ds's entities, relationships and sources into the graph on top of
// what it holds, in one transaction, all or nothing: those it lacks are
// created, those that differ are updated, and nothing else is read or written,
// so adding a small pack to a graph of millions costs what the pack costs. A
// relationship's ends must be in ds or in the graph already. Unlike Replace it
// deletes nothing.
func (s *Store) Add(ctx context.Context, ds *entities.Dataset) (*entities.LoadStats, error) {
	if err := checkAddition(ds); err != nil {
		return nil, err
	}
	return s.writeTx(ctx, "add", func(ctx context.Context, tx neo4j.ExplicitTransaction) (*entities.LoadStats, error) {
		return s.add(ctx, tx, ds)
	})
}

func (s *Store) add(ctx context.Context, tx neo4j.ExplicitTransaction, ds *entities.Dataset) (*entities.LoadStats, error) {
	collect, exec := txStatements(ctx, tx)
	st := &entities.LoadStats{}

	// The entities ds names, its own and its relationships' ends: which the
	// graph holds, and with what content.
	named := map[string]bool{}
	var ids []any
	name := func(id string) {
		if !named[id] {
			named[id] = true
			ids = append(ids, id)
		}
	}
	for i := range ds.Entities {
		name(ds.Entities[i].ID)
	}
	for i := range ds.Relationships {
		name(ds.Relationships[i].From)
		name(ds.Relationships[i].To)
	}
	recs, err := collect(cypher.Get("add_entity_hashes"), map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	held := make(map[string]string, len(recs))
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		held[id], _ = r.Values[1].(string)
	}
	inDS := make(map[string]bool, len(ds.Entities))
	entRows := map[entities.Kind][]any{}
	for i := range ds.Entities {
		e := &ds.Entities[i]
		inDS[e.ID] = true
		h, ok := held[e.ID]
		switch {
		case !ok:
			st.Created.Entities++
		case h == entityHash(e):
			st.Unchanged.Entities++
			continue
		default:
			st.Updated.Entities++
		}
		entRows[e.Kind] = append(entRows[e.Kind], entityProps(e))
	}
	for i := range ds.Relationships {
		r := &ds.Relationships[i]
		for _, end := range []string{r.From, r.To} {
			if _, ok := held[end]; !ok && !inDS[end] {
				return nil, entities.Errorf(entities.EINVALID, "relationship %q: entity %q is neither in the graph nor added", r.ID, end)
			}
		}
	}

	keys := make([]any, len(ds.Relationships))
	for i := range ds.Relationships {
		r := &ds.Relationships[i]
		keys[i] = map[string]any{"from": r.From, "type": string(r.Type), "to": r.To}
	}
	recs, err = collect(cypher.Get("add_rel_contents"), map[string]any{"rows": keys})
	if err != nil {
		return nil, err
	}
	heldRel := relContents(recs)
	relRows := map[entities.RelType][]any{}
	for i := range ds.Relationships {
		r := &ds.Relationships[i]
		h, ok := heldRel[relKey{r.From, string(r.Type), r.To}]
		switch {
		case !ok:
			st.Created.Relationships++
		case h == relContent(r):
			st.Unchanged.Relationships++
			continue
		default:
			st.Updated.Relationships++
		}
		relRows[r.Type] = append(relRows[r.Type], map[string]any{"from": r.From, "to": r.To, "props": relProps(r)})
	}

	if err := s.mergeEntityRows(ctx, exec, entRows); err != nil {
		return nil, err
	}
	if err := s.mergeRelRows(ctx, exec, relRows); err != nil {
		return nil, err
	}
	var srcRows []any
	for i := range ds.Sources {
		srcRows = append(srcRows, sourceProps(&ds.Sources[i]))
	}
	if len(srcRows) > 0 {
		if err := exec(cypher.Get("load_merge_sources"), map[string]any{"rows": srcRows}); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// checkAddition refuses, with EINVALID, an addition the loader should have
// refused: checkDataset's checks, except that a relationship's ends may be
// entities the graph holds already (Add checks those).
func checkAddition(ds *entities.Dataset) error {
	if ds == nil {
		return entities.Errorf(entities.EINVALID, "no dataset to add")
	}
	stubs := &entities.Dataset{Sources: ds.Sources, Entities: slices.Clone(ds.Entities), Relationships: ds.Relationships}
	ids := make(map[string]bool, len(ds.Entities))
	for i := range ds.Entities {
		ids[ds.Entities[i].ID] = true
	}
	// The ends outside ds stand in as bare entities, so that checkDataset
	// checks everything else.
	for i := range ds.Relationships {
		for _, end := range []string{ds.Relationships[i].From, ds.Relationships[i].To} {
			if !ids[end] {
				ids[end] = true
				stubs.Entities = append(stubs.Entities, entities.Entity{ID: end, Kind: entities.KindArmedGroup})
			}
		}
	}
	return checkDataset(stubs)
}

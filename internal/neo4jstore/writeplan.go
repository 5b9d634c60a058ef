package neo4jstore

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

// Every write to the graph (a load, an addition, a review's apply, a pack's
// revert) is three steps in one transaction: readStored reads what the graph
// holds of what the write touches, diff compares it with what is wanted and
// returns a plan, and write carries the plan out. diff is pure: what a write
// changes is decided without a server.

// stored is what the graph holds of what a write touches: content hashes by
// entity id, relationship key and source id.
type stored struct {
	// whole says that everything the graph holds was read: what the wanted
	// dataset lacks is then deleted, and what it adds is created by element id.
	// An addition reads only what it names and deletes nothing.
	whole      bool
	entities   map[string]string // entity id → hash
	elementIDs map[string]string // entity id → element id; whole reads only
	rels       map[relKey]string // → relContent
	sources    map[string]string // source id → hash; whole reads only
}

// readWhole reads every entity, relationship and source the graph holds.
func readWhole(collect func(string, map[string]any) ([]*neo4j.Record, error)) (*stored, error) {
	recs, err := collect(cypher.Get("load_entity_hashes"), nil)
	if err != nil {
		return nil, err
	}
	have := &stored{whole: true, entities: make(map[string]string, len(recs)), elementIDs: make(map[string]string, len(recs))}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		h, _ := r.Values[1].(string)
		have.entities[id] = h
		have.elementIDs[id], _ = r.Values[2].(string)
	}
	recs, err = collect(cypher.Get("load_rel_hashes"), nil)
	if err != nil {
		return nil, err
	}
	have.rels = relContents(recs)
	recs, err = collect(cypher.Get("load_source_hashes"), nil)
	if err != nil {
		return nil, err
	}
	have.sources = make(map[string]string, len(recs))
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		h, _ := r.Values[1].(string)
		have.sources[id] = h
	}
	return have, nil
}

// readNamed reads what the graph holds of the entities ds names (its own and
// its relationships' ends) and of ds's relationships, and nothing else, so that
// adding a small pack to a big graph costs what the pack costs.
func readNamed(collect func(string, map[string]any) ([]*neo4j.Record, error), ds *entities.Dataset) (*stored, error) {
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
	have := &stored{entities: make(map[string]string, len(recs))}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		have.entities[id], _ = r.Values[1].(string)
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
	have.rels = relContents(recs)
	return have, nil
}

// plan is what a write changes. Entities are written by kind, relationships by
// type: labels and types cannot be parameters.
type plan struct {
	stats entities.LoadStats
	// newEntities are created (CREATE, no index seek), and newRels, the new
	// relationships with an end among them, created by the ends' element ids.
	newEntities map[entities.Kind][]*entities.Entity
	newRels     map[entities.RelType][]*entities.Relationship
	elementIDs  map[string]string // of the entities held, for newRels
	// entityRows and relRows are merged: new entities and relationships an
	// addition writes, and changed ones.
	entityRows map[entities.Kind][]any
	relRows    map[entities.RelType][]any
	// goneEntities, goneRels and goneSources are deleted.
	goneEntities []string
	goneRels     map[entities.RelType][]any
	goneSources  []any
	// sourceRows are merged: the new and changed sources.
	sourceRows []any
}

// diff compares what the graph holds with ds, what is wanted, and returns
// what to write. When have is not whole, ds is an addition: a relationship's
// ends must be in ds or held (EINVALID naming it otherwise), nothing is
// deleted, and every source of ds is written.
func diff(have *stored, ds *entities.Dataset) (*plan, error) {
	p := &plan{
		newEntities: map[entities.Kind][]*entities.Entity{}, newRels: map[entities.RelType][]*entities.Relationship{},
		elementIDs: have.elementIDs, entityRows: map[entities.Kind][]any{}, relRows: map[entities.RelType][]any{},
		goneRels: map[entities.RelType][]any{},
	}
	st := &p.stats
	isNew := func(id string) bool { _, ok := have.entities[id]; return !ok }
	inDS := make(map[string]bool, len(ds.Entities))
	for i := range ds.Entities {
		e := &ds.Entities[i]
		inDS[e.ID] = true
		h, ok := have.entities[e.ID]
		switch {
		case !ok:
			st.Created.Entities++
			if have.whole {
				p.newEntities[e.Kind] = append(p.newEntities[e.Kind], e)
				continue
			}
		case h == entityHash(e):
			st.Unchanged.Entities++
			continue
		default:
			st.Updated.Entities++
		}
		p.entityRows[e.Kind] = append(p.entityRows[e.Kind], entityProps(e))
	}
	if have.whole {
		for id := range have.entities {
			if !inDS[id] {
				p.goneEntities = append(p.goneEntities, id)
			}
		}
		slices.Sort(p.goneEntities)
		st.Deleted.Entities = len(p.goneEntities)
	} else {
		for i := range ds.Relationships {
			r := &ds.Relationships[i]
			for _, end := range []string{r.From, r.To} {
				if isNew(end) && !inDS[end] {
					return nil, entities.Errorf(entities.EINVALID, "relationship %q: entity %q is neither in the graph nor added", r.ID, end)
				}
			}
		}
	}

	for i := range ds.Relationships {
		r := &ds.Relationships[i]
		h, ok := have.rels[relKey{r.From, string(r.Type), r.To}]
		switch {
		case !ok:
			st.Created.Relationships++
			if have.whole && (isNew(r.From) || isNew(r.To)) {
				p.newRels[r.Type] = append(p.newRels[r.Type], r)
				continue
			}
		case h == relContent(r):
			st.Unchanged.Relationships++
			continue
		default:
			st.Updated.Relationships++
		}
		p.relRows[r.Type] = append(p.relRows[r.Type], map[string]any{"from": r.From, "to": r.To, "props": relProps(r)})
	}
	if have.whole {
		keep := make(map[relKey]bool, len(ds.Relationships))
		for i := range ds.Relationships {
			r := &ds.Relationships[i]
			keep[relKey{r.From, string(r.Type), r.To}] = true
		}
		for k := range have.rels {
			if !keep[k] {
				st.Deleted.Relationships++
				p.goneRels[entities.RelType(k.typ)] = append(p.goneRels[entities.RelType(k.typ)], map[string]any{"from": k.from, "to": k.to})
			}
		}
	}

	keepSrc := make(map[string]bool, len(ds.Sources))
	for i := range ds.Sources {
		row := sourceProps(&ds.Sources[i])
		keepSrc[ds.Sources[i].ID] = true
		if !have.whole || have.sources[ds.Sources[i].ID] != row["hash"] {
			p.sourceRows = append(p.sourceRows, row)
		}
	}
	for id := range have.sources {
		if !keepSrc[id] {
			p.goneSources = append(p.goneSources, id)
		}
	}
	return p, nil
}

// write carries out p in tx: deletions first, then entities, then
// relationships, then sources.
func (s *Store) write(ctx context.Context, tx neo4j.ExplicitTransaction, p *plan) error {
	collect, exec := txStatements(ctx, tx)

	// The rows of new entities and relationships are built by a goroutine while
	// the server writes the batches before them: a first load of a big graph is
	// mostly such rows, and building them is a fifth of its time.
	done := make(chan struct{})
	defer close(done)
	build := buildCreateRows(done, p.newEntities, p.newRels, s.cfg.BatchSize)

	for _, info := range entities.RelTypes {
		if rows := p.goneRels[info.Type]; len(rows) > 0 {
			stmt, err := cypher.WithType(cypher.Get("load_delete_rels"), info.Type)
			if err != nil {
				return err
			}
			if err := s.batches(ctx, exec, stmt, "rows", rows); err != nil {
				return err
			}
		}
	}
	if len(p.goneEntities) > 0 {
		if err := s.batches(ctx, exec, cypher.Get("load_delete_entities"), "ids", toAny(p.goneEntities)); err != nil {
			return err
		}
	}
	eid := p.elementIDs // the plan's own: the created entities join the held
	if eid == nil {
		eid = map[string]string{}
	}
	for b := range build.entities {
		stmt, err := cypher.WithKind(cypher.Get("load_create_entities"), b.kind)
		if err != nil {
			return err
		}
		recs, err := collect(stmt, map[string]any{"rows": b.rows})
		if err != nil {
			return err
		}
		if len(recs) != 1 {
			return entities.Errorf(entities.EINTERNAL, "writing %s entities: %d answers, want one", b.kind, len(recs))
		}
		created, _ := recs[0].Values[0].([]any)
		if len(created) != len(b.rows) {
			return entities.Errorf(entities.EINTERNAL, "writing %s entities: %d created, want %d", b.kind, len(created), len(b.rows))
		}
		for _, c := range created {
			pair, _ := c.([]any)
			if len(pair) != 2 {
				return entities.Errorf(entities.EINTERNAL, "writing %s entities: an answer is not an id pair", b.kind)
			}
			id, _ := pair[0].(string)
			eid[id], _ = pair[1].(string)
		}
	}
	if err := s.mergeEntityRows(ctx, exec, p.entityRows); err != nil {
		return err
	}
	relCreate := <-build.relationships
	for _, info := range entities.RelTypes {
		rows, rels := relCreate[info.Type], p.newRels[info.Type]
		if len(rows) == 0 {
			continue
		}
		for i, r := range rels {
			a, b := eid[r.From], eid[r.To]
			if a == "" || b == "" {
				return entities.Errorf(entities.EINTERNAL, "relationship %q: an end vanished during the load", r.ID)
			}
			row := rows[i].([]any)
			row[0], row[1] = a, b
		}
		stmt, err := cypher.WithType(cypher.Get("load_create_rels"), info.Type)
		if err != nil {
			return err
		}
		for len(rows) > 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			n := min(len(rows), s.cfg.BatchSize)
			recs, err := collect(stmt, map[string]any{"rows": rows[:n]})
			if err != nil {
				return err
			}
			if len(recs) != 1 || recs[0].Values[0] != int64(n) {
				return entities.Errorf(entities.EINTERNAL, "writing %s relationships: an end vanished during the load", info.Type)
			}
			rows = rows[n:]
		}
	}
	if err := s.mergeRelRows(ctx, exec, p.relRows); err != nil {
		return err
	}
	if len(p.goneSources) > 0 {
		if err := exec(cypher.Get("load_delete_sources"), map[string]any{"ids": p.goneSources}); err != nil {
			return err
		}
	}
	if len(p.sourceRows) > 0 {
		if err := exec(cypher.Get("load_merge_sources"), map[string]any{"rows": p.sourceRows}); err != nil {
			return err
		}
	}
	return nil
}

// writeDataset is the one write path: read what is stored (the whole graph,
// or what an addition names), diff it with ds, write the plan, in tx.
func (s *Store) writeDataset(ctx context.Context, tx neo4j.ExplicitTransaction, ds *entities.Dataset, whole bool) (*entities.LoadStats, error) {
	collect, _ := txStatements(ctx, tx)
	var have *stored
	var err error
	if whole {
		have, err = readWhole(collect)
	} else {
		have, err = readNamed(collect, ds)
	}
	if err != nil {
		return nil, err
	}
	p, err := diff(have, ds)
	if err != nil {
		return nil, err
	}
	if err := s.write(ctx, tx, p); err != nil {
		return nil, err
	}
	return &p.stats, nil
}

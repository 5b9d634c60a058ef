package neo4jstore

import (
	"context"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

// EnsureSchema creates graphapi's constraints and indexes if they are missing
// and waits for them to come online. Replace calls it; it changes nothing when
// they exist.
func (s *Store) EnsureSchema(ctx context.Context) error {
	// The indexes first: they populate in the background, beside the
	// constraints' indexes, which each populate before their statement returns.
	for _, name := range []string{"schema_entity_kind", "schema_entity_names", "schema_entity_id", "schema_source_id", "schema_await"} {
		_, err := neo4j.ExecuteQuery(ctx, s.driver, cypher.Get(name), nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithWritersRouting(),
			neo4j.ExecuteQueryWithBookmarkManager(s.bookmarks))
		if err != nil {
			return s.mapErr(ctx, err, 0)
		}
	}
	return nil
}

// Replace makes the graph in Neo4j exactly ds, all or nothing: every change is
// written in one transaction, so a failed or interrupted load leaves the graph
// as it was. What it returns is what happened: a deadline that passes before the
// commit begins rolls the load back (ETIMEOUT); once begun, the commit is waited
// for (up to Config.LoadTimeout) even past the deadline. Only what differs is
// written: a second load of the same dataset writes nothing and counts
// everything unchanged. Returns EINVALID for a dataset
// the loader should have refused (duplicate ids, unknown kinds or types, dangling
// relationships).
func (s *Store) Replace(ctx context.Context, ds *entities.Dataset) (*entities.LoadStats, error) {
	if err := checkDataset(ds); err != nil {
		return nil, err
	}
	return s.writeTx(ctx, "replace", func(ctx context.Context, tx neo4j.ExplicitTransaction) (*entities.LoadStats, error) {
		return s.replace(ctx, tx, ds)
	})
}

// writeTx runs write in one write transaction under the load's deadline, all
// or nothing, on the session that shares the store's bookmarks (so reads after
// it see it), and commits it.
func (s *Store) writeTx(ctx context.Context, op string, write func(context.Context, neo4j.ExplicitTransaction) (*entities.LoadStats, error)) (*entities.LoadStats, error) {
	if err := s.EnsureSchema(ctx); err != nil {
		return nil, err
	}
	d := entities.TimeLeft(ctx, s.cfg.LoadTimeout)
	ctx, cancel := context.WithTimeout(ctx, d+time.Second)
	defer cancel()
	sess := s.session(ctx, neo4j.AccessModeWrite, 0)
	defer sess.Close(context.WithoutCancel(ctx))
	tx, err := sess.BeginTransaction(ctx, neo4j.WithTxTimeout(d),
		neo4j.WithTxMetadata(map[string]any{"app": "graphapi", "op": op}))
	if err != nil {
		return nil, s.mapErr(ctx, err, d)
	}
	defer tx.Close(context.WithoutCancel(ctx)) // rolls back unless committed
	st, err := write(ctx, tx)
	if err == nil {
		err = ctx.Err() // past the deadline: roll back rather than begin a commit
	}
	if err != nil {
		return nil, s.mapErr(ctx, err, d)
	}
	// Once begun, a commit runs to its end on the server whatever the client
	// does: only waiting for its answer tells truthfully whether the graph
	// changed. So the wait is bounded by the load's own limit, not by what is
	// left of the caller's deadline.
	commitCtx, cancelCommit := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.LoadTimeout)
	defer cancelCommit()
	if err := tx.Commit(commitCtx); err != nil {
		return nil, s.mapErr(commitCtx, err, d)
	}
	return st, nil
}

type relKey struct{ from, typ, to string }

// txStatements runs statements in a write transaction: collect returns a
// statement's records, exec runs one for its effect and discards its answer.
func txStatements(ctx context.Context, tx neo4j.ExplicitTransaction) (
	collect func(stmt string, params map[string]any) ([]*neo4j.Record, error),
	exec func(stmt string, params map[string]any) error,
) {
	collect = func(stmt string, params map[string]any) ([]*neo4j.Record, error) {
		res, err := tx.Run(ctx, stmt, params)
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	}
	exec = func(stmt string, params map[string]any) error {
		res, err := tx.Run(ctx, stmt, params)
		if err != nil {
			return err
		}
		_, err = res.Consume(ctx)
		return err
	}
	return collect, exec
}

func (s *Store) replace(ctx context.Context, tx neo4j.ExplicitTransaction, ds *entities.Dataset) (*entities.LoadStats, error) {
	collect, exec := txStatements(ctx, tx)
	st := &entities.LoadStats{}

	// What is there now.
	recs, err := collect(cypher.Get("load_entity_hashes"), nil)
	if err != nil {
		return nil, err
	}
	oldEnt := make(map[string]string, len(recs))
	eid := make(map[string]string, len(ds.Entities)) // entity id → element id
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		h, _ := r.Values[1].(string)
		oldEnt[id] = h
		eid[id], _ = r.Values[2].(string)
	}
	recs, err = collect(cypher.Get("load_rel_hashes"), nil)
	if err != nil {
		return nil, err
	}
	oldRel := relContents(recs)
	recs, err = collect(cypher.Get("load_source_hashes"), nil)
	if err != nil {
		return nil, err
	}
	oldSrc := make(map[string]string, len(recs))
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		h, _ := r.Values[1].(string)
		oldSrc[id] = h
	}

	// What changes. Entities are written by kind, relationships by type: labels and
	// types cannot be parameters. New entities are created, changed ones merged.
	isNew := func(id string) bool { _, ok := oldEnt[id]; return !ok }
	newEnts := make(map[entities.Kind][]*entities.Entity)
	entRows := make(map[entities.Kind][]any)
	for i := range ds.Entities {
		e := &ds.Entities[i]
		h, ok := oldEnt[e.ID]
		switch {
		case !ok:
			st.Created.Entities++
			newEnts[e.Kind] = append(newEnts[e.Kind], e)
			continue
		case h == entityHash(e):
			st.Unchanged.Entities++
			continue
		default:
			st.Updated.Entities++
		}
		entRows[e.Kind] = append(entRows[e.Kind], entityProps(e))
	}
	var goneEnt []string
	if len(oldEnt) > 0 {
		keep := make(map[string]bool, len(ds.Entities))
		for i := range ds.Entities {
			keep[ds.Entities[i].ID] = true
		}
		for id := range oldEnt {
			if !keep[id] {
				goneEnt = append(goneEnt, id)
			}
		}
	}
	st.Deleted.Entities = len(goneEnt)

	// New relationships with an end created by this load are created (by the
	// ends' element ids, known once the entities are written); the others, new or
	// changed, merged.
	newRels := make(map[entities.RelType][]*entities.Relationship)
	relRows := make(map[entities.RelType][]any)
	for i := range ds.Relationships {
		r := &ds.Relationships[i]
		h, ok := oldRel[relKey{r.From, string(r.Type), r.To}]
		switch {
		case !ok:
			st.Created.Relationships++
			if isNew(r.From) || isNew(r.To) {
				newRels[r.Type] = append(newRels[r.Type], r)
				continue
			}
		case h == relContent(r):
			st.Unchanged.Relationships++
			continue
		default:
			st.Updated.Relationships++
		}
		relRows[r.Type] = append(relRows[r.Type], map[string]any{"from": r.From, "to": r.To, "props": relProps(r)})
	}
	goneRel := make(map[entities.RelType][]any)
	if len(oldRel) > 0 {
		keepRel := make(map[relKey]bool, len(ds.Relationships))
		for i := range ds.Relationships {
			r := &ds.Relationships[i]
			keepRel[relKey{r.From, string(r.Type), r.To}] = true
		}
		for k := range oldRel {
			if !keepRel[k] {
				st.Deleted.Relationships++
				goneRel[entities.RelType(k.typ)] = append(goneRel[entities.RelType(k.typ)], map[string]any{"from": k.from, "to": k.to})
			}
		}
	}

	// The rows of new entities and relationships are built by a goroutine while
	// the server writes the batches before them: a first load of a big graph is
	// mostly such rows, and building them is a fifth of its time.
	done := make(chan struct{})
	defer close(done)
	build := buildCreateRows(done, newEnts, newRels, s.cfg.BatchSize)

	// Write: deletions first, then entities, then relationships, then sources.
	for _, info := range entities.RelTypes {
		if rows := goneRel[info.Type]; len(rows) > 0 {
			stmt, err := cypher.WithType(cypher.Get("load_delete_rels"), info.Type)
			if err != nil {
				return nil, err
			}
			if err := s.batches(ctx, exec, stmt, "rows", rows); err != nil {
				return nil, err
			}
		}
	}
	if len(goneEnt) > 0 {
		slices.Sort(goneEnt)
		if err := s.batches(ctx, exec, cypher.Get("load_delete_entities"), "ids", toAny(goneEnt)); err != nil {
			return nil, err
		}
	}
	for b := range build.entities {
		stmt, err := cypher.WithKind(cypher.Get("load_create_entities"), b.kind)
		if err != nil {
			return nil, err
		}
		recs, err := collect(stmt, map[string]any{"rows": b.rows})
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			return nil, entities.Errorf(entities.EINTERNAL, "writing %s entities: %d answers, want one", b.kind, len(recs))
		}
		created, _ := recs[0].Values[0].([]any)
		if len(created) != len(b.rows) {
			return nil, entities.Errorf(entities.EINTERNAL, "writing %s entities: %d created, want %d", b.kind, len(created), len(b.rows))
		}
		for _, c := range created {
			pair, _ := c.([]any)
			if len(pair) != 2 {
				return nil, entities.Errorf(entities.EINTERNAL, "writing %s entities: an answer is not an id pair", b.kind)
			}
			id, _ := pair[0].(string)
			eid[id], _ = pair[1].(string)
		}
	}
	if err := s.mergeEntityRows(ctx, exec, entRows); err != nil {
		return nil, err
	}
	relCreate := <-build.relationships
	for _, info := range entities.RelTypes {
		rows, rels := relCreate[info.Type], newRels[info.Type]
		if len(rows) == 0 {
			continue
		}
		for i, r := range rels {
			a, b := eid[r.From], eid[r.To]
			if a == "" || b == "" {
				return nil, entities.Errorf(entities.EINTERNAL, "relationship %q: an end vanished during the load", r.ID)
			}
			row := rows[i].([]any)
			row[0], row[1] = a, b
		}
		stmt, err := cypher.WithType(cypher.Get("load_create_rels"), info.Type)
		if err != nil {
			return nil, err
		}
		for len(rows) > 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			n := min(len(rows), s.cfg.BatchSize)
			recs, err := collect(stmt, map[string]any{"rows": rows[:n]})
			if err != nil {
				return nil, err
			}
			if len(recs) != 1 || recs[0].Values[0] != int64(n) {
				return nil, entities.Errorf(entities.EINTERNAL, "writing %s relationships: an end vanished during the load", info.Type)
			}
			rows = rows[n:]
		}
	}
	if err := s.mergeRelRows(ctx, exec, relRows); err != nil {
		return nil, err
	}

	var srcRows []any
	keepSrc := make(map[string]bool, len(ds.Sources))
	for i := range ds.Sources {
		p := sourceProps(&ds.Sources[i])
		keepSrc[ds.Sources[i].ID] = true
		if oldSrc[ds.Sources[i].ID] != p["hash"] {
			srcRows = append(srcRows, p)
		}
	}
	var goneSrc []any
	for id := range oldSrc {
		if !keepSrc[id] {
			goneSrc = append(goneSrc, id)
		}
	}
	if len(goneSrc) > 0 {
		if err := exec(cypher.Get("load_delete_sources"), map[string]any{"ids": goneSrc}); err != nil {
			return nil, err
		}
	}
	if len(srcRows) > 0 {
		if err := exec(cypher.Get("load_merge_sources"), map[string]any{"rows": srcRows}); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// createRows are the rows of load_create_entities, batch by batch as they are
// built, then those of load_create_rels by type, in newRels's order and with
// the ends left for the caller, who knows their element ids only once the
// entities are written.
type createRows struct {
	entities      <-chan entityBatch
	relationships <-chan map[entities.RelType][]any
}

type entityBatch struct {
	kind entities.Kind
	rows []any
}

// buildCreateRows builds, in a goroutine of its own, the rows that create
// newEnts (in entities.Kinds order, batches of batchSize) and newRels. It stops
// when done is closed.
func buildCreateRows(done <-chan struct{}, newEnts map[entities.Kind][]*entities.Entity,
	newRels map[entities.RelType][]*entities.Relationship, batchSize int) createRows {
	ents := make(chan entityBatch, 1)
	rels := make(chan map[entities.RelType][]any, 1)
	go func() {
		for _, info := range entities.Kinds {
			list := newEnts[info.Kind]
			for len(list) > 0 {
				n := min(len(list), batchSize)
				rows := make([]any, n)
				for i, e := range list[:n] {
					rows[i] = entityCreateRow(e)
				}
				select {
				case ents <- entityBatch{info.Kind, rows}:
				case <-done:
					return
				}
				list = list[n:]
			}
		}
		close(ents)
		byType := make(map[entities.RelType][]any, len(newRels))
		evidence := newEvidenceJSON()
		for t, list := range newRels {
			rows := make([]any, len(list))
			for i, r := range list {
				rows[i] = relCreateRow(r, evidence)
			}
			byType[t] = rows
		}
		rels <- byType // buffered: never blocks
	}()
	return createRows{entities: ents, relationships: rels}
}

func (s *Store) batches(ctx context.Context, exec func(string, map[string]any) error, stmt, param string, rows []any) error {
	for len(rows) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(len(rows), s.cfg.BatchSize)
		if err := exec(stmt, map[string]any{param: rows[:n]}); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// checkDataset refuses, with EINVALID, what the loader should already have
// refused, as the embedded store does.
func checkDataset(ds *entities.Dataset) error {
	if ds == nil {
		return entities.Errorf(entities.EINVALID, "no dataset to load")
	}
	ids := make(map[string]bool, len(ds.Entities))
	for i := range ds.Entities {
		e := &ds.Entities[i]
		if err := entities.CheckEntity(e); err != nil {
			return err
		}
		if ids[e.ID] {
			return entities.StatedTwice("entity", e.ID)
		}
		ids[e.ID] = true
	}
	rels := make(map[string]bool, len(ds.Relationships))
	for i := range ds.Relationships {
		r := &ds.Relationships[i]
		if !ids[r.From] || !ids[r.To] {
			return entities.DanglingRelationship(r.ID)
		}
		if err := entities.CheckRelationship(r); err != nil {
			return err
		}
		if rels[r.ID] {
			return entities.StatedTwice("relationship", r.ID)
		}
		rels[r.ID] = true
	}
	srcs := make(map[string]bool, len(ds.Sources))
	for i := range ds.Sources {
		if srcs[ds.Sources[i].ID] {
			return entities.StatedTwice("source", ds.Sources[i].ID)
		}
		srcs[ds.Sources[i].ID] = true
		if err := entities.CheckSource(&ds.Sources[i]); err != nil {
			return err
		}
	}
	return nil
}

// relContents reads the records of load_rel_hashes or add_rel_contents (from,
// type, to, then the fields relContent compares) into each relationship's
// stored content.
func relContents(recs []*neo4j.Record) map[relKey]string {
	out := make(map[relKey]string, len(recs))
	for _, r := range recs {
		var k relKey
		k.from, _ = r.Values[0].(string)
		k.typ, _ = r.Values[1].(string)
		k.to, _ = r.Values[2].(string)
		var f [6]string
		for i := range f {
			f[i], _ = r.Values[3+i].(string)
		}
		out[k] = storedRelContent(f[0], f[1], f[2], f[3], f[4], f[5])
	}
	return out
}

// mergeEntityRows writes new or changed entities (load_merge_entities), kind
// by kind, batch by batch.
func (s *Store) mergeEntityRows(ctx context.Context, exec func(string, map[string]any) error, rows map[entities.Kind][]any) error {
	for _, info := range entities.Kinds {
		if len(rows[info.Kind]) == 0 {
			continue
		}
		stmt, err := cypher.WithKind(cypher.Get("load_merge_entities"), info.Kind)
		if err != nil {
			return err
		}
		if err := s.batches(ctx, exec, stmt, "rows", rows[info.Kind]); err != nil {
			return err
		}
	}
	return nil
}

// mergeRelRows writes new or changed relationships (load_merge_rels), type by
// type, batch by batch.
func (s *Store) mergeRelRows(ctx context.Context, exec func(string, map[string]any) error, rows map[entities.RelType][]any) error {
	for _, info := range entities.RelTypes {
		if len(rows[info.Type]) == 0 {
			continue
		}
		stmt, err := cypher.WithType(cypher.Get("load_merge_rels"), info.Type)
		if err != nil {
			return err
		}
		if err := s.batches(ctx, exec, stmt, "rows", rows[info.Type]); err != nil {
			return err
		}
	}
	return nil
}

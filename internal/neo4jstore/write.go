package neo4jstore

import (
	"context"
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
		return s.writeDataset(ctx, tx, ds, true)
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

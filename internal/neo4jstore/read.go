package neo4jstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

func notFound(id string) error { return entities.NoEntity(id) }

// Entity returns the entity with its non-zero relationship counts by (type,
// direction), in vocabulary order with "out" before "in"; ENOTFOUND if no
// entity has that id.
func (s *Store) Entity(ctx context.Context, id string) (*entities.EntityDetail, error) {
	var out *entities.EntityDetail
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, cypher.Get("entity_get"), map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return notFound(id)
		}
		e, err := toEntity(recs[0].Values[0])
		if err != nil {
			return err
		}
		counts := func(name string) (map[string]int, error) {
			recs, err := run(ctx, tx, cypher.Get(name), map[string]any{"id": id})
			if err != nil {
				return nil, err
			}
			m := make(map[string]int, len(recs))
			for _, r := range recs {
				t, _ := r.Values[0].(string)
				n, _ := r.Values[1].(int64)
				m[t] = int(n)
			}
			return m, nil
		}
		outs, err := counts("entity_counts_out")
		if err != nil {
			return err
		}
		ins, err := counts("entity_counts_in")
		if err != nil {
			return err
		}
		out = entities.NewEntityDetail(e, entities.RelCounts(func(t int, dir entities.Direction) int {
			if dir == entities.Out {
				return outs[string(entities.RelTypes[t].Type)]
			}
			return ins[string(entities.RelTypes[t].Type)]
		}))
		return nil
	})
	return out, err
}

// Search returns one page of the entities a word of whose folded name or
// alias starts with the folded text, ordered by (rank, folded name, id), and
// the count of all of them; EINVALID for bad options.
func (s *Store) Search(ctx context.Context, q entities.SearchQuery) (*entities.SearchResult, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	texts := entities.SearchTexts(q.Text)
	var kind any
	if q.Kind != "" {
		kind = string(q.Kind)
	}
	var out *entities.SearchResult
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, cypher.Get("search"), map[string]any{"texts": texts, "kind": kind})
		if err != nil {
			return err
		}
		type hit struct {
			id, name string
			rank     int
		}
		hits := make([]hit, len(recs))
		for i, r := range recs {
			h := &hits[i]
			h.id, _ = r.Values[0].(string)
			h.name, _ = r.Values[1].(string)
			aliases, _ := r.Values[2].([]any)
			names := []string{h.name}
			for _, a := range aliases {
				n, _ := a.(string)
				names = append(names, n)
			}
			h.rank = entities.SearchRank(texts, names...)
		}
		slices.SortFunc(hits, func(a, b hit) int {
			return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.name, b.name), strings.Compare(a.id, b.id))
		})
		page := hits[min(q.Offset, len(hits)):min(q.Offset+q.Limit, len(hits))]
		ids := make([]string, len(page))
		for i, h := range page {
			ids[i] = h.id
		}
		items, err := entitiesByID(ctx, tx, ids)
		if err != nil {
			return err
		}
		out = &entities.SearchResult{Items: items, Total: len(hits)}
		return nil
	})
	return out, err
}

// entitiesByID returns the entities with the given ids, in that order; ids that
// match no entity are skipped.
func entitiesByID(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) ([]entities.Entity, error) {
	out := make([]entities.Entity, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := run(ctx, tx, cypher.Get("entities_by_ids"), map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]entities.Entity, len(recs))
	for _, r := range recs {
		e, err := toEntity(r.Values[0])
		if err != nil {
			return nil, err
		}
		byID[e.ID] = e
	}
	for _, id := range ids {
		if e, ok := byID[id]; ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// missing returns the first of ids (in their order) that names no entity, or "".
func missing(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) (string, error) {
	recs, err := run(ctx, tx, cypher.Get("entity_ids_exist"), map[string]any{"ids": ids})
	if err != nil {
		return "", err
	}
	for _, r := range recs {
		if found, _ := r.Values[1].(bool); !found {
			id, _ := r.Values[0].(string)
			return id, nil
		}
	}
	return "", nil
}

// Subgraph returns the named entities, duplicates dropped, ordered by id, and
// every relationship among them ordered by id; ENOTFOUND naming the first
// unknown id, EINVALID for bad options.
func (s *Store) Subgraph(ctx context.Context, q entities.SubgraphQuery) (*entities.Graph, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	var out *entities.Graph
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		if id, err := missing(ctx, tx, q.IDs); err != nil {
			return err
		} else if id != "" {
			return notFound(id)
		}
		ids := slices.Clone(q.IDs)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		nodes, err := entitiesByID(ctx, tx, ids)
		if err != nil {
			return err
		}
		recs, err := run(ctx, tx, cypher.Get("subgraph_rels"), map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		edges := make([]entities.Relationship, 0, len(recs))
		for _, r := range recs {
			rel, err := recordRel(r)
			if err != nil {
				return err
			}
			edges = append(edges, rel)
		}
		sortRels(edges)
		out = &entities.Graph{Nodes: nodes, Edges: edges}
		return nil
	})
	return out, err
}

// recordRel reads a record of (from, type, to, props).
func recordRel(r *neo4j.Record) (entities.Relationship, error) {
	from, _ := r.Values[0].(string)
	typ, _ := r.Values[1].(string)
	to, _ := r.Values[2].(string)
	return toRel(from, typ, to, r.Values[3])
}

func sortRels(rs []entities.Relationship) {
	slices.SortFunc(rs, func(a, b entities.Relationship) int { return strings.Compare(a.ID, b.ID) })
}

// Schema returns the vocabulary with counts of entities by kind and
// relationships by type, zero counts included.
func (s *Store) Schema(ctx context.Context) (*entities.Schema, error) {
	var out *entities.Schema
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		count := func(stmt string) (int, error) {
			recs, err := run(ctx, tx, stmt, nil)
			if err != nil || len(recs) == 0 {
				return 0, err
			}
			n, _ := recs[0].Values[0].(int64)
			return int(n), nil
		}
		out = &entities.Schema{
			Kinds:    make([]entities.KindCount, len(entities.Kinds)),
			RelTypes: make([]entities.RelTypeCount, len(entities.RelTypes)),
		}
		for i, info := range entities.Kinds {
			stmt, err := cypher.WithKind(cypher.Get("schema_count_kind"), info.Kind)
			if err != nil {
				return err
			}
			n, err := count(stmt)
			if err != nil {
				return err
			}
			out.Kinds[i] = entities.KindCount{KindInfo: info, Count: n}
		}
		for i, info := range entities.RelTypes {
			stmt, err := cypher.WithType(cypher.Get("schema_count_type"), info.Type)
			if err != nil {
				return err
			}
			n, err := count(stmt)
			if err != nil {
				return err
			}
			out.RelTypes[i] = entities.RelTypeCount{RelTypeInfo: info, Count: n}
		}
		return nil
	})
	return out, err
}

// Sources returns the source documents ordered by id.
func (s *Store) Sources(ctx context.Context) ([]entities.Source, error) {
	var out []entities.Source
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, cypher.Get("sources"), nil)
		if err != nil {
			return err
		}
		out = make([]entities.Source, 0, len(recs))
		for _, r := range recs {
			src, err := toSource(r.Values[0])
			if err != nil {
				return err
			}
			out = append(out, src)
		}
		slices.SortFunc(out, func(a, b entities.Source) int { return strings.Compare(a.ID, b.ID) })
		return nil
	})
	return out, err
}

// Fingerprint returns a digest of everything in the database: every node's
// labels and properties, every relationship's type, ends and properties, and
// every index and constraint. Equal fingerprints mean nothing changed; tests use
// it to show that a refused or failed operation wrote nothing.
func (s *Store) Fingerprint(ctx context.Context) (string, error) {
	var lines []string
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		lines = lines[:0]
		recs, err := run(ctx, tx, cypher.Get("graph_fingerprint"), nil)
		if err != nil {
			return err
		}
		for _, r := range recs {
			lines = append(lines, mustJSON(r.Values))
		}
		recs, err = run(ctx, tx, cypher.Get("schema_fingerprint"), nil)
		if err != nil {
			return err
		}
		for _, r := range recs {
			lines = append(lines, mustJSON(r.Values))
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.Sort(lines)
	return digest(lines), nil
}

// EntitiesNamed returns, ordered by id, the ids of the entities one of whose
// names or aliases folds (entities.FoldName) as one of names does: what
// adding a pack reads to resolve the names it gives (loader.Graph), in one
// statement whatever their number.
func (s *Store) EntitiesNamed(ctx context.Context, names []string) ([]string, error) {
	keys := make([]string, 0, len(names))
	for _, n := range names {
		if k := entities.FoldName(n); k != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	var ids []string
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, cypher.Get("entities_named"), map[string]any{"queries": namesQueries(keys)})
		if err != nil {
			return err
		}
		ids = make([]string, len(recs))
		for i, r := range recs {
			ids[i], _ = r.Values[0].(string)
		}
		return nil
	})
	return ids, err
}

// namesQueries spells keys as Lucene queries for graphapi_entity_names: each
// key quoted (folded keys hold letters, digits and spaces; a quote or a
// backslash would be escaped), at most namesPerQuery keys a query, within
// Lucene's limit on the clauses of one query.
func namesQueries(keys []string) []string {
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	var out []string
	for chunk := range slices.Chunk(keys, namesPerQuery) {
		parts := make([]string, len(chunk))
		for i, k := range chunk {
			parts[i] = `"` + quote.Replace(k) + `"`
		}
		out = append(out, strings.Join(parts, " OR "))
	}
	return out
}

const namesPerQuery = 500

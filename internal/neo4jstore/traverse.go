package neo4jstore

import (
	"context"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

// Each traversal is one Cypher statement (cypher/neighbors.cypher,
// paths.cypher, lineage.cypher) that walks, ranks and cuts inside Neo4j as
// entities/semantics.go says, and sends back only what is kept: the kept
// nodes' properties and the kept edges. Go decodes and orders the edges by id.

// asOfParams adds the as_of day (its last day) to a traversal's parameters, as
// a day number, as the vfrom/vto properties are stored, when a is set; the
// statement has as_of predicates only then (cypher.WithAsOf).
func asOfParams(params map[string]any, a entities.AsOf) map[string]any {
	if a.Set {
		params["day"] = int64(a.Date.Last())
	}
	return params
}

// traversal fills a statement's type filter, direction, depth bound and as_of
// predicates.
func traversal(name string, types []entities.RelType, dir entities.Direction, depth int, asOf bool) (string, error) {
	stmt, err := cypher.WithTypes(cypher.Get(name), types)
	if err != nil {
		return "", err
	}
	if stmt, err = cypher.WithDirection(stmt, dir); err != nil {
		return "", err
	}
	if stmt, err = cypher.WithAsOf(stmt, asOf); err != nil {
		return "", err
	}
	return cypher.WithDepth(stmt, depth)
}

// lineageStmts are lineage.cypher over the lineage types, which are the
// vocabulary's and fixed, without and with as_of.
var lineageStmts = func() [2]string {
	stmt := cypher.MustWith(cypher.WithTypes(cypher.Get("lineage"), append(
		entities.AncestorTypes(entities.AncestorIsFrom), entities.AncestorTypes(entities.AncestorIsTo)...)))
	return [2]string{cypher.MustWith(cypher.WithAsOf(stmt, false)), cypher.MustWith(cypher.WithAsOf(stmt, true))}
}()

// lineageStmt returns the lineage statement with or without as_of.
func lineageStmt(asOf bool) string {
	if asOf {
		return lineageStmts[1]
	}
	return lineageStmts[0]
}

// ancestorIsFrom names the lineage types whose start is the ancestor, as the
// lineage statement takes them.
var ancestorIsFrom = func() []string {
	var out []string
	for _, t := range entities.AncestorTypes(entities.AncestorIsFrom) {
		out = append(out, string(t))
	}
	return out
}()

// Neighbors returns the neighbourhood of q.ID as semantics.go defines it:
// nodes by (dist, id) cut at q.Limit, and every filtered edge between kept
// nodes that was walkable from an end nearer than q.Depth. ENOTFOUND for an
// unknown id, EINVALID for bad options, ETIMEOUT past the deadline.
func (s *Store) Neighbors(ctx context.Context, q entities.NeighborQuery) (*entities.Graph, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	stmt, err := traversal("neighbors", q.Types, q.Direction, q.Depth, q.AsOf.Set)
	if err != nil {
		return nil, err
	}
	params := asOfParams(map[string]any{"id": q.ID, "limit": int64(q.Limit)}, q.AsOf)
	var out *entities.Graph
	err = s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		g, err := graphRecord(ctx, tx, stmt, params)
		if err == nil && len(g.Nodes) == 0 {
			err = notFound(q.ID)
		}
		out = g
		return err
	})
	return out, err
}

// Lineage returns q.ID's ancestors and/or descendants as semantics.go defines
// them: each walk unbounded and visiting each node once, nodes by (smaller
// dist, id) cut at q.Limit, and the lineage edges walked between kept nodes;
// as_of is "known by". ENOTFOUND for an unknown id, EINVALID for bad options.
func (s *Store) Lineage(ctx context.Context, q entities.LineageQuery) (*entities.Graph, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	params := asOfParams(map[string]any{
		"id": q.ID, "limit": int64(q.Limit), "ancestorIsFrom": ancestorIsFrom,
		"ancestors":   q.Direction != entities.Descendants,
		"descendants": q.Direction != entities.Ancestors,
	}, q.AsOf)
	var out *entities.Graph
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		g, err := graphRecord(ctx, tx, lineageStmt(q.AsOf.Set), params)
		if err == nil && len(g.Nodes) == 0 {
			err = notFound(q.ID)
		}
		out = g
		return err
	})
	return out, err
}

// graphRecord runs a statement that answers one record of (nodes, edges,
// truncated) and decodes it; the edges come back ordered by id.
func graphRecord(ctx context.Context, tx neo4j.ManagedTransaction, stmt string, params map[string]any) (*entities.Graph, error) {
	recs, err := run(ctx, tx, stmt, params)
	if err != nil {
		return nil, err
	}
	g := &entities.Graph{Nodes: []entities.Entity{}, Edges: []entities.Relationship{}}
	if len(recs) == 0 {
		return g, nil
	}
	r := recs[0].Values
	if g.Nodes, err = entityList(r[0]); err != nil {
		return nil, err
	}
	if g.Edges, err = relList(r[1]); err != nil {
		return nil, err
	}
	sortRels(g.Edges)
	g.Truncated, _ = r[2].(bool)
	return g, nil
}

// entityList decodes a list of node property maps.
func entityList(raw any) ([]entities.Entity, error) {
	list, _ := raw.([]any)
	out := make([]entities.Entity, 0, len(list))
	for _, v := range list {
		e, err := toEntity(v)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// relList decodes a list of [from, type, to, properties].
func relList(raw any) ([]entities.Relationship, error) {
	list, _ := raw.([]any)
	out := make([]entities.Relationship, 0, len(list))
	for _, v := range list {
		row, _ := v.([]any)
		if len(row) != 4 {
			return nil, wrap(nil, entities.EINTERNAL, "Neo4j answered a relationship in an unexpected shape")
		}
		from, _ := row[0].(string)
		typ, _ := row[1].(string)
		to, _ := row[2].(string)
		rel, err := toRel(from, typ, to, row[3])
		if err != nil {
			return nil, err
		}
		out = append(out, rel)
	}
	return out, nil
}

// Paths returns every shortest path from q.From to q.To no longer than
// q.MaxDepth, in the lexicographic order of semantics.go (next node id, then
// edge id, step by step), cut at q.Limit; no paths (not an error) when none
// exists; ENOTFOUND when either end is unknown, EINVALID for bad options.
func (s *Store) Paths(ctx context.Context, q entities.PathQuery) (*entities.PathResult, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	if q.From == q.To {
		return s.samePath(ctx, q.From)
	}
	stmt, err := traversal("paths", q.Types, q.Direction, q.MaxDepth, q.AsOf.Set)
	if err != nil {
		return nil, err
	}
	params := asOfParams(map[string]any{"from": q.From, "to": q.To, "limit": int64(q.Limit)}, q.AsOf)
	var out *entities.PathResult
	err = s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := run(ctx, tx, stmt, params)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return wrap(nil, entities.EINTERNAL, "Neo4j answered no record for a paths query")
		}
		r := recs[0].Values
		if found, _ := r[0].(bool); !found {
			return notFound(q.From)
		}
		if found, _ := r[1].(bool); !found {
			return notFound(q.To)
		}
		res := &entities.PathResult{Paths: []entities.Path{}}
		paths, _ := r[2].([]any)
		for _, raw := range paths {
			pair, _ := raw.([]any)
			if len(pair) != 2 {
				return wrap(nil, entities.EINTERNAL, "Neo4j answered a path in an unexpected shape")
			}
			var p entities.Path
			ids, _ := pair[0].([]any)
			for _, id := range ids {
				s, _ := id.(string)
				p.Nodes = append(p.Nodes, s)
			}
			if p.Edges, err = relList(pair[1]); err != nil {
				return err
			}
			res.Paths = append(res.Paths, p)
		}
		if len(res.Paths) > 0 {
			res.Length = len(res.Paths[0].Edges)
		}
		if res.Nodes, err = entityList(r[3]); err != nil {
			return err
		}
		slices.SortFunc(res.Nodes, func(a, b entities.Entity) int { return strings.Compare(a.ID, b.ID) })
		res.Truncated, _ = r[4].(bool)
		out = res
		return nil
	})
	return out, err
}

// samePath answers a path query from an entity to itself: one path of length
// 0 (semantics.go), or ENOTFOUND.
func (s *Store) samePath(ctx context.Context, id string) (*entities.PathResult, error) {
	var out *entities.PathResult
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		nodes, err := entitiesByID(ctx, tx, []string{id})
		if err != nil {
			return err
		}
		if len(nodes) == 0 {
			return notFound(id)
		}
		out = &entities.PathResult{
			Paths: []entities.Path{{Nodes: []string{id}, Edges: []entities.Relationship{}}},
			Nodes: nodes,
		}
		return nil
	})
	return out, err
}

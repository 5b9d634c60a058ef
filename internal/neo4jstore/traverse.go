package neo4jstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"graphapi/cypher"
	"graphapi/internal/entities"
)

// A walk asks Neo4j for one breadth-first layer at a time (expand_out.cypher,
// expand_in.cypher: the relationships at the frontier that pass the type filter
// and as_of), and keeps distances, ranking and cuts in Go, so that the answer is
// exactly the one entities/semantics.go defines.

// filter is a query's type filter and as_of, with the entities it names, which
// always pass as_of.
type filter struct {
	types  []entities.RelType
	asOf   bool
	day    int64
	exempt []string
}

func newFilter(types []entities.RelType, asOf entities.AsOf, named ...string) filter {
	f := filter{types: types, asOf: asOf.Set, exempt: named}
	if asOf.Set {
		f.day = int64(asOf.Date.Last())
	}
	return f
}

// step is one way a walk may take a relationship: from a frontier node to the
// far end over rel.
type step struct {
	near, far string
	rel       entities.Relationship
}

// expand returns the steps from the frontier: forward over relationships
// leaving it (out), backward over relationships entering it (in), or both.
func expand(ctx context.Context, tx neo4j.ManagedTransaction, frontier []string, dir entities.Direction, f *filter) ([]step, error) {
	var out []step
	params := map[string]any{"frontier": frontier, "asof": f.asOf, "day": f.day, "exempt": f.exempt}
	if f.exempt == nil {
		params["exempt"] = []string{}
	}
	for _, d := range []entities.Direction{entities.Out, entities.In} {
		if dir != entities.Both && dir != d {
			continue
		}
		name := "expand_out"
		if d == entities.In {
			name = "expand_in"
		}
		stmt, err := cypher.WithTypes(cypher.Get(name), f.types)
		if err != nil {
			return nil, err
		}
		recs, err := run(ctx, tx, stmt, params)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			rel, err := recordRel(r)
			if err != nil {
				return nil, err
			}
			st := step{near: rel.From, far: rel.To, rel: rel}
			if d == entities.In {
				st.near, st.far = rel.To, rel.From
			}
			out = append(out, st)
		}
	}
	return out, nil
}

// ranked orders nodes by (dist, id) and keeps the first limit.
func ranked(dist map[string]int, limit int) (kept []string, truncated bool) {
	all := make([]string, 0, len(dist))
	for id := range dist {
		all = append(all, id)
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Or(cmp.Compare(dist[a], dist[b]), strings.Compare(a, b)) })
	if len(all) > limit {
		return all[:limit], true
	}
	return all, false
}

// graph materializes kept nodes (in order) and the given edges whose ends are
// both kept, ordered by id.
func graph(ctx context.Context, tx neo4j.ManagedTransaction, kept []string, edges map[string]entities.Relationship, truncated bool) (*entities.Graph, error) {
	nodes, err := entitiesByID(ctx, tx, kept)
	if err != nil {
		return nil, err
	}
	keep := make(map[string]bool, len(kept))
	for _, id := range kept {
		keep[id] = true
	}
	es := make([]entities.Relationship, 0, len(edges))
	for _, r := range edges {
		if keep[r.From] && keep[r.To] {
			es = append(es, r)
		}
	}
	sortRels(es)
	return &entities.Graph{Nodes: nodes, Edges: es, Truncated: truncated}, nil
}

// Neighbors returns the neighbourhood of q.ID as semantics.go defines it:
// nodes by (dist, id) cut at q.Limit, and every filtered edge between kept
// nodes that was walkable from an end nearer than q.Depth. ENOTFOUND for an
// unknown id, EINVALID for bad options, ETIMEOUT past the deadline.
func (s *Store) Neighbors(ctx context.Context, q entities.NeighborQuery) (*entities.Graph, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	var out *entities.Graph
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		if id, err := missing(ctx, tx, []string{q.ID}); err != nil {
			return err
		} else if id != "" {
			return notFound(id)
		}
		f := newFilter(q.Types, q.AsOf, q.ID)
		edges := map[string]entities.Relationship{}
		// Stop once more than Limit nodes are reached: every later layer would be cut.
		dist, frontier, err := bfs(q.ID, q.Depth, q.Limit, edges, func(layer []string) ([]step, error) {
			return expand(ctx, tx, layer, q.Direction, &f)
		})
		if err != nil {
			return err
		}
		kept, truncated := ranked(dist, q.Limit)
		// A walk stopped early has not yet walked from its last layer; the edges
		// from the kept nodes there that are nearer than Depth still count.
		last := make(map[string]bool, len(frontier))
		for _, id := range frontier {
			last[id] = true
		}
		var rest []string
		for _, id := range kept {
			if dist[id] < q.Depth && last[id] {
				rest = append(rest, id)
			}
		}
		if len(rest) > 0 {
			steps, err := expand(ctx, tx, rest, q.Direction, &f)
			if err != nil {
				return err
			}
			for _, st := range steps {
				edges[st.rel.ID] = st.rel
			}
		}
		out, err = graph(ctx, tx, kept, edges, truncated)
		return err
	})
	return out, err
}

// lineage types by which end is the ancestor, in vocabulary order.
var ancestorIsFrom, ancestorIsTo = func() (from, to []entities.RelType) {
	for _, info := range entities.RelTypes {
		switch info.Ancestor {
		case entities.AncestorIsFrom:
			from = append(from, info.Type)
		case entities.AncestorIsTo:
			to = append(to, info.Type)
		}
	}
	return from, to
}()

// lineageSteps returns the ancestor steps (anc) or descendant steps from the
// frontier. An ancestor step leaves x by a relationship entering x whose start is
// the ancestor, or leaving x whose end is; a descendant step the other way round.
func lineageSteps(ctx context.Context, tx neo4j.ManagedTransaction, frontier []string, anc bool, f filter) ([]step, error) {
	inTypes, outTypes := ancestorIsFrom, ancestorIsTo
	if !anc {
		inTypes, outTypes = ancestorIsTo, ancestorIsFrom
	}
	f.types = inTypes
	in, err := expand(ctx, tx, frontier, entities.In, &f)
	if err != nil {
		return nil, err
	}
	f.types = outTypes
	out, err := expand(ctx, tx, frontier, entities.Out, &f)
	if err != nil {
		return nil, err
	}
	return append(in, out...), nil
}

// Lineage returns q.ID's ancestors and/or descendants as semantics.go defines
// them: each walk unbounded and visiting each node once, nodes by (smaller
// dist, id) cut at q.Limit, and the lineage edges walked between kept nodes.
// ENOTFOUND for an unknown id, EINVALID for bad options.
func (s *Store) Lineage(ctx context.Context, q entities.LineageQuery) (*entities.Graph, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	var out *entities.Graph
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		if id, err := missing(ctx, tx, []string{q.ID}); err != nil {
			return err
		} else if id != "" {
			return notFound(id)
		}
		f := newFilter(nil, q.AsOf, q.ID)
		dist := map[string]int{q.ID: 0}
		edges := map[string]entities.Relationship{}
		walk := func(anc bool) error {
			// No depth cap: the walk is closed under its steps, so every step
			// taken joins two nodes of the walk.
			seen, _, err := bfs(q.ID, -1, -1, edges, func(layer []string) ([]step, error) {
				return lineageSteps(ctx, tx, layer, anc, f)
			})
			if err != nil {
				return err
			}
			for id, d := range seen {
				if old, ok := dist[id]; !ok || d < old {
					dist[id] = d
				}
			}
			return nil
		}
		if q.Direction != entities.Descendants {
			if err := walk(true); err != nil {
				return err
			}
		}
		if q.Direction != entities.Ancestors {
			if err := walk(false); err != nil {
				return err
			}
		}
		kept, truncated := ranked(dist, q.Limit)
		var err error
		out, err = graph(ctx, tx, kept, edges, truncated)
		return err
	})
	return out, err
}

// Paths returns every shortest path from q.From to q.To no longer than
// q.MaxDepth, in the lexicographic order of semantics.go (next node id, then
// edge id, step by step), cut at q.Limit; no paths (not an error) when none
// exists; ENOTFOUND when either end is unknown, EINVALID for bad options.
func (s *Store) Paths(ctx context.Context, q entities.PathQuery) (*entities.PathResult, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	var out *entities.PathResult
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		if id, err := missing(ctx, tx, []string{q.From, q.To}); err != nil {
			return err
		} else if id != "" {
			return notFound(id)
		}
		if q.From == q.To {
			nodes, err := entitiesByID(ctx, tx, []string{q.From})
			if err != nil {
				return err
			}
			out = &entities.PathResult{
				Paths: []entities.Path{{Nodes: []string{q.From}, Edges: []entities.Relationship{}}},
				Nodes: nodes,
			}
			return nil
		}
		out = &entities.PathResult{Paths: []entities.Path{}, Nodes: []entities.Entity{}}

		// Forward layers until To is reached; arcs[u] are the steps from u to the
		// next layer.
		f := newFilter(q.Types, q.AsOf, q.From, q.To)
		dist := map[string]int{q.From: 0}
		arcs := map[string][]step{}
		layers := [][]string{{q.From}}
		L := -1
		for d := 0; d < q.MaxDepth && L < 0; d++ {
			steps, err := expand(ctx, tx, layers[d], q.Direction, &f)
			if err != nil {
				return err
			}
			var next []string
			for _, st := range steps {
				dv, seen := dist[st.far]
				if !seen {
					dv = d + 1
					dist[st.far] = dv
					next = append(next, st.far)
				}
				if dv == d+1 {
					arcs[st.near] = append(arcs[st.near], st)
				}
			}
			if len(next) == 0 {
				break
			}
			layers = append(layers, next)
			if _, ok := dist[q.To]; ok {
				L = d + 1
			}
		}
		if L < 0 {
			return nil
		}

		// good: the nodes on some shortest path, marked back from To.
		good := map[string]bool{q.To: true}
		for i := L - 1; i >= 0; i-- {
			for _, u := range layers[i] {
				for _, st := range arcs[u] {
					if good[st.far] && dist[st.far] == i+1 {
						good[u] = true
						break
					}
				}
			}
		}
		for u, list := range arcs {
			list = slices.DeleteFunc(list, func(st step) bool { return !good[st.far] })
			slices.SortFunc(list, func(a, b step) int {
				return cmp.Or(strings.Compare(a.far, b.far), strings.Compare(a.rel.ID, b.rel.ID))
			})
			arcs[u] = list
		}

		var nodes []string
		var rels []entities.Relationship
		onPath := map[string]bool{}
		var enumerate func(u string, left int)
		enumerate = func(u string, left int) {
			if out.Truncated {
				return
			}
			if left == 0 {
				if len(out.Paths) == q.Limit {
					out.Truncated = true
					return
				}
				p := entities.Path{Nodes: append([]string{q.From}, nodes...), Edges: slices.Clone(rels)}
				for _, id := range p.Nodes {
					onPath[id] = true
				}
				out.Paths = append(out.Paths, p)
				return
			}
			for _, st := range arcs[u] {
				nodes, rels = append(nodes, st.far), append(rels, st.rel)
				enumerate(st.far, left-1)
				nodes, rels = nodes[:len(nodes)-1], rels[:len(rels)-1]
				if out.Truncated {
					return
				}
			}
		}
		enumerate(q.From, L)
		out.Length = L
		ids := make([]string, 0, len(onPath))
		for id := range onPath {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		var err error
		out.Nodes, err = entitiesByID(ctx, tx, ids)
		return err
	})
	return out, err
}

// bfs walks breadth-first from start, one round trip a layer: stepsFrom gives
// the steps leaving a layer. Every step's relationship joins edges (it leaves a
// node nearer than the walk's end, so it was walked), and each new far end gets
// its hop count. It stops after maxDepth layers (-1: no cap) or once more than
// stopAfter nodes are reached (-1: never), and returns the hop counts and the
// last layer reached, which it has not walked from.
func bfs(start string, maxDepth, stopAfter int, edges map[string]entities.Relationship, stepsFrom func(layer []string) ([]step, error)) (map[string]int, []string, error) {
	dist := map[string]int{start: 0}
	frontier := []string{start}
	for d := 0; (maxDepth < 0 || d < maxDepth) && len(frontier) > 0; d++ {
		steps, err := stepsFrom(frontier)
		if err != nil {
			return nil, nil, err
		}
		var next []string
		for _, st := range steps {
			edges[st.rel.ID] = st.rel
			if _, seen := dist[st.far]; !seen {
				dist[st.far] = d + 1
				next = append(next, st.far)
			}
		}
		frontier = next
		if stopAfter >= 0 && len(dist) > stopAfter {
			break
		}
	}
	return dist, frontier, nil
}

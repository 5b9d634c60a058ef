package memstore_test

import (
	"cmp"
	"slices"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// ref answers queries the plain way, with maps and strings, straight from
// semantics.go: the yardstick the store is measured against.
type ref struct {
	ents map[string]*entities.Entity
	rels []*entities.Relationship
	out  map[string][]*entities.Relationship
	in   map[string][]*entities.Relationship
}

func newRef(ds *entities.Dataset) *ref {
	r := &ref{ents: map[string]*entities.Entity{}, out: map[string][]*entities.Relationship{}, in: map[string][]*entities.Relationship{}}
	for i := range ds.Entities {
		if ds.Entities[i].Claims == nil { // stores answer [] for no claims
			ds.Entities[i].Claims = []entities.Claim{}
		}
		r.ents[ds.Entities[i].ID] = &ds.Entities[i]
	}
	for i := range ds.Relationships {
		rel := &ds.Relationships[i]
		if rel.Claims == nil {
			rel.Claims = []entities.Claim{}
		}
		r.rels = append(r.rels, rel)
		r.out[rel.From] = append(r.out[rel.From], rel)
		r.in[rel.To] = append(r.in[rel.To], rel)
	}
	return r
}

// pass holds a query's filters.
type pass struct {
	r     *ref
	types func(entities.RelType) bool
	asOf  entities.AsOf
	named []string
	// keeps is the as_of rule: AsOf.Keeps ("held on D") for neighbours and
	// paths, AsOf.KnownBy ("known by D") for lineage.
	keeps func(entities.AsOf, entities.Period) bool
}

func (p pass) entity(id string) bool {
	return slices.Contains(p.named, id) || p.keeps(p.asOf, p.r.ents[id].Period())
}

func (p pass) rel(rel *entities.Relationship) bool {
	return p.types(rel.Type) && p.keeps(p.asOf, rel.Period()) && p.entity(rel.From) && p.entity(rel.To)
}

type hop struct {
	to  string
	rel *entities.Relationship
}

// hops lists the passing steps from u in direction dir.
func (p pass) hops(u string, dir entities.Direction) []hop {
	var out []hop
	if dir != entities.In {
		for _, rel := range p.r.out[u] {
			if p.rel(rel) {
				out = append(out, hop{rel.To, rel})
			}
		}
	}
	if dir != entities.Out {
		for _, rel := range p.r.in[u] {
			if p.rel(rel) {
				out = append(out, hop{rel.From, rel})
			}
		}
	}
	return out
}

func (p pass) bfs(start string, dir entities.Direction, maxDepth int) map[string]int {
	dist := map[string]int{start: 0}
	layer := []string{start}
	for d := 0; d < maxDepth && len(layer) > 0; d++ {
		var next []string
		for _, u := range layer {
			for _, h := range p.hops(u, dir) {
				if _, ok := dist[h.to]; !ok {
					dist[h.to] = d + 1
					next = append(next, h.to)
				}
			}
		}
		layer = next
	}
	return dist
}

// rank orders ids by (dist, id) and cuts them at limit.
func rank(dist map[string]int, limit int) (kept map[string]bool, order []string, truncated bool) {
	for id := range dist {
		order = append(order, id)
	}
	slices.SortFunc(order, func(a, b string) int { return cmp.Or(cmp.Compare(dist[a], dist[b]), strings.Compare(a, b)) })
	if len(order) > limit {
		order, truncated = order[:limit], true
	}
	kept = map[string]bool{}
	for _, id := range order {
		kept[id] = true
	}
	return kept, order, truncated
}

func (r *ref) graph(order []string, rels []*entities.Relationship, truncated bool) *entities.Graph {
	g := &entities.Graph{Nodes: []entities.Entity{}, Edges: []entities.Relationship{}, Truncated: truncated}
	for _, id := range order {
		g.Nodes = append(g.Nodes, *r.ents[id])
	}
	for _, rel := range rels {
		g.Edges = append(g.Edges, *rel)
	}
	slices.SortFunc(g.Edges, func(a, b entities.Relationship) int { return strings.Compare(a.ID, b.ID) })
	return g
}

func (r *ref) neighbors(q entities.NeighborQuery) *entities.Graph {
	p := pass{r, entities.TypeFilter(q.Types), q.AsOf, []string{q.ID}, entities.AsOf.Keeps}
	dist := p.bfs(q.ID, q.Direction, q.Depth)
	kept, order, truncated := rank(dist, q.Limit)
	var rels []*entities.Relationship
	for _, rel := range r.rels {
		if !p.rel(rel) || !kept[rel.From] || !kept[rel.To] {
			continue
		}
		if (q.Direction != entities.In && dist[rel.From] < q.Depth) || (q.Direction != entities.Out && dist[rel.To] < q.Depth) {
			rels = append(rels, rel)
		}
	}
	return r.graph(order, rels, truncated)
}

func ancestorEnd(rel *entities.Relationship) (anc, desc string) {
	if rel.Type.Info().Ancestor == entities.AncestorIsFrom {
		return rel.From, rel.To
	}
	return rel.To, rel.From
}

func (r *ref) lineage(q entities.LineageQuery) *entities.Graph {
	p := pass{r, func(t entities.RelType) bool { return t.Info().Lineage }, q.AsOf, []string{q.ID}, entities.AsOf.KnownBy}
	walk := func(ancestors bool) map[string]int {
		dist := map[string]int{q.ID: 0}
		for layer := []string{q.ID}; len(layer) > 0; {
			var next []string
			for _, u := range layer {
				for _, rel := range r.rels {
					a, d := ancestorEnd(rel)
					if !ancestors {
						a, d = d, a
					}
					if d != u || !p.rel(rel) {
						continue
					}
					if _, ok := dist[a]; !ok {
						dist[a] = dist[u] + 1
						next = append(next, a)
					}
				}
			}
			layer = next
		}
		return dist
	}
	var anc, desc map[string]int
	if q.Direction != entities.Descendants {
		anc = walk(true)
	}
	if q.Direction != entities.Ancestors {
		desc = walk(false)
	}
	dist := map[string]int{}
	for _, w := range []map[string]int{anc, desc} {
		for id, d := range w {
			if old, ok := dist[id]; !ok || d < old {
				dist[id] = d
			}
		}
	}
	kept, order, truncated := rank(dist, q.Limit)
	var rels []*entities.Relationship
	for _, rel := range r.rels {
		_, inA1 := anc[rel.From]
		_, inA2 := anc[rel.To]
		_, inD1 := desc[rel.From]
		_, inD2 := desc[rel.To]
		if p.rel(rel) && kept[rel.From] && kept[rel.To] && (inA1 && inA2 || inD1 && inD2) {
			rels = append(rels, rel)
		}
	}
	return r.graph(order, rels, truncated)
}

func (r *ref) paths(q entities.PathQuery) *entities.PathResult {
	res := &entities.PathResult{Paths: []entities.Path{}, Nodes: []entities.Entity{}}
	if q.From == q.To {
		res.Paths = append(res.Paths, entities.Path{Nodes: []string{q.From}, Edges: []entities.Relationship{}})
		res.Nodes = append(res.Nodes, *r.ents[q.From])
		return res
	}
	p := pass{r, entities.TypeFilter(q.Types), q.AsOf, []string{q.From, q.To}, entities.AsOf.Keeps}
	back := map[entities.Direction]entities.Direction{entities.Out: entities.In, entities.In: entities.Out, entities.Both: entities.Both}
	toTo := p.bfs(q.To, back[q.Direction], q.MaxDepth)
	L, ok := toTo[q.From]
	if !ok {
		return res
	}
	on := map[string]bool{}
	var walk func(u string, nodes []string, edges []entities.Relationship)
	walk = func(u string, nodes []string, edges []entities.Relationship) {
		if len(res.Paths) > q.Limit {
			return
		}
		if u == q.To {
			res.Paths = append(res.Paths, entities.Path{Nodes: slices.Clone(nodes), Edges: slices.Clone(edges)})
			return
		}
		hs := p.hops(u, q.Direction)
		slices.SortFunc(hs, func(a, b hop) int { return cmp.Or(strings.Compare(a.to, b.to), strings.Compare(a.rel.ID, b.rel.ID)) })
		for _, h := range hs {
			if d, ok := toTo[h.to]; ok && d == L-len(nodes) {
				walk(h.to, append(nodes, h.to), append(edges, *h.rel))
			}
		}
	}
	walk(q.From, []string{q.From}, []entities.Relationship{})
	if len(res.Paths) > q.Limit {
		res.Paths, res.Truncated = res.Paths[:q.Limit], true
	}
	for _, path := range res.Paths {
		for _, id := range path.Nodes {
			on[id] = true
		}
	}
	var ids []string
	for id := range on {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		res.Nodes = append(res.Nodes, *r.ents[id])
	}
	res.Length = L
	return res
}

func (r *ref) subgraph(q entities.SubgraphQuery) *entities.Graph {
	ids := slices.Compact(slices.Sorted(slices.Values(q.IDs)))
	in := map[string]bool{}
	for _, id := range ids {
		in[id] = true
	}
	var rels []*entities.Relationship
	for _, rel := range r.rels {
		if in[rel.From] && in[rel.To] {
			rels = append(rels, rel)
		}
	}
	return r.graph(ids, rels, false)
}

func (r *ref) search(q entities.SearchQuery, all []entities.Entity) *entities.SearchResult {
	texts := entities.SearchTexts(q.Text)
	type hit struct {
		rank int
		name string
		e    entities.Entity
	}
	var hits []hit
	for _, e := range all {
		if q.Kind != "" && e.Kind != q.Kind {
			continue
		}
		best := 3
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			f := entities.FoldName(n)
			if f == texts[0] {
				best = min(best, 0)
			}
			for _, text := range texts {
				switch {
				case strings.HasPrefix(f, text):
					best = min(best, 1)
				default:
					for i := 1; i < len(f); i++ { // a later word starts with text
						if f[i-1] == ' ' && strings.HasPrefix(f[i:], text) {
							best = min(best, 2)
						}
					}
				}
			}
		}
		if best < 3 {
			hits = append(hits, hit{best, entities.FoldName(e.Name), e})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.name, b.name), strings.Compare(a.e.ID, b.e.ID))
	})
	res := &entities.SearchResult{Items: []entities.Entity{}, Total: len(hits)}
	for _, h := range hits[min(q.Offset, len(hits)):min(q.Offset+q.Limit, len(hits))] {
		res.Items = append(res.Items, h.e)
	}
	return res
}

package memstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/memstore"
)

// randomDataset builds a small dense graph meant to find corner cases: ids
// that are prefixes of one another or hold ':' and bytes below it, cycles,
// self-loops, several types between one pair in both directions, and dates at
// every precision close to one another.
func randomDataset(rng *rand.Rand) *entities.Dataset {
	alphabet := []string{"a", "b", ":", "-", "1", "é", "Z"}
	ds := &entities.Dataset{Sources: []entities.Source{gen.Source}}
	seen := map[string]bool{}
	n := 2 + rng.IntN(14)
	for len(ds.Entities) < n {
		id := ""
		for range 1 + rng.IntN(3) {
			id += alphabet[rng.IntN(len(alphabet))]
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		e := entities.Entity{
			ID:       id,
			Kind:     entities.Kinds[rng.IntN(3)].Kind,
			Name:     []string{"Ansar", "ansar dine", "Sévaré", "Jama’at"}[rng.IntN(4)],
			Evidence: []entities.Evidence{{Source: "gen", Locator: "p. " + id}},
		}
		if rng.IntN(3) == 0 {
			e.Aliases = []string{"Al-" + id}
		}
		if rng.IntN(2) == 0 {
			e.Founded = randomDate(rng)
		}
		if rng.IntN(3) == 0 {
			e.Dissolved = randomDate(rng)
		}
		ds.Entities = append(ds.Entities, e)
	}
	m := rng.IntN(3 * n)
	pairs := map[string]bool{}
	for range m {
		from := ds.Entities[rng.IntN(n)].ID
		to := ds.Entities[rng.IntN(n)].ID
		t := entities.RelTypes[rng.IntN(6)].Type // lineage types and a couple of others
		id := entities.RelationshipID(from, t, to)
		if pairs[id] {
			continue
		}
		pairs[id] = true
		r := entities.Relationship{ID: id, Type: t, From: from, To: to, Confidence: entities.Fact,
			Evidence: []entities.Evidence{{Source: "gen", Locator: "p. " + id}}}
		if rng.IntN(2) == 0 {
			r.Since = randomDate(rng)
		}
		if rng.IntN(3) == 0 {
			r.Until = randomDate(rng)
		}
		ds.Relationships = append(ds.Relationships, r)
	}
	return ds
}

// randomDate gives a date in 2015-2017 at a random precision, so that as_of
// dates in the same years cut through partial dates.
func randomDate(rng *rand.Rand) entities.Date {
	d := entities.Date{Year: int16(2015 + rng.IntN(3))}
	if rng.IntN(2) == 0 {
		d.Month = int8(1 + rng.IntN(12))
		if rng.IntN(2) == 0 {
			d.Day = int8(1 + rng.IntN(28))
		}
	}
	return d
}

func randomAsOf(rng *rand.Rand) entities.AsOf {
	if rng.IntN(2) == 0 {
		return entities.AsOf{}
	}
	return entities.AsOf{Set: true, Date: randomDate(rng)}
}

func randomTypes(rng *rand.Rand) []entities.RelType {
	var ts []entities.RelType
	for _, info := range entities.RelTypes[:6] {
		if rng.IntN(4) == 0 {
			ts = append(ts, info.Type)
		}
	}
	return ts
}

var directions = []entities.Direction{entities.Out, entities.In, entities.Both}

// TestAgainstReference compares the store with the reference on many random
// graphs and queries, byte for byte as JSON.
func TestAgainstReference(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 99))
		var ds *entities.Dataset
		switch {
		case seed%3 == 0:
			ds = gen.Generate(int64(seed), 2+rng.IntN(60), rng.IntN(200))
		case seed%10 == 1:
			// Hubs with lists longer than longList, whose runs have tables.
			ds = gen.Generate(int64(seed), 200+rng.IntN(200), 3000+rng.IntN(3000))
		default:
			ds = randomDataset(rng)
		}
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			s := mustLoad(t, ds)
			r := newRef(ds)
			ids := make([]string, len(ds.Entities))
			for i, e := range ds.Entities {
				ids[i] = e.ID
			}
			pick := func() string { return ids[rng.IntN(len(ids))] }
			for range 30 {
				nq := entities.NeighborQuery{ID: pick(), Depth: 1 + rng.IntN(3), Types: randomTypes(rng),
					Direction: directions[rng.IntN(3)], AsOf: randomAsOf(rng), Limit: rng.IntN(12)}
				mustValidate(t, &nq)
				got, err := s.Neighbors(ctx, nq)
				sameJSON(t, fmt.Sprintf("Neighbors(%+v)", nq), got, err, r.neighbors(nq))

				lq := entities.LineageQuery{ID: pick(), Direction: []entities.LineageDirection{entities.Ancestors, entities.Descendants, entities.BothLineage}[rng.IntN(3)],
					AsOf: randomAsOf(rng), Limit: rng.IntN(12)}
				mustValidate(t, &lq)
				lg, err := s.Lineage(ctx, lq)
				sameJSON(t, fmt.Sprintf("Lineage(%+v)", lq), lg, err, r.lineage(lq))

				pq := entities.PathQuery{From: pick(), To: pick(), Types: randomTypes(rng), Direction: directions[rng.IntN(3)],
					MaxDepth: 1 + rng.IntN(6), AsOf: randomAsOf(rng), Limit: 1 + rng.IntN(8)}
				mustValidate(t, &pq)
				pr, err := s.Paths(ctx, pq)
				sameJSON(t, fmt.Sprintf("Paths(%+v)", pq), pr, err, r.paths(pq))

				sq := entities.SubgraphQuery{IDs: []string{pick(), pick(), pick()}}
				sg, err := s.Subgraph(ctx, sq)
				sameJSON(t, fmt.Sprintf("Subgraph(%v)", sq.IDs), sg, err, r.subgraph(sq))

				hq := entities.SearchQuery{Text: []string{"", "ans", "ANSAR", "sevare", "al", "jamaat", "a"}[rng.IntN(7)], Limit: 1 + rng.IntN(5), Offset: rng.IntN(3)}
				mustValidate(t, &hq)
				sr, err := s.Search(ctx, hq)
				sameJSON(t, fmt.Sprintf("Search(%+v)", hq), sr, err, r.search(hq, ds.Entities))
			}
		})
	}
}

// TestHubsAgainstReference asks for the neighbourhood of every entity of
// graphs whose hubs have lists longer than longList, unfiltered (where hubs'
// distinct-neighbour lists stand in for their runs) and filtered, at limits
// that cut and that do not.
func TestHubsAgainstReference(t *testing.T) {
	ctx := context.Background()
	for seed := range int64(3) {
		ds := gen.Generate(seed, 300, 6000)
		s := mustLoad(t, ds)
		r := newRef(ds)
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			for i, e := range ds.Entities {
				for _, dir := range directions {
					nq := entities.NeighborQuery{ID: e.ID, Depth: 1 + i%2, Direction: dir, Limit: []int{0, 7, 150}[i%3]}
					if i%5 == 0 {
						nq.Types = []entities.RelType{entities.RelTypes[i%len(entities.RelTypes)].Type}
					}
					mustValidate(t, &nq)
					got, err := s.Neighbors(ctx, nq)
					sameJSON(t, fmt.Sprintf("Neighbors(%+v)", nq), got, err, r.neighbors(nq))
				}
			}
		})
	}
}

// TestPathsAgainstGonum checks the length and number of shortest paths against
// gonum on the simple graph of the same edges (parallel edges merged, as gonum
// counts node sequences).
func TestPathsAgainstGonum(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(100) {
		rng := rand.New(rand.NewPCG(seed, 7))
		ds := gen.Generate(int64(seed), 10+rng.IntN(40), rng.IntN(150))
		if seed%2 == 1 {
			ds = randomDataset(rng)
		}
		for _, dir := range directions {
			t.Run(fmt.Sprintf("seed=%d/%s", seed, dir), func(t *testing.T) {
				s := mustLoad(t, ds)
				num := map[string]int64{}
				for i, e := range ds.Entities {
					num[e.ID] = int64(i)
				}
				var g interface {
					graph.Graph
					SetEdge(graph.Edge)
				} = simple.NewDirectedGraph()
				if dir == entities.Both {
					g = simple.NewUndirectedGraph()
				}
				for i := range ds.Entities {
					if g.Node(int64(i)) == nil {
						g.(interface{ AddNode(graph.Node) }).AddNode(simple.Node(i))
					}
				}
				for _, r := range ds.Relationships {
					from, to := num[r.From], num[r.To]
					if dir == entities.In {
						from, to = to, from
					}
					if from != to {
						g.SetEdge(simple.Edge{F: simple.Node(from), T: simple.Node(to)})
					}
				}
				for range 20 {
					a, b := ds.Entities[rng.IntN(len(ds.Entities))].ID, ds.Entities[rng.IntN(len(ds.Entities))].ID
					got, err := s.Paths(ctx, entities.PathQuery{From: a, To: b, Direction: dir, MaxDepth: 6, Limit: 1000})
					if err != nil {
						t.Fatal(err)
					}
					all, w := path.DijkstraAllFrom(simple.Node(num[a]), g).AllTo(num[b])
					seqs := map[string]bool{}
					for _, p := range got.Paths {
						seqs[fmt.Sprint(p.Nodes)] = true
					}
					switch {
					case len(all) == 0 || w > 6:
						if len(got.Paths) != 0 {
							t.Errorf("%s→%s: %d paths, gonum finds none within 6 hops", a, b, len(got.Paths))
						}
					case got.Length != int(w) || len(seqs) != len(all):
						t.Errorf("%s→%s: %d node sequences of length %d, gonum %d of length %v", a, b, len(seqs), got.Length, len(all), w)
					}
				}
			})
		}
	}
}

func mustLoad(tb testing.TB, ds *entities.Dataset) *memstore.Store {
	tb.Helper()
	s := memstore.New()
	if _, err := s.Replace(context.Background(), ds); err != nil {
		tb.Fatalf("Replace: %v", err)
	}
	return s
}

func mustValidate(tb testing.TB, q interface{ Validate(entities.Limits) error }) {
	tb.Helper()
	if err := q.Validate(entities.DefaultLimits); err != nil {
		tb.Fatalf("Validate: %v", err)
	}
}

func sameJSON(tb testing.TB, what string, got any, err error, want any) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		tb.Fatalf("%s:\n got %s\nwant %s", what, g, w)
	}
}

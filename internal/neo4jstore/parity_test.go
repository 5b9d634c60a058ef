package neo4jstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
)

// answer is what a store said to one query, as JSON: the result, or the error's
// code and message.
func answer(v any, err error) string {
	if err != nil {
		return fmt.Sprintf("error %s: %s", entities.ErrorCode(err), entities.ErrorMessage(err))
	}
	b, e := jsonMarshal(v)
	if e != nil {
		return "unencodable: " + e.Error()
	}
	return string(b)
}

// query is one call made to both stores.
type query struct {
	name string
	call func(s entities.Store) (any, error)
}

func queriesFor(ds *entities.Dataset, rng *rand.Rand, n int) []query {
	ids := make([]string, len(ds.Entities))
	for i, e := range ds.Entities {
		ids[i] = e.ID
	}
	pick := func() string {
		if rng.IntN(20) == 0 {
			return "no-such-entity"
		}
		return ids[rng.IntN(len(ids))]
	}
	dirs := []entities.Direction{entities.Out, entities.In, entities.Both, ""}
	ldirs := []entities.LineageDirection{entities.Ancestors, entities.Descendants, entities.BothLineage}
	asOf := func() entities.AsOf {
		switch rng.IntN(4) {
		case 0:
			return entities.AsOf{Set: true, Date: entities.Date{Year: int16(1990 + rng.IntN(35))}}
		case 1:
			return entities.AsOf{Set: true, Date: entities.Date{Year: int16(1990 + rng.IntN(35)), Month: int8(1 + rng.IntN(12))}}
		case 2:
			return entities.AsOf{Set: true, Date: entities.Date{Year: int16(1990 + rng.IntN(35)), Month: int8(1 + rng.IntN(12)), Day: int8(1 + rng.IntN(28))}}
		}
		return entities.AsOf{}
	}
	types := func() []entities.RelType {
		if rng.IntN(2) == 0 {
			return nil
		}
		var ts []entities.RelType
		for range 1 + rng.IntN(4) {
			ts = append(ts, entities.RelTypes[rng.IntN(len(entities.RelTypes))].Type)
		}
		return ts
	}
	var qs []query
	qs = append(qs,
		query{"schema", func(s entities.Store) (any, error) { return s.Schema(context.Background()) }},
		query{"sources", func(s entities.Store) (any, error) { return s.Sources(context.Background()) }},
	)
	for i := 0; i < n; i++ {
		switch i % 6 {
		case 0:
			id := pick()
			qs = append(qs, query{"entity " + id, func(s entities.Store) (any, error) { return s.Entity(context.Background(), id) }})
		case 1:
			text := ""
			if name := ds.Entities[rng.IntN(len(ds.Entities))].Name; len(name) > 0 {
				a := rng.IntN(len(name))
				text = strings.ToUpper(name[a:min(len(name), a+1+rng.IntN(6))])
			}
			var kind entities.Kind
			if rng.IntN(3) == 0 {
				kind = entities.Kinds[rng.IntN(len(entities.Kinds))].Kind
			}
			q := entities.SearchQuery{Text: text, Kind: kind, Limit: rng.IntN(30), Offset: rng.IntN(3) * rng.IntN(10)}
			qs = append(qs, query{fmt.Sprintf("search %+v", q), func(s entities.Store) (any, error) { return s.Search(context.Background(), q) }})
		case 2:
			q := entities.NeighborQuery{ID: pick(), Depth: 1 + rng.IntN(3), Types: types(), Direction: dirs[rng.IntN(len(dirs))], AsOf: asOf(), Limit: []int{0, 1, 5, 30, 200}[rng.IntN(5)]}
			qs = append(qs, query{fmt.Sprintf("neighbors %+v", q), func(s entities.Store) (any, error) { return s.Neighbors(context.Background(), q) }})
		case 3:
			q := entities.LineageQuery{ID: pick(), Direction: ldirs[rng.IntN(len(ldirs))], AsOf: asOf(), Limit: []int{0, 1, 3, 10}[rng.IntN(4)]}
			qs = append(qs, query{fmt.Sprintf("lineage %+v", q), func(s entities.Store) (any, error) { return s.Lineage(context.Background(), q) }})
		case 4:
			q := entities.PathQuery{From: pick(), To: pick(), Types: types(), Direction: dirs[rng.IntN(len(dirs))], MaxDepth: rng.IntN(5), AsOf: asOf(), Limit: []int{0, 1, 3, 50}[rng.IntN(4)]}
			if rng.IntN(10) == 0 {
				q.To = q.From
			}
			qs = append(qs, query{fmt.Sprintf("paths %+v", q), func(s entities.Store) (any, error) { return s.Paths(context.Background(), q) }})
		case 5:
			var sub []string
			for range 1 + rng.IntN(12) {
				sub = append(sub, pick())
			}
			if rng.IntN(3) == 0 {
				sub = append(sub, sub[0])
			}
			q := entities.SubgraphQuery{IDs: sub}
			qs = append(qs, query{fmt.Sprintf("subgraph %v", sub), func(s entities.Store) (any, error) { return s.Subgraph(context.Background(), q) }})
		}
	}
	// Some invalid ones: both stores must refuse them alike.
	qs = append(qs,
		query{"bad depth", func(s entities.Store) (any, error) {
			return s.Neighbors(context.Background(), entities.NeighborQuery{ID: ids[0], Depth: 99})
		}},
		query{"bad type", func(s entities.Store) (any, error) {
			return s.Paths(context.Background(), entities.PathQuery{From: ids[0], To: ids[1], Types: []entities.RelType{"KNOWS"}})
		}},
		query{"empty subgraph", func(s entities.Store) (any, error) {
			return s.Subgraph(context.Background(), entities.SubgraphQuery{})
		}},
	)
	return qs
}

func compareStores(t *testing.T, ds *entities.Dataset, seed uint64, n int) {
	t.Helper()
	neo := neo4jtest.Open(t)
	mem := memstore.New()
	if _, err := mem.Replace(context.Background(), ds); err != nil {
		t.Fatalf("memstore Replace: %v", err)
	}
	MustReplace(t, neo, ds)
	rng := rand.New(rand.NewPCG(seed, 7))
	failures := 0
	for _, q := range queriesFor(ds, rng, n) {
		want := answer(q.call(mem))
		got := answer(q.call(neo))
		if got != want {
			failures++
			t.Errorf("%s:\n neo4j:    %.2000s\n memstore: %.2000s", q.name, got, want)
			if failures > 10 {
				t.Fatal("too many differences")
			}
		}
	}
}

// TestParityHandMade compares the two stores on the hand-made lineage graph,
// with every query asked of every entity.
func TestParityHandMade(t *testing.T) {
	compareStores(t, lineageDataset(), 1, 600)
}

// TestParityGenerated compares the two stores on random generated graphs.
func TestParityGenerated(t *testing.T) {
	for _, c := range []struct {
		seed   int64
		n, m   int
		checks int
	}{{1, 60, 150, 300}, {2, 300, 1200, 300}, {3, 2000, 8000, 240}} {
		t.Run(fmt.Sprintf("seed%d_%dx%d", c.seed, c.n, c.m), func(t *testing.T) {
			compareStores(t, gen.Generate(c.seed, c.n, c.m), uint64(c.seed), c.checks)
		})
	}
}

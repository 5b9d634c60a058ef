package memstore

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
)

// TestSearchPaths: with the kept answers made common (a low heavyKeys), every
// as-you-type prefix of real names, each kind, and pages deep into the hits
// answer as the rule says (entities.SearchRank over every entity), whichever
// path, kept answer or range read, serves them.
func TestSearchPaths(t *testing.T) {
	defer func(k int) { heavyKeys = k }(heavyKeys)
	heavyKeys = 40
	ds := gen.Generate(3, 3000, 100)
	ds.Entities[7].Name = "al-" // folds to "": rank 0 for the empty text
	ds.Entities[8].Aliases = append(ds.Entities[8].Aliases, "Ansar Dine", "Ansar Dine 2")
	ds.Entities[9].Name = "al-Mourabitoun"
	ds.Entities[10].Aliases = append(ds.Entities[10].Aliases, "Jama'at Nusrat al-Islam wal-Muslimin")
	ds.Entities[11].Name = "al-Qa'ida"
	ds.Entities[12].Name = "Mo"
	s := New()
	if _, err := s.Replace(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	ix := &s.snap.Load().search
	if len(ix.heavy) < 20 {
		t.Fatalf("%d kept answers; the test needs both paths", len(ix.heavy))
	}
	lists, bitsets := 0, 0
	for _, h := range ix.heavy {
		for _, r := range h.ranks {
			if r.bits != nil {
				bitsets++
			} else if len(r.list) > 0 {
				lists++
			}
		}
	}
	if lists == 0 || bitsets == 0 {
		t.Fatalf("%d lists and %d bitsets kept; the test needs both", lists, bitsets)
	}

	texts := []string{"", "a", "A", "al-", "ansar d", "Ansar Dine", "ansar dine 2", "s", "se", "sé", "1", "12", "zzz", "groupe ", "din", "Djenné 1",
		"Mo", "mo", "o", "Mou", "Mour", "Qae", "qa", "Jama'at Nasr", "Jama'at Nasr al-Is", "Jama'at Nasr al-Islam wal Muslimin", "ansar e", "To", "so", "Bo"}
	rng := rand.New(rand.NewPCG(5, 5))
	for range 150 {
		e := ds.Entities[rng.IntN(len(ds.Entities))]
		name := e.Name
		if len(e.Aliases) > 0 && rng.IntN(2) == 0 {
			name = e.Aliases[0]
		}
		texts = append(texts, name[:1+rng.IntN(len(name))])
	}
	union, ranges := 0, 0 // texts with several search texts, answered by unionHits or by reading ranges
	for _, text := range texts {
		if st := entities.SearchTexts(text); len(st) > 1 {
			if slices.ContainsFunc(st, func(t string) bool { return ix.heavy[t] != nil }) {
				union++
			} else {
				ranges++
			}
		}
	}
	if union == 0 || ranges == 0 {
		t.Fatalf("%d texts with several search texts and a kept answer, %d without; the test needs both", union, ranges)
	}
	folded := make([][]string, len(ds.Entities))
	for i, e := range ds.Entities {
		folded[i] = []string{entities.FoldName(e.Name)}
		for _, a := range e.Aliases {
			folded[i] = append(folded[i], entities.FoldName(a))
		}
	}
	kinds := []entities.Kind{"", entities.KindArmedGroup, entities.KindCountry}
	for _, text := range texts {
		for _, kind := range kinds {
			want := searchByRule(ds.Entities, folded, text, kind)
			for _, page := range [][2]int{{0, 20}, {0, 1}, {3, 7}, {50, 100}, {len(want) - 2, 5}} {
				q := entities.SearchQuery{Text: text, Kind: kind, Offset: max(page[0], 0), Limit: page[1]}
				res, err := s.Search(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range res.Items {
					got = append(got, e.ID)
				}
				w := want[min(q.Offset, len(want)):min(q.Offset+q.Limit, len(want))]
				if res.Total != len(want) || !slices.Equal(got, w) {
					t.Fatalf("Search(%+v) = %v (total %d), want %v (total %d)", q, got, res.Total, w, len(want))
				}
			}
		}
	}
}

// searchByRule is Search by its statement: every entity, SearchRank, sorted.
// folded[i] holds all[i]'s folded name and aliases.
func searchByRule(all []entities.Entity, folded [][]string, text string, kind entities.Kind) []string {
	texts := entities.SearchTexts(text)
	type hit struct {
		rank     int
		name, id string
	}
	var hits []hit
	for i, e := range all {
		names := folded[i]
		if r := entities.SearchRank(texts, names...); r >= 0 && (kind == "" || e.Kind == kind) {
			hits = append(hits, hit{r, names[0], e.ID})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.name, b.name), strings.Compare(a.id, b.id))
	})
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	return ids
}

package memstore_test

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/memstore"
)

// BenchmarkSearch: search as the analyst types, on the 1M-entity graph. Each
// query is the first 1..N characters of a real name or alias of a random
// entity, as the box sends them key by key; p50 and p99 over all of them.
// "index" is the store; "scan" is the search the store had before (one
// substring scan of every folded name, then ranking), run on the same names
// in the same process: the baseline.
func BenchmarkSearch(b *testing.B) {
	f := bigFixture(b)
	ctx := context.Background()
	b.Run("index", func(b *testing.B) {
		latencies(b, func(i int) error {
			_, err := f.store.Search(ctx, entities.SearchQuery{Text: f.typed[i%len(f.typed)]})
			return err
		})
		b.ReportMetric(float64(memstore.SearchIndexBytes(f.store))/(1<<20), "index-MiB")
	})
	b.Run("scan", func(b *testing.B) {
		latencies(b, func(i int) error {
			f.scan.search(f.typed[i%len(f.typed)], 20)
			return nil
		})
	})
}

// asYouType returns n search texts: every prefix, by characters, of the name
// or an alias of random entities, in typing order.
func asYouType(es []entities.Entity, n int) []string {
	rng := rand.New(rand.NewPCG(7, 7))
	var out []string
	for len(out) < n {
		e := &es[rng.IntN(len(es))]
		name := e.Name
		if len(e.Aliases) > 0 && rng.IntN(3) == 0 {
			name = e.Aliases[rng.IntN(len(e.Aliases))]
		}
		for i := range name {
			if i > 0 {
				out = append(out, name[:i])
			}
		}
		out = append(out, name)
	}
	return out[:n]
}

// substringScan is the search the embedded store ran before the word index:
// every folded name and alias in one string, scanned with strings.Index for
// the folded text; hits ranked and ordered as Search orders them.
type substringScan struct {
	text  string
	start []int32 // entity i's names are text[start[i]:start[i+1]]
	pos   []int32 // entity i's place in (folded name, id) order
	order []int32
	stamp []uint32
	rank  []int8
	gen   uint32
}

func newSubstringScan(es []entities.Entity) *substringScan {
	s := &substringScan{start: make([]int32, len(es)+1)}
	var text []byte
	names := make([]string, len(es))
	for i := range es {
		names[i] = entities.FoldName(es[i].Name)
		text = append(append(text, names[i]...), 0)
		for _, a := range es[i].Aliases {
			text = append(append(text, entities.FoldName(a)...), 0)
		}
		s.start[i+1] = int32(len(text))
	}
	s.text = string(text)
	s.order = make([]int32, len(es))
	for i := range s.order {
		s.order[i] = int32(i)
	}
	slices.SortFunc(s.order, func(a, b int32) int {
		return cmp.Or(strings.Compare(names[a], names[b]), strings.Compare(es[a].ID, es[b].ID))
	})
	s.pos = make([]int32, len(es))
	for p, i := range s.order {
		s.pos[i] = int32(p)
	}
	s.stamp = make([]uint32, len(es))
	s.rank = make([]int8, len(es))
	return s
}

// search returns the first limit hits of text and the count of all.
func (s *substringScan) search(text string, limit int) ([]int32, int) {
	text = entities.FoldName(text)
	s.gen++
	var hits []int32
	for i := 0; i < len(s.text); {
		j := strings.Index(s.text[i:], text)
		if j < 0 {
			break
		}
		e, _ := slices.BinarySearch(s.start, int32(i+j)+1)
		e--
		r := int8(2)
		for name := range strings.SplitSeq(s.text[s.start[e]:s.start[e+1]-1], "\x00") {
			if name == text {
				r = 0
				break
			}
			if strings.HasPrefix(name, text) {
				r = 1
			}
		}
		s.stamp[e], s.rank[e] = s.gen, r
		hits = append(hits, int32(e))
		i = int(s.start[e+1])
	}
	var page []int32
	if len(hits)*16 < len(s.order) {
		keys := make([]uint64, len(hits))
		for i, e := range hits {
			keys[i] = uint64(s.rank[e])<<32 | uint64(s.pos[e])
		}
		slices.Sort(keys)
		for _, k := range keys[:min(limit, len(keys))] {
			page = append(page, s.order[uint32(k)])
		}
		return page, len(hits)
	}
	var byRank [3][]int32
	for _, e := range s.order {
		if s.stamp[e] == s.gen {
			byRank[s.rank[e]] = append(byRank[s.rank[e]], e)
		}
	}
	page = slices.Concat(byRank[:]...)
	return page[:min(limit, len(page))], len(hits)
}

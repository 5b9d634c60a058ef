package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"graphapi/internal/entities"
)

// searchIndex finds entities by folded name or alias with one substring scan
// of one string, which strings.Index runs at memory speed, instead of a scan
// over a million small strings.
type searchIndex struct {
	// text holds, node by node in dense order, the folded name and then each
	// folded alias, each ended by \x00. FoldName never yields \x00, so no
	// match crosses from one name into the next.
	text  string
	start []int32 // node d's part of text is text[start[d]:start[d+1]]
	order []int32 // dense ids by (folded name, id): the order within a rank
	pos   []int32 // pos[d] is d's place in order
}

func (s *snapshot) buildSearch(b *budget) error {
	n := len(s.ids)
	ix := &s.search
	ix.start = make([]int32, n+1)
	var text []byte
	for d := range s.nodes {
		text = append(text, entities.FoldName(s.nodes[d].name)...)
		text = append(text, 0)
		if x := s.nodes[d].extra; x >= 0 {
			for _, a := range s.extras[x].aliases {
				text = append(text, entities.FoldName(a)...)
				text = append(text, 0)
			}
		}
		if len(text) >= 1<<31 {
			return invalid("the names are too long for the embedded store")
		}
		ix.start[d+1] = int32(len(text))
		if err := b.spend(1); err != nil {
			return err
		}
	}
	ix.text = string(text)
	ix.order = make([]int32, n)
	for d := range ix.order {
		ix.order[d] = int32(d)
	}
	slices.SortFunc(ix.order, func(a, b int32) int {
		// Equal names fall back to dense order, which is id order.
		return cmp.Or(strings.Compare(ix.name(a), ix.name(b)), cmp.Compare(a, b))
	})
	ix.pos = make([]int32, n)
	for p, d := range ix.order {
		ix.pos[d] = int32(p)
	}
	return nil
}

// name is node d's folded name.
func (ix *searchIndex) name(d int32) string {
	part := ix.text[ix.start[d]:ix.start[d+1]]
	return part[:strings.IndexByte(part, 0)]
}

// rank is 0 when text equals d's folded name or an alias, 1 when one of them
// starts with it, else 2.
func (ix *searchIndex) rank(d int32, text string) int {
	r := 2
	part := ix.text[ix.start[d] : ix.start[d+1]-1]
	for name := range strings.SplitSeq(part, "\x00") {
		if name == text {
			return 0
		}
		if strings.HasPrefix(name, text) {
			r = 1
		}
	}
	return r
}

// Search returns one page of the entities whose folded name or alias contains
// the folded text, ordered by (rank, folded name, id), and the count of all of
// them; EINVALID for bad options, ETIMEOUT past ctx's deadline.
func (s *Store) Search(ctx context.Context, q entities.SearchQuery) (*entities.SearchResult, error) {
	if err := q.Validate(s.limits); err != nil {
		return nil, err
	}
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	ix := &sn.search
	text := entities.FoldName(q.Text)
	kind := slices.IndexFunc(entities.Kinds, func(info entities.KindInfo) bool { return info.Kind == q.Kind })
	b := &budget{ctx: ctx}

	var hits []int32 // dense order
	for i := 0; i < len(ix.text); {
		j := strings.Index(ix.text[i:], text)
		if j < 0 {
			break
		}
		d := int32(upperBound(ix.start, int32(i+j)) - 1)
		if q.Kind == "" || int(sn.nodes[d].kind) == kind {
			hits = append(hits, d)
		}
		i = int(ix.start[d+1]) // one hit per entity
		if err := b.spend(1); err != nil {
			return nil, err
		}
	}

	// Order the hits by (rank, place in ix.order). Few hits sort quickly; many
	// are put in order faster by one pass over ix.order.
	var ordered []int32
	if len(hits)*16 < len(sn.ids) {
		keys := make([]uint64, len(hits))
		for i, d := range hits {
			keys[i] = uint64(ix.rank(d, text))<<32 | uint64(ix.pos[d])
		}
		slices.Sort(keys)
		ordered = make([]int32, len(keys))
		for i, k := range keys {
			ordered[i] = ix.order[uint32(k)]
		}
	} else {
		sc := sn.getScratch()
		defer sn.putScratch(sc)
		w, gen := sc.walk(0, len(sn.ids)), sc.gen
		for _, d := range hits {
			w.marks[d] = mark{gen, int32(ix.rank(d, text))} // dist holds the rank
		}
		var byRank [3][]int32
		for _, d := range ix.order {
			if w.reached(d, gen) {
				byRank[w.dist(d)] = append(byRank[w.dist(d)], d)
			}
		}
		ordered = slices.Concat(byRank[:]...)
	}
	page := ordered[min(q.Offset, len(ordered)):min(q.Offset+q.Limit, len(ordered))]
	return &entities.SearchResult{Items: sn.entityList(page), Total: len(hits)}, nil
}

// upperBound returns the first index i with a[i] > x in sorted a.
func upperBound(a []int32, x int32) int {
	i, _ := slices.BinarySearch(a, x+1) // where x+1 is or would go
	return i
}

package memstore

import (
	"cmp"
	"context"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/graphapi/graphapi/internal/entities"
)

// searchIndex answers Search (semantics.go) from sorted word starts: an
// entity matches text when a word of its folded name or an alias starts a
// run equal to the text, so the matches of a text are one range of the sorted
// word starts, found by binary search. A range small enough is read whole; a
// text whose range is larger (the short prefixes typed first: "a", "se") has
// its answer kept from the build, so no query reads more than heavyKeys keys.
type searchIndex struct {
	// text holds, node by node in dense order, the folded name and then each
	// folded alias, each ended by \x00. FoldName never yields \x00, so no
	// key runs from one name into the next.
	text  string
	start []int32 // node d's part of text is text[start[d]:start[d+1]]
	order []int32 // dense ids by (folded name, id): the order within a rank
	pos   []int32 // pos[d] is d's place in order

	// keys are the offsets in text of every word start of every folded name,
	// sorted by the text from there to the \x00; keyNode[i] is keys[i]'s node.
	keys    []int32
	keyNode []int32

	heavy    map[string]*heavyHits // the answers of texts whose range holds more than heavyKeys keys
	kindBits [][]uint64            // kindBits[k] has bit p set when order[p] is of kind k
}

// heavyKeys bounds the keys a query reads. Larger, the build keeps fewer
// answers (less memory) and queries read longer ranges. A variable so that a
// test can take both paths on a small graph.
var heavyKeys = 8 << 10

// heavyHits is the answer of one text, all kinds at once: per rank, the hits
// as places in order (a list when sparse, a bitset when dense) and how many
// there are of each kind.
type heavyHits struct {
	ranks [3]hitSet
}

type hitSet struct {
	perKind []int32  // hits by kind index; perKind[len(entities.Kinds)] counts all
	list    []int32  // places in order, ascending; nil when bits is set
	bits    []uint64 // bit p: order[p] is a hit
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
	ix.kindBits = make([][]uint64, len(entities.Kinds))
	for k := range ix.kindBits {
		ix.kindBits[k] = make([]uint64, (n+63)/64)
	}
	for p, d := range ix.order {
		ix.kindBits[s.nodes[d].kind][p/64] |= 1 << (p % 64)
	}
	if err := ix.buildKeys(b); err != nil {
		return err
	}
	return ix.buildHeavy(s, b)
}

// buildKeys sorts the word starts. Keys compare by their first eight bytes as
// one number first, which decides most comparisons without reading text.
func (ix *searchIndex) buildKeys(b *budget) error {
	type sortKey struct {
		head uint64
		off  int32
		node int32
	}
	var ks []sortKey
	for d := range len(ix.start) - 1 {
		from, to := int(ix.start[d]), int(ix.start[d+1])
		wordStart := true
		for i := from; i < to; i++ {
			if wordStart {
				ks = append(ks, sortKey{head: keyHead(ix.text[i:to]), off: int32(i), node: int32(d)})
			}
			wordStart = ix.text[i] == 0 || ix.text[i] == ' '
		}
		if err := b.spend(1); err != nil {
			return err
		}
	}
	slices.SortFunc(ks, func(a, b sortKey) int {
		if a.head != b.head {
			return cmp.Compare(a.head, b.head)
		}
		return cmp.Or(strings.Compare(ix.key(a.off), ix.key(b.off)), cmp.Compare(ix.pos[a.node], ix.pos[b.node]))
	})
	ix.keys = make([]int32, len(ks))
	ix.keyNode = make([]int32, len(ks))
	for i, k := range ks {
		ix.keys[i], ix.keyNode[i] = k.off, k.node
	}
	return nil
}

// keyHead is the first eight bytes of a key (up to its \x00) as a big-endian
// number, so that numbers compare as the bytes do.
func keyHead(s string) uint64 {
	var h uint64
	for i := range 8 {
		var c byte
		if i < len(s) && s[i] != 0 {
			c = s[i]
		} else {
			s = ""
		}
		h = h<<8 | uint64(c)
	}
	return h
}

// key is the folded name, from offset off to its \x00.
func (ix *searchIndex) key(off int32) string {
	rest := ix.text[off:]
	return rest[:strings.IndexByte(rest, 0)]
}

// full reports whether the key at off is a whole folded name, not a later word of one.
func (ix *searchIndex) full(off int32) bool { return off == 0 || ix.text[off-1] == 0 }

// name is node d's folded name.
func (ix *searchIndex) name(d int32) string { return ix.key(ix.start[d]) }

// span returns the range of keys that start with text.
func (ix *searchIndex) span(text string) (lo, hi int) {
	lo, _ = slices.BinarySearchFunc(ix.keys, text, func(off int32, t string) int { return strings.Compare(ix.key(off), t) })
	hi = lo + sortSearch(len(ix.keys)-lo, func(i int) bool { return !strings.HasPrefix(ix.key(ix.keys[lo+i]), text) })
	return lo, hi
}

// sortSearch is sort.Search: the first i in [0, n) where f is true, n if none.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !f(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// rankOf is the rank of a key in [lo, hi), all of which start with a text of length n.
func (ix *searchIndex) rankOf(i, n int) int32 {
	off := ix.keys[i]
	switch {
	case !ix.full(off):
		return 2
	case ix.text[int(off)+n] == 0:
		return 0
	}
	return 1
}

// buildHeavy keeps the answer of every text whose range holds more than
// heavyKeys keys. Those texts are the nodes of the trie of keys with more than
// heavyKeys keys below them: a walk down the sorted keys finds them all.
func (ix *searchIndex) buildHeavy(s *snapshot, b *budget) error {
	ix.heavy = map[string]*heavyHits{}
	n := len(ix.order)
	stamp := make([]int32, n)
	rank := make([]int8, n)
	var hits []int32
	round := int32(0)
	var visit func(lo, hi, depth int) error
	visit = func(lo, hi, depth int) error {
		prefix := ix.key(ix.keys[lo])[:depth]
		round++
		hits = hits[:0]
		for i := lo; i < hi; i++ {
			d, r := ix.keyNode[i], int8(ix.rankOf(i, depth))
			if stamp[d] != round {
				stamp[d], rank[d] = round, r
				hits = append(hits, d)
			} else if r < rank[d] {
				rank[d] = r
			}
		}
		if err := b.spend(hi - lo); err != nil {
			return err
		}
		h := &heavyHits{}
		for r := range h.ranks {
			var places []int32
			for _, d := range hits {
				if int(rank[d]) == r {
					places = append(places, ix.pos[d])
				}
			}
			h.ranks[r] = newHitSet(places, n, s)
		}
		ix.heavy[prefix] = h
		// The children: keys ending at depth come first (they sort first),
		// then one run per next byte.
		i := lo
		for i < hi && len(ix.key(ix.keys[i])) == depth {
			i++
		}
		for i < hi {
			c := ix.text[int(ix.keys[i])+depth]
			j := i + sortSearch(hi-i, func(k int) bool { return ix.text[int(ix.keys[i+k])+depth] != c })
			if j-i > heavyKeys {
				if err := visit(i, j, depth+1); err != nil {
					return err
				}
			}
			i = j
		}
		return nil
	}
	if len(ix.keys) > heavyKeys {
		return visit(0, len(ix.keys), 0)
	}
	return nil
}

// newHitSet keeps places (in any order) as a list when that is smaller than a
// bitset of n bits, else as a bitset.
func newHitSet(places []int32, n int, s *snapshot) hitSet {
	h := hitSet{perKind: make([]int32, len(entities.Kinds)+1)}
	for _, p := range places {
		h.perKind[s.nodes[s.search.order[p]].kind]++
	}
	h.perKind[len(entities.Kinds)] = int32(len(places))
	if len(places)*32 < n {
		h.list = slices.Clone(places)
		slices.Sort(h.list)
		return h
	}
	h.bits = make([]uint64, (n+63)/64)
	for _, p := range places {
		h.bits[p/64] |= 1 << (p % 64)
	}
	return h
}

// Search returns one page of the entities that a word of whose folded name or
// alias starts with the folded text, ordered by (rank, folded name, id), and
// the count of all of them; EINVALID for bad options, ETIMEOUT past ctx's
// deadline.
func (s *Store) Search(ctx context.Context, q entities.SearchQuery) (*entities.SearchResult, error) {
	if err := q.Validate(s.limits); err != nil {
		return nil, err
	}
	if err := entities.ContextError(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	ix := &sn.search
	texts := entities.SearchTexts(q.Text)
	kind := len(entities.Kinds) // all kinds: hitSet.perKind's last entry
	if q.Kind != "" {
		kind = slices.IndexFunc(entities.Kinds, func(info entities.KindInfo) bool { return info.Kind == q.Kind })
	}
	var page []int32
	total := 0
	// Several texts whose ranges together hold more than heavyKeys keys are
	// answered as those with a kept answer are: sorting them would cost more.
	read := 0
	for _, t := range texts {
		if ix.heavy[t] != nil {
			read = heavyKeys + 1
			break
		}
		lo, hi := ix.span(t)
		read += hi - lo
	}
	switch {
	case len(texts) == 1 && ix.heavy[texts[0]] != nil:
		page, total = ix.heavyPage(ix.heavy[texts[0]], kind, q.Offset, q.Limit)
	case len(texts) > 1 && read > heavyKeys:
		sets := unionScratch.Get().(*[3][]uint64)
		page, total = ix.heavyPage(sn.unionHits(texts, kind, sets), kind, q.Offset, q.Limit)
		unionScratch.Put(sets)
	default:
		var err error
		if page, total, err = sn.searchRange(ctx, texts, kind, q.Offset, q.Limit); err != nil {
			return nil, err
		}
	}
	return &entities.SearchResult{Items: sn.entityList(page), Total: total}, nil
}

// unionScratch holds the three bitsets of unionHits, reused: a million
// entities make them 375 KB a query.
var unionScratch = sync.Pool{New: func() any { return new([3][]uint64) }}

// rankFor is the rank r that a hit of text takes in a query whose first
// search text is exact: rank 0 is a whole name equal to exact only.
func rankFor(r int32, text, exact string) int32 {
	if r == 0 && text != exact {
		return 1
	}
	return r
}

// unionHits is the answer of several search texts, one at least with a kept
// answer: per rank a bitset over the name order, the union of the texts'
// hits, each node at its best rank, counted for kind.
func (sn *snapshot) unionHits(texts []string, kind int, scratch *[3][]uint64) *heavyHits {
	ix := &sn.search
	words := (len(ix.order) + 63) / 64
	sets := scratch
	for r := range sets {
		if cap(sets[r]) < words {
			sets[r] = make([]uint64, words)
		}
		sets[r] = sets[r][:words]
		clear(sets[r])
	}
	for _, t := range texts {
		if h := ix.heavy[t]; h != nil {
			for r := range h.ranks {
				to := sets[rankFor(int32(r), t, texts[0])]
				hs := &h.ranks[r]
				if hs.bits != nil {
					for w, b := range hs.bits {
						to[w] |= b
					}
					continue
				}
				for _, p := range hs.list {
					to[p/64] |= 1 << (p % 64)
				}
			}
			continue
		}
		lo, hi := ix.span(t)
		for i := lo; i < hi; i++ {
			p := ix.pos[ix.keyNode[i]]
			sets[rankFor(ix.rankOf(i, len(t)), t, texts[0])][p/64] |= 1 << (p % 64)
		}
	}
	h := &heavyHits{}
	for w := range sets[0] {
		sets[1][w] &^= sets[0][w]
		sets[2][w] &^= sets[0][w] | sets[1][w]
	}
	for r, bs := range sets {
		perKind := make([]int32, len(entities.Kinds)+1)
		for w, b := range bs {
			if kind < len(entities.Kinds) {
				b &= ix.kindBits[kind][w]
			}
			perKind[kind] += int32(bits.OnesCount64(b))
		}
		h.ranks[r] = hitSet{perKind: perKind, bits: bs}
	}
	return h
}

// searchRange answers from the keys of the texts' ranges, each at most
// heavyKeys: one number per key, (place in order, rank), sorted, gives each
// hit once with its best rank first, in order; split by rank, that is the
// answer. Sorting a few thousand numbers costs less than marking nodes in an
// array the size of the graph, which a pooled scratch would have to allocate
// again after each GC.
func (sn *snapshot) searchRange(ctx context.Context, texts []string, kind, offset, limit int) ([]int32, int, error) {
	ix := &sn.search
	var keys []uint64
	for _, text := range texts {
		lo, hi := ix.span(text)
		keys = slices.Grow(keys, hi-lo)
		for i := lo; i < hi; i++ {
			d := ix.keyNode[i]
			if kind < len(entities.Kinds) && int(sn.nodes[d].kind) != kind {
				continue
			}
			keys = append(keys, uint64(ix.pos[d])<<2|uint64(rankFor(ix.rankOf(i, len(text)), text, texts[0])))
		}
	}
	if err := entities.ContextError(ctx); err != nil {
		return nil, 0, err
	}
	slices.Sort(keys)
	var byRank [3][]int32 // places in order
	for i, k := range keys {
		if i > 0 && k>>2 == keys[i-1]>>2 {
			continue // the same node again, at a rank no better
		}
		byRank[k&3] = append(byRank[k&3], int32(k>>2))
	}
	total := len(byRank[0]) + len(byRank[1]) + len(byRank[2])
	var page []int32
	for _, places := range byRank {
		for _, p := range places[min(offset, len(places)):] {
			if len(page) == limit {
				break
			}
			page = append(page, ix.order[p])
		}
		offset = max(0, offset-len(places))
	}
	return page, total, nil
}

// heavyPage answers from a kept answer: rank by rank, skipping offset hits of
// the kind asked, then taking limit.
func (ix *searchIndex) heavyPage(h *heavyHits, kind, offset, limit int) ([]int32, int) {
	total := 0
	for r := range h.ranks {
		total += int(h.ranks[r].perKind[kind])
	}
	var page []int32
	for r := range h.ranks {
		hs := &h.ranks[r]
		if c := int(hs.perKind[kind]); offset >= c {
			offset -= c
			continue
		}
		page = ix.takeHits(hs, kind, offset, limit-len(page), page)
		offset = 0
		if len(page) == limit {
			break
		}
	}
	return page, total
}

// takeHits appends to page up to n hits of hs of the kind asked, after skipping skip of them.
func (ix *searchIndex) takeHits(hs *hitSet, kind, skip, n int, page []int32) []int32 {
	all := kind == len(entities.Kinds)
	if hs.bits == nil {
		if all {
			for _, p := range hs.list[skip:min(skip+n, len(hs.list))] {
				page = append(page, ix.order[p])
			}
			return page
		}
		kb := ix.kindBits[kind]
		for _, p := range hs.list {
			if kb[p/64]&(1<<(p%64)) == 0 {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			page = append(page, ix.order[p])
			if n--; n == 0 {
				break
			}
		}
		return page
	}
	for i, word := range hs.bits {
		if !all {
			word &= ix.kindBits[kind][i]
		}
		if c := bits.OnesCount64(word); skip >= c {
			skip -= c
			continue
		}
		for ; word != 0 && n > 0; word &= word - 1 {
			if skip > 0 {
				skip--
				continue
			}
			page = append(page, ix.order[i*64+bits.TrailingZeros64(word)])
			n--
		}
		if n == 0 {
			break
		}
	}
	return page
}

// EntitiesNamed returns, ordered by id, the ids of the entities one of whose
// names or aliases folds (entities.FoldName) as one of names does: the whole
// keys of the search index equal to a folded name, one binary search each.
func (s *Store) EntitiesNamed(ctx context.Context, names []string) ([]string, error) {
	if err := entities.ContextError(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	ix := &sn.search
	seen := map[int32]bool{}
	var ids []string
	for _, n := range names {
		key := entities.FoldName(n)
		if key == "" {
			continue
		}
		lo, hi := ix.span(key)
		for i := lo; i < hi && ix.key(ix.keys[i]) == key; i++ {
			if d := ix.keyNode[i]; ix.full(ix.keys[i]) && !seen[d] {
				seen[d] = true
				ids = append(ids, sn.ids[d])
			}
		}
	}
	slices.Sort(ids)
	return ids, nil
}

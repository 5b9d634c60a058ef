package memstore

// SearchIndexBytes is the size of the search index's arrays and kept answers,
// for the benchmark's memory figure.
func SearchIndexBytes(s *Store) int {
	ix := &s.snap.Load().search
	n := len(ix.text) + 4*(len(ix.start)+len(ix.order)+len(ix.pos)+len(ix.keys)+len(ix.keyNode))
	for _, kb := range ix.kindBits {
		n += 8 * len(kb)
	}
	for text, h := range ix.heavy {
		n += len(text) + 64 // the map entry
		for _, r := range h.ranks {
			n += 4*(len(r.perKind)+len(r.list)) + 8*len(r.bits)
		}
	}
	return n
}

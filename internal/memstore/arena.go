package memstore

import "strings"

// packStrings moves every node's id and name into one string, points nodes
// and ids at it, and builds index, whose keys are then in it too. The dataset allocated each id and name apart:
// millions of small objects, which every garbage collection must mark one by
// one while queries wait on it or share the processor with it. One object is
// marked once, and the small ones are freed.
func (s *snapshot) packStrings(b *budget) error {
	size := 0
	for d := range s.nodes {
		size += len(s.nodes[d].id) + len(s.nodes[d].name)
	}
	var sb strings.Builder
	sb.Grow(size)
	for d := range s.nodes {
		sb.WriteString(s.nodes[d].id)
		sb.WriteString(s.nodes[d].name)
	}
	arena, at := sb.String(), 0
	index := make(map[string]int32, len(s.nodes))
	for d := range s.nodes {
		nd := &s.nodes[d]
		n, m := len(nd.id), len(nd.name)
		nd.id, nd.name = arena[at:at+n], arena[at+n:at+n+m]
		at += n + m
		s.ids[d] = nd.id
		index[nd.id] = int32(d)
		if err := b.spend(1); err != nil {
			return err
		}
	}
	s.index = index
	return nil
}

package memstore

import (
	"context"
	"slices"

	"graphapi/internal/entities"
)

// Conflicts returns one page of the fields whose sources disagree: entities'
// in id order, then relationships' in id order, each by field.
func (s *Store) Conflicts(ctx context.Context, q entities.ConflictQuery) (*entities.ConflictList, error) {
	if err := q.Validate(s.limits); err != nil {
		return nil, err
	}
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	all := []entities.Conflict{}
	for d := range sn.nodes {
		if nd := &sn.nodes[d]; sn.prov[nd.prov].conflict {
			all = append(all, entities.Conflicts(entities.SubjectEntity, nd.id, sn.prov[nd.prov].claims)...)
		}
	}
	var edges []int32
	for i := range sn.edges {
		if sn.prov[sn.edges[i].prov].conflict {
			edges = append(edges, int32(i))
		}
	}
	slices.SortFunc(edges, func(a, b int32) int { return int(sn.idRank[a] - sn.idRank[b]) })
	for _, i := range edges {
		e := &sn.edges[i]
		all = append(all, entities.Conflicts(entities.SubjectRelationship, sn.edgeID(i), sn.prov[e.prov].claims)...)
	}
	out := &entities.ConflictList{Items: []entities.Conflict{}, Total: len(all)}
	if q.Offset < len(all) {
		out.Items = all[q.Offset:min(len(all), q.Offset+q.Limit)]
	}
	return out, nil
}

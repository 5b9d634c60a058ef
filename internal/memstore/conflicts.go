package memstore

import (
	"context"

	"github.com/graphapi/graphapi/internal/entities"
)

// Conflicts returns one page of the fields whose sources disagree, in the
// order of entities.PageConflicts.
func (s *Store) Conflicts(ctx context.Context, q entities.ConflictQuery) (*entities.ConflictList, error) {
	if err := q.Validate(s.limits); err != nil {
		return nil, err
	}
	if err := entities.ContextError(ctx); err != nil {
		return nil, err
	}
	sn := s.snap.Load()
	all := []entities.Conflict{}
	for d := range sn.nodes {
		if nd := &sn.nodes[d]; sn.prov[nd.prov].conflict {
			all = append(all, entities.Conflicts(entities.SubjectEntity, nd.id, sn.prov[nd.prov].claims)...)
		}
	}
	for i := range sn.edges {
		if e := &sn.edges[i]; sn.prov[e.prov].conflict {
			all = append(all, entities.Conflicts(entities.SubjectRelationship, sn.edgeID(int32(i)), sn.prov[e.prov].claims)...)
		}
	}
	return entities.PageConflicts(all, q), nil
}

package memstore

import (
	"context"

	"github.com/graphapi/graphapi/internal/entities"
)

// Conflicts returns one page of the fields whose sources disagree, and of the
// lineages they give differently, in the order of entities.PageConflicts.
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
	var lineage []entities.Relationship
	for i := range sn.edges {
		e := &sn.edges[i]
		if t := entities.RelTypes[e.typ].Type; entities.LineageField(t) != "" {
			lineage = append(lineage, entities.Relationship{From: sn.nodes[e.from].id, Type: t, To: sn.nodes[e.to].id, Claims: sn.prov[e.prov].claims})
		}
	}
	all = append(all, entities.LineageConflicts(lineage)...)
	return entities.PageConflicts(all, q), nil
}

package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

// Conflicts returns one page of the fields whose sources disagree, and of the
// lineages they give differently, in the order of entities.PageConflicts.
func (s *Store) Conflicts(ctx context.Context, q entities.ConflictQuery) (*entities.ConflictList, error) {
	if err := q.Validate(s.cfg.Limits); err != nil {
		return nil, err
	}
	all := []entities.Conflict{}
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		all = all[:0]
		recs, err := run(ctx, tx, cypher.Get("conflicts_entities"), nil)
		if err != nil {
			return err
		}
		for _, r := range recs {
			id, _ := r.Values[0].(string)
			cs, err := decodeClaims(r.Values[1])
			if err != nil {
				return corrupt("entity", id, err)
			}
			all = append(all, entities.Conflicts(entities.SubjectEntity, id, cs)...)
		}
		recs, err = run(ctx, tx, cypher.Get("conflicts_rels"), nil)
		if err != nil {
			return err
		}
		for _, r := range recs {
			from, _ := r.Values[0].(string)
			typ, _ := r.Values[1].(string)
			to, _ := r.Values[2].(string)
			id := entities.RelationshipID(from, entities.RelType(typ), to)
			cs, err := decodeClaims(r.Values[3])
			if err != nil {
				return corrupt("relationship", id, err)
			}
			all = append(all, entities.Conflicts(entities.SubjectRelationship, id, cs)...)
		}
		recs, err = run(ctx, tx, cypher.Get("conflicts_lineage"), nil)
		if err != nil {
			return err
		}
		lineage := make([]entities.Relationship, 0, len(recs))
		for _, r := range recs {
			from, _ := r.Values[0].(string)
			typ, _ := r.Values[1].(string)
			to, _ := r.Values[2].(string)
			cs, err := decodeClaims(r.Values[3])
			if err != nil {
				return corrupt("relationship", entities.RelationshipID(from, entities.RelType(typ), to), err)
			}
			lineage = append(lineage, entities.Relationship{From: from, Type: entities.RelType(typ), To: to, Claims: cs})
		}
		all = append(all, entities.LineageConflicts(lineage)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return entities.PageConflicts(all, q), nil
}

// decodeClaims decodes a claims property; a relationship stated without
// claims (outside packs) has none.
func decodeClaims(v any) ([]entities.Claim, error) {
	var cs []entities.Claim
	s, _ := v.(string)
	if s == "" {
		return nil, nil
	}
	err := decodeJSON(s, &cs)
	return cs, err
}

package review

import (
	"context"
	"slices"

	"graphapi/internal/entities"
)

// Preview is what applying a draft would change in the graph.
type Preview struct {
	// Pack is the folder the pack would take in the seed, and Statements the
	// statements.yaml it would write there.
	Pack             string                  `json:"pack"`
	Statements       string                  `json:"statements"`
	NewEntities      []entities.Entity       `json:"new_entities"`
	NewRelationships []entities.Relationship `json:"new_relationships"`
	// Evidence lists the quotations the pack adds to entities and
	// relationships the graph already has.
	Evidence []EvidenceAdded `json:"evidence_added"`
	// Conflicts are the fields whose sources would disagree that do not
	// disagree now.
	Conflicts []entities.Conflict `json:"conflicts"`
}

// EvidenceAdded is new evidence on something the graph already has.
type EvidenceAdded struct {
	Subject     string              `json:"subject"`
	SubjectKind string              `json:"subject_kind"` // entity | relationship
	Name        string              `json:"name"`         // the entity's name, or from –TYPE→ to
	Evidence    []entities.Evidence `json:"evidence"`
}

// graphNow is what the preview compares with: the graph as the store holds it.
type graphNow struct {
	entities  map[string]*entities.Entity
	rels      map[string]*entities.Relationship
	conflicts map[[2]string]bool // subject, field
}

func (g *graphNow) Sources([]entities.Source) error { return nil }

func (g *graphNow) Entity(e *entities.Entity) error {
	c := *e
	c.Evidence = slices.Clone(e.Evidence)
	g.entities[e.ID] = &c
	for _, cf := range entities.Conflicts(entities.SubjectEntity, e.ID, e.Claims) {
		g.conflicts[[2]string{cf.Subject, cf.Field}] = true
	}
	return nil
}

func (g *graphNow) Relationship(r *entities.Relationship) error {
	c := *r
	c.Evidence = slices.Clone(r.Evidence)
	g.rels[r.ID] = &c
	for _, cf := range entities.Conflicts(entities.SubjectRelationship, r.ID, r.Claims) {
		g.conflicts[[2]string{cf.Subject, cf.Field}] = true
	}
	return nil
}

// Diff compares the graph the store holds now with after, the graph the seed
// gives with the pack in place.
func Diff(ctx context.Context, now entities.Exporter, after *entities.Dataset) (*Preview, error) {
	g := &graphNow{entities: map[string]*entities.Entity{}, rels: map[string]*entities.Relationship{}, conflicts: map[[2]string]bool{}}
	if err := now.Export(ctx, entities.ExportQuery{}, g); err != nil {
		return nil, err
	}
	p := &Preview{NewEntities: []entities.Entity{}, NewRelationships: []entities.Relationship{}, Evidence: []EvidenceAdded{}, Conflicts: []entities.Conflict{}}
	for i := range after.Entities {
		e := &after.Entities[i]
		if old, ok := g.entities[e.ID]; !ok {
			p.NewEntities = append(p.NewEntities, *e)
		} else if added := newEvidence(old.Evidence, e.Evidence); len(added) > 0 {
			p.Evidence = append(p.Evidence, EvidenceAdded{Subject: e.ID, SubjectKind: entities.SubjectEntity, Name: e.Name, Evidence: added})
		}
		p.Conflicts = appendNew(p.Conflicts, g, entities.Conflicts(entities.SubjectEntity, e.ID, e.Claims))
	}
	names := map[string]string{}
	for _, e := range after.Entities {
		names[e.ID] = e.Name
	}
	for i := range after.Relationships {
		r := &after.Relationships[i]
		if old, ok := g.rels[r.ID]; !ok {
			p.NewRelationships = append(p.NewRelationships, *r)
		} else if added := newEvidence(old.Evidence, r.Evidence); len(added) > 0 {
			p.Evidence = append(p.Evidence, EvidenceAdded{Subject: r.ID, SubjectKind: entities.SubjectRelationship,
				Name: names[r.From] + " –" + string(r.Type) + "→ " + names[r.To], Evidence: added})
		}
		p.Conflicts = appendNew(p.Conflicts, g, entities.Conflicts(entities.SubjectRelationship, r.ID, r.Claims))
	}
	return p, nil
}

func newEvidence(old, now []entities.Evidence) []entities.Evidence {
	var out []entities.Evidence
	for _, ev := range now {
		if !slices.Contains(old, ev) {
			out = append(out, ev)
		}
	}
	return out
}

func appendNew(out []entities.Conflict, g *graphNow, cs []entities.Conflict) []entities.Conflict {
	for _, c := range cs {
		if !g.conflicts[[2]string{c.Subject, c.Field}] {
			out = append(out, c)
		}
	}
	return out
}

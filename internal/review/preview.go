package review

import (
	"context"
	"maps"
	"slices"

	"github.com/graphapi/graphapi/internal/entities"
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
	// Changed lists the values the graph shows that the pack would change
	// on entities and relationships it already has: a date the new source
	// gives can become the one shown.
	Changed []FieldChange `json:"changed"`
	// RemovedEntities, RemovedRelationships and EvidenceRemoved are what
	// would leave the graph: what no pack states any more (a revert), and the
	// quotations of the pack taken out from what stays.
	RemovedEntities      []entities.Entity       `json:"removed_entities"`
	RemovedRelationships []entities.Relationship `json:"removed_relationships"`
	EvidenceRemoved      []EvidenceAdded         `json:"evidence_removed"`
	// Names gives the name of every entity the lists above refer to by id.
	Names map[string]string `json:"names"`
}

// FieldChange is one shown value that applying would change.
type FieldChange struct {
	Subject     string `json:"subject"`
	SubjectKind string `json:"subject_kind"`
	Field       string `json:"field"`
	Before      string `json:"before"`
	After       string `json:"after"`
}

// EvidenceAdded is new evidence on something the graph already has (or, in
// EvidenceRemoved, evidence that leaves something that stays).
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
// gives with the pack in place (or, for a revert, taken out).
func Diff(ctx context.Context, now entities.Exporter, after *entities.Dataset) (*Preview, error) {
	g, err := readGraph(ctx, now)
	if err != nil {
		return nil, err
	}
	return g.compare(after), nil
}

// readGraph reads the whole graph the store holds.
func readGraph(ctx context.Context, now entities.Exporter) (*graphNow, error) {
	g := &graphNow{entities: map[string]*entities.Entity{}, rels: map[string]*entities.Relationship{}, conflicts: map[[2]string]bool{}}
	if err := now.Export(ctx, entities.ExportQuery{}, g); err != nil {
		return nil, err
	}
	return g, nil
}

// compare says what changes from g to after.
func (g *graphNow) compare(after *entities.Dataset) *Preview {
	p := &Preview{NewEntities: []entities.Entity{}, NewRelationships: []entities.Relationship{}, Evidence: []EvidenceAdded{},
		Conflicts: []entities.Conflict{}, Changed: []FieldChange{}, Names: map[string]string{},
		RemovedEntities: []entities.Entity{}, RemovedRelationships: []entities.Relationship{}, EvidenceRemoved: []EvidenceAdded{}}
	for i := range after.Entities {
		e := &after.Entities[i]
		old, ok := g.entities[e.ID]
		if !ok {
			p.NewEntities = append(p.NewEntities, *e)
		} else {
			if added := newEvidence(old.Evidence, e.Evidence); len(added) > 0 {
				p.Evidence = append(p.Evidence, EvidenceAdded{Subject: e.ID, SubjectKind: entities.SubjectEntity, Name: e.Name, Evidence: added})
			}
			p.Changed = appendChanges(p.Changed, e.ID, entities.SubjectEntity, [][3]string{
				{"name", old.Name, e.Name}, {"kind", string(old.Kind), string(e.Kind)},
				{"founded", old.Founded.String(), e.Founded.String()}, {"dissolved", old.Dissolved.String(), e.Dissolved.String()},
			})
		}
		p.Conflicts = appendNew(p.Conflicts, g, entities.Conflicts(entities.SubjectEntity, e.ID, e.Claims))
	}
	names := map[string]string{}
	for _, e := range after.Entities {
		names[e.ID] = e.Name
	}
	for i := range after.Relationships {
		r := &after.Relationships[i]
		old, ok := g.rels[r.ID]
		if !ok {
			p.NewRelationships = append(p.NewRelationships, *r)
		} else {
			if added := newEvidence(old.Evidence, r.Evidence); len(added) > 0 {
				p.Evidence = append(p.Evidence, EvidenceAdded{Subject: r.ID, SubjectKind: entities.SubjectRelationship,
					Name: names[r.From] + " –" + string(r.Type) + "→ " + names[r.To], Evidence: added})
			}
			p.Changed = appendChanges(p.Changed, r.ID, entities.SubjectRelationship, [][3]string{
				{"since", old.Since.String(), r.Since.String()}, {"until", old.Until.String(), r.Until.String()},
				{"confidence", string(old.Confidence), string(r.Confidence)},
			})
		}
		p.Conflicts = appendNew(p.Conflicts, g, entities.Conflicts(entities.SubjectRelationship, r.ID, r.Claims))
	}
	for _, r := range p.NewRelationships {
		p.Names[r.From], p.Names[r.To] = names[r.From], names[r.To]
	}
	for _, e := range p.NewEntities {
		p.Names[e.ID] = e.Name
	}
	g.compareRemoved(p, after, names)
	return p
}

// compareRemoved fills in what leaves: entities and relationships after lacks,
// and the evidence that what stays loses, in id order.
func (g *graphNow) compareRemoved(p *Preview, after *entities.Dataset, names map[string]string) {
	kept := make(map[string]bool, len(after.Entities)+len(after.Relationships))
	for i := range after.Entities {
		e := &after.Entities[i]
		kept[e.ID] = true
		if old := g.entities[e.ID]; old != nil {
			if lost := newEvidence(e.Evidence, old.Evidence); len(lost) > 0 {
				p.EvidenceRemoved = append(p.EvidenceRemoved, EvidenceAdded{Subject: e.ID, SubjectKind: entities.SubjectEntity, Name: e.Name, Evidence: lost})
			}
		}
	}
	for i := range after.Relationships {
		r := &after.Relationships[i]
		kept[r.ID] = true
		if old := g.rels[r.ID]; old != nil {
			if lost := newEvidence(r.Evidence, old.Evidence); len(lost) > 0 {
				p.EvidenceRemoved = append(p.EvidenceRemoved, EvidenceAdded{Subject: r.ID, SubjectKind: entities.SubjectRelationship,
					Name: names[r.From] + " –" + string(r.Type) + "→ " + names[r.To], Evidence: lost})
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(g.entities)) {
		if e := g.entities[id]; !kept[id] {
			p.RemovedEntities = append(p.RemovedEntities, *e)
			p.Names[id] = e.Name
		}
	}
	for _, id := range slices.Sorted(maps.Keys(g.rels)) {
		if r := g.rels[id]; !kept[id] {
			p.RemovedRelationships = append(p.RemovedRelationships, *r)
			for _, end := range []string{r.From, r.To} {
				if e := g.entities[end]; e != nil {
					p.Names[end] = e.Name
				}
			}
		}
	}
}

// appendChanges adds each {field, before, after} whose value differs.
func appendChanges(out []FieldChange, subject, kind string, fields [][3]string) []FieldChange {
	for _, f := range fields {
		if f[1] != f[2] {
			out = append(out, FieldChange{Subject: subject, SubjectKind: kind, Field: f[0], Before: f[1], After: f[2]})
		}
	}
	return out
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

package review

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
)

// Change is what a reviewer does to one item. Empty fields are left as they
// are; Since and Until are pointers so that "" can clear a date.
type Change struct {
	Status draft.Status `json:"status,omitempty"`
	// A relationship's type, ends (an entity id the graph has, or the id of a
	// candidate of this draft), dates and confidence.
	Type       entities.RelType    `json:"type,omitempty"`
	From       string              `json:"from,omitempty"`
	To         string              `json:"to,omitempty"`
	Since      *string             `json:"since,omitempty"`
	Until      *string             `json:"until,omitempty"`
	Confidence entities.Confidence `json:"confidence,omitempty"`
	// A candidate's kind, name and founding (or event) date.
	Kind    entities.Kind `json:"kind,omitempty"`
	Name    string        `json:"name,omitempty"`
	Founded *string       `json:"founded,omitempty"`
	// Resolve says that a candidate is an entity the graph already has: the
	// candidate becomes an accepted mention of it, and every relationship end
	// on the candidate now points at it.
	Resolve string `json:"resolve,omitempty"`
}

// Lookup finds an entity the graph has; ENOTFOUND when none has the id.
type Lookup func(ctx context.Context, id string) (*entities.Entity, error)

// Edit applies c to the item of d with the given id. It checks every field
// against the vocabulary before changing anything, so a refused change leaves
// d as it was.
func Edit(ctx context.Context, d *draft.Draft, itemID string, c Change, lookup Lookup) error {
	if c.Status != "" {
		if err := draft.CheckStatus(c.Status); err != nil {
			return err
		}
	}
	if i := slices.IndexFunc(d.Relationships, func(r draft.RelCandidate) bool { return r.ID == itemID }); i >= 0 {
		return editRelationship(ctx, d, &d.Relationships[i], c, lookup)
	}
	if i := slices.IndexFunc(d.Entities, func(e draft.Candidate) bool { return e.ID == itemID }); i >= 0 {
		if c.Resolve != "" {
			return resolveCandidate(ctx, d, i, c, lookup)
		}
		return editCandidate(&d.Entities[i], c)
	}
	if i := slices.IndexFunc(d.Mentions, func(m draft.Mention) bool { return m.ID == itemID }); i >= 0 {
		if c != (Change{Status: c.Status}) {
			return entities.Errorf(entities.EINVALID, "item %s is a mention of %s: it can only be accepted or rejected", itemID, d.Mentions[i].Entity)
		}
		if c.Status != "" {
			d.Mentions[i].Status = c.Status
		}
		return nil
	}
	return entities.Errorf(entities.ENOTFOUND, "the draft has no item %q", itemID)
}

func editRelationship(ctx context.Context, d *draft.Draft, r *draft.RelCandidate, c Change, lookup Lookup) error {
	if c.Kind != "" || c.Name != "" || c.Founded != nil || c.Resolve != "" {
		return entities.Errorf(entities.EINVALID, "item %s is a relationship: change its type, from, to, since, until or confidence", r.ID)
	}
	next := *r
	if c.Type != "" {
		if _, ok := entities.RelTypeIndex(c.Type); !ok {
			return entities.Errorf(entities.EINVALID, "type %q is not in the vocabulary", c.Type)
		}
		next.Type = c.Type
	}
	for _, e := range []struct {
		id  string
		end *draft.End
	}{{c.From, &next.From}, {c.To, &next.To}} {
		if e.id == "" {
			continue
		}
		end, err := resolveEnd(ctx, d, e.id, lookup)
		if err != nil {
			return err
		}
		end.Text, end.Span = e.end.Text, e.end.Span
		end.Via = "set in review"
		*e.end = end
	}
	for _, f := range []struct {
		name string
		v    *string
		dst  *string
	}{{"since", c.Since, &next.Since}, {"until", c.Until, &next.Until}} {
		if f.v == nil {
			continue
		}
		v, err := checkDate(f.name, *f.v)
		if err != nil {
			return err
		}
		*f.dst = v
	}
	if c.Confidence != "" {
		if !entities.ValidConfidence(c.Confidence) {
			return entities.Errorf(entities.EINVALID, "confidence %q: use fact, assessed or reported", c.Confidence)
		}
		next.Confidence = c.Confidence
	}
	if c.Status != "" {
		next.Status = c.Status
	}
	*r = next
	return nil
}

// resolveEnd makes an end of the id a reviewer gave: a candidate of this draft
// when one would get that id (the draft's own proposal wins: it is what the
// reviewer sees on the page), else an entity the graph has.
func resolveEnd(ctx context.Context, d *draft.Draft, id string, lookup Lookup) (draft.End, error) {
	if slices.ContainsFunc(d.Entities, func(e draft.Candidate) bool { return e.Entity == id }) {
		return draft.End{Ref: id, Match: draft.MatchCandidate}, nil
	}
	e, err := lookup(ctx, id)
	if err != nil {
		if entities.ErrorCode(err) == entities.ENOTFOUND {
			return draft.End{}, entities.Errorf(entities.EINVALID, "no entity of the graph or candidate of this draft has id %q; search for the entity and use its id", id)
		}
		return draft.End{}, err
	}
	return draft.End{Ref: e.ID, Match: draft.MatchEntity}, nil
}

func editCandidate(e *draft.Candidate, c Change) error {
	if c.Type != "" || c.From != "" || c.To != "" || c.Since != nil || c.Until != nil || c.Confidence != "" {
		return entities.Errorf(entities.EINVALID, "item %s is an entity candidate: change its kind, name or founded date, or resolve it to an entity the graph has", e.ID)
	}
	next := *e
	if c.Kind != "" {
		if !entities.ValidKind(c.Kind) {
			return entities.Errorf(entities.EINVALID, "kind %q is not in the vocabulary", c.Kind)
		}
		next.Kind = c.Kind
	}
	if c.Name != "" {
		if strings.TrimSpace(c.Name) == "" {
			return entities.Errorf(entities.EINVALID, "a name must not be blank")
		}
		next.Name = strings.TrimSpace(c.Name)
	}
	if c.Founded != nil {
		v, err := checkDate("founded", *c.Founded)
		if err != nil {
			return err
		}
		next.Founded = v
	}
	if c.Status != "" {
		next.Status = c.Status
	}
	*e = next
	return nil
}

// resolveCandidate turns candidate i into an accepted mention of the entity
// c.Resolve and repoints the relationship ends that named the candidate. The
// item keeps its id, so the page can still find it.
func resolveCandidate(ctx context.Context, d *draft.Draft, i int, c Change, lookup Lookup) error {
	cand := d.Entities[i]
	if c != (Change{Resolve: c.Resolve}) && c != (Change{Resolve: c.Resolve, Status: draft.Accepted}) {
		return entities.Errorf(entities.EINVALID, "resolve a candidate on its own: it becomes an accepted mention of the entity")
	}
	e, err := lookup(ctx, c.Resolve)
	if err != nil {
		if entities.ErrorCode(err) == entities.ENOTFOUND {
			return entities.Errorf(entities.EINVALID, "cannot resolve %s to %q: the graph has no such entity", cand.ID, c.Resolve)
		}
		return err
	}
	m := draft.Mention{Item: cand.Item, Entity: e.ID, Kind: e.Kind, Name: e.Name, Text: cand.Name, Span: cand.Span}
	m.Status = draft.Accepted
	m.Reason = fmt.Sprintf("%s; resolved in review to %s", cand.Reason, e.ID)
	d.Entities = slices.Delete(d.Entities, i, i+1)
	d.Mentions = append(d.Mentions, m)
	for j := range d.Relationships {
		for _, end := range []*draft.End{&d.Relationships[j].From, &d.Relationships[j].To} {
			if end.Match == draft.MatchCandidate && end.Ref == cand.Entity {
				end.Ref, end.Match, end.Via = e.ID, draft.MatchEntity, "candidate "+cand.ID+" resolved in review"
			}
		}
	}
	return nil
}

func checkDate(field, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if _, err := entities.ParseDate(v); err != nil {
		return "", entities.Errorf(entities.EINVALID, "%s: %s", field, entities.ErrorMessage(err))
	}
	return v, nil
}

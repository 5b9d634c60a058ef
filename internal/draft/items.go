package draft

import (
	"slices"

	"github.com/graphapi/graphapi/internal/entities"
)

// The item rules: what a status may be, which relationship end can stand, and
// how items are counted. The review (internal/review), its page and the
// command line all go through these, so they agree on what can be accepted.

// CheckStatus is EINVALID for a status that is not one of the three.
func CheckStatus(s Status) error {
	if !ValidStatus(s) {
		return entities.Errorf(entities.EINVALID, "status %q: use proposed, accepted or rejected", s)
	}
	return nil
}

// SetStatus sets the status of the item with id (a mention, candidate or
// relationship) and reports which kind of item it was: EINVALID for a status
// that is not one of the three, ENOTFOUND when the draft has no such item.
func (d *Draft) SetStatus(id string, s Status) (string, error) {
	if err := CheckStatus(s); err != nil {
		return "", err
	}
	for i := range d.Mentions {
		if d.Mentions[i].ID == id {
			d.Mentions[i].Status = s
			return "mention", nil
		}
	}
	for i := range d.Entities {
		if d.Entities[i].ID == id {
			d.Entities[i].Status = s
			return "entity", nil
		}
	}
	for i := range d.Relationships {
		if d.Relationships[i].ID == id {
			d.Relationships[i].Status = s
			return "relationship", nil
		}
	}
	return "", entities.Errorf(entities.ENOTFOUND, "the draft has no item %q", id)
}

// SetStatuses gives every item named the status, or none of them: the error of
// the first id SetStatus refuses, with the draft left as it was.
func (d *Draft) SetStatuses(ids []string, s Status) error {
	trial := *d
	trial.Mentions, trial.Entities, trial.Relationships = slices.Clone(d.Mentions), slices.Clone(d.Entities), slices.Clone(d.Relationships)
	for _, id := range ids {
		if _, err := trial.SetStatus(id, s); err != nil {
			return err
		}
	}
	*d = trial
	return nil
}

// acceptedCandidates are the Entity ids of the accepted candidates: the ones a
// relationship end may name.
func (d *Draft) acceptedCandidates() map[string]bool {
	accepted := map[string]bool{}
	for _, c := range d.Entities {
		if c.Status == Accepted {
			accepted[c.Entity] = true
		}
	}
	return accepted
}

// stands is the "end stands" rule: an end can be written when it is an entity
// the graph has or a candidate that is accepted.
func (e End) stands(accepted map[string]bool) bool {
	return e.Match == MatchEntity || (e.Match == MatchCandidate && accepted[e.Ref])
}

// AcceptAll accepts every proposed item that can stand: mentions, candidates,
// and relationships whose ends stand once those candidates are accepted. It
// returns the ids of the relationships it left proposed because of an end.
func (d *Draft) AcceptAll() (leftProposed []string) {
	for i := range d.Mentions {
		if d.Mentions[i].Status == Proposed {
			d.Mentions[i].Status = Accepted
		}
	}
	for i := range d.Entities {
		if d.Entities[i].Status == Proposed {
			d.Entities[i].Status = Accepted
		}
	}
	accepted := d.acceptedCandidates()
	for i := range d.Relationships {
		r := &d.Relationships[i]
		if r.Status != Proposed {
			continue
		}
		if !r.From.stands(accepted) || !r.To.stands(accepted) {
			leftProposed = append(leftProposed, r.ID)
			continue
		}
		r.Status = Accepted
	}
	return leftProposed
}

// Counts counts items by status.
type Counts struct {
	Proposed int `json:"proposed"`
	Accepted int `json:"accepted"`
	Rejected int `json:"rejected"`
}

func (c *Counts) add(s Status) {
	switch s {
	case Accepted:
		c.Accepted++
	case Rejected:
		c.Rejected++
	default:
		c.Proposed++
	}
}

// Count counts the draft's mentions, candidates and relationships by status.
func (d *Draft) Count() (mentions, candidates, relationships Counts) {
	for _, m := range d.Mentions {
		mentions.add(m.Status)
	}
	for _, c := range d.Entities {
		candidates.add(c.Status)
	}
	for _, r := range d.Relationships {
		relationships.add(r.Status)
	}
	return mentions, candidates, relationships
}

package loader

import (
	"fmt"
	"slices"
	"strings"

	"github.com/graphapi/graphapi/internal/alias"
	"github.com/graphapi/graphapi/internal/entities"
)

// Who a pack's statements are about: an entity stated without an id, or a
// relationship end that is no stated id, is resolved by name through the
// alias index; what is near another entity is warned of.

// country is the country a record's generic state-body names belong to: the
// entity's own country attribute, else its pack's.
func (r *entityRec) country() string {
	if c := r.ent.Attributes["country"]; c != "" {
		return c
	}
	if r.pack != nil {
		return r.pack.country
	}
	return r.storedCountry
}

func (m *merger) entry(r *entityRec) alias.Entry {
	en := alias.Entry{ID: r.ent.ID, Kind: r.ent.Kind, Country: r.country()}
	if r.ent.Name != "" {
		en.Names = append(en.Names, alias.Name{Text: r.ent.Name})
	}
	for _, a := range r.ent.Aliases {
		en.Names = append(en.Names, alias.Name{Text: a})
	}
	return en
}

func (r *entityRec) names() []string {
	var out []string
	if r.ent.Name != "" {
		out = append(out, r.ent.Name)
	}
	return append(out, r.ent.Aliases...)
}

// identify gives an entity stated without an id the id its names resolve to,
// or a new id made from its name (and, for a generic state-body name, its
// country): "Ansar Dine" is ansar-al-dine, Burkina Faso's "National
// Gendarmerie" is national-gendarmerie-burkina-faso.
func (m *merger) identify(r *entityRec) {
	if r.ent.Name == "" {
		m.probs.add(r.at.file, r.at.line, "an entity needs an id or a name")
		return
	}
	res := m.index.ResolveNames(r.names(), r.ent.Kind, r.country())
	switch res.Status {
	case alias.Resolved:
		r.ent.ID, r.byName = res.ID, true
	case alias.Ambiguous:
		m.probs.add(r.at.file, r.at.line, "entity %q: %s could be %s; give the id of the one meant (or a new id)",
			r.ent.Name, quoteAllNames(r.names()), candidateList(res.Candidates))
		return
	default:
		id := entities.NewEntityID(r.ent.Name, "")
		if entities.IsGenericStateBody(r.ent.Name) {
			if c := r.country(); c != "" {
				id = entities.NewEntityID(r.ent.Name, c)
			} else {
				m.probs.add(r.at.file, r.at.line, "entity %q is a generic state-body name: give its country (attributes: {country: …}, or the pack source's country:) or an id", r.ent.Name)
				return
			}
		}
		if m.stated[id] {
			m.probs.add(r.at.file, r.at.line, "entity %q: its name does not identify entity %q (%s), whose id it would take; give an id", r.ent.Name, id, res.Reason)
			return
		}
		r.ent.ID = id
	}
	m.index.Add(m.entry(r))
}

// warnNearDuplicates warns of an entity with a new id whose names resolve to
// another entity: "did you mean jnim?".
func (m *merger) warnNearDuplicates(ents []*entityRec) {
	first := map[string]bool{}
	for _, r := range ents {
		if r.ent.ID == "" || first[r.ent.ID] {
			continue
		}
		first[r.ent.ID] = true
		res := m.index.ResolveNames(r.names(), "", r.country())
		var others []string
		if res.Status == alias.Resolved && res.ID != r.ent.ID {
			others = append(others, res.ID)
		}
		for _, c := range res.Candidates {
			if c.ID != r.ent.ID && !c.Weak && !slices.Contains(others, c.ID) {
				others = append(others, c.ID)
			}
		}
		if len(others) > 0 {
			m.warns.add(r.at.file, r.at.line, "entity %q has a name of %s: did you mean %s?", r.ent.ID, strings.Join(others, ", "), strings.Join(others, " or "))
		}
	}
}

// warnShared warns once of each name that two entities bear, at the first
// record that states it.
func (m *merger) warnShared(sh alias.SharedName, ents []*entityRec) {
	ids := make([]string, len(sh.Candidates))
	for i, c := range sh.Candidates {
		ids[i] = c.ID
	}
	if len(ids) < 2 {
		return
	}
	for _, r := range ents {
		if slices.Contains(ids, r.ent.ID) && !r.stored {
			m.warns.add(r.at.file, r.at.line, "the name %q is borne by %s: a name that resolves to none of them; give ids", sh.Candidates[0].Alias, candidateList(sh.Candidates))
			return
		}
	}
}

// resolveEnd reads a relationship end that is no stated entity's id as a name
// ("Ansar Dine"). An id-shaped end that nothing resolves is left for the
// checker, which knows the ids of CSV files too.
func (m *merger) resolveEnd(r *relRec, end *string, which string) {
	if *end == "" || m.stated[*end] {
		return
	}
	country := ""
	if r.pack != nil {
		country = r.pack.country
	}
	res := m.index.Resolve(*end, "", country)
	switch {
	case res.Status == alias.Resolved:
		*end = res.ID
	case res.Status == alias.Ambiguous:
		m.probs.add(r.at.file, r.at.line, "relationship %s: %s %q could be %s; give the id of the one meant",
			entities.RelationshipID(r.rel.From, r.rel.Type, r.rel.To), which, *end, candidateList(res.Candidates))
		*end = ""
	case !entities.ValidID(*end):
		m.probs.add(r.at.file, r.at.line, "relationship %s: %s %q is neither an entity id nor a name any entity bears",
			entities.RelationshipID(r.rel.From, r.rel.Type, r.rel.To), which, *end)
		*end = ""
	}
}

func candidateList(cs []alias.Candidate) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s (%q)", c.ID, c.Alias)
	}
	return strings.Join(parts, " or ")
}

func quoteAllNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

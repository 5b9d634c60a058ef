package draft

import (
	"strings"

	"github.com/graphapi/graphapi/internal/alias"
	"github.com/graphapi/graphapi/internal/entities"
)

// aliasIndex is the graph's alias index (internal/alias) as drafting asks it.
type aliasIndex struct {
	ix    *alias.Index
	known map[string]Known
}

// NewIndex returns the Index of ds's entities through the alias index. An
// entity without attributes.country takes the country its names give
// ("Malian gendarmerie"), else the country that the title of every report
// quoting it names, so that a generic state-body name of the Mali chapter
// (Ministry of Defense) is Mali's. A nil ds is the empty graph.
func NewIndex(ds *entities.Dataset) Index {
	x := &aliasIndex{ix: alias.New(nil), known: map[string]Known{}}
	if ds == nil {
		return x
	}
	sourceCountry := map[string]string{}
	for _, s := range ds.Sources {
		for _, w := range titleCountries(s.Title) {
			sourceCountry[s.ID] = w
		}
	}
	for i := range ds.Entities {
		e := &ds.Entities[i]
		en := alias.EntryOf(e)
		if en.Country == "" {
			en.Country = entityCountry(e, sourceCountry)
		}
		x.ix.Add(en)
		x.known[e.ID] = Known{ID: e.ID, Kind: e.Kind, Name: e.Name, Country: en.Country, Names: append([]string{e.Name}, e.Aliases...)}
	}
	return x
}

// titleCountries returns the countries a title names.
func titleCountries(title string) []string {
	var out []string
	key := " " + entities.FoldName(title) + " "
	for k, c := range countries {
		if strings.Contains(key, " "+k+" ") {
			out = append(out, c)
		}
	}
	if len(out) > 1 {
		return nil // a report on several countries scopes none
	}
	return out
}

func entityCountry(e *entities.Entity, sourceCountry map[string]string) string {
	if e.Kind == entities.KindCountry {
		return e.Name
	}
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			if c := demonyms[strings.TrimRight(w, "'’s")]; c != "" {
				return c
			}
		}
	}
	country := ""
	for _, ev := range e.Evidence {
		if ev.Quote == "" {
			continue // a reference source scopes nothing
		}
		c := sourceCountry[ev.Source]
		if c == "" || (country != "" && c != country) {
			return ""
		}
		country = c
	}
	return country
}

// Scan returns the names the alias index resolves in text; a name it finds
// only weakly or ambiguously is no hit.
func (x *aliasIndex) Scan(text, country string) []Hit {
	var hits []Hit
	for _, m := range x.ix.Scan(text, country) {
		if m.Status != alias.Resolved {
			continue
		}
		hits = append(hits, Hit{Span: Span{m.Start, m.End}, Entity: x.known[m.ID], Strong: true, Why: m.Reason})
	}
	return hits
}

// Resolve returns the one entity name resolves to, or none.
func (x *aliasIndex) Resolve(name, country string) []Known {
	r := x.ix.Resolve(name, "", country)
	if r.Status != alias.Resolved {
		return nil
	}
	return []Known{x.known[r.ID]}
}

// Suggest returns the candidates of a name the index matches only weakly.
func (x *aliasIndex) Suggest(name, country string) []string {
	r := x.ix.Resolve(name, "", country)
	if r.Status != alias.Ambiguous {
		return nil
	}
	ids := make([]string, len(r.Candidates))
	for i, c := range r.Candidates {
		ids[i] = c.ID
	}
	return ids
}

// Get returns the entity with id.
func (x *aliasIndex) Get(id string) (Known, bool) {
	k, ok := x.known[id]
	return k, ok
}

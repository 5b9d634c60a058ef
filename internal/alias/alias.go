// Package alias is the one index of the names and aliases of a graph's
// entities, folded with entities.FoldName, that decides which entity a name
// a source gives means. The loader asks it who an entity stated without an id
// is, `graphapi validate` lists the aliases two entities share, and the draft
// extractor scans a report for the known names it mentions.
//
// Build an index with New (from entities) or Add (one Entry at a time, as
// packs are read); an Index is not safe for concurrent Add, and safe for
// concurrent reads once built.
//
//	ix := alias.New(ds.Entities)
//	r := ix.Resolve("Ansar Dine", entities.KindArmedGroup, "Mali")
//	switch r.Status {
//	case alias.Resolved:  // r.ID == "ansar-al-dine"; r.Reason == `alias "Ansar Dine" of ansar-al-dine`
//	case alias.Ambiguous: // r.Candidates: every entity it may mean; nothing merges by itself
//	case alias.NotFound:  // a new entity
//	}
//	ix.Shared()               // aliases two entities share, for warnings
//	ix.Scan(reportText, "Mali") // every mention of a known name, spans in the text's own bytes
//
// The rules (entities/names.go states the lists):
//   - Names meet when they fold to the same key (entities.FoldName): "Ansar
//     Dine" is "Ansar al-Dine", "al-Mourabitoun" is "al-Murabitoun".
//   - A short acronym (entities.IsShortAcronym: GSIM, FLM, AQIM, JNIM), on
//     either side, or a name an Entry marks Weak, is weak: it never decides
//     identity alone. A name that matches only weakly yields its entities as
//     candidates (Ambiguous), never a resolution.
//   - A generic state-body name (entities.IsGenericStateBody: National
//     Gendarmerie, Ministry of Defense, …) matches only an entity of the
//     caller's country: another country's gendarmerie is another entity (not
//     a candidate). When the entity's or the caller's country is unknown, the
//     match is weak: a candidate, not a resolution.
//   - A kind, when given, must be the entity's kind.
//   - A name two entities share resolves to neither: both are candidates.
package alias

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// Entry is what the index knows of one entity.
type Entry struct {
	ID      string
	Kind    entities.Kind
	Country string // scopes generic state-body names; "" when unknown
	Names   []Name // the name first, then the aliases
}

// Name is one name or alias of an entity, as a source writes it.
type Name struct {
	Text string
	Weak bool // never decides identity alone; short acronyms are weak whatever this says
}

// EntryOf is the entry of e: its name and aliases (short acronyms weak) and
// its attributes.country.
func EntryOf(e *entities.Entity) Entry {
	en := Entry{ID: e.ID, Kind: e.Kind, Country: e.Attributes["country"]}
	en.Names = append(en.Names, Name{Text: e.Name})
	for _, a := range e.Aliases {
		en.Names = append(en.Names, Name{Text: a})
	}
	return en
}

// Index maps folded names to the entities that bear them.
type Index struct {
	entries []Entry
	byID    map[string]int
	keys    map[string][]posting // folded name → every entity name that folds to it
	words   *trieNode            // folded names word by word, for Scan
}

// posting is one name of one entry.
type posting struct {
	entry, name int
}

// New returns the index of es.
func New(es []entities.Entity) *Index {
	ix := &Index{byID: map[string]int{}, keys: map[string][]posting{}, words: &trieNode{}}
	for i := range es {
		ix.Add(EntryOf(&es[i]))
	}
	return ix
}

// Add adds en to the index. An id already there gains the names it lacked
// (and the kind and country, if it had none): a second source that states an
// entity adds its names.
func (ix *Index) Add(en Entry) {
	i, ok := ix.byID[en.ID]
	if !ok {
		i = len(ix.entries)
		ix.byID[en.ID] = i
		ix.entries = append(ix.entries, Entry{ID: en.ID})
	}
	cur := &ix.entries[i]
	if cur.Kind == "" {
		cur.Kind = en.Kind
	}
	if cur.Country == "" {
		cur.Country = en.Country
	}
	for _, n := range en.Names {
		if j := slices.IndexFunc(cur.Names, func(m Name) bool { return m.Text == n.Text }); j >= 0 {
			cur.Names[j].Weak = cur.Names[j].Weak || n.Weak
			continue
		}
		words := entities.FoldWords(n.Text)
		if len(words) == 0 {
			continue // a name with no letter or digit names nothing
		}
		cur.Names = append(cur.Names, n)
		key := joinWords(words)
		ix.keys[key] = append(ix.keys[key], posting{i, len(cur.Names) - 1})
		ix.words.insert(words, key)
	}
}

// Status says what a name resolved to.
type Status int

const (
	NotFound  Status = iota // no entity bears the name: a new entity
	Resolved                // exactly one entity, by a strong match: ID
	Ambiguous               // candidates only: shared, weak or unscoped; nothing merges by itself
)

func (s Status) String() string {
	return [...]string{"not found", "resolved", "ambiguous"}[s]
}

// Resolution is what a name identifies, and why.
type Resolution struct {
	Status     Status
	ID         string      // the entity, when Resolved
	Candidates []Candidate // when Ambiguous: every entity the name may mean, by id
	Reason     string      // for messages: `alias "Ansar Dine" of ansar-al-dine`
}

// Candidate is an entity a name may mean.
type Candidate struct {
	ID    string
	Alias string // the entity's name or alias that matched, as written
	Weak  bool   // the match alone cannot decide (short acronym, weak alias, unscoped state-body name)
}

// Resolve returns the entity that name identifies among those of kind (any
// kind when "") for a source about country ("" when unknown).
func (ix *Index) Resolve(name string, kind entities.Kind, country string) Resolution {
	return ix.ResolveNames([]string{name}, kind, country)
}

// ResolveNames returns the entity that the names of one stated entity (its
// name and aliases) identify together: the one entity any of them matches
// strongly; ambiguous when they match two strongly, or only weakly.
func (ix *Index) ResolveNames(names []string, kind entities.Kind, country string) Resolution {
	var matches []match
	for _, n := range names {
		matches = append(matches, ix.lookup(n, entities.FoldName(n), kind, country, nil)...)
	}
	return decide(names, matches, ix)
}

// match is one name of one entry that a looked-up name meets.
type match struct {
	posting
	query string // the looked-up name
	weak  bool
}

// lookup returns the names that q (folded: key) meets among entries of kind,
// scoped by country. keep, when set, filters the postings further (Scan's
// case rule).
func (ix *Index) lookup(q, key string, kind entities.Kind, country string, keep func(Name) bool) []match {
	var out []match
	generic := entities.IsGenericStateBody(q)
	acronym := entities.IsShortAcronym(q)
	for _, p := range ix.keys[key] {
		en := &ix.entries[p.entry]
		nm := en.Names[p.name]
		if (kind != "" && en.Kind != kind) || (keep != nil && !keep(nm)) {
			continue
		}
		m := match{posting: p, query: q, weak: acronym || nm.Weak || entities.IsShortAcronym(nm.Text)}
		if generic {
			switch {
			case en.Country == "" || country == "":
				m.weak = true
			case entities.FoldName(en.Country) != entities.FoldName(country):
				continue // another country's body: another entity
			}
		}
		out = append(out, m)
	}
	return out
}

// decide turns the matches of names into a resolution.
func decide(names []string, matches []match, ix *Index) Resolution {
	if len(matches) == 0 {
		return Resolution{Status: NotFound, Reason: fmt.Sprintf("no entity is named %s", quoteAll(names))}
	}
	strong := map[int]match{} // by entry: the name written as asked if there is one, for the reason
	for _, m := range matches {
		if prev, seen := strong[m.entry]; !m.weak && (!seen || ix.written(m) && !ix.written(prev)) {
			strong[m.entry] = m
		}
	}
	if len(strong) == 1 {
		for _, m := range strong {
			return Resolution{Status: Resolved, ID: ix.entries[m.entry].ID, Reason: ix.describe(m)}
		}
	}
	var cands []Candidate
	seen := map[int]bool{}
	for _, m := range matches {
		if seen[m.entry] || (len(strong) > 1 && m.weak) {
			continue
		}
		seen[m.entry] = true
		en := &ix.entries[m.entry]
		cands = append(cands, Candidate{ID: en.ID, Alias: en.Names[m.name].Text, Weak: m.weak})
	}
	slices.SortFunc(cands, func(a, b Candidate) int { return strings.Compare(a.ID, b.ID) })
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
	}
	r := Resolution{Status: Ambiguous, Candidates: cands}
	switch {
	case len(strong) > 1:
		r.Reason = fmt.Sprintf("%s names %d entities: %s; give the id", quoteAll(names), len(cands), strings.Join(ids, ", "))
	case entities.IsGenericStateBody(matches[0].query):
		r.Reason = fmt.Sprintf("%q is a generic state-body name and no country scopes it (%s); give the id or the country",
			matches[0].query, strings.Join(ids, ", "))
	default:
		r.Reason = fmt.Sprintf("%s matches %s only by a short acronym or weak alias, which never decides identity alone; give the id or a full name",
			quoteAll(names), strings.Join(ids, ", "))
	}
	return r
}

// written reports whether m's name is written exactly as it was asked.
func (ix *Index) written(m match) bool { return ix.entries[m.entry].Names[m.name].Text == m.query }

// describe says why m identifies its entity: `alias "Ansar Dine" of ansar-al-dine`.
func (ix *Index) describe(m match) string {
	en := &ix.entries[m.entry]
	what := "alias"
	if m.name == 0 {
		what = "name"
	}
	s := fmt.Sprintf("%s %q of %s", what, en.Names[m.name].Text, en.ID)
	if en.Names[m.name].Text != m.query {
		s = fmt.Sprintf("%q is %s", m.query, s)
	}
	if entities.IsGenericStateBody(m.query) {
		s += ", in " + en.Country
	}
	return s
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// SharedName is a folded name that two or more entities bear.
type SharedName struct {
	Key        string      // the folded name
	Candidates []Candidate // the entities, by id, each with its name as written
}

// Shared lists the names that two or more entities bear, by key: `graphapi
// validate` warns of each. Generic state-body names are shared only within
// one country (or among entities of unknown country).
func (ix *Index) Shared() []SharedName {
	var out []SharedName
	for key, ps := range ix.keys {
		groups := map[string][]Candidate{} // by scope: "" for all, the folded country for a generic name
		generic := entities.IsGenericStateBody(key)
		for _, p := range ps {
			en := &ix.entries[p.entry]
			scope := ""
			if generic {
				scope = entities.FoldName(en.Country)
			}
			nm := en.Names[p.name]
			c := Candidate{ID: en.ID, Alias: nm.Text, Weak: nm.Weak || entities.IsShortAcronym(nm.Text)}
			if !slices.ContainsFunc(groups[scope], func(o Candidate) bool { return o.ID == c.ID }) {
				groups[scope] = append(groups[scope], c)
			}
		}
		for _, cs := range groups {
			if len(cs) > 1 {
				slices.SortFunc(cs, func(a, b Candidate) int { return strings.Compare(a.ID, b.ID) })
				out = append(out, SharedName{Key: key, Candidates: cs})
			}
		}
	}
	slices.SortFunc(out, func(a, b SharedName) int {
		return cmp.Or(strings.Compare(a.Key, b.Key), strings.Compare(a.Candidates[0].ID, b.Candidates[0].ID))
	})
	return out
}

func joinWords(ws []entities.Word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.Text)
	}
	return b.String()
}

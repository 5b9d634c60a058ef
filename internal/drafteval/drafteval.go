// Package drafteval measures drafts against hand-curated statements: the Mali
// chapter against the curated Mali seed, and the project's own test documents
// against their hand labels. It is the evaluation of issue 13; the command
// cmd/evaldraft prints its figures.
package drafteval

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
)

// Gold is what a document states, by hand.
type Gold struct {
	Entities      []GoldEntity
	Relationships []GoldRel
}

// GoldEntity is an entity the document names. Graph is the id of the same
// entity in the full graph, if the graph has it.
type GoldEntity struct {
	ID      string
	Names   []string // name and aliases, as written
	Kind    entities.Kind
	Founded string
	Graph   string
}

// GoldRel is a relationship the document states.
type GoldRel struct {
	From, To string // GoldEntity ids
	Type     entities.RelType
	Since    string
}

// FromDataset takes, as gold, the entities and relationships that quote source.
func FromDataset(ds *entities.Dataset, source string) *Gold {
	g := &Gold{}
	quoted := func(ev []entities.Evidence) bool {
		for _, e := range ev {
			if e.Source == source && e.Quote != "" {
				return true
			}
		}
		return false
	}
	for _, e := range ds.Entities {
		if quoted(e.Evidence) {
			g.Entities = append(g.Entities, GoldEntity{ID: e.ID, Names: append([]string{e.Name}, e.Aliases...),
				Kind: e.Kind, Founded: e.Founded.String(), Graph: e.ID})
		}
	}
	for _, r := range ds.Relationships {
		if quoted(r.Evidence) {
			g.Relationships = append(g.Relationships, GoldRel{From: r.From, To: r.To, Type: r.Type, Since: r.Since.String()})
		}
	}
	return g
}

type labelsFile struct {
	Country  string `yaml:"country"`
	Entities []struct {
		Name    string        `yaml:"name"`
		Kind    entities.Kind `yaml:"kind"`
		Aliases []string      `yaml:"aliases"`
		Founded string        `yaml:"founded"`
		Graph   string        `yaml:"graph"`
	} `yaml:"entities"`
	Relationships []struct {
		From  string           `yaml:"from"`
		Type  entities.RelType `yaml:"type"`
		To    string           `yaml:"to"`
		Since string           `yaml:"since"`
	} `yaml:"relationships"`
}

// ReadLabels reads a hand-label file (testdata/eval/*.labels.yaml). It returns
// the gold and the country the document is about.
func ReadLabels(name string) (*Gold, string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, "", err
	}
	var lf labelsFile
	if err := yaml.Unmarshal(data, &lf); err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	g := &Gold{}
	byName := map[string]string{}
	for _, e := range lf.Entities {
		id := strings.ReplaceAll(entities.FoldName(e.Name), " ", "-")
		g.Entities = append(g.Entities, GoldEntity{ID: id, Names: append([]string{e.Name}, e.Aliases...), Kind: e.Kind, Founded: e.Founded, Graph: e.Graph})
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			byName[entities.FoldName(n)] = id
		}
	}
	for k, r := range lf.Relationships {
		from, to := byName[entities.FoldName(r.From)], byName[entities.FoldName(r.To)]
		if from == "" || to == "" {
			return nil, "", fmt.Errorf("%s: relationship %d names an entity the labels do not define (%q or %q)", name, k+1, r.From, r.To)
		}
		g.Relationships = append(g.Relationships, GoldRel{From: from, To: to, Type: r.Type, Since: r.Since})
	}
	return g, lf.Country, nil
}

// Figures are one document's results.
type Figures struct {
	GoldEntities, FoundEntities, KindRight int
	MissedEntities                         []string
	CommonWordCandidates                   []string

	Proposed, Unresolved, Correct, GoldRels, Recalled int
	ByType                                            map[entities.RelType]*TypeFigures
	Wrong, Missed                                     []string

	Dates, DatesRight int
	WrongDates        []string

	Mentions, MentionsRight int
	WrongMentions           []string
}

// TypeFigures are the relationship figures of one type.
type TypeFigures struct{ Proposed, Correct, Gold, Recalled int }

// symmetric types match in either direction.
func symmetric(t entities.RelType) bool {
	return t == entities.CooperatesWith || t == entities.CoordinatesWith
}

// Entities matches the draft's candidates to gold entities: by a shared
// folded name or alias; an event or cell the draft names by its date, by kind
// and that date.
func matchCandidates(d *draft.Draft, g *Gold) map[string]string {
	byName := map[string]string{}
	for _, e := range g.Entities {
		for _, n := range e.Names {
			if _, ok := byName[entities.FoldName(n)]; !ok {
				byName[entities.FoldName(n)] = e.ID
			}
		}
	}
	dated := map[string][]string{} // kind|date → gold ids
	for _, e := range g.Entities {
		if e.Founded != "" {
			dated[string(e.Kind)+"|"+e.Founded] = append(dated[string(e.Kind)+"|"+e.Founded], e.ID)
		}
	}
	kinds := map[string]entities.Kind{}
	for _, e := range g.Entities {
		kinds[e.ID] = e.Kind
	}
	out := map[string]string{}
	for _, c := range d.Entities {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			if id, ok := byName[entities.FoldName(n)]; ok {
				out[c.Entity] = id
				break
			}
		}
		if _, ok := out[c.Entity]; !ok && c.Founded != "" {
			if ids := dated[string(c.Kind)+"|"+c.Founded]; len(ids) == 1 {
				out[c.Entity] = ids[0]
			}
		}
		if _, ok := out[c.Entity]; !ok && strings.HasPrefix(c.Entity, "cell-") {
			date := strings.TrimPrefix(c.Entity, "cell-")
			for _, r := range g.Relationships {
				for _, end := range []string{r.From, r.To} {
					if kinds[end] == entities.KindArmedGroup && r.Since == date && strings.HasPrefix(end, "cell") {
						out[c.Entity] = end
					}
				}
			}
		}
	}
	return out
}

// Evaluate compares a draft made against an empty graph with the gold.
func Evaluate(d *draft.Draft, text string, g *Gold) *Figures {
	f := &Figures{ByType: map[entities.RelType]*TypeFigures{}, GoldEntities: len(g.Entities), GoldRels: len(g.Relationships)}
	match := matchCandidates(d, g)
	found := map[string]bool{}
	kindOf := map[string]entities.Kind{}
	for _, e := range g.Entities {
		kindOf[e.ID] = e.Kind
	}
	kindRight := map[string]bool{}
	for _, c := range d.Entities {
		if id, ok := match[c.Entity]; ok {
			found[id] = true
			if c.Kind == kindOf[id] {
				kindRight[id] = true
			}
		}
		if isCommonWord(c.Name, text) {
			f.CommonWordCandidates = append(f.CommonWordCandidates, c.Name)
		}
	}
	for _, e := range g.Entities {
		if found[e.ID] {
			f.FoundEntities++
			if kindRight[e.ID] {
				f.KindRight++
			}
		} else {
			f.MissedEntities = append(f.MissedEntities, e.ID)
		}
	}
	gold := map[string]GoldRel{}
	for _, r := range g.Relationships {
		gold[relKey(r.From, r.Type, r.To)] = r
		tf := f.typeFig(r.Type)
		tf.Gold++
	}
	endID := func(e draft.End) string {
		switch e.Match {
		case draft.MatchCandidate:
			if id, ok := match[e.Ref]; ok {
				return id
			}
			return "new:" + e.Ref
		case draft.MatchEntity:
			return e.Ref
		}
		return ""
	}
	proposed := map[string]draft.RelCandidate{}
	var order []string
	for _, r := range d.Relationships {
		from, to := endID(r.From), endID(r.To)
		if from == "" || to == "" {
			f.Unresolved++
			continue
		}
		k := relKey(from, r.Type, to)
		if _, ok := gold[k]; !ok && symmetric(r.Type) {
			if _, ok := gold[relKey(to, r.Type, from)]; ok {
				k = relKey(to, r.Type, from)
			}
		}
		if _, dup := proposed[k]; !dup {
			order = append(order, k)
			proposed[k] = r
		}
	}
	for _, k := range order {
		r := proposed[k]
		f.Proposed++
		tf := f.typeFig(r.Type)
		tf.Proposed++
		gr, ok := gold[k]
		if !ok {
			f.Wrong = append(f.Wrong, k+"  ← "+quoteShort(r.Where.Text))
			continue
		}
		f.Correct++
		tf.Correct++
		if r.Since != "" {
			f.Dates++
			if datesAgree(r.Since, gr.Since) {
				f.DatesRight++
			} else {
				f.WrongDates = append(f.WrongDates, fmt.Sprintf("%s: proposed %s, curated %q", k, r.Since, gr.Since))
			}
		}
	}
	for _, c := range d.Entities {
		if id, ok := match[c.Entity]; ok && c.Founded != "" {
			for _, e := range g.Entities {
				if e.ID == id && e.Founded != "" {
					f.Dates++
					if datesAgree(c.Founded, e.Founded) {
						f.DatesRight++
					} else {
						f.WrongDates = append(f.WrongDates, fmt.Sprintf("%s founded: proposed %s, curated %s", id, c.Founded, e.Founded))
					}
				}
			}
		}
	}
	for _, r := range g.Relationships {
		k := relKey(r.From, r.Type, r.To)
		if _, ok := proposed[k]; ok {
			f.Recalled++
			f.typeFig(r.Type).Recalled++
		} else {
			f.Missed = append(f.Missed, k)
		}
	}
	return f
}

// EvaluateLinks scores a draft made against the full graph: a mention is right
// when the gold says the document names that graph entity under those words.
func EvaluateLinks(d *draft.Draft, g *Gold, f *Figures) {
	for _, m := range d.Mentions {
		f.Mentions++
		right := false
		for _, e := range g.Entities {
			if e.Graph != m.Entity {
				continue
			}
			right = true
		}
		if right {
			f.MentionsRight++
		} else {
			f.WrongMentions = append(f.WrongMentions, fmt.Sprintf("%q → %s in %s", m.Text, m.Entity, quoteShort(m.Where.Text)))
		}
	}
}

func (f *Figures) typeFig(t entities.RelType) *TypeFigures {
	tf := f.ByType[t]
	if tf == nil {
		tf = &TypeFigures{}
		f.ByType[t] = tf
	}
	return tf
}

func relKey(from string, t entities.RelType, to string) string {
	return from + " " + string(t) + " " + to
}

// datesAgree: equal, or one the other at a coarser precision.
func datesAgree(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	return a == b || strings.HasPrefix(a, b+"-") || strings.HasPrefix(b, a+"-")
}

func quoteShort(s string) string {
	if len(s) > 90 {
		s = s[:87] + "..."
	}
	return "\"" + s + "\""
}

// Types lists the types f has figures for, in vocabulary order.
func (f *Figures) Types() []entities.RelType {
	var ts []entities.RelType
	for t := range f.ByType {
		ts = append(ts, t)
	}
	entities.SortRelTypes(ts)
	return ts
}

// commonWords are frequent English words that must never become an entity
// alone (OpenCTI's "AND", "will").
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above across after again against all almost also although always among an and
	another any are around as at back be because been before being below between both but by can could did do does
	during each either else even ever every few first for from further had has have having he her here him his how
	however if in into is it its just last least less like made make many may me might more most much must my near
	never new next no nor not now of off often on once one only or other our out over own part per perhaps press
	rather same several she should since so some still such than that the their them then there these they this
	those though through thus to too toward under until up upon us very was we well were what when where whether
	which while who whom whose why will with within without would yet you attack attacks attackers government
	security forces military police army group groups unit force mission operation operations region province state
	states country countries national international regional terrorist terrorists terrorism legislation law
	enforcement border customs overview incidents cooperation countering financing violent extremism ten two three
	four five six seven eight nine domestic exit entry unfortunately notable including particularly central northern
	southern eastern western north south east west president minister ministry court office service agency council
	program programme plan report reports reported according`) {
		m[w] = true
	}
	return m
}()

// isCommonWord: a candidate made of one word that is a frequent English word,
// or one the text itself uses in lower case.
func isCommonWord(name, text string) bool {
	words := strings.Fields(name)
	if len(words) != 1 {
		return false
	}
	w := strings.ToLower(strings.Trim(words[0], ".,;:'’\""))
	if commonWords[w] {
		return true
	}
	for _, t := range strings.FieldsFunc(text, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) {
		if t == w {
			return true
		}
	}
	return false
}

// SortedMissing returns the keys in order, for stable reports.
func SortedMissing(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

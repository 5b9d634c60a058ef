package draft

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"graphapi/internal/entities"
)

// GraphIndex is an Index over a dataset's names and aliases, folded as search
// folds them. It stands in until the graph's alias index (internal/alias) is
// wired in; it applies the same rules: a short acronym is weak, and so is a
// name two entities share; a generic state-body name carries its entity's
// country so that drafting can scope it.
type GraphIndex struct {
	byFirst map[string][]indexName // first folded word → names starting with it
	byName  map[string][]Known
}

type indexName struct {
	words []string
	raw   string
	upper bool // an all-capitals alias: it must match in capitals
	known Known
}

// NewGraphIndex indexes every entity of ds. An entity's country is its
// attributes.country, else the country its names give (Malian gendarmerie),
// else the country that the title of every report citing it names.
func NewGraphIndex(ds *entities.Dataset) *GraphIndex {
	x := &GraphIndex{byFirst: map[string][]indexName{}, byName: map[string][]Known{}}
	if ds == nil {
		return x
	}
	sourceCountry := map[string]string{}
	for _, s := range ds.Sources {
		for k, c := range countries {
			if strings.Contains(" "+fold(s.Title)+" ", " "+k+" ") {
				sourceCountry[s.ID] = c
			}
		}
	}
	for _, e := range ds.Entities {
		k := Known{ID: e.ID, Kind: e.Kind, Name: e.Name, Country: entityCountry(e, sourceCountry)}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			f := fold(n)
			if f == "" {
				continue
			}
			if !containsKnown(x.byName[f], k.ID) {
				x.byName[f] = append(x.byName[f], k)
			}
			words := strings.Fields(f)
			x.byFirst[words[0]] = append(x.byFirst[words[0]], indexName{words: words, raw: n, upper: allUpper(n), known: k})
		}
	}
	for w := range x.byFirst {
		names := x.byFirst[w]
		sort.SliceStable(names, func(i, j int) bool {
			if len(names[i].words) != len(names[j].words) {
				return len(names[i].words) > len(names[j].words)
			}
			return names[i].known.ID < names[j].known.ID
		})
	}
	return x
}

func containsKnown(ks []Known, id string) bool {
	for _, k := range ks {
		if k.ID == id {
			return true
		}
	}
	return false
}

func entityCountry(e entities.Entity, sourceCountry map[string]string) string {
	if c := e.Attributes["country"]; c != "" {
		return c
	}
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
		c := sourceCountry[ev.Source]
		if c == "" && ev.Quote == "" {
			continue
		}
		if country != "" && c != country {
			return ""
		}
		country = c
	}
	return country
}

func allUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters > 0
}

// Resolve returns the entities whose folded name or alias is name's. A generic
// state-body name only resolves to entities of country.
func (x *GraphIndex) Resolve(name, country string) []Known {
	ks := x.byName[fold(name)]
	if isGenericName(name) {
		var in []Known
		for _, k := range ks {
			if country != "" && fold(k.Country) == fold(country) {
				in = append(in, k)
			}
		}
		return in
	}
	return ks
}

func isGenericName(name string) bool {
	words := strings.Fields(strings.ToLower(name))
	for _, w := range words {
		if !genericWords[w] {
			return false
		}
	}
	return len(words) > 0
}

// Scan finds the known names in text, longest first at each word.
func (x *GraphIndex) Scan(text string) []Hit {
	words := foldedWords(text)
	var hits []Hit
	for i := 0; i < len(words); {
		matched := false
		for _, n := range x.byFirst[words[i].w] {
			if i+len(n.words) > len(words) || !wordsEqual(words[i:i+len(n.words)], n.words) {
				continue
			}
			sp := Span{words[i].start, words[i+len(n.words)-1].end}
			surface := text[sp.Start:sp.End]
			if n.upper && !allUpper(surface) {
				continue // "IS" is not "is"
			}
			if !n.upper && !hasUpper(surface) && len(n.words) == 1 && hasUpper(n.raw) {
				continue // a capitalized name written in lower case is a common word
			}
			ids := x.byName[fold(n.raw)]
			strong := len(ids) == 1 && !(n.upper && utf8.RuneCountInString(strings.ReplaceAll(n.raw, ".", "")) <= 2)
			why := "name"
			if n.raw != n.known.Name {
				why = "alias"
			}
			hits = append(hits, Hit{Span: sp, Entity: n.known, Strong: strong,
				Why: why + " \"" + n.raw + "\" of " + n.known.ID})
			i += len(n.words)
			matched = true
			break
		}
		if !matched {
			i++
		}
	}
	return hits
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

type foldedWord struct {
	w          string
	start, end int
}

// foldedWords splits text as FoldSearch does — letters and digits, apostrophes
// dropped, anything else a break — keeping each word's offsets.
func foldedWords(text string) []foldedWord {
	var out []foldedWord
	start := -1
	var b strings.Builder
	flush := func(end int) {
		if start >= 0 {
			out = append(out, foldedWord{fold(b.String()), start, end})
		}
		start = -1
		b.Reset()
	}
	lastEnd := 0
	for i, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			b.WriteRune(r)
			lastEnd = i + utf8.RuneLen(r)
		case isApos(r) && start >= 0:
		default:
			flush(lastEnd)
		}
	}
	flush(lastEnd)
	return out
}

func wordsEqual(a []foldedWord, b []string) bool {
	for k := range b {
		if a[k].w != b[k] {
			return false
		}
	}
	return true
}

package draft

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphapi/graphapi/internal/entities"
)

// definite matches "the gendarmerie", "the cell": a kind word standing for the
// one name of the text it heads.
var definite = regexp.MustCompile(`\b[Tt]he\s+((?i:gendarmerie)|police|ministry|cell|unit|brigade|battalion|front|mission|army|court|council|directorate|academy|operation)\b`)

// anaphors: the words that stand for an entity named before.
var (
	countryAnaphor = regexp.MustCompile(`\b[Tt]he\s+country\b`)
	groupAnaphor   = regexp.MustCompile(`\b[Tt]he\s+(?:group|organization|organisation|movement|faction|coalition)\b`)
	itAnaphor      = regexp.MustCompile(`^It\b`)
	leaderAnaphor  = regexp.MustCompile(`\b[Ii]ts\s+(?:leader|founder|emir|chief|commander|head)(?:\s+\p{Lu}[\p{L}'’-]*)+`)
	pluralAnaphor  = regexp.MustCompile(`\b(?:[Tt]hese|[Bb]oth|[Tt]hose|[Tt]he\s+two|[Aa]ll\s+(?:of\s+)?these|(?:most|some|all),?\s+if\s+not\s+all\s+of\s+these)\s+(?:groups|factions|organizations|organisations|movements)\b`)
)

// spans returns the names of sentence i that do not overlap: the longest at
// each place, a name the graph knows before a candidate of the same extent.
func (d *drafter) spans(i int) []span {
	s := d.sents[i]
	sent := d.text[s.Start:s.End]
	var all []span
	if d.idx != nil {
		for _, h := range d.idx.Scan(sent, d.scopes[i]) {
			sp := Span{s.Start + h.Span.Start, s.Start + h.Span.End}
			if !h.Strong || !d.inScope(sp, h.Entity, d.scopes[i]) {
				continue
			}
			k := h.Entity
			all = append(all, span{Span: sp, ref: ref{known: &k}, known: true, why: h.Why})
		}
	}
	for _, n := range d.raws[i] {
		c := d.byKey[candKey(n.name, n.country, n.generic)]
		if c == nil && n.acr != "" {
			c = d.byKey[candKey(n.acr, n.country, false)]
		}
		if c == nil {
			continue
		}
		all = append(all, span{Span: n.Span, ref: ref{cand: c}, known: false})
	}
	// Acronyms and names defined elsewhere, standing alone here.
	for _, t := range d.toks[i] {
		if c := d.byKey[fold(t.text)]; c != nil && (t.acronym || t.cap) && !stopwords[t.lower] {
			all = append(all, span{Span: t.Span, ref: ref{cand: c}, known: false})
		}
	}
	for _, m := range definite.FindAllStringSubmatchIndex(sent, -1) {
		head := strings.ToLower(sent[m[2]:m[3]])
		if c := d.onlyHead(head); c != nil {
			all = append(all, span{Span: Span{s.Start + m[0], s.Start + m[1]}, ref: ref{cand: c, via: "\"" + sent[m[0]:m[1]] + "\": the one " + sent[m[2]:m[3]] + " the text names"}, known: false})
		} else if c := d.lastHead(i, all, s.Start+m[0], head); c != nil {
			all = append(all, span{Span: Span{s.Start + m[0], s.Start + m[1]}, ref: ref{cand: c, via: "\"" + sent[m[0]:m[1]] + "\": the " + sent[m[2]:m[3]] + " named last before it"}, known: false})
		}
	}
	all = d.anaphors(i, sent, all)
	sort.SliceStable(all, func(a, b int) bool {
		if all[a].Start != all[b].Start {
			return all[a].Start < all[b].Start
		}
		if la, lb := all[a].End-all[a].Start, all[b].End-all[b].Start; la != lb {
			return la > lb
		}
		return all[a].known && !all[b].known
	})
	var kept []span
	end := -1
	for _, sp := range all {
		if sp.Start >= end {
			kept = append(kept, sp)
			end = sp.End
		}
	}
	return d.joinAcronyms(kept)
}

// joinAcronyms makes "Long Form (ACR)" one span when both name the same
// entity, so that sentence forms see one name.
func (d *drafter) joinAcronyms(spans []span) []span {
	var out []span
	for k := 0; k < len(spans); k++ {
		sp := spans[k]
		if k+1 < len(spans) {
			next := spans[k+1]
			between := d.text[sp.End:next.Start]
			if strings.TrimSpace(between) == "(" && next.End < len(d.text) && d.text[next.End] == ')' && next.ref.key() == sp.ref.key() {
				sp.End = next.End + 1
				k++
			}
		}
		out = append(out, sp)
	}
	return out
}

// inScope checks a hit on a generic state-body name (National Gendarmerie)
// against the country in scope: the demonym in front of it, else the
// sentence's (scopeSentences). Such a name never links to an entity whose
// country is unknown or another.
func (d *drafter) inScope(sp Span, k Known, scope string) bool {
	words := strings.Fields(strings.ToLower(d.text[sp.Start:sp.End]))
	for _, w := range words {
		if !genericWords[w] {
			return true
		}
	}
	before := strings.Fields(d.text[max(0, sp.Start-30):sp.Start])
	if len(before) > 0 {
		last := strings.ToLower(strings.TrimRight(before[len(before)-1], "'’s"))
		if c := demonyms[last]; c != "" {
			scope = c
		} else if c := countries[last]; c != "" {
			scope = c
		}
	}
	return k.Country != "" && scope != "" && fold(k.Country) == fold(scope)
}

// lastHead returns the candidate headed by word that was named last before
// offset at: earlier in sentence i (its names so far), else in the sentences
// of its paragraph before it ("... conducted Operation Lafiya Dole; in 2021 the
// operation was renamed ...").
func (d *drafter) lastHead(i int, sofar []span, at int, word string) *candidate {
	heads := func(sp span) *candidate {
		if r := sp.ref.resolved(); r.cand != nil && r.cand.head == word && sp.End <= at {
			return r.cand
		}
		if sp.ref.cand != nil && sp.ref.cand.root().head == word && sp.End <= at {
			return sp.ref.cand.root()
		}
		return nil
	}
	var best *candidate
	bestAt := -1
	for _, sp := range sofar {
		if c := heads(sp); c != nil && sp.Start > bestAt {
			best, bestAt = c, sp.Start
		}
	}
	if best != nil {
		return best
	}
	for j := i - 1; j >= 0 && d.sents[j].para == d.sents[i].para; j-- {
		for k := len(d.kept[j]) - 1; k >= 0; k-- {
			if c := heads(d.kept[j][k]); c != nil {
				return c
			}
		}
	}
	return nil
}

// onlyHead returns the one candidate headed by word, or nil when none or
// several are.
func (d *drafter) onlyHead(word string) *candidate {
	var found *candidate
	for _, c := range d.byHead[word] {
		c = c.root()
		if c.head == word && c.kind != "" {
			if found != nil && found != c {
				return nil
			}
			found = c
		}
	}
	return found
}

// anaphors adds the spans of "the group", "it" and "its leader X", resolved to
// the entity the paragraph named last where that is unambiguous: the nearest
// earlier sentence of the paragraph that names an entity of a fitting kind
// names exactly one. Otherwise the span is unresolved.
func (d *drafter) anaphors(i int, sent string, all []span) []span {
	s := d.sents[i]
	add := func(m []int, fits func(entities.Kind) bool, what string) {
		sp := Span{s.Start + m[0], s.Start + m[1]}
		for _, o := range all {
			if o.Start < sp.End && sp.Start < o.End && (o.Start < sp.Start || o.End > sp.End) {
				return // it overlaps a name it does not hold
			}
		}
		// Names inside it ("Its leader Abubakar Shekau") give way to it.
		kept := all[:0]
		for _, o := range all {
			if !(o.Start >= sp.Start && o.End <= sp.End) {
				kept = append(kept, o)
			}
		}
		all = kept
		r := d.antecedent(i, fits)
		r.anaphor = sent[m[0]:m[1]]
		if r.known == nil && r.cand == nil {
			r.via = "\"" + r.anaphor + "\" is unresolved: " + r.via
		} else {
			r.via = "\"" + r.anaphor + "\" resolved to the " + what + " the paragraph named last: " + r.via
		}
		all = append(all, span{Span: sp, ref: r})
	}
	isGroup := func(k entities.Kind) bool { return k == entities.KindArmedGroup }
	isActor := func(k entities.Kind) bool {
		return k != entities.KindPlace && k != entities.KindEvent && k != ""
	}
	for _, m := range groupAnaphor.FindAllStringIndex(sent, -1) {
		add(m, isGroup, "group")
	}
	for _, m := range countryAnaphor.FindAllStringIndex(sent, -1) {
		add(m, func(k entities.Kind) bool { return k == entities.KindCountry }, "country")
	}
	isOrgK := func(k entities.Kind) bool { return isActor(k) && k != entities.KindCountry }
	for _, m := range leaderAnaphor.FindAllStringIndex(sent, -1) {
		add(m, isOrgK, "organization") // a leader speaks for a group, not a country
	}
	for _, m := range itAnaphor.FindAllStringIndex(sent, -1) {
		add(m, isActor, "entity")
	}
	for _, m := range pluralAnaphor.FindAllStringIndex(sent, -1) {
		sp := Span{s.Start + m[0], s.Start + m[1]}
		all = append(all, span{Span: sp, ref: ref{anaphor: sent[m[0]:m[1]], via: "\"" + sent[m[0]:m[1]] + "\" names several entities the draft does not pick"}, known: false})
	}
	return all
}

func (d *drafter) antecedent(i int, fits func(entities.Kind) bool) ref {
	para := d.sents[i].para
	for j := i - 1; j >= 0 && d.sents[j].para == para; j-- {
		var found []ref
		seen := map[string]bool{}
		for _, sp := range d.kept[j] {
			r := sp.ref.resolved()
			if (r.known == nil && r.cand == nil) || !fits(r.kind()) || seen[r.key()] {
				continue
			}
			seen[r.key()] = true
			found = append(found, r)
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			found[0].via = "the only one in the sentence before"
			return found[0]
		default:
			// The subject of the sentence before: its first name, when the
			// sentence opens with it (after an opening adverbial at most).
			if first := d.firstName(j); first != nil {
				if r := first.ref.resolved(); fits(r.kind()) && (r.known != nil || r.cand != nil) {
					r.via = "the subject of the sentence before"
					return r
				}
			}
			names := make([]string, len(found))
			for k, f := range found {
				names[k] = refName(f)
			}
			return ref{via: strconv.Itoa(len(found)) + " fit in the sentence before (" + strings.Join(names, ", ") + ")"}
		}
	}
	if t := d.topic(fits); t.known != nil || t.cand != nil {
		return t
	}
	return ref{via: "no entity of that kind earlier in the paragraph"}
}

// firstName returns the name sentence j opens with, if it opens with one:
// at its start, or right after an opening adverbial ("In 2017, X ...").
func (d *drafter) firstName(j int) *span {
	if len(d.kept[j]) == 0 {
		return nil
	}
	sp := &d.kept[j][0]
	before := strings.TrimSpace(d.text[d.sents[j].Start:sp.Start])
	switch {
	case before == "", strings.EqualFold(before, "the"):
	case strings.HasSuffix(before, ",") && !strings.ContainsAny(before[:len(before)-1], ",;"):
	default:
		return nil
	}
	return sp
}

// topic is the entity of a fitting kind the text is about: the one named in
// the most sentences, when that is at least three and no other is named as
// often.
func (d *drafter) topic(fits func(entities.Kind) bool) ref {
	// The entity a title names ("The Islamic State in the Greater Sahara:
	// ...", which sentences() leaves out as a heading), when the text names it
	// again; the longest name the title holds.
	if len(d.sents) > 0 && len(d.out.Paragraphs) > 0 {
		heading := strings.ToLower(d.text[d.out.Paragraphs[0].Start:d.sents[0].Start])
		var best *candidate
		bestLen := 0
		for _, c := range d.cands {
			if c.merged != nil || c.anon || !fits(c.kind) || len(c.sentSeen) < 2 {
				continue
			}
			for _, n := range append([]string{c.name}, c.aliases...) {
				if len(n) > bestLen && strings.Contains(heading, strings.ToLower(n)) {
					best, bestLen = c, len(n)
				}
			}
		}
		if best != nil {
			r := ref{cand: best}.resolved()
			r.via = "the entity the text's title names"
			return r
		}
	}
	// The first entity of a fitting kind that the title or first sentence
	// names, when the text names it again.
	if len(d.kept) > 0 {
		for _, sp := range d.kept[0] {
			if r := sp.ref.resolved(); r.cand != nil && fits(r.kind()) && sp.ref.anaphor == "" && len(r.cand.sentSeen) >= 2 {
				r.via = "the entity the text's first sentence names"
				return r
			}
		}
	}
	var best *candidate
	n, tie := 0, false
	for _, c := range d.cands {
		if c.merged != nil || c.anon || !fits(c.kind) {
			continue
		}
		switch k := len(c.sentSeen); {
		case k > n:
			best, n, tie = c, k, false
		case k == n:
			tie = true
		}
	}
	if best == nil || n < 3 || tie {
		return ref{}
	}
	r := ref{cand: best}.resolved()
	r.via = "the entity the text names most often"
	return r
}

func refName(r ref) string {
	r = r.resolved()
	switch {
	case r.known != nil:
		return r.known.ID
	case r.cand != nil:
		return r.cand.name
	}
	return r.anaphor
}

// masked is a sentence with each span replaced by \uE000<index>\uE001, so
// that rules are regular expressions over names.
type masked struct {
	s      string
	origAt []int // original text offset of each byte of s, and of len(s)
}

const markOpen, markClose = "\uE000", "\uE001"

func mask(text string, s Span, spans []span) masked {
	var b strings.Builder
	var at []int
	pos := s.Start
	emit := func(str string, orig func(k int) int) {
		for k := 0; k < len(str); k++ {
			at = append(at, orig(k))
		}
		b.WriteString(asciiSpaces(str))
	}
	for k, sp := range spans {
		emit(text[pos:sp.Start], func(j int) int { return pos + j })
		start, end := sp.Start, sp.End
		mark := markOpen + strconv.Itoa(k) + markClose
		emit(mark, func(j int) int {
			if j == 0 {
				return start
			}
			return end
		})
		pos = sp.End
	}
	emit(text[pos:s.End], func(j int) int { return pos + j })
	at = append(at, s.End)
	return masked{s: b.String(), origAt: at}
}

// asciiSpaces writes each byte of a non-ASCII space (no-break, narrow
// no-break) as a space, so that the rules' \s sees it and offsets stay.
func asciiSpaces(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		n := utf8.RuneLen(r)
		if r > unicode.MaxASCII && (unicode.IsSpace(r) || r == '\u202f') {
			b.WriteString(strings.Repeat(" ", n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > unicode.MaxASCII {
			return false
		}
	}
	return true
}

var markRE = regexp.MustCompile(markOpen + `(\d+)` + markClose)

// spansIn returns the indices of the spans marked in m.s[a:b].
func spansIn(m masked, a, b int) []int {
	if a < 0 {
		return nil
	}
	var out []int
	for _, g := range markRE.FindAllStringSubmatch(m.s[a:b], -1) {
		k, _ := strconv.Atoi(g[1])
		out = append(out, k)
	}
	return out
}

package draft

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphapi/graphapi/internal/entities"
)

// rawName is a name found in one sentence, before the names of the whole text
// are gathered into candidates.
type rawName struct {
	Span
	name    string
	kind    entities.Kind
	country string // for a state body or a country: the country
	acr     string // "(ACR)" right after the name
	acrSpan Span
	aliases []string
	reason  string
	score   float64
	generic bool       // a generic state-body name: scoped by country
	inner   []innerRel // relations the name itself states (the Sahara Branch of AQIM)
	initial bool       // the sentence's first word, alone: a name only if known elsewhere
	refOnly bool       // names a candidate found elsewhere, or nothing; never a candidate itself
}

// innerRel is a relation a name states about a name inside it.
type innerRel struct {
	typ     entities.RelType
	to      Span // the inner name
	reason  string
	reverse bool // the inner name is the relationship's start
}

var placePrepositions = map[string]bool{"in": true, "at": true, "near": true, "from": true, "to": true, "into": true, "outside": true, "toward": true, "towards": true, "around": true, "across": true}

// findNames returns the names of one sentence: capitalized runs (with their
// connectors), definitions "Long Form (ACR)", demonym phrases ("Malian armed
// forces"), countries and places. Kinds come from the head word.
func findNames(text string, s sentence, toks []token, scope string, lower map[string]bool) []rawName {
	var out []rawName
	for i := 0; i < len(toks); {
		t := toks[i]
		if d, ok := demonymPhrase(text, toks, i); ok {
			out = append(out, d.rawName)
			i = d.endTok
			continue
		}
		if !t.cap || (stopwords[t.lower] && !t.acronym) || isMonthDay(toks, i) {
			i++
			continue
		}
		j := extendToDefinition(text, toks, runEnd(text, toks, i), s.End)
		run := toks[i:j]
		// An acronym followed by words that name no kind (the MINUSMA Supercamp): the
		// acronym alone.
		if run[0].acronym && len(run) > 1 && headKind(run) == "" && countries[fold(spanText(text, run))] == "" && !hasConnector(run) && !strings.ContainsAny(run[0].text, "-0123456789") && countries[fold(spanText(text, run[1:]))] == "" {
			j = i + 1
			run = toks[i:j]
		}
		// A demonym in front of a name that names no kind of its own (French Barkhane):
		// the name without it.
		if len(run) > 1 && demonyms[run[0].lower] != "" && headKind(run[1:]) == "" && countries[fold(spanText(text, run))] == "" {
			i++
			continue
		}
		if j == i+1 && !t.acronym && (lower[t.lower] || demonyms[t.lower] != "" || languages[t.lower]) && countries[fold(t.text)] == "" {
			i++ // one word the text also writes in lower case: a common word (the East, the Gendarmerie)
			continue
		}
		names := nameFromRun(text, s, toks, i, j, scope)
		out = append(out, names...)
		if len(names) > 0 {
			if f, k, ok := fundedFacility(text, toks, i, j, names[0]); ok {
				out = append(out, f)
				j = k
			}
		}
		i = j
	}
	return append(out, strayDefinitions(text, s, toks, out, scope)...)
}

// strayDefinitions finds the definitions whose long form does not start with
// a capital (l'État islamique dans le Grand Sahara (EIGS)); the names found
// inside such a long form give way to it.
func strayDefinitions(text string, s sentence, toks []token, found []rawName, scope string) []rawName {
	var out []rawName
	for k := range toks {
		t := toks[k]
		if !t.acronym || t.Start == s.Start || text[t.Start-1] != '(' || t.End >= s.End || text[t.End] != ')' {
			continue
		}
		defined := false
		for _, n := range found {
			if n.acr != "" && n.acrSpan.Start == t.Start {
				defined = true
			}
		}
		if defined || k == 0 {
			continue
		}
		first := max(0, k-2*len([]rune(t.text)))
		before := text[toks[first].Start:toks[k-1].End]
		start := longFormStart(before, t.text)
		if start < 0 {
			continue
		}
		sp := Span{toks[first].Start + start, toks[k-1].End}
		out = append(out, definition(text, sp, t.text, t.Span, scope))
	}
	return out
}

func hasConnector(run []token) bool {
	for _, t := range run {
		if !t.cap && !t.acronym {
			return true
		}
	}
	return false
}

func isMonthDay(toks []token, i int) bool {
	if _, ok := monthNumbers[toks[i].lower]; !ok {
		return false
	}
	return (i+1 < len(toks) && isDigits(toks[i+1].text)) || (i > 0 && isDigits(toks[i-1].text))
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func spanText(text string, run []token) string { return text[run[0].Start:run[len(run)-1].End] }

func fold(s string) string { return entities.FoldName(s) }

// runEnd returns the end of the capitalized run that starts at toks[i]: more
// capitalized words, joined by spaces only, or by connectors (of, de, al, and
// after an "of", in after Mission or State) before another capitalized word.
func runEnd(text string, toks []token, i int) int {
	j := i + 1
	hasOf := false
	for j < len(toks) {
		if toks[j-1].poss || !wordGap(text, toks[j-1].End, toks[j].Start) {
			break
		}
		if toks[j].cap && !(stopwords[toks[j].lower] && !startOnly[toks[j].lower]) || toks[j].acronym {
			if _, month := monthNumbers[toks[j].lower]; month {
				break
			}
			j++
			continue
		}
		k := j
		for k < len(toks) && nameConnectors[toks[k].lower] && !toks[k].cap && wordGap(text, toks[k-1].End, toks[k].Start) {
			if !connectorAllowed(text, toks, i, k, hasOf) {
				break
			}
			k++
		}
		if k == j || k >= len(toks) || !toks[k].cap || (stopwords[toks[k].lower] && !startOnly[toks[k].lower]) || !wordGap(text, toks[k-1].End, toks[k].Start) {
			break
		}
		for _, c := range toks[j:k] {
			if c.lower == "of" || c.lower == "for" || c.lower == "against" || c.lower == "de" {
				hasOf = true
			}
		}
		j = k + 1
	}
	return j
}

// extendToDefinition carries a run over "in", "on" or "and" when what follows
// ends in "(ACR)": "Inter-Governmental Action Group against Money Laundering in
// West Africa (GIABA)".
func extendToDefinition(text string, toks []token, j, limit int) int {
	if j >= len(toks) || j == 0 {
		return j
	}
	if _, _, ok := acronymAfter(text, toks[j-1].End, limit); ok {
		return j
	}
	switch toks[j].lower {
	case "in", "on", "and", "for":
	default:
		return j
	}
	k := j + 1
	if k < len(toks) && toks[k].lower == "the" {
		k++
	}
	if k >= len(toks) || !toks[k].cap {
		return j
	}
	end := runEnd(text, toks, k)
	if _, _, ok := acronymAfter(text, toks[end-1].End, limit); ok && end-j <= 6 {
		return end
	}
	return j
}

func connectorAllowed(text string, toks []token, start, k int, hasOf bool) bool {
	prev := toks[k-1].lower
	switch toks[k].lower {
	case "and":
		if hasOf || prev == "of" {
			return true
		}
		// "International Counterterrorism and Countering ... Clearinghouse Mechanism":
		// one name when only the part after "and" has a head.
		if k+1 < len(toks) && toks[k+1].cap {
			after := toks[k+1 : runEnd(text, toks, k+1)]
			return headKind(after) != "" && headKind(toks[start:k]) == ""
		}
		return false
	case "the":
		return prev == "of" || prev == "in" || prev == "for" || prev == "against"
	case "in", "dans":
		return prev == "mission" || prev == "state" || prev == "isis" || prev == "isil" || strings.Contains(prev, "qa'ida") || strings.Contains(prev, "qa’ida") || strings.Contains(prev, "qaeda") || strings.Contains(prev, "qaida") || prev == "islamique"
	}
	return true
}

// wordGap reports whether text[a:b], between two words, keeps them in one
// phrase: spaces only, or a line break that wraps a long line ("Jama'at
// Nasr\nal-Islam"). A short line ends where it does on purpose (a heading, an
// item of a list), so its break parts the words.
func wordGap(text string, a, b int) bool {
	gap := text[a:b]
	nl := strings.IndexByte(gap, '\n')
	if nl < 0 || !onlySpaces(gap[:nl]) || !onlySpaces(strings.TrimRight(gap[nl+1:], "\t")) || strings.Contains(gap[:nl], "\r") {
		return onlySpaces(gap)
	}
	lineStart := strings.LastIndexByte(text[:a], '\n') + 1
	return utf8.RuneCountInString(strings.TrimSpace(text[lineStart:a])) >= wrappedLine
}

// wrappedLine is the length from which a line is taken to have been wrapped:
// shorter than the lines of any report's paragraphs, longer than headings
// and list items.
const wrappedLine = 30

// nameText is a name as an entity takes it from the text: a word broken at
// a line end joined again ("Ma-\nghreb"), each run of white space one space.
func nameText(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		if s[i] == '-' {
			if k := entities.LineEndHyphen(s, i+1); k > 0 {
				i = k
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func onlySpaces(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\u00a0' && r != '\u202f' {
			return false
		}
	}
	return true
}

// headKind returns the kind the run's head word names, or "".
func headKind(run []token) entities.Kind {
	if len(run) == 0 {
		return ""
	}
	if run[0].lower == "operation" && len(run) > 1 {
		return entities.KindOperation
	}
	head := run[len(run)-1]
	for k, t := range run {
		if k > 0 && (t.lower == "of" || t.lower == "for" || t.lower == "against" || t.lower == "de" || t.lower == "in") {
			head = run[k-1]
			break
		}
	}
	kind := headKinds[head.lower]
	if kind == "" && frenchHeads[run[0].lower] && len(run) > 1 {
		head = run[0] // French names lead with the head: Gendarmerie Nationale, Groupement ...
		kind = headKinds[head.lower]
	}
	switch {
	case head.lower == "province" || head.lower == "state":
		if hasJihadistWord(run) {
			return entities.KindArmedGroup
		}
		if head.lower == "state" {
			return ""
		}
	case head.lower == "group" || head.lower == "force":
		for _, t := range run {
			switch t.lower {
			case "action", "financial", "money", "laundering", "contact", "working", "task", "egmont", "coordination", "joint", "multinational":
				return entities.KindInternational
			}
		}
	case head.lower == "council" || head.lower == "association":
		if !hasJihadistWord(run) {
			return entities.KindInternational
		}
	}
	return kind
}

func hasJihadistWord(run []token) bool {
	for _, t := range run {
		if jihadistWords[t.lower] || jihadistWords[strings.TrimPrefix(t.lower, "al-")] {
			return true
		}
	}
	return false
}

// nameFromRun turns the run toks[i:j] into names: the run itself, and where
// "(ACR)" follows it, the definition, whose long form may be only the end of
// the run ("the Sahara Branch of" + "al-Qa'ida in the Islamic Maghreb (AQIM)").
func nameFromRun(text string, s sentence, toks []token, i, j int, scope string) []rawName {
	run := toks[i:j]
	n := rawName{Span: Span{run[0].Start, run[len(run)-1].End}}
	n.name = text[n.Start:n.End]
	n.initial = i == 0 && len(run) == 1 && !run[0].acronym
	n.score = 0.6
	n.reason = "capitalized name"
	// "(ACR)" right after the run.
	acr, acrSpan, defined := acronymAfter(text, n.End, s.End)
	var out []rawName
	if defined {
		start := longFormStart(n.name, acr)
		if start < 0 {
			// A long form that begins in lower case before the run: "l'État
			// islamique dans le Grand Sahara (EIGS)".
			first := max(0, i-2*len([]rune(acr)))
			if wide := longFormStart(text[toks[first].Start:n.End], acr); wide >= 0 && toks[first].Start+wide < n.Start {
				def := definition(text, Span{toks[first].Start + wide, n.End}, acr, acrSpan, scope)
				return []rawName{def}
			}
			// The acronym of another language's name (PJS for the Special Judicial
			// Unit): the run is the long form.
			start = 0
		}
		if start > 0 && strings.HasSuffix(strings.TrimSpace(n.name[:start]), " of") {
			inner := Span{n.Start + start, n.End}
			n.inner = append(n.inner, innerRel{entities.BranchOf, inner, "a name of the form \"X Branch of Y\"", false})
			def := definition(text, inner, acr, acrSpan, scope)
			out = append(out, def)
			n = classify(text, n, run, scope)
			if n.kind == "" || n.kind == entities.KindPlace {
				n.kind = entities.KindArmedGroup
			}
			n.reason = "a branch or wing named after its parent"
			n.score = 0.8
			return append([]rawName{n}, out...)
		}
		def := definition(text, Span{n.Start + start, n.End}, acr, acrSpan, scope)
		return []rawName{def}
	}
	n = classify(text, n, run, scope)
	if n.kind == entities.KindCountry {
		n.initial = false // a country's name is a name wherever it stands
	}
	if n.generic && i > 0 && toks[i-1].poss {
		if c := countries[fold(toks[i-1].text)]; c != "" {
			n.country = c // "Niger's National Police"
		}
	}
	if n.kind == entities.KindStateBody && len(run) == 1 && !entities.IsGenericStateBody(n.name) && bareHeads[run[0].lower] {
		// "the Ministry" alone names no body: it may only refer to one the text names in full.
		n.refOnly = true
	}
	if n.kind == "" {
		if place, ok := placeContext(text, toks, i, j); ok && !run[0].acronym && !personCue(text, toks, i, j) {
			n.kind = entities.KindPlace
			n.reason = place
			n.score = 0.55
		} else if why, ok := personContext(text, toks, i, j); ok {
			n.kind, n.reason, n.score = entities.KindPerson, why, 0.55
		} else if personCue(text, toks, i, j) {
			n.kind, n.reason, n.score = entities.KindPerson, "a person's name by its words or the apposition after it", 0.5
		} else if run[0].acronym && !technicalAcronyms[strings.ToUpper(strings.ReplaceAll(run[0].text, ".", ""))] {
			n.kind = entities.KindInternational
			n.reason = "an acronym the text does not define"
			n.score = 0.5
		} else {
			return nil // a person's name, or a capitalized word of no known kind
		}
	}
	// A place name followed by "region" or "province" in lower case.
	if n.kind == entities.KindPlace && j < len(toks) && placeSuffixes[toks[j].lower] && wordGap(text, toks[j-1].End, toks[j].Start) {
		n.End = toks[j].End
		n.name = text[n.Start:n.End]
	} else if len(run) == 1 && compass[run[0].lower] {
		return nil // "the East" alone is a direction, not a name
	}
	return []rawName{n}
}

// bareHeads are the words that head the names of state bodies but, alone,
// name none: every state has many ministries, directorates and offices.
var bareHeads = map[string]bool{"ministry": true, "department": true, "directorate": true, "office": true,
	"agency": true, "commission": true, "committee": true, "council": true, "unit": true, "service": true,
	"authority": true, "bureau": true, "division": true, "cell": true, "center": true, "centre": true}

// facilityNouns end a described facility or programme: "a Department of
// State-funded training academy".
var facilityNouns = map[string]entities.Kind{
	"academy": entities.KindInitiative, "school": entities.KindInitiative, "center": entities.KindInitiative,
	"centre": entities.KindInitiative, "program": entities.KindInitiative, "programme": entities.KindInitiative,
	"project": entities.KindInitiative, "facility": entities.KindInitiative, "course": entities.KindInitiative,
}

// fundedFacility finds "<Name>-funded <lower-case words> <facility noun>": a
// facility or programme the text describes by who pays for it. It is a name of
// its own (as written), and the payer FUNDS it.
func fundedFacility(text string, toks []token, i, j int, payer rawName) (rawName, int, bool) {
	if j >= len(toks) {
		return rawName{}, 0, false
	}
	switch toks[j].lower {
	case "-funded", "-financed", "-sponsored", "-built", "-backed":
	default:
		return rawName{}, 0, false
	}
	for k := j + 1; k < len(toks) && k <= j+4; k++ {
		if !isLowerWord(toks[k].text) {
			break
		}
		if kind, ok := facilityNouns[toks[k].lower]; ok {
			sp := Span{toks[i].Start, toks[k].End}
			n := rawName{Span: sp, name: text[sp.Start:sp.End], kind: kind, score: 0.6,
				reason: "a facility or programme described by who pays for it"}
			n.inner = append(n.inner, innerRel{entities.Funds, payer.Span, "\"" + payer.name + toks[j].text + "\"", true})
			return n, k + 1, true
		}
	}
	return rawName{}, 0, false
}

// acronymAfter finds "(ACR)" right after offset end.
func acronymAfter(text string, end, limit int) (string, Span, bool) {
	k := end
	for k < limit && spaceAt(text, k) > 0 {
		k += spaceAt(text, k)
	}
	if k >= limit || text[k] != '(' {
		return "", Span{}, false
	}
	close := strings.IndexByte(text[k:limit], ')')
	if close < 0 {
		return "", Span{}, false
	}
	acr := text[k+1 : k+close]
	if !isAcronymText(acr) {
		// "(EUCAP Sahel Niger)": an acronym and a few names after it.
		words := strings.Fields(acr)
		if len(words) < 2 || len(words) > 4 || !isAcronymText(words[0]) {
			return "", Span{}, false
		}
		for _, w := range words[1:] {
			if r := []rune(w); !unicode.IsUpper(r[0]) {
				return "", Span{}, false
			}
		}
	}
	return acr, Span{k + 1, k + close}, true
}

func definition(text string, sp Span, acr string, acrSpan Span, scope string) rawName {
	n := rawName{Span: sp, name: text[sp.Start:sp.End], acr: acr, acrSpan: acrSpan}
	toks := tokenize(text, sp)
	n = classify(text, n, toks, scope)
	if n.kind == "" {
		n.kind = entities.KindInternational
		if hasJihadistWord(toks) {
			n.kind = entities.KindArmedGroup
		}
	}
	n.reason = "defined as \"" + n.name + " (" + acr + ")\""
	n.score = 0.9
	return n
}

// classify sets the kind, country and generic flag of a name from its words.
func classify(text string, n rawName, run []token, scope string) rawName {
	folded := fold(n.name)
	if c := countries[folded]; c != "" {
		n.kind, n.country, n.score, n.reason = entities.KindCountry, c, 0.9, "the name of a country"
		n.name = c
		return n
	}
	if strings.HasPrefix(folded, "government of ") {
		if c := countries[strings.TrimPrefix(folded, "government of ")]; c != "" {
			n.kind, n.country, n.score, n.reason = entities.KindCountry, c, 0.85, "the government of a country stands for the country"
			n.name = c
			return n
		}
	}
	n.kind = headKind(run)
	if n.kind == "" && len(run) == 2 && placePrefixes[run[0].lower] {
		n.kind, n.reason, n.score = entities.KindPlace, "a name that \""+run[0].text+"\" begins", 0.8
	}
	if n.kind == "" && hasJihadistWord(run) {
		n.kind = entities.KindArmedGroup
		n.reason = "a name in the words armed groups take (Ansar, Jama'at, Islamic ...)"
		n.score = 0.6
	}
	if n.kind != "" && n.reason == "capitalized name" {
		n.reason = "a name headed by a kind word"
		n.score = 0.75
	}
	if len(run) > 1 && demonyms[run[0].lower] != "" {
		n.country = demonyms[run[0].lower]
	}
	if n.kind == entities.KindStateBody {
		generic := true
		for _, t := range run {
			if !genericWords[t.lower] {
				generic = false
			}
		}
		if n.country != "" && generic {
			// "Burkinabe National Gendarmerie": the name without the demonym, scoped.
			n.aliases = append(n.aliases, n.name)
			n.name = strings.TrimSpace(n.name[len(run[0].text):])
		}
		if generic || n.country != "" {
			n.generic = generic
			if n.country == "" {
				n.country = scope
			}
		}
		for _, t := range run[1:] {
			if c := countries[t.lower]; c != "" && n.country == "" {
				n.country = c
			}
		}
	}
	return n
}

// personWords stand before a person's name: "founded by X", "his brother X".
var personWords = map[string]bool{"by": true, "leader": true, "founder": true, "brother": true, "emir": true,
	"commander": true, "chief": true, "preacher": true, "cleric": true, "spokesman": true, "son": true}

// personContext says whether a name of several words that names no kind
// stands where a person's does: after "by", "leader" and the like, or before
// ", who".
func personContext(text string, toks []token, i, j int) (string, bool) {
	if j-i < 2 {
		return "", false
	}
	if i > 0 && personWords[toks[i-1].lower] && wordGap(text, toks[i-1].End, toks[i].Start) {
		return "a name after \"" + toks[i-1].text + "\"", true
	}
	if rest := strings.TrimLeft(text[toks[j-1].End:], " "); strings.HasPrefix(rest, ", who ") {
		return "a name before \", who\"", true
	}
	return "", false
}

// placeContext says whether the run stands where a place does: after "in",
// "near" and the like, or in a list after one.
func placeContext(text string, toks []token, i, j int) (string, bool) {
	k := i - 1
	for k >= 0 {
		between := text[toks[k].End:toks[k+1].Start]
		gap := wordGap(text, toks[k].End, toks[k+1].Start)
		if placePrepositions[toks[k].lower] && gap {
			return "a name after \"" + toks[k].text + "\"", true
		}
		if toks[k].lower == "the" && gap {
			k--
			continue
		}
		// Back over one list item: "in Ouagadougou, Bamako, and Abidjan".
		if strings.TrimSpace(between) == "," || toks[k].lower == "and" {
			if toks[k].lower == "and" {
				k--
			}
			if k >= 0 && toks[k].cap {
				for k >= 0 && toks[k].cap {
					k--
				}
				continue
			}
		}
		break
	}
	return "", false
}

// demonymPhrase finds "Malian armed forces", "French forces", "Malian
// government": a demonym, modifiers and a force noun in lower case.
func demonymPhrase(text string, toks []token, i int) (rawNameEnd, bool) {
	country := demonyms[toks[i].lower]
	if country == "" || !toks[i].cap {
		return rawNameEnd{}, false
	}
	// "Malian and international military forces": the Malian forces, among others.
	start, shared := i+1, false
	if start+1 < len(toks) && toks[start].lower == "and" && (toks[start+1].lower == "international" || toks[start+1].lower == "foreign" || demonyms[toks[start+1].lower] != "") {
		start, shared = start+2, true
	}
	k := -1
	for m := start; m < len(toks) && !toks[m].cap && (forceModifiers[toks[m].lower] || forceNouns[toks[m].lower]); m++ {
		if forceNouns[toks[m].lower] {
			k = m
		}
		if toks[m].poss {
			break
		}
	}
	if k < 0 {
		return rawNameEnd{}, false
	}
	for m := i + 1; m <= k; m++ {
		if !wordGap(text, toks[m-1].End, toks[m].Start) {
			return rawNameEnd{}, false
		}
	}
	sp := Span{toks[i].Start, toks[k].End}
	n := rawName{Span: sp, name: text[sp.Start:sp.End], country: country, kind: entities.KindStateBody, score: 0.7,
		reason: "a demonym and a force noun: a state's forces"}
	if toks[k].lower == "government" || toks[k].lower == "authorities" {
		n.kind, n.name, n.reason, n.score = entities.KindCountry, country, "a country's government stands for the country", 0.8
	}
	if shared {
		// Only a name the text gives elsewhere ("Malian forces") is meant; the
		// phrase makes no candidate of its own.
		n.name = toks[i].text + " " + toks[k].text
		n.refOnly = true
		n.reason = "\"" + text[sp.Start:sp.End] + "\" includes " + n.name
	}
	return rawNameEnd{n, k + 1}, true
}

type rawNameEnd struct {
	rawName
	endTok int
}

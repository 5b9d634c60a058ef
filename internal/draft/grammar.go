package draft

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphapi/graphapi/internal/entities"
)

// The frame engine. A sentence is read as a list of tokens over its masked
// text (names, words, marks); each frame of frames.go is compiled into
// patterns of elements; a pattern matches from a token on, its subject slot
// found by walking left over what reports put between a subject and its verb
// (auxiliaries and adverbs, an apposition, a relative pronoun, a coordinated
// verb, an opening adverbial), its other slots reading lists of names.

// gtok is one token of a masked sentence.
type gtok struct {
	a, b int    // byte offsets into masked.s
	ent  int    // the span's index, or -1
	w    string // the lower-case word or the mark
}

func (t gtok) isEnt() bool { return t.ent >= 0 }

// gtokenize splits a masked sentence into tokens.
func gtokenize(s string) []gtok {
	var out []gtok
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], markOpen) {
			j := i + len(markOpen)
			k := strings.Index(s[j:], markClose)
			n, _ := strconv.Atoi(s[j : j+k])
			end := j + k + len(markClose)
			out = append(out, gtok{a: i, b: end, ent: n})
			i = end
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += n2
					continue
				}
				if (r2 == '-' || isApos(r2)) && j+n2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+n2:])
					if (unicode.IsLetter(r3) || unicode.IsDigit(r3)) && !(isApos(r2) && s[j+n2] == 's' && (j+n2+1 == len(s) || !isWordByte(s[j+n2+1]))) {
						j += n2
						continue
					}
				}
				break
			}
			out = append(out, gtok{a: i, b: j, ent: -1, w: strings.ToLower(s[i:j])})
			i = j
		case isApos(r) && i+n < len(s) && s[i+n] == 's' && (i+n+1 == len(s) || !isWordByte(s[i+n+1])):
			out = append(out, gtok{a: i, b: i + n + 1, ent: -1, w: "'s"})
			i += n + 1
		default:
			w := string(r)
			if r == '—' || r == '–' {
				w = "–"
			}
			out = append(out, gtok{a: i, b: i + n, ent: -1, w: w})
			i += n
		}
	}
	return out
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// Pattern elements.
type pelKind int

const (
	pSubj  pelKind = iota // <F, <T: the subject, found leftwards
	pSlot                 // F, T: a list of names
	pOne                  // F1, T1: one name (an apposition's head)
	pWord                 // a|b|c (optional with ?)
	pFill                 // ~N: up to N words
	pAux                  // AUX: auxiliaries and adverbs
	pCop                  // COP: a copula ("is", "became", "was treated as")
	pPoss                 // POSS-T: "Y's" or "its"/"their" (the owner)
	pNot                  // !a|b: the next token is none of these
	pGap                  // ...: up to 14 tokens of the clause
	pStart                // ^: the sentence's first token
	pNext                 // &a|b|$: the next token is one of these, or the end
)

type pel struct {
	kind   pelKind
	role   byte // 'F' or 'T'
	words  map[string]bool
	except map[string]bool
	opt    bool
	n      int
}

type pattern struct {
	nominal  bool // "=": a form with no verb of the sentence's (an apposition)
	els      []pel
	required []string // words the sentence must hold
	text     string
}

func compilePattern(src string) pattern {
	p := pattern{text: src}
	for _, f := range strings.Fields(src) {
		var e pel
		switch {
		case f == "=":
			p.nominal = true
			continue
		case f == "<F" || f == "<T":
			e = pel{kind: pSubj, role: f[1]}
		case f == "F" || f == "T" || f == "X":
			e = pel{kind: pSlot, role: f[0]}
		case f == "^":
			e = pel{kind: pStart}
		case strings.HasPrefix(f, "&"):
			e = pel{kind: pNext, words: wordSet(f[1:])}
		case f == "F1" || f == "T1":
			e = pel{kind: pOne, role: f[0]}
		case f == "POSS-F" || f == "POSS-T":
			e = pel{kind: pPoss, role: f[5]}
		case f == "AUX":
			e = pel{kind: pAux}
		case f == "COP":
			e = pel{kind: pCop}
		case f == "...":
			e = pel{kind: pGap, n: 24}
		case strings.HasPrefix(f, "~"):
			num, class, _ := strings.Cut(f[1:], "/")
			n, err := strconv.Atoi(num)
			if err != nil {
				panic("frame pattern " + src + ": " + f)
			}
			e = pel{kind: pFill, n: n}
			if strings.HasPrefix(class, "-") {
				e.except = wordSet(class[1:])
			} else if class != "" {
				e.words = wordSet(class)
			}
		case strings.HasPrefix(f, "!"):
			e = pel{kind: pNot, words: wordSet(f[1:])}
		default:
			e = pel{kind: pWord}
			if strings.HasSuffix(f, "?") && len(f) > 1 {
				e.opt = true
				f = f[:len(f)-1]
			}
			e.words = wordSet(f)
			if !e.opt {
				alts := strings.Split(f, "|")
				if len(alts) == 1 && alts[0] != "," && alts[0] != "–" && alts[0] != "'s" && alts[0] != "(" && alts[0] != ")" {
					p.required = append(p.required, alts[0])
				}
			}
		}
		p.els = append(p.els, e)
	}
	return p
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(s, "|") {
		m[w] = true
	}
	return m
}

// Word classes of the engine.
var (
	auxWords = wordSet("has|have|had|is|are|was|were|be|been|being|will|would|may|might|can|could|shall|should|must|also|still|now|then|later|subsequently|eventually|reportedly|allegedly|apparently|reported|likely|probably|possibly|first|again|further|formally|officially|publicly|openly|initially|originally|soon|quickly|gradually|effectively|ultimately|jointly|itself|themselves|continued|continues|continue|began|begun|begins|went|go|goes|on|to|did|does|do|already|once|recently|in|fact|widely|thought|believed|said|says|appears|appeared|seems|seemed|known|both|all|each|remain|remains|remained|have")
	copWords = wordSet("is|are|was|were|be|been|being|has|have|had|became|become|becomes|remains|remained|remain|stays|stayed|will|would|may|might|also|still|now|then|later|reportedly|allegedly|likely|probably|itself|effectively|formally|officially|widely|long|since|once")
	copAs    = wordSet("treated|regarded|considered|seen|described|designated|listed|known|viewed|recognized|recognised|identified|characterized|counted|acting|act|acts|acted|serves|served|serve|serving|functions|functioned|operates|operated|emerged|established|established")
	negWords = wordSet("not|never|no|neither|nor|n't|denied|denies|deny|refused|refuses|refuse|ceased")
	detWords = wordSet("the|a|an|both|its|their|his|her|all|several|various")
	joinStop = wordSet("which|who|whom|that|whose")
	preps    = wordSet("from|to|with|of|by|in|on|at|into|against|under|for|between|among|toward|towards|within|without|via|than|like|about|including|over|across|through|during|after|before|since|until|amid|following|despite|near|around|along|beyond|inside|outside|throughout|alongside|per")
)

func isLyWord(w string) bool { return len(w) > 4 && strings.HasSuffix(w, "ly") }

// gsent is one sentence being read by the engine.
type gsent struct {
	c    *relContext
	toks []gtok
	have map[string]bool // the words of the sentence
}

// match is one match of a pattern.
type gmatch struct {
	froms, tos []int // span indices
	start, end int   // token range of the match (subject included)
	trigger    []string
	pat        string
	prep       string   // the word before the first object ("with")
	trigAt     int      // the token of the first trigger word, or -1
	marks      []string // the marks the pattern matched, the trigger of a form without words ("Y's X")
	nominal    bool
}

var debugFrames = false

func (g *gsent) word(i int) string {
	if i < 0 || i >= len(g.toks) || g.toks[i].isEnt() {
		return ""
	}
	return g.toks[i].w
}

func (g *gsent) ent(i int) bool { return i >= 0 && i < len(g.toks) && g.toks[i].isEnt() }

// a modifier name: "a FATF-style body", "JNIM-affiliated".
func (g *gsent) modifier(i int) bool {
	if !g.ent(i) {
		return false
	}
	s := g.c.masked.s
	return g.toks[i].b < len(s) && s[g.toks[i].b] == '-'
}

// skipAcronym skips "( NAME )" or "( acronym words )" after a name at i-1.
func (g *gsent) skipBracket(i int) int {
	if g.word(i) != "(" {
		return i
	}
	// Only an acronym or another name of the name: "(AQIM)", "(ISGS, or EIGS)";
	// "(formerly ISGS)" says something of its own.
	for k := i + 1; k < len(g.toks) && k < i+8; k++ {
		w := g.word(k)
		if w == ")" {
			return k + 1
		}
		if !g.ent(k) && w != "," && w != "or" {
			return i
		}
	}
	return i
}

// listRight reads a list of names from token i: DET? NAME ((, | and | or | as
// well as) DET? [repeated head PREP] NAME)*. prep is the word before the first
// name in the pattern ("of" in "a member of X and a member of Y"): after a
// conjunction, up to five words ending in it may repeat the head. It returns
// the names and the token after the list.
func (g *gsent) listRight(i int, prep string, last bool) ([]int, int) {
	k := i
	for detWords[g.word(k)] {
		k++
	}
	if w := g.word(k); (w == "," || w == "and" || w == "or") && k == i {
		// "to track, monitor, and counter ISGS": the verbs share the object.
		for q := k; q < len(g.toks) && q < k+7; q++ {
			if g.ent(q) || detWords[g.word(q)] {
				if q > k && !preps[g.word(q-1)] {
					k = q
				}
				break
			}
			if w := g.word(q); !(w == "," || w == "and" || w == "or" || isLowerWord(w) && !preps[w] && !joinStop[w]) {
				break
			}
		}
		for detWords[g.word(k)] {
			k++
		}
	}
	if !g.ent(k) {
		// "counter the financial networks of AQAP": the group is the object.
		for q := k; q < len(g.toks) && q < k+4; q++ {
			if g.word(q) == "of" && q > k && partNouns[g.word(q-1)] && g.ent(q+1) {
				k = q + 1
				break
			}
			if !isLowerWord(g.word(q)) || preps[g.word(q)] {
				break
			}
		}
	}
	if g.word(k) == "it" && k == i {
		if n, ok := g.pronoun(k); ok {
			return []int{n}, k + 1
		}
	}
	if !g.ent(k) || g.modifier(k) {
		// "the preacher Mohammed Yusuf": a title between the article and the name.
		if k > i && k+2 < len(g.toks) && isLowerWord(g.word(k)) && !preps[g.word(k)] && g.ent(k+1) {
			k++
		} else if k > i && k+2 < len(g.toks) && isLowerWord(g.word(k)) && isLowerWord(g.word(k+1)) && !preps[g.word(k)] && !preps[g.word(k+1)] && g.ent(k+2) {
			k += 2
		} else {
			return nil, i
		}
	}
	k = g.possessed(g.branchOf(k))
	items := []int{g.toks[k].ent}
	end := g.skipBracket(k + 1)
	lastAnd := 0 // items up to here are closed by a conjunction
	sawAnd := false
	for {
		j := end
		conj := false
		switch {
		case g.word(j) == "," && (g.word(j+1) == "and" || g.word(j+1) == "or"):
			j, conj = j+2, true
		case g.word(j) == "," && g.word(j+1) == "as" && g.word(j+2) == "well" && g.word(j+3) == "as":
			j, conj = j+4, true
		case g.word(j) == "as" && g.word(j+1) == "well" && g.word(j+2) == "as":
			j, conj = j+3, true
		case g.word(j) == "and" || g.word(j) == "or" || g.word(j) == "&":
			j, conj = j+1, true
		case g.word(j) == ",":
			j++
		default:
			j = -1
		}
		if j < 0 {
			break
		}
		for detWords[g.word(j)] || dirSet[g.word(j)] && g.word(j) != "and" {
			j++
		}
		if !g.ent(j) && g.word(j) != "" && g.ent(g.branchOf(j)) {
			j = g.branchOf(j) // "and the Sahara branch of AQIM"
		}
		if !g.ent(j) && conj && prep != "" {
			// "a member of X and a member of Y"
			for m := j; m < len(g.toks) && m < j+6; m++ {
				if g.ent(m) || g.word(m) == "," || g.word(m) == ";" {
					break
				}
				if g.word(m) == prep && g.ent(m+1) {
					j = m + 1
					break
				}
			}
		}
		if !g.ent(j) || g.modifier(j) {
			break
		}
		j = g.possessed(g.branchOf(j))
		// A name that opens a clause of its own ("..., and the Police, which reports";
		// "..., and the United States supports").
		after := g.skipBracket(j + 1)
		if last && g.word(end) == "," && g.word(end+1) == "and" && g.opensClause(j) {
			break
		}
		if g.word(after) == "," && joinStop[g.word(after+1)] && len(items) > 0 && conj {
			break
		}
		items = append(items, g.toks[j].ent)
		end = after
		if conj {
			sawAnd = true
			lastAnd = len(items)
		}
	}
	if !sawAnd {
		return items[:1], g.skipBracket(k + 1)
	}
	return items[:lastAnd], end
}

// demonym: a name written as its country's adjective ("the Yemeni branch").
func (g *gsent) demonym(k int) bool {
	if !g.ent(k) {
		return false
	}
	sp := g.c.spans[g.toks[k].ent]
	return demonyms[strings.ToLower(g.c.d.text[sp.Start:sp.End])] != ""
}

// branchOf: "the Sahara branch of AQIM" with a lower-case "branch": the
// group is the name after "of".
func (g *gsent) branchOf(k int) int {
	if k+3 >= len(g.toks) {
		return k
	}
	switch g.word(k + 1) {
	case "branch", "wing", "faction", "arm", "battalion", "cell", "brigade":
		if g.word(k+2) == "of" && g.ent(k+3) {
			return k + 3
		}
	}
	return k
}

// possessed: "Cameroon's Far North region": the name after a possessive is
// the object; "Jund al-Khilafa's remaining cells": the possessor is.
func (g *gsent) possessed(k int) int {
	if g.word(k+1) == "'s" && g.ent(k+2) {
		return k + 2
	}
	return k
}

// opensClause: the names from token j on ("Algeria and Canada") are followed
// by a verb, so they are the subject of a clause of their own.
func (g *gsent) opensClause(j int) bool {
	k := g.skipBracket(j + 1)
	for (g.word(k) == "and" || g.word(k) == ",") && g.ent(k+1) {
		k = g.skipBracket(k + 2)
	}
	w := g.word(k)
	if clauseVerb(w) {
		return true
	}
	return strings.HasPrefix(w, "co-") || w == "remain" || w == "operate" || w == "share" || w == "lead" || w == "chair"
}

var dirSet = wordSet(dirWords)

// clauseVerb: a word that, after ", and NAME", makes NAME a new clause's subject.
func clauseVerb(w string) bool {
	switch w {
	case "is", "are", "was", "were", "has", "have", "had", "will", "would", "may", "also", "then", "continued", "continues":
		return true
	}
	return len(w) > 3 && isLowerWord(w) && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ed"))
}

// listLeft reads a list of names that ends at token i (a name), leftwards:
// "A, B and C", "A and B". It returns the names in order and the first token.
func (g *gsent) listLeft(i int) ([]int, int) {
	items := []int{g.toks[i].ent}
	start := i
	sawAnd := false
	for {
		j := start - 1
		for detWords[g.word(j)] && j > 0 {
			j--
		}
		conj := false
		switch {
		case g.word(j) == "and" || g.word(j) == "or":
			conj = true
			j--
			if g.word(j) == "," {
				j--
			}
		case g.word(j) == "," && sawAnd:
			j--
		default:
			j = -1
		}
		if j < 0 {
			break
		}
		// A bracketed acronym before: "A (ACR), B and C".
		if g.word(j) == ")" {
			for m := j - 1; m >= 0 && m > j-6; m-- {
				if g.word(m) == "(" {
					j = m - 1
					break
				}
			}
		}
		for detWords[g.word(j)] && j > 0 {
			j--
		}
		if !g.ent(j) {
			break
		}
		if conj {
			sawAnd = true
		}
		items = append([]int{g.toks[j].ent}, items...)
		start = j
	}
	for start > 0 && detWords[g.word(start-1)] {
		start--
	}
	return items, start
}

// prepositional reports whether the token before first is a preposition:
// the list is an object, not a subject.
func (g *gsent) prepositional(first int) bool {
	if g.word(first-1) == "of" && memberNouns[g.word(first-2)] {
		return false // "members of the GSIGN began ...": the unit acts
	}
	return preps[g.word(first-1)]
}

// partNouns name what belongs to a group and stands for it as an object.
var partNouns = wordSet("networks|network|cells|fighters|militants|positions|bases|camps|strongholds|leadership|leaders|commanders|finances|financing|funding|supporters|facilitators|operatives|remnants|elements|hideouts|members")

// memberNouns stand for the body they belong to: "members of X", "troops of X".
var memberNouns = wordSet("members|elements|officers|troops|units|personnel|soldiers|fighters|militants|agents|officials|government|authorities")

// subject finds the subject of a verb that begins at token i: the names just
// before (past auxiliaries and adverbs), or before an apposition or a relative
// pronoun, or the subject of the clause for a coordinated or infinitive verb.
func (g *gsent) subject(i int) ([]int, int) {
	j := i - 1
	for j >= 0 && (auxWords[g.word(j)] || isLyWord(g.word(j)) || g.word(j) == "that" && g.ent(j-1)) {
		if negWords[g.word(j)] {
			return nil, 0
		}
		j--
	}
	if j < 0 {
		return nil, 0
	}
	// "X (ACR) split": the bracket after the subject; the acronym alone when
	// the long form is no name the draft found.
	if g.word(j) == ")" {
		for m := j - 1; m >= 0 && m > j-8; m-- {
			if g.word(m) == "(" {
				if g.ent(m - 1) {
					j = m - 1
				} else if g.ent(m+1) && g.word(m+2) == ")" {
					return []int{g.toks[m+1].ent}, m + 1
				}
				break
			}
		}
	}
	switch {
	case g.ent(j):
		return g.unprepositional(g.listLeft(j))
	case joinStop[g.word(j)]:
		k := j - 1
		if g.word(k) == "," {
			k--
		}
		k = g.beforeBracket(k)
		if g.ent(k) && g.word(j) == "which" && g.c.spans[g.toks[k].ent].ref.kind() == entities.KindPerson {
			return nil, 0 // "the faction loyal to P, which is active ...": not P, and the draft cannot tell which
		}
		if g.ent(k) && !(isPlace(g.c.spans[g.toks[k].ent].ref.kind()) && preps[g.word(k-1)]) {
			return []int{g.toks[k].ent}, k // a relative clause is the nearest name's
		}
		// "a unit based in Bosaso that is trained ...": not the place.
		if g.ent(k) {
			k--
		}
		// "X, a small group that broke away ...": the apposition's name.
		for b := k; b >= 0 && b > k-8; b-- {
			if g.word(b) == "," || g.word(b) == "–" {
				if n := b - 1; g.ent(n) {
					return []int{g.toks[n].ent}, n
				} else if g.word(n) == ")" {
					for o := n - 1; o >= 0 && o > n-8; o-- {
						if g.word(o) == "(" && g.ent(o-1) {
							return []int{g.toks[o-1].ent}, o - 1
						}
					}
				}
				break
			}
			if g.ent(b) || g.word(b) == ";" {
				break
			}
		}
		return nil, 0
	case g.word(j) == "," || g.word(j) == "–":
		// An apposition or parenthetical closes here: the name before its opening.
		closing := g.word(j)
		for k := j - 1; k >= 0 && k > j-36; k-- {
			w := g.word(k)
			if w == ";" {
				break
			}
			if w != closing {
				continue // an apposition opens with the mark that closes it
			}
			if closing == "," && (g.ent(k+1) || detWords[g.word(k+1)] && g.ent(k+2)) && (g.ent(k-1) || g.word(k-1) == ")") {
				continue // a comma inside a list of names
			}
			if g.word(k+1) == "whose" && whoseLeader[g.word(k+2)] {
				return nil, 0 // "X, whose leader, P, was based in ...": the leader was
			}
			m := g.beforeBracket(k - 1)
			if g.ent(m) {
				if items, first := g.unprepositional(g.listLeft(m)); len(items) > 0 {
					return append(items, g.alsoNamed(k+1, j)...), first
				}
			}
		}
		m := g.beforeBracket(j - 1)
		if g.ent(m) && !g.prepositional(m) && g.word(m+1) != "'s" {
			return []int{g.toks[m].ent}, m // "Algeria's service, the DRS, was ..."
		}
		return g.clauseSubject(j)
	}
	if coordWords[g.word(j)] || g.word(j) == "as" && g.word(j-1) == "well" && g.word(j-2) == "as" {
		// "the MNJTF, which brings together ... and is headquartered in": the
		// relative pronoun's name; else the clause's subject.
		for r := j - 1; r >= 0 && r > j-30; r-- {
			w := g.word(r)
			if w == ";" || w == ":" {
				break
			}
			if joinStop[w] && w != "that" && g.word(r-1) == "," && g.ent(r-2) && g.word(r-3) != "by" {
				return []int{g.toks[r-2].ent}, r - 2
			}
		}
		return g.coordSubject(j) // "X attacked A and later split from Y"
	}
	if g.word(j) == "it" || g.word(j) == "they" {
		if n, ok := g.pronoun(j); ok {
			return []int{n}, j
		}
	}
	return nil, 0
}

// whoseLeader: "X, whose leader, P, ...".
var whoseLeader = wordSet(leadNouns + "|founder|spokesman")

// coordWords join a second verb to its clause's subject.
var coordWords = wordSet("and|or|but|then|before|while|yet|to")

// unprepositional drops the names of a list that belong to a clause before
// ("... with Operation Barkhane, and the United States supports"): a list
// whose first name is a prepositional object loses it, until none is.
func (g *gsent) unprepositional(items []int, first int) ([]int, int) {
	for len(items) > 0 && g.prepositional(first) {
		items = items[1:]
		if len(items) == 0 {
			return nil, 0
		}
		next := first + 1
		for next < len(g.toks) && !(g.ent(next) && g.toks[next].ent == items[0]) {
			next++
		}
		for next > 0 && detWords[g.word(next-1)] {
			next--
		}
		first = next
	}
	return items, first
}

// beforeBracket: the token before "( ... )" when token m closes one ("X
// (ACR)"), else m.
func (g *gsent) beforeBracket(m int) int {
	if g.word(m) != ")" {
		return m
	}
	for b := m - 1; b >= 0 && b > m-8; b-- {
		if g.word(b) == "(" {
			return b - 1
		}
	}
	return m
}

// alsoNamed returns the names an apposition adds to the subject: ", as well
// as B," ", together with B,", ", like B,".
func (g *gsent) alsoNamed(a, b int) []int {
	w := g.word(a)
	if !(w == "as" && g.word(a+1) == "well" || w == "together" || w == "along" || w == "like") {
		return nil
	}
	var out []int
	for k := a; k < b; k++ {
		if g.ent(k) {
			out = append(out, g.toks[k].ent)
		}
	}
	return out
}

// coordSubject is the subject a coordinated verb shares: the nearest list of
// names before token j that opens a clause (at the start, after a comma,
// semicolon, colon or dash) and is followed by no preposition.
func (g *gsent) coordSubject(j int) ([]int, int) {
	for k := j - 1; k >= 0; k-- {
		if g.word(k) == ";" {
			break
		}
		if !g.ent(k) || g.word(k+1) == "'s" || g.modifier(k) {
			continue
		}
		items, first := g.listLeft(k)
		open := first
		if g.word(open-1) == "of" && memberNouns[g.word(open-2)] {
			open -= 2
			for detWords[g.word(open-1)] && open > 0 {
				open--
			}
		}
		if w := g.word(open - 1); open == 0 || w == "," || w == ":" || w == "." || w == "–" || isDigits(w) && g.word(open-2) == "." {
			if after := g.skipBracket(k + 1); !preps[g.word(after)] {
				return items, first
			}
		}
		k = first
	}
	return nil, 0
}

// clauseSubject is the subject of the clause that holds token j: the list of
// names that opens it, after an opening adverbial ("In 2017, ..."), when it is
// no prepositional object.
func (g *gsent) clauseSubject(j int) ([]int, int) {
	start := 0
	for k := j; k >= 0; k-- {
		if g.word(k) == ";" || g.word(k) == ":" {
			start = k + 1
			break
		}
	}
	for k := start; k <= j; k++ {
		if !g.ent(k) {
			continue
		}
		if g.word(k+1) == "'s" {
			continue // "Algeria's principal intelligence service, the DRS, ..."
		}
		open := k
		for detWords[g.word(open-1)] && open-1 >= start {
			open--
		}
		if g.word(open-1) == "of" && memberNouns[g.word(open-2)] {
			open -= 2
			for detWords[g.word(open-1)] && open-1 >= start {
				open--
			}
		}
		if open != start && g.word(open-1) != "," {
			return nil, 0
		}
		if g.prepositional(k) || g.modifier(k) {
			return nil, 0
		}
		items, first := g.listLeft(k)
		// the list runs right: "A and B later split"
		_, end := g.listRight(k, "", false)
		if end > k+1 {
			items, _ = g.listRight(first, "", false)
		}
		return items, first
	}
	return nil, 0
}

// matchAt tries pattern p from token i. It returns the matches (one per way
// the subject or lists read).
func (g *gsent) matchAt(p *pattern, i int) (gmatch, bool) {
	m := gmatch{start: i, trigAt: -1}
	k := i
	els := p.els
	if len(els) > 0 && els[0].kind == pSubj {
		els = els[1:]
	}
	end, ok := g.matchEls(p, els, 0, k, &m)
	if !ok {
		return gmatch{}, false
	}
	m.end = end
	m.pat = p.text
	m.nominal = p.nominal
	if p.els[0].kind == pSubj {
		subject := g.subject
		if len(p.els) > 1 && p.els[1].kind == pGap {
			subject = g.clauseSubject // "X ... in support of Y": the clause's subject
		}
		items, first := subject(i)
		if len(items) == 0 {
			return gmatch{}, false
		}
		m.start = first
		if p.els[0].role == 'F' {
			m.froms = append(items, m.froms...)
		} else {
			m.tos = append(items, m.tos...)
		}
	}
	return m, true
}

func (g *gsent) matchEls(p *pattern, els []pel, e, k int, m *gmatch) (int, bool) {
	if e == len(els) {
		return k, true
	}
	el := els[e]
	save := *m
	restore := func() {
		*m = save
		m.froms = append([]int(nil), save.froms...)
		m.tos = append([]int(nil), save.tos...)
		m.trigger = append([]string(nil), save.trigger...)
		m.marks = append([]string(nil), save.marks...)
	}
	switch el.kind {
	case pWord:
		if w := g.word(k); el.words[w] {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(r) {
				if len(m.trigger) == 0 {
					m.trigAt = k
				}
				m.trigger = append(m.trigger, w)
			} else {
				m.marks = append(m.marks, strings.ToLower(g.c.masked.s[g.toks[k].a:g.toks[k].b]))
			}
			if end, ok := g.matchEls(p, els, e+1, k+1, m); ok {
				return end, true
			}
			restore()
		}
		if el.opt {
			return g.matchEls(p, els, e+1, k, m)
		}
		return 0, false
	case pStart:
		if k != 0 {
			return 0, false
		}
		return g.matchEls(p, els, e+1, k, m)
	case pNext:
		if k >= len(g.toks) && el.words["$"] || el.words[g.word(k)] && !g.ent(k) {
			return g.matchEls(p, els, e+1, k, m)
		}
		return 0, false
	case pNot:
		if el.words[g.word(k)] {
			return 0, false
		}
		return g.matchEls(p, els, e+1, k, m)
	case pFill, pGap:
		for n := 0; n <= el.n; n++ {
			if end, ok := g.matchEls(p, els, e+1, k+n, m); ok {
				return end, true
			}
			restore()
			w := g.word(k + n)
			if k+n >= len(g.toks) || w == ";" || negWords[w] {
				break
			}
			if el.kind == pFill && w == "" && (g.modifier(k+n) || g.demonym(k+n)) && el.words == nil {
				continue
			}
			if el.kind == pFill && (w == "" || w == "," || w == "(" || w == ")" || w == "–" || w == ":" || joinStop[w] || el.words != nil && !el.words[w] || el.except[w]) {
				break
			}
		}
		return 0, false
	case pAux:
		n := 0
		for auxWords[g.word(k+n)] || isLyWord(g.word(k+n)) {
			if negWords[g.word(k+n)] {
				return 0, false
			}
			n++
		}
		for ; n >= 0; n-- {
			if end, ok := g.matchEls(p, els, e+1, k+n, m); ok {
				return end, true
			}
			restore()
		}
		return 0, false
	case pCop:
		n := 0
		saw := false
		for copWords[g.word(k+n)] || isLyWord(g.word(k+n)) || copAs[g.word(k+n)] && g.word(k+n+1) == "as" {
			if copAs[g.word(k+n)] {
				n += 2
				saw = true
				continue
			}
			saw = true
			n++
		}
		if negWords[g.word(k+n)] {
			return 0, false
		}
		if !saw {
			return 0, false
		}
		for ; n >= 1; n-- {
			if end, ok := g.matchEls(p, els, e+1, k+n, m); ok {
				return end, true
			}
			restore()
		}
		return 0, false
	case pSlot, pOne:
		var items []int
		var next int
		if el.kind == pOne {
			j := k
			for detWords[g.word(j)] {
				j++
			}
			if g.word(j) == "it" && j == k {
				n, ok := g.pronoun(j)
				if !ok {
					return 0, false
				}
				items, next = []int{n}, j+1
			} else {
				if !g.ent(j) || g.modifier(j) {
					return 0, false
				}
				items, next = []int{g.toks[j].ent}, g.skipBracket(j+1)
			}
		} else {
			prep := ""
			if e > 0 && preps[g.word(k-1)] {
				prep = g.word(k - 1)
			}
			items, next = g.listRight(k, prep, e == len(els)-1)
			if el.role == 'T' && m.prep == "" {
				m.prep = prep
			}
			if len(items) == 0 {
				return 0, false
			}
		}
		switch el.role {
		case 'F':
			m.froms = append(m.froms, items...)
		case 'T':
			m.tos = append(m.tos, items...)
		}
		if end, ok := g.matchEls(p, els, e+1, next, m); ok {
			return end, true
		}
		restore()
		return 0, false
	case pPoss:
		var item int
		switch {
		case g.ent(k) && g.word(k+1) == "'s":
			item = g.toks[k].ent
		case g.word(k) == "its" || g.word(k) == "their":
			n, ok := g.pronoun(k)
			if !ok {
				return 0, false
			}
			item = n
		default:
			return 0, false
		}
		if el.role == 'F' {
			m.froms = append(m.froms, item)
		} else {
			m.tos = append(m.tos, item)
		}
		next := k + 1
		if g.word(next) == "'s" {
			m.marks = append(m.marks, strings.ToLower(g.c.masked.s[g.toks[next].a:g.toks[next].b]))
			next++
		} else {
			m.trigger = append(m.trigger, g.word(k))
		}
		if end, ok := g.matchEls(p, els, e+1, next, m); ok {
			return end, true
		}
		restore()
		return 0, false
	}
	return 0, false
}

// pronoun resolves "its" at token k to the entity the paragraph (or text) is
// about, as a span added to the sentence's spans; it returns its index.
func (g *gsent) pronoun(k int) (int, bool) {
	c := g.c
	a, b := c.masked.origAt[g.toks[k].a], c.masked.origAt[g.toks[k].b]
	for i, sp := range c.spans {
		if sp.Start == a && sp.End == b {
			return i, true
		}
	}
	fits := func(k entities.Kind) bool {
		return k == entities.KindArmedGroup || k == entities.KindStateBody || k == entities.KindInternational || k == entities.KindCountry || k == entities.KindOperation || k == entities.KindInitiative
	}
	word := c.d.text[a:b]
	// resolveTo adds the pronoun as a span of r and returns its index.
	resolveTo := func(r ref, why string) (int, bool) {
		r.anaphor = word
		r.via = "\"" + word + "\" resolved to " + why
		c.spans = append(c.spans, span{Span: Span{a, b}, ref: r})
		return len(c.spans) - 1, true
	}
	// "AQIM and its battalion": the name right before, in the same phrase.
	if w := g.word(k); (w == "its" || w == "their") && g.word(k-1) == "and" && g.ent(k-2) {
		if sp := c.spans[g.toks[k-2].ent]; fits(sp.ref.kind()) {
			return resolveTo(sp.ref.resolved(), "the name before it")
		}
	}
	// "ISI sent fighters into Syria, where they formed Nusra as its Syrian
	// branch": a possessive is the sentence's subject's.
	if w := g.word(k); w == "its" || w == "their" {
		if first := c.d.firstName(c.sent); first != nil && first.End <= a {
			if r := first.ref.resolved(); fits(r.kind()) && (r.cand != nil || r.known != nil) && first.ref.anaphor == "" {
				return resolveTo(r, "the sentence's subject")
			}
		}
	}
	// The sentence's first name, when the pronoun stands in a later clause
	// ("The Joint Force ... is launched; Mauritania contributes a battalion to it").
	clause := 0
	for j := k - 1; j >= 0; j-- {
		if w := g.word(j); w == ";" || w == "and" && g.word(j-1) == "," {
			clause = j
			break
		}
	}
	for j := 0; j < clause; j++ {
		if g.ent(j) && g.word(j+1) != "'s" {
			if sp := c.spans[g.toks[j].ent]; fits(sp.ref.kind()) && sp.ref.anaphor == "" {
				return resolveTo(sp.ref.resolved(), "the sentence's first name")
			}
			break
		}
	}
	r := c.d.antecedent(c.sent, fits)
	if r.known == nil && r.cand == nil {
		return 0, false
	}
	return resolveTo(r, "the entity the paragraph named last: "+r.via)
}

// nounOrVerb are trigger words that are also nouns.
var nounOrVerb = wordSet("attacks|attack|strikes|strike|target|targets|ambush|raids|raid|assaults|assault|support|funds|fund|training|cooperation|control|command|leads|lead|split|merger|base")

// articleBefore: words before a noun, never before a verb.
var articleBefore = wordSet("the|a|an|its|their|his|her|claimed|claim|claims|several|many|these|those|further|repeated|deadly|major|such|recent|frequent|new|of|no|any|joint")

// frameKind is the kind a frame tests: none for an acronym the text never
// defines, whose kind (international body) is only the draft's guess.
func frameKind(r ref) entities.Kind {
	if c := r.resolved().cand; c != nil && c.score <= 0.5 && strings.HasPrefix(c.reason, "an acronym the text does not define") {
		return ""
	}
	return r.kind()
}

// applyFrames runs every frame over the sentence.
func (c *relContext) applyFrames() {
	g := &gsent{c: c, toks: gtokenize(c.masked.s), have: map[string]bool{}}
	for _, t := range g.toks {
		if !t.isEnt() {
			g.have[t.w] = true
		}
	}
	if len(g.toks) == 0 {
		return
	}
	for fi := range compiledFrames {
		f := &compiledFrames[fi]
		for pi := range f.pats {
			p := &f.pats[pi]
			if !g.holds(p) {
				continue
			}
			for i := 0; i < len(g.toks); i++ {
				m, ok := g.matchAt(p, i)
				if !ok {
					continue
				}
				c.emitFrame(f, g, m)
			}
		}
	}
}

func (g *gsent) holds(p *pattern) bool {
	for _, w := range p.required {
		if !g.have[w] {
			return false
		}
	}
	return true
}

// emitFrame proposes the relationships of one match; the reason names the
// frame and the trigger words found in the sentence.
func (c *relContext) emitFrame(f *compiledFrame, g *gsent, m gmatch) {
	// "..., together with B and C": more subjects after the object.
	end := m.end
	switch {
	case g.word(end) == "," && (g.word(end+1) == "together" || g.word(end+1) == "along") && g.word(end+2) == "with":
		more, _ := g.listRight(end+3, "", true)
		m.froms = append(m.froms, more...)
	case g.word(end) == "," && g.word(end+1) == "as" && (g.word(end+2) == "does" || g.word(end+2) == "do" || g.word(end+2) == "did"):
		more, _ := g.listRight(end+3, "", true)
		m.froms = append(m.froms, more...)
	case g.word(end) == "," && (g.word(end+1) == "particularly" || g.word(end+1) == "notably" || g.word(end+1) == "especially" || g.word(end+1) == "mainly" || g.word(end+1) == "in" && g.word(end+2) == "particular") && len(m.tos) > 0:
		k := end + 2
		if g.word(end+1) == "in" {
			k++
		}
		if m.prep != "" && g.word(k) == m.prep {
			k++
		}
		more, _ := g.listRight(k, "", true)
		m.tos = append(m.tos, more...)
	}
	// "cooperated closely with Tunisia on border security and with Mali"; "in
	// the Menaka region of Mali and in Tillaberi in Niger, and from 2018 in ..."
	if m.prep != "" && len(m.tos) > 0 && preps[m.prep] {
		for k := end; k < len(g.toks) && k < end+24; k++ {
			w := g.word(k)
			if w == ";" || w == "," && g.word(k+1) != "and" {
				break
			}
			if g.ent(k) {
				if g.word(k-1) == "of" || g.word(k-1) == "in" {
					continue // "the Menaka region of Mali"
				}
				break
			}
			if w != "and" {
				continue
			}
			found := false
			for q := k + 1; q < len(g.toks) && q <= k+5; q++ {
				if g.ent(q) || g.word(q) == "," || g.word(q) == ";" {
					break
				}
				if g.word(q) == m.prep {
					more, next := g.listRight(q+1, "", true)
					if len(more) == 0 {
						for d := q + 1; dirSet[g.word(d)] && d < q+5; d++ {
							if more, next = g.listRight(d+1, "", true); len(more) > 0 {
								break
							}
						}
					}
					m.tos = append(m.tos, more...)
					k, found = next-1, len(more) > 0
					break
				}
			}
			if !found {
				break
			}
		}
	}
	if len(m.froms) < f.minFroms {
		return
	}
	// "claimed attacks on", "the strikes against": a noun, not the verb.
	if m.trigAt > 0 && nounOrVerb[g.word(m.trigAt)] && articleBefore[g.word(m.trigAt-1)] {
		return
	}
	if f.typ == entities.OperatesIn {
		for _, t := range append([]int(nil), m.tos...) {
			for k := range g.toks {
				if g.ent(k) && g.toks[k].ent == t && (g.word(k+1) == "of" || g.word(k+1) == "in") && g.ent(k+2) && c.spans[g.toks[k+2].ent].ref.kind() == entities.KindCountry {
					m.tos = append(m.tos, g.toks[k+2].ent) // "in the Menaka region of Mali"
				}
			}
		}
	}
	if f.name == "Place, Region" && g.word(m.end) == "," && g.ent(m.end+1) {
		return // "Nouakchott, Mauritania, Mali, Niger ...": a list
	}
	trigger := m.trigger
	if len(trigger) == 0 {
		trigger = m.marks
	}
	reason := "the frame \"" + f.name + "\" (trigger \"" + strings.Join(trigger, " ") + "\")"
	if debugFrames {
		reason += " PAT " + m.pat
	}
	a := g.toks[m.start].a
	b := g.toks[max(m.start, m.end-1)].b
	emit := func(fi, ti int) {
		from, to := c.spans[fi], c.spans[ti]
		t := f.typ
		if f.kinds != nil {
			t = f.kinds(frameKind(from.ref), frameKind(to.ref))
		}
		if t == "" || from.ref.key() == to.ref.key() {
			return
		}
		if f.name == "Place, Region" && !c.placeInRegion(from, to) {
			return
		}
		score := f.score
		if from.ref.resolved().anaphor != "" || to.ref.resolved().anaphor != "" || from.ref.anaphor != "" || to.ref.anaphor != "" {
			score -= 0.2
		}
		n := len(c.d.pending)
		c.add(t, from, to, score, reason, a, b, f.nominal || m.nominal)
		if f.noSince && len(c.d.pending) > n {
			c.d.pending[n].since = ""
		}
	}
	if f.pair {
		all := append(append([]int(nil), m.froms...), m.tos...)
		if len(all) == 1 && c.spans[all[0]].ref.anaphor != "" && c.spans[all[0]].ref.resolved().cand == nil && c.spans[all[0]].ref.resolved().known == nil {
			// "these groups were coordinating": one item, both ends to be chosen.
			sp := c.spans[all[0]]
			c.d.pending = append(c.d.pending, pendingRel{typ: f.typ, from: sp, to: sp, sent: c.sent, dates: c.dates,
				conf: c.conf, hedge: c.hedge, score: f.score - 0.2, reason: reason})
			return
		}
		for x := 0; x < len(all); x++ {
			for y := x + 1; y < len(all); y++ {
				emit(all[x], all[y])
			}
		}
		return
	}
	for _, fi := range m.froms {
		for _, ti := range m.tos {
			emit(fi, ti)
		}
	}
}

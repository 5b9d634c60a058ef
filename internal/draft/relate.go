package draft

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// pendingRel is a relationship found in pass two; its ends become ids once
// every candidate has one.
type pendingRel struct {
	typ      entities.RelType
	from, to span
	sent     int
	dates    []foundDate
	since    string
	conf     entities.Confidence
	hedge    string
	score    float64
	reason   string
}

// relContext is one sentence being read for relationships.
type relContext struct {
	d      *drafter
	sent   int
	spans  []span
	masked masked
	dates  []foundDate
	conf   entities.Confidence
	hedge  string
}

func (c *relContext) add(t entities.RelType, from, to span, score float64, reason string, a, b int, nominal bool) {
	if from.ref.key() == to.ref.key() {
		return
	}
	c.d.pending = append(c.d.pending, pendingRel{
		typ: t, from: from, to: to, sent: c.sent, dates: c.dates, since: c.sinceIn(a, b, nominal),
		conf: c.conf, hedge: c.hedge, score: score, reason: reason,
	})
}

// sinceIn returns the date the relationship holds from: a date inside the
// matched words; a date in the same clause just after them ("pledged allegiance
// to ISIS in March 2015"); or a month or year the sentence opens with ("In
// October, ..."). A day the sentence opens with ("On April 14, ...") dates an
// incident, not the start of a relationship.
func (c *relContext) sinceIn(a, b int, nominal bool) string {
	oa, ob := c.masked.origAt[a], c.masked.origAt[b]
	// A date before ", and" belongs to an earlier clause: "MINUSMA maintained its
	// presence in 2018, and continued its work with ...".
	if loc := clauseBreak.FindAllStringIndex(c.masked.s[a:b], -1); len(loc) > 0 {
		oa = c.masked.origAt[a+loc[len(loc)-1][1]]
	}
	for _, dt := range c.dates {
		if dt.Span.Start >= oa && dt.Span.End <= ob && !c.opening(dt) && !c.parenthetical(dt, ob) {
			return dt.Value
		}
	}
	if nominal {
		return "" // an apposition dates nothing outside it
	}
	rest := c.masked.s[b:]
	clause := len(rest)
	if k := strings.IndexAny(rest, ";,"); k >= 0 {
		clause = k
	}
	oc := c.masked.origAt[b+clause]
	for _, dt := range c.dates {
		low := strings.ToLower(dt.Text)
		if dt.Span.Start >= ob && dt.Span.End <= oc && (strings.HasPrefix(low, "in ") || strings.HasPrefix(low, "on ") || strings.HasPrefix(low, "since ")) {
			return dt.Value
		}
	}
	for _, dt := range c.dates {
		if c.opening(dt) && strings.Count(dt.Value, "-") < 2 {
			return dt.Value
		}
	}
	return ""
}

// whenAfter: "created on March 2, 2017, when ...": the date is the clause's.
var whenAfter = regexp.MustCompile(`^,\s*(?:when|after|as|once)\b`)

var clauseBreak = regexp.MustCompile(`,\s+(?:and|but|while)\s+|;\s*`)

// parenthetical reports whether dt closes an apposition inside the match
// ("JNIM, the coalition formed in March 2017, extended ..."): it dates that.
func (c *relContext) parenthetical(dt foundDate, end int) bool {
	rest := strings.TrimLeft(c.d.text[dt.Span.End:end], " ")
	return strings.HasPrefix(rest, ",") && !whenAfter.MatchString(rest)
}

// opening reports whether dt opens the sentence as an adverbial: "In October, ...".
func (c *relContext) opening(dt foundDate) bool {
	s := c.d.sents[c.sent]
	if strings.TrimSpace(c.d.text[s.Start:dt.Span.Start]) != "" {
		return false
	}
	if strings.HasPrefix(strings.TrimLeft(c.d.text[dt.Span.End:s.End], " "), ",") {
		return true
	}
	// "In 2017 al-Murabitoun was absorbed ...": a year or month opened by "In".
	return strings.HasPrefix(dt.Text, "In ") && strings.Count(dt.Value, "-") < 2
}

// afterPreposition: a name in a prepositional phrase is no subject ("painted
// with UN markings").
var afterPreposition = regexp.MustCompile(`\b(?:from|to|with|of|by|in|on|at|into|against|under|for|between|among)\s+$`)

func (c *relContext) placeInRegion(from, to span) bool {
	if from.ref.kind() != entities.KindPlace {
		return false
	}
	name := strings.ToLower(c.d.text[to.Start:to.End])
	switch to.ref.kind() {
	case entities.KindCountry:
		return true
	case entities.KindPlace:
		for suffix := range placeSuffixes {
			if strings.HasSuffix(name, " "+suffix) {
				return true
			}
		}
	}
	return false
}

// innerRelations are the relations names state: "the Sahara Branch of AQIM"
// (BRANCH_OF), "UN ... Mission in Mali" (PART_OF the UN, OPERATES_IN Mali),
// "G-5 Sahel Joint Force" (PART_OF the G-5 Sahel).
func (c *relContext) innerRelations() {
	for _, sp := range c.spans {
		r := sp.ref.resolved()
		if r.cand == nil && r.known == nil {
			continue
		}
		name := c.d.text[sp.Start:sp.End]
		if k := strings.Index(name, " ("); k > 0 && strings.HasSuffix(name, ")") {
			name = name[:k] // a joined "Long Form (ACR)"
			sp.End = sp.Start + k
		}
		toks := tokenize(c.d.text, sp.Span)
		if len(toks) < 2 {
			continue
		}
		kind := r.kind()
		// BRANCH_OF from the raw name.
		for _, n := range c.d.raws[c.sent] {
			if n.Span != sp.Span {
				continue
			}
			for _, in := range n.inner {
				if to, ok := c.spanAt(in.to); ok {
					if in.reverse {
						c.addInner(in.typ, to, sp, in.reason)
					} else {
						c.addInner(in.typ, sp, to, in.reason)
					}
				}
			}
		}
		// A prefix that names another entity: "UN Multidimensional ... Mission", "G-5 Sahel Joint Force".
		if kind == entities.KindInternational || kind == entities.KindStateBody || kind == entities.KindInitiative || kind == entities.KindOperation {
			for k := len(toks) - 1; k >= 1; k-- {
				if k == 1 && !toks[0].acronym {
					break // one ordinary word ("Special") names no parent
				}
				prefix := Span{toks[0].Start, toks[k-1].End}
				if c.d.text[prefix.End] == '-' {
					continue // "Department of State-funded ...": a modifier, not a parent
				}
				if owner, ok := c.d.nameAt(prefix); ok && owner.ref.key() != sp.ref.key() && notPlace(owner.ref.kind()) && !c.d.countryWord(prefix) {
					c.addInner(entities.PartOf, sp, owner, "a name that begins with its parent's name")
					break
				}
			}
		}
		// "... Mission in Mali"
		if k := strings.Index(name, " in "); k > 0 && (kind == entities.KindInternational || kind == entities.KindOperation) {
			placeSpan := Span{sp.Start + k + 4, sp.End}
			if pl, ok := c.d.nameAt(placeSpan); ok && isPlace(pl.ref.kind()) {
				c.addInner(entities.OperatesIn, sp, pl, "a mission named after the place it works in")
			}
		}
	}
}

func (d *drafter) countryWord(sp Span) bool {
	return demonyms[strings.ToLower(d.text[sp.Start:sp.End])] != ""
}

func (c *relContext) addInner(t entities.RelType, from, to span, reason string) {
	c.d.pending = append(c.d.pending, pendingRel{typ: t, from: from, to: to, sent: c.sent, dates: c.dates,
		conf: c.conf, hedge: c.hedge, score: 0.75, reason: reason})
}

// spanAt finds the name at exactly sp: a candidate or known name.
func (c *relContext) spanAt(sp Span) (span, bool) { return c.d.nameAt(sp) }

// nameAt resolves the words at sp to a name: a known entity through the index,
// else a candidate of the text.
func (d *drafter) nameAt(sp Span) (span, bool) {
	name := d.text[sp.Start:sp.End]
	if d.idx != nil {
		if ks := d.idx.Resolve(name, d.opts.Country); len(ks) == 1 {
			k := ks[0]
			return span{Span: sp, ref: ref{known: &k}, known: true}, true
		}
	}
	if cand := d.byKey[fold(name)]; cand != nil {
		return span{Span: sp, ref: ref{cand: cand}, known: false}, true
	}
	if cc := countries[fold(name)]; cc != "" {
		if cand := d.byKey[fold(cc)]; cand != nil {
			return span{Span: sp, ref: ref{cand: cand}, known: false}, true
		}
	}
	return span{}, false
}

// aliasRules merge names the sentence says are one: "X, also spelled Y",
// "X, known in French as Y", "X, whose formal name is Y", "X, the Y, ...".
var aliasRules = []*regexp.Regexp{
	expand(`(?P<a>ENT)\s*,\s*(?:also\s+|better\s+|more\s+commonly\s+|commonly\s+|widely\s+|still\s+widely\s+)?(?:spelled|spelt|known|called|written|referred\s+to)\s+(?:in\s+\w+\s+|locally\s+)?(?:as\s+)?DET(?P<b>ENT)`),
	expand(`(?P<a>ENT)\s*,\s*whose\s+(?:formal|full|official|Arabic|French)\s+name\s+is\s+DET(?P<b>ENT)`),
	expand(`(?P<a>ENT)\s*,\s*the\s+(?P<b>ENT)\s*,(?P<list>\s*(?:and\s+|or\s+)?(?:the\s+)?ENT)?`),
}

func (d *drafter) aliasRules(m masked, spans []span) {
	for _, re := range aliasRules {
		for _, g := range re.FindAllStringSubmatchIndex(m.s, -1) {
			as := spansIn(m, g[2], g[3])
			bs := spansIn(m, g[4], g[5])
			if len(as) != 1 || len(bs) != 1 {
				continue
			}
			a, b := spans[as[0]].ref.resolved(), spans[bs[0]].ref.resolved()
			if b.cand == nil || a.key() == b.key() || (a.cand == nil && a.known == nil) {
				continue
			}
			ka, kb := a.kind(), b.kind()
			if ka == entities.KindCountry || kb == entities.KindCountry || ka == entities.KindPlace || kb == entities.KindPlace {
				continue
			}
			if re == aliasRules[2] {
				// "X, the Y, is ...": not a list ("the UN, the AU, and TSCTP"), and Y a
				// name of several words that spells X out.
				spelled := longFormStart(b.cand.name, c2name(a)) >= 0 // "FIU, the National Financial Intelligence ... Unit"
				if g[6] >= 0 || len(strings.Fields(b.cand.name)) < 2 || (ka != kb && kb != entities.KindInternational && !spelled) {
					continue
				}
			}
			if a.known != nil {
				b.cand.known = a.known
				continue
			}
			mergeInto(b.cand, a.cand)
		}
	}
}

// c2name is the name of a resolved ref.
func c2name(r ref) string {
	if r.cand != nil {
		return r.cand.name
	}
	return r.known.Name
}

// emitRelationships turns the pending relationships into items: ends become
// ids, the same relationship from one sentence is one item.
func (d *drafter) emitRelationships() {
	seen := map[string]bool{}
	for _, p := range d.pending {
		from, to := d.end(p.from), d.end(p.to)
		if from.Match != MatchUnresolved && from.Ref == to.Ref && to.Match == from.Match {
			continue
		}
		s := d.sents[p.sent]
		// One item per relationship and sentence, however many names say it
		// ("FIU, the National ... Unit, is a member"); an unresolved end by its words.
		endKey := func(e End) string {
			if e.Match == MatchUnresolved {
				return e.Text
			}
			return e.Ref
		}
		id := itemID("r", string(p.typ), string(from.Match), endKey(from), string(to.Match), endKey(to), strconv.Itoa(s.Start))
		if seen[id] {
			continue
		}
		seen[id] = true
		score := p.score
		reason := p.reason
		if from.Via != "" || to.Via != "" {
			reason += "; " + strings.TrimPrefix(strings.Join([]string{from.Via, to.Via}, "; "), "; ")
			reason = strings.TrimSuffix(reason, "; ")
		}
		if p.hedge != "" {
			reason += "; \"" + p.hedge + "\" makes it " + string(p.conf)
		}
		dates := make([]DateMention, len(p.dates))
		for k, dt := range p.dates {
			dates[k] = dt.DateMention
		}
		d.out.Relationships = append(d.out.Relationships, RelCandidate{
			Item: Item{ID: id, Status: Proposed, Score: round2(score), Reason: reason, Where: d.where(p.sent)},
			Type: p.typ, From: from, To: to, Since: p.since, Dates: dates, Confidence: p.conf, Hedge: p.hedge,
		})
	}
}

func (d *drafter) end(sp span) End {
	r := sp.ref.resolved()
	e := End{Text: d.text[sp.Start:sp.End], Span: sp.Span}
	if sp.ref.anaphor != "" || sp.ref.via != "" {
		e.Via = sp.ref.via
	}
	switch {
	case r.known != nil:
		e.Ref, e.Match = r.known.ID, MatchEntity
	case r.cand != nil:
		e.Ref, e.Match = r.cand.id, MatchCandidate
	default:
		e.Match = MatchUnresolved
	}
	return e
}

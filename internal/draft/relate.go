package draft

import (
	"regexp"
	"strconv"
	"strings"

	"graphapi/internal/entities"
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

func (c *relContext) add(t entities.RelType, from, to span, score float64, reason string, a, b int) {
	if from.ref.key() == to.ref.key() {
		return
	}
	c.d.pending = append(c.d.pending, pendingRel{
		typ: t, from: from, to: to, sent: c.sent, dates: c.dates, since: c.sinceIn(a, b),
		conf: c.conf, hedge: c.hedge, score: score, reason: reason,
	})
}

// sinceIn returns the date the relationship holds from: a date inside the
// matched words, or one the sentence opens with ("In October, ...").
func (c *relContext) sinceIn(a, b int) string {
	oa, ob := c.masked.origAt[a], c.masked.origAt[b]
	for _, dt := range c.dates {
		if dt.Span.Start >= oa && dt.Span.End <= ob {
			return dt.Value
		}
	}
	// After the match, within the clause: "... pledged allegiance to ISIS in March 2015".
	rest := c.masked.s[b:]
	clause := len(rest)
	if k := strings.IndexAny(rest, ";,"); k >= 0 {
		clause = k
	}
	oc := c.masked.origAt[b+clause]
	for _, dt := range c.dates {
		if dt.Span.Start >= ob && dt.Span.End <= oc && (strings.HasPrefix(strings.ToLower(dt.Text), "in ") || strings.HasPrefix(strings.ToLower(dt.Text), "on ") || strings.HasPrefix(strings.ToLower(dt.Text), "since ")) {
			return dt.Value
		}
	}
	s := c.d.sents[c.sent]
	if len(c.dates) > 0 {
		first := c.dates[0]
		lead := c.d.text[s.Start:first.Span.Start]
		if strings.TrimSpace(lead) == "" && first.Span.End < len(c.d.text) {
			after := strings.TrimLeft(c.d.text[first.Span.End:s.End], " ")
			if strings.HasPrefix(after, ",") {
				return first.Value
			}
		}
	}
	return ""
}

// applyRules runs every sentence form over the masked sentence.
func (c *relContext) applyRules() {
	for _, r := range rules {
		for _, m := range r.re.FindAllStringSubmatchIndex(c.masked.s, -1) {
			c.applyMatch(r, m)
		}
	}
}

func (c *relContext) group(r rule, m []int, name string) []int {
	k := r.re.SubexpIndex(name)
	if k < 0 || m[2*k] < 0 {
		return nil
	}
	return spansIn(c.masked, m[2*k], m[2*k+1])
}

func (c *relContext) applyMatch(r rule, m []int) {
	froms := append(c.group(r, m, "from"), c.group(r, m, "with")...)
	tos := c.group(r, m, "to")
	reason := "the sentence form \"" + r.name + "\""
	if r.pair {
		for a := 0; a < len(froms); a++ {
			for b := a + 1; b < len(froms); b++ {
				c.emit(r, c.spans[froms[a]], c.spans[froms[b]], reason, m)
			}
		}
		if len(froms) == 1 && c.spans[froms[0]].ref.anaphor != "" {
			c.emit(r, c.spans[froms[0]], c.spans[froms[0]], reason, m)
		}
		return
	}
	for _, f := range froms {
		for _, t := range tos {
			from, to := c.spans[f], c.spans[t]
			if r.swap {
				from, to = to, from
			}
			c.emit(r, from, to, reason, m)
		}
	}
}

func (c *relContext) emit(r rule, from, to span, reason string, m []int) {
	t := r.typ
	if r.typeOf != nil {
		t = r.typeOf(from.ref.kind(), to.ref.kind())
	}
	if r.name == "Place, Region" && !c.placeInRegion(from, to) {
		return
	}
	if t == "" {
		return
	}
	score := r.score
	if from.ref.resolved().anaphor != "" || to.ref.resolved().anaphor != "" {
		score -= 0.3
	}
	if from.ref.key() == to.ref.key() && from.ref.anaphor != "" {
		// "these groups were coordinating": one item, both ends to be chosen.
		c.d.pending = append(c.d.pending, pendingRel{typ: t, from: from, to: to, sent: c.sent, dates: c.dates,
			conf: c.conf, hedge: c.hedge, score: score, reason: reason})
		return
	}
	c.add(t, from, to, score, reason, m[0], m[1])
}

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
					c.addInner(in.typ, sp, to, in.reason)
				}
			}
		}
		// A prefix that names another entity: "UN Multidimensional ... Mission", "G-5 Sahel Joint Force".
		if kind == entities.KindInternational || kind == entities.KindStateBody || kind == entities.KindInitiative || kind == entities.KindOperation {
			for k := len(toks) - 1; k >= 1; k-- {
				prefix := Span{toks[0].Start, toks[k-1].End}
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
			return span{sp, ref{known: &k}, true}, true
		}
	}
	if cand := d.byKey[fold(name)]; cand != nil {
		return span{sp, ref{cand: cand}, false}, true
	}
	if cc := countries[fold(name)]; cc != "" {
		if cand := d.byKey[fold(cc)]; cand != nil {
			return span{sp, ref{cand: cand}, false}, true
		}
	}
	return span{}, false
}

// aliasRules merge names the sentence says are one: "X, also spelled Y",
// "X, known in French as Y", "X, whose formal name is Y", "X, the Y, ...".
var aliasRules = []*regexp.Regexp{
	expand(`(?P<a>ENT)\s*,\s*(?:also\s+)?(?:spelled|spelt|known|called|written|referred\s+to)\s+(?:in\s+\w+\s+|locally\s+)?(?:as\s+)?DET(?P<b>ENT)`),
	expand(`(?P<a>ENT)\s*,\s*whose\s+(?:formal|full|official|Arabic|French)\s+name\s+is\s+DET(?P<b>ENT)`),
	expand(`(?P<a>ENT)\s*,\s*the\s+(?P<b>ENT)\s*,`),
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
			if re == aliasRules[2] && ka != kb && kb != entities.KindInternational {
				continue
			}
			if a.known != nil {
				b.cand.known = a.known
				continue
			}
			b.cand.merged = a.cand
			a.cand.aliases = appendUnique(a.cand.aliases, b.cand.name)
			for _, al := range b.cand.aliases {
				a.cand.aliases = appendUnique(a.cand.aliases, al)
			}
			for s := range b.cand.sentSeen {
				a.cand.sentSeen[s] = true
			}
		}
	}
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
		id := itemID("r", string(p.typ), string(from.Match), from.Ref, from.Text, string(to.Match), to.Ref, to.Text, strconv.Itoa(s.Start))
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

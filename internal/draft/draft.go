package draft

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// Options describe the source being drafted.
type Options struct {
	SourceID  string
	Title     string
	Published string // a date at its precision, or ""
	Country   string // the country in scope for generic state-body names, or ""
}

// candidate is a new entity being gathered over the whole text.
type candidate struct {
	id       string
	name     string
	aliases  []string
	kind     entities.Kind
	country  string
	founded  string
	head     string // the lower-case head word, for "the gendarmerie"
	generic  bool
	first    rawName
	sent     int // index of the sentence it was first found in
	score    float64
	reason   string
	known    *Known // the existing entity it resolved to, if any
	merged   *candidate
	sentSeen map[int]bool
	anon     bool // an event or cell the text names by description
}

func (c *candidate) root() *candidate {
	for c.merged != nil {
		c = c.merged
	}
	return c
}

// ref is what a span of a sentence names.
type ref struct {
	known   *Known
	cand    *candidate
	anaphor string // the unresolved words, when neither is set
	via     string
}

func (r ref) resolved() ref {
	if r.cand != nil {
		c := r.cand.root()
		if c.known != nil {
			return ref{known: c.known, via: r.via}
		}
		return ref{cand: c, via: r.via}
	}
	return r
}

func (r ref) key() string {
	r = r.resolved()
	switch {
	case r.known != nil:
		return "e:" + r.known.ID
	case r.cand != nil:
		return fmt.Sprintf("c:%p", r.cand) // ids are given at the end; identity is the candidate
	}
	return "u:" + r.anaphor
}

func (r ref) kind() entities.Kind {
	r = r.resolved()
	switch {
	case r.known != nil:
		return r.known.Kind
	case r.cand != nil:
		return r.cand.kind
	}
	return ""
}

// span is a name in a sentence and what it names.
type span struct {
	Span
	ref   ref
	known bool   // found by the index
	why   string // the index's reason
}

// drafter holds one drafting run.
type drafter struct {
	text      string
	opts      Options
	idx       Index
	sents     []sentence
	toks      [][]token
	raws      [][]rawName
	byKey     map[string]*candidate
	cands     []*candidate
	dates     [][]foundDate // per sentence: its dates, a date without a year taking the last year given before
	out       *Draft
	pending   []pendingRel
	kept      [][]span // per sentence: its names, once read
	mentioned map[string]bool
	byHead    map[string][]*candidate // head word → the candidates it heads
}

func newDrafter(text string, opts Options, idx Index) *drafter {
	return &drafter{text: text, opts: opts, idx: idx, byKey: map[string]*candidate{}, mentioned: map[string]bool{}, byHead: map[string][]*candidate{}}
}

// Make drafts text. It is pure: the same text, options and index give the
// same draft.
func Make(text string, opts Options, idx Index) *Draft {
	d := newDrafter(text, opts, idx)
	paras := paragraphs(text)
	d.sents = sentences(text, paras)
	d.out = &Draft{
		Format: Format, Source: opts.SourceID, Text: TextFile, TextSHA256: textSum([]byte(text)),
		Country: opts.Country, Paragraphs: paras,
		Mentions: []Mention{}, Entities: []Candidate{}, Relationships: []RelCandidate{},
	}
	d.gatherNames()
	d.resolveKnown()
	d.datesContext()
	for i := range d.sents {
		d.sentence(i)
	}
	d.assignIDs()
	d.emitCandidates()
	d.emitRelationships()
	sortItems(d.out)
	return d.out
}

// resolveKnown links each candidate whose name or an alias resolves, in its
// country's scope, to exactly one entity of the graph.
func (d *drafter) resolveKnown() {
	if d.idx == nil {
		return
	}
	for _, c := range d.cands {
		country := c.country
		if country == "" {
			country = d.opts.Country
		}
		var suggested []string
		for _, name := range append([]string{c.name}, c.aliases...) {
			if ks := d.idx.Resolve(name, country); len(ks) == 1 {
				k := ks[0]
				c.known = &k
				break
			}
			for _, id := range d.idx.Suggest(name, country) {
				suggested = appendUnique(suggested, id)
			}
		}
		if c.known == nil && len(suggested) > 0 {
			sort.Strings(suggested)
			c.reason += "; did you mean " + strings.Join(suggested, " or ") + "? (matched only by a short acronym, a shared or an unscoped name)"
		}
	}
}

// gatherNames is the first pass: every sentence's names, gathered into
// candidates by their folded names and acronyms.
func (d *drafter) gatherNames() {
	d.toks = make([][]token, len(d.sents))
	d.raws = make([][]rawName, len(d.sents))
	lower := map[string]bool{}
	for i, s := range d.sents {
		d.toks[i] = tokenize(d.text, s.Span)
		for _, t := range d.toks[i] {
			if isLowerWord(t.text) {
				lower[t.text] = true
			}
		}
	}
	for i, s := range d.sents {
		d.raws[i] = findNames(d.text, s, d.toks[i], d.opts.Country, lower)
		for k := range d.raws[i] {
			if !d.raws[i][k].initial && !d.raws[i][k].refOnly {
				d.register(&d.raws[i][k], i)
			}
		}
	}
}

func candKey(name, country string, generic bool) string {
	k := fold(name)
	if generic {
		k += "|" + fold(country)
	}
	return k
}

// register files a raw name under its candidate, making one if need be.
func (d *drafter) register(n *rawName, sent int) *candidate {
	keys := []string{candKey(n.name, n.country, n.generic)}
	if n.acr != "" {
		keys = append(keys, candKey(n.acr, n.country, false))
	}
	for _, a := range n.aliases {
		keys = append(keys, candKey(a, n.country, false))
	}
	// Every candidate a key already names is this one: merge them (the GSIGN
	// standing alone, then "Groupement ... (GSIGN)").
	var c *candidate
	for _, k := range keys {
		found := d.byKey[k]
		if found == nil {
			continue
		}
		found = found.root()
		switch {
		case c == nil:
			c = found
		case found != c:
			if found.score > c.score {
				c, found = found, c
			}
			mergeInto(found, c)
		}
	}
	if c == nil {
		c = &candidate{name: n.name, kind: n.kind, country: n.country, generic: n.generic, first: *n, sent: sent,
			score: n.score, reason: n.reason, sentSeen: map[int]bool{}}
		c.head = headWord(n.name)
		d.addCand(c)
	} else if n.score > c.score {
		// A surer finding (a definition) names the kind and gives the reason.
		c.kind, c.score, c.reason = n.kind, n.score, n.reason
		if n.acr != "" && c.first.acr == "" {
			c.aliases = appendUnique(c.aliases, c.name)
			c.name, c.first, c.sent = n.name, *n, sent
			c.head = headWord(n.name)
		}
	}
	for _, a := range append([]string{n.name, n.acr}, n.aliases...) {
		if a != "" && a != c.name {
			c.aliases = appendUnique(c.aliases, a)
		}
	}
	for _, k := range keys {
		if d.byKey[k] == nil {
			d.byKey[k] = c
		}
	}
	if strings.HasPrefix(fold(n.name), "operation ") {
		rest := strings.TrimSpace(n.name[len("Operation"):])
		c.aliases = appendUnique(c.aliases, rest)
		if d.byKey[fold(rest)] == nil {
			d.byKey[fold(rest)] = c
		}
	}
	c.sentSeen[sent] = true
	return c
}

func (d *drafter) addCand(c *candidate) {
	d.cands = append(d.cands, c)
	if c.head != "" {
		d.byHead[c.head] = append(d.byHead[c.head], c)
	}
}

// known returns the graph's entity with id.
func (d *drafter) known(id string) (Known, bool) {
	if d.idx == nil {
		return Known{}, false
	}
	return d.idx.Get(id)
}

// mergeInto makes b an alias of a.
func mergeInto(b, a *candidate) {
	b.merged = a
	if b.score > a.score && b.kind != "" {
		a.kind, a.score, a.reason = b.kind, b.score, b.reason // "FIU, the National ... Unit": the spelled-out name knows the kind
		a.generic, a.country = b.generic, b.country
	}
	a.aliases = appendUnique(a.aliases, b.name)
	for _, al := range b.aliases {
		a.aliases = appendUnique(a.aliases, al)
	}
	for s := range b.sentSeen {
		a.sentSeen[s] = true
	}
}

func headWord(name string) string {
	words := strings.Fields(strings.ToLower(name))
	for k, w := range words {
		if k > 0 && (w == "of" || w == "for" || w == "against" || w == "in") {
			return words[k-1]
		}
	}
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// datesContext gives each sentence the year a date without one takes: the
// last year the text gave before it, or the year of publication.
func (d *drafter) datesContext() {
	year := 0
	if len(d.opts.Published) >= 4 {
		year, _ = strconv.Atoi(d.opts.Published[:4])
	}
	d.dates = make([][]foundDate, len(d.sents))
	for i, s := range d.sents {
		d.dates[i] = findDates(d.text, s.Span, year)
		year = lastYear(d.dates[i], year)
	}
}

// sentence is the second pass over one sentence: its spans, mentions and
// relationships.
func (d *drafter) sentence(i int) {
	s := d.sents[i]
	if d.kept == nil {
		d.kept = make([][]span, len(d.sents))
	}
	spans := d.spans(i)
	d.kept[i] = spans
	for _, sp := range spans {
		r := sp.ref.resolved()
		if r.cand != nil {
			r.cand.sentSeen[i] = true
		}
		if r.known != nil {
			d.mention(i, sp, r.known)
		}
	}
	m := mask(d.text, s.Span, spans)
	d.aliasRules(m, spans)
	dates := d.dates[i]
	conf, hedge := confidence(d.text[s.Start:s.End])
	ctx := relContext{d: d, sent: i, spans: spans, masked: m, dates: dates, conf: conf, hedge: hedge}
	ctx.innerRelations()
	ctx.event()
	ctx.applyRules()
}

func (d *drafter) where(i int) Sentence {
	s := d.sents[i]
	return Sentence{Text: d.text[s.Start:s.End], Start: s.Start, End: s.End, Paragraph: s.para}
}

func (d *drafter) mention(i int, sp span, k *Known) {
	id := itemID("m", k.ID, strconv.Itoa(sp.Start))
	if d.mentioned[id] {
		return
	}
	d.mentioned[id] = true
	why := "the name of " + k.ID
	if sp.why != "" {
		why = sp.why
	}
	score := 0.9
	if sp.ref.via != "" {
		why, score = sp.ref.via, 0.8
	} else if !sp.known {
		why = "a name the text gives resolves to " + k.ID
		score = 0.85
	}
	d.out.Mentions = append(d.out.Mentions, Mention{
		Item:   Item{ID: id, Status: Proposed, Score: score, Reason: why, Where: d.where(i)},
		Entity: k.ID, Kind: k.Kind, Name: k.Name, Text: d.text[sp.Start:sp.End], Span: sp.Span,
	})
}

// emitCandidates writes out the candidates that were not resolved to known
// entities, each at its first sentence.
func (d *drafter) emitCandidates() {
	for _, c := range d.cands {
		if c.merged != nil || c.known != nil || c.kind == "" || !c.anon && len(c.sentSeen) == 0 {
			continue
		}
		sent := c.sent
		for s := range c.sentSeen {
			if s < sent {
				sent = s
			}
		}
		aliases := []string{}
		for _, a := range c.aliases {
			if a != c.name && fold(a) != fold(c.name) {
				aliases = appendUnique(aliases, a)
			}
		}
		sort.Strings(aliases)
		country := ""
		if c.kind == entities.KindStateBody {
			country = c.country
		}
		d.out.Entities = append(d.out.Entities, Candidate{
			Item:   Item{ID: itemID("e", c.id), Status: Proposed, Score: round2(c.score), Reason: c.reason, Where: d.where(sent)},
			Entity: c.id, Kind: c.kind, Name: c.name, Aliases: aliases, Country: country, Founded: c.founded,
			Span: c.first.Span, Occurrences: max(1, len(c.sentSeen)),
		})
	}
}

// assignIDs gives every candidate the id it would have as an entity: the slug
// of its acronym (when it has one of three letters or more) or of its name, and
// for a generic state-body name the slug of its country; a clash gets -2, -3.
func (d *drafter) assignIDs() {
	used := map[string]bool{}
	taken := func(id string) bool {
		if used[id] {
			return true
		}
		_, known := d.known(id)
		return known
	}
	for _, c := range d.cands {
		if c.merged != nil || c.id != "" {
			if c.id != "" {
				used[c.id] = true
			}
			continue
		}
		name, country := c.name, ""
		if acr := c.first.acr; len(acr) >= 3 {
			name = acr
		}
		if c.generic {
			country = c.country
		}
		base := entities.NewEntityID(name, country)
		id := base
		for n := 2; taken(id); n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[id] = true
		c.id = id
	}
}

func itemID(prefix string, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return prefix + "-" + hex.EncodeToString(sum[:5])
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func sortItems(d *Draft) {
	sort.SliceStable(d.Mentions, func(i, j int) bool {
		if d.Mentions[i].Span.Start != d.Mentions[j].Span.Start {
			return d.Mentions[i].Span.Start < d.Mentions[j].Span.Start
		}
		return d.Mentions[i].ID < d.Mentions[j].ID
	})
	sort.SliceStable(d.Entities, func(i, j int) bool {
		if d.Entities[i].Where.Start != d.Entities[j].Where.Start {
			return d.Entities[i].Where.Start < d.Entities[j].Where.Start
		}
		return d.Entities[i].ID < d.Entities[j].ID
	})
	sort.SliceStable(d.Relationships, func(i, j int) bool {
		return d.Relationships[i].Where.Start < d.Relationships[j].Where.Start
	})
}

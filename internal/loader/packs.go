package loader

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/graphapi/graphapi/internal/alias"
	"github.com/graphapi/graphapi/internal/entities"
)

// A seed is a set of source packs: every folder that holds a pack.yaml is a
// pack, one source (pack.yaml's source:, its text in the pack) and the
// statements that source makes, in any *.yaml file of the folder. Any number
// of packs may state the same entity or relationship: the graph holds one
// node or edge, its evidence the union, its names and aliases the union, and
// every date and value each pack gives a claim of that pack's source
// (entities.Claim); the shown value follows entities.ShownValue and
// disagreements are reported as warnings, never overwritten. An entity stated
// without an id, or a relationship end that is no entity's id, is resolved by
// name through the alias index (internal/alias).
//
// Files outside any pack (YAML with sources:, CSV, STIX bundles) together
// state each thing once, as one pack does. Their evidence names its sources
// item by item. A record whose evidence cites one source is that source's
// statement, as a pack's is: its dates and values are that source's claims,
// merged with the packs' by the same rules, a disagreement reported. The
// claims a record carries (an export's CSV claims column, a STIX bundle's
// x-graphapi extension) are kept as claims. A record that cites several
// sources and carries no claims gives values no one source claims: they are
// kept as given where no claim speaks to the field, and a value that
// disagrees with the claims is refused (plainDisagrees), never dropped.

// pack is one source pack.
type pack struct {
	dir     string // the folder, relative to the seed's root ("." for a seed that is one pack)
	file    string // its pack.yaml
	source  string // the source's id, once read
	country string // the source's country: the scope of generic state-body names
}

// String names the pack in problems: by its folder, or "the pack" when it is
// the whole seed (a pack added to a graph, add.go).
func (p *pack) String() string {
	if p.dir == "." {
		return "the pack"
	}
	return "pack " + p.dir
}

// findPacks returns the pack of each file that lies in one (the nearest
// enclosing folder with a pack.yaml), by file name.
func findPacks(names []string) map[string]*pack {
	packs := map[string]*pack{}
	for _, n := range names {
		if path.Base(n) == "pack.yaml" {
			dir := path.Dir(n)
			packs[dir] = &pack{dir: dir, file: n}
		}
	}
	byFile := map[string]*pack{}
	if len(packs) == 0 {
		return byFile
	}
	for _, n := range names {
		for dir := path.Dir(n); ; dir = path.Dir(dir) {
			if p := packs[dir]; p != nil {
				byFile[n] = p
				break
			}
			if dir == "." || dir == "/" {
				break
			}
		}
	}
	return byFile
}

// merger joins the statements that several units make of one entity or
// relationship, resolving names through the alias index first.
type merger struct {
	probs *problemList
	warns *problemList
	index *alias.Index
	// stated holds each entity id stated with an id, to tell a new id from a
	// restated one.
	stated map[string]bool
	// reports holds the ids of the sources that are reports: when several
	// packs state one thing, the report's quotations come first.
	reports map[string]bool
}

// reportsFirst orders merged evidence so that quotations from reports come
// before references' locators, each kind in pack order: an analyst reads the
// primary text first, whatever the packs' folder names.
func (m *merger) reportsFirst(ev []evidenceRec) {
	slices.SortStableFunc(ev, func(a, b evidenceRec) int {
		return cmp.Compare(b2i(!m.reports[a.ev.Source]), b2i(!m.reports[b.ev.Source]))
	})
}

// mergeStatements rewrites the YAML records of files so that each entity and
// each relationship is stated once, by the first record that states it, with
// the union of every record's names, evidence and claims. It runs after every
// file is read and before the checks, which then see one record per id.
func mergeStatements(files []*seedFile, probs, warns *problemList) {
	m := &merger{probs: probs, warns: warns, index: alias.New(nil), stated: map[string]bool{}, reports: map[string]bool{}}
	var ents []*entityRec
	var rels []*relRec
	for _, f := range files {
		if f.recs == nil {
			continue
		}
		for _, s := range f.recs.sources {
			m.reports[s.src.ID] = s.src.Kind == entities.SourceReport
		}
		for i := range f.recs.entities {
			r := &f.recs.entities[i]
			r.fillSource()
			ents = append(ents, r)
		}
		for i := range f.recs.rels {
			r := &f.recs.rels[i]
			r.fillSource()
			rels = append(rels, r)
		}
	}
	// Entities with ids first: they are what names resolve to.
	for _, r := range ents {
		if r.ent.ID != "" {
			m.index.Add(m.entry(r))
			m.stated[r.ent.ID] = true
		}
	}
	m.warnNearDuplicates(ents)
	for _, r := range ents {
		if r.ent.ID == "" {
			m.identify(r)
		}
	}
	for _, sh := range m.index.Shared() {
		m.warnShared(sh, ents)
	}
	for _, r := range rels {
		m.resolveEnd(r, &r.rel.From, "from")
		m.resolveEnd(r, &r.rel.To, "to")
	}

	for _, group := range groupBy(ents, func(r *entityRec) string { return r.ent.ID }) {
		// The statements that give the id name the entity; those resolved by
		// name add to it.
		slices.SortStableFunc(group, func(a, b *entityRec) int { return cmp.Compare(b2i(a.byName), b2i(b.byName)) })
		drop(group, m.mergeEntity(group), func(r *entityRec) *statement { return &r.statement })
	}
	for _, group := range groupBy(rels, func(r *relRec) string { return relKeyOf(&r.rel) }) {
		drop(group, m.mergeRelationship(group), func(r *relRec) *statement { return &r.statement })
	}
	// The records point into the files' slices: compact those last.
	for _, f := range files {
		if f.recs != nil {
			f.recs.entities = slices.DeleteFunc(f.recs.entities, func(r entityRec) bool { return r.merged })
			f.recs.rels = slices.DeleteFunc(f.recs.rels, func(r relRec) bool { return r.merged })
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// drop marks every record of a group but the first, which now holds the
// union, as merged away; and the first too when the group failed.
func drop[T any](group []*T, ok bool, st func(*T) *statement) {
	head := st(group[0])
	for i, r := range group {
		st(r).merged = i > 0 || !ok
		head.restated = head.restated || !st(r).stored
	}
}

// warnAt is where a group's problems and warnings stand: its first record in
// a file, not one that stands for the graph a pack is added to.
func warnAt[T any](group []*T, where func(*T) (at, *statement)) at {
	for _, r := range group {
		if a, st := where(r); !st.stored {
			return a
		}
	}
	a, _ := where(group[0])
	return a
}

// relKeyOf is the key relationships merge by: "" (never merged) while an end
// is unresolved.
func relKeyOf(r *entities.Relationship) string {
	if r.From == "" || r.To == "" {
		return ""
	}
	return entities.RelationshipID(r.From, r.Type, r.To)
}

// groupBy groups records by key, groups in the order of their first record and
// records in seed order. Records with an empty key stay alone.
func groupBy[T any](rs []*T, key func(*T) string) [][]*T {
	var out [][]*T
	at := map[string]int{}
	for _, r := range rs {
		k := key(r)
		if i, ok := at[k]; ok && k != "" {
			out[i] = append(out[i], r)
			continue
		}
		at[k] = len(out)
		out = append(out, []*T{r})
	}
	return out
}

// fillSource gives a pack record's evidence the pack's source.
func (s *statement) fillEvidence(ev []evidenceRec) {
	if s.pack == nil {
		return
	}
	for i := range ev {
		ev[i].ev.Source = s.pack.source
	}
}

func (r *entityRec) fillSource() { r.statement.fillEvidence(r.evidence) }
func (r *relRec) fillSource()    { r.statement.fillEvidence(r.evidence) }

// mergeEntity makes group[0] the union of the group, and reports whether it is
// to be kept (false only when the group failed).
func (m *merger) mergeEntity(group []*entityRec) bool {
	head := group[0]
	if head.ent.ID == "" {
		return false // an entity that could not be identified, reported
	}
	if !oncePerUnit(m, group, func(r *entityRec) (at, *pack) { return r.at, r.pack }, func(first at) string {
		return fmt.Sprintf("duplicate entity id %q (first at %s:%d)", head.ent.ID, first.file, first.line)
	}) {
		return false
	}
	var claims, plainClaims []entities.Claim
	var plainAt at
	var plainEvidence []evidenceRec
	plain := head.ent // the values of records outside packs, first given first
	plain.Attributes = map[string]string{}
	for i, r := range group {
		e := &r.ent
		if i > 0 {
			m.mergeNames(head, r)
			head.evidence = appendNewEvidence(head.evidence, r.evidence)
			if head.ent.Description == "" {
				head.ent.Description = e.Description
			}
		}
		if src, ok := r.claimant(r.evidence); ok {
			claims = append(claims, entityClaims(e, src)...)
			continue
		}
		// A graph graphapi exported (CSV, STIX) carries each source's
		// claims as they were: kept, they give back the same shown values.
		claims = append(claims, e.Claims...)
		if !r.stored && len(e.Claims) == 0 {
			plainAt, plainEvidence, plainClaims = r.at, r.evidence, entityClaims(e, "")
		}
		if plain.Founded.IsZero() {
			plain.Founded = e.Founded
		}
		if plain.Dissolved.IsZero() {
			plain.Dissolved = e.Dissolved
		}
		for k, v := range e.Attributes {
			if _, ok := plain.Attributes[k]; !ok {
				plain.Attributes[k] = v
			}
		}
	}
	// Problems and warnings from here on stand at the first statement in a
	// file: the pack's, when the graph held the entity (add.go).
	head.at = warnAt(group, func(r *entityRec) (at, *statement) { return r.at, &r.statement })
	head.ent.Claims = entities.SortClaims(claims)
	dateField := entities.FieldFounded
	if head.ent.Kind == entities.KindEvent {
		dateField = entities.FieldDate
	}
	head.ent.Founded = shownDate(dateField, claims, plain.Founded, head.at, m.probs)
	head.ent.Dissolved = shownDate(entities.FieldDissolved, claims, plain.Dissolved, head.at, m.probs)
	attrs := plain.Attributes
	for _, c := range claims {
		if key, ok := strings.CutPrefix(c.Field, entities.AttributeField); ok {
			attrs[key] = entities.ShownValue(c.Field, claims)
		}
	}
	head.ent.Attributes = nil
	if len(attrs) > 0 {
		head.ent.Attributes = attrs
	}
	m.plainDisagrees(fmt.Sprintf("entity %q", head.ent.ID), plainAt, plainEvidence, plainClaims, claims)
	for _, cf := range entities.Conflicts(entities.SubjectEntity, head.ent.ID, claims) {
		m.warns.add(head.at.file, head.at.line, "entity %q: %s", head.ent.ID, conflictText(cf))
	}
	if len(group) > 1 {
		m.reportsFirst(head.evidence)
	}
	return true
}

// mergeRelationship does for a relationship what mergeEntity does.
func (m *merger) mergeRelationship(group []*relRec) bool {
	head := group[0]
	what := relSubject(&head.rel).String()
	if head.rel.From == "" || head.rel.To == "" {
		return false // an end that did not resolve, reported
	}
	if !oncePerUnit(m, group, func(r *relRec) (at, *pack) { return r.at, r.pack }, func(first at) string {
		return fmt.Sprintf("%s is stated twice (first at %s:%d); merge the evidence into one", what, first.file, first.line)
	}) {
		return false
	}
	var claims, plainClaims []entities.Claim
	var plainAt at
	var plainEvidence []evidenceRec
	plain := head.rel
	plain.Confidence = ""
	var notes []string
	for i, r := range group {
		rel := &r.rel
		if i > 0 {
			head.evidence = appendNewEvidence(head.evidence, r.evidence)
		}
		if rel.Note != "" && !hasNote(strings.Join(notes, "\n"), rel.Note) {
			notes = append(notes, rel.Note)
		}
		if src, ok := r.claimant(r.evidence); ok {
			claims = append(claims, relClaims(r, src)...)
			continue
		}
		claims = append(claims, rel.Claims...) // an export's, as for entities
		if !r.stored && len(rel.Claims) == 0 {
			plainAt, plainEvidence = r.at, r.evidence
			plainClaims = relClaims(r, "")
			if !r.confidenceGiven {
				plainClaims = plainClaims[1:] // no confidence stated, none to keep
			}
		}
		if plain.Since.IsZero() {
			plain.Since = rel.Since
		}
		if plain.Until.IsZero() {
			plain.Until = rel.Until
		}
		if plain.Confidence == "" {
			plain.Confidence = rel.Confidence
		}
	}
	head.at = warnAt(group, func(r *relRec) (at, *statement) { return r.at, &r.statement }) // as for entities
	head.rel.Note = strings.Join(notes, "\n")
	head.rel.Claims = entities.SortClaims(claims)
	head.rel.Since = shownDate(entities.FieldSince, claims, plain.Since, head.at, m.probs)
	head.rel.Until = shownDate(entities.FieldUntil, claims, plain.Until, head.at, m.probs)
	head.rel.Confidence = plain.Confidence
	if v := entities.ShownValue(entities.FieldConfidence, claims); v != "" {
		head.rel.Confidence = entities.Confidence(v)
	}
	m.plainDisagrees(what, plainAt, plainEvidence, plainClaims, claims)
	for _, cf := range entities.Conflicts(entities.SubjectRelationship, entities.RelationshipID(head.rel.From, head.rel.Type, head.rel.To), claims) {
		m.warns.add(head.at.file, head.at.line, "%s: %s", what, conflictText(cf))
	}
	if len(group) > 1 {
		m.reportsFirst(head.evidence)
	}
	return true
}

// claimant is the source whose claims a statement's values are: its pack's;
// outside packs, the one source its evidence cites, unless it is a graph's
// record as graphapi wrote it (an export's, or the stored graph's, add.go),
// whose claims and values are kept as they were.
func (s *statement) claimant(ev []evidenceRec) (string, bool) {
	if s.pack != nil {
		return s.pack.source, true
	}
	if s.stored || s.exported || len(ev) == 0 {
		return "", false
	}
	src := ev[0].ev.Source
	for _, e := range ev[1:] {
		if e.ev.Source != src {
			return "", false
		}
	}
	return src, src != ""
}

// plainDisagrees refuses the values a record outside packs gives as no one
// source's (plain, from a record whose evidence cites several sources) where
// the claims show another value for the field: kept, the claims would hide
// them; the record must say whose they are.
func (m *merger) plainDisagrees(what string, a at, ev []evidenceRec, plain, claims []entities.Claim) {
	for _, p := range plain {
		shown := entities.ShownValue(p.Field, claims)
		if shown == "" || entities.ClaimsAgree(p.Field, p.Value, shown) {
			continue
		}
		var cited []string
		for _, e := range ev {
			if !slices.Contains(cited, e.ev.Source) {
				cited = append(cited, e.ev.Source)
			}
		}
		var by []string
		for _, c := range claims {
			if c.Field == p.Field {
				by = append(by, fmt.Sprintf("%s (%s)", c.Value, c.Source))
			}
		}
		m.probs.add(a.file, a.line, "%s: %s %s here is no one source's claim (its evidence cites %s) and disagrees with %s: "+
			"state it once per source (one record citing only that source, or in that source's pack), so that each source's value is kept as its claim",
			what, p.Field, p.Value, strings.Join(cited, ", "), strings.Join(by, ", "))
	}
}

// hasNote reports whether note is already one of the lines of notes, the
// notes of several statements joined: a stored relationship's note is them
// joined, and a pack added again must not repeat its own.
func hasNote(notes, note string) bool {
	return notes == note || strings.HasPrefix(notes, note+"\n") || strings.HasSuffix(notes, "\n"+note) ||
		strings.Contains(notes, "\n"+note+"\n")
}

// oncePerUnit refuses a group in which one pack (or the files outside packs,
// together) states the same thing twice: that is an editing slip, not a second
// source. twice says what is wrong outside packs.
func oncePerUnit[T any](m *merger, group []*T, where func(*T) (at, *pack), twice func(first at) string) bool {
	ok := true
	first := map[*pack]at{}
	for _, r := range group {
		a, p := where(r)
		f, dup := first[p]
		switch {
		case !dup:
			first[p] = a
			continue
		case p == nil:
			m.probs.add(a.file, a.line, "%s", twice(f))
		default:
			m.probs.add(a.file, a.line, "%s states this twice (first at %s:%d); a pack states a thing once: merge the two", p, f.file, f.line)
		}
		ok = false
	}
	return ok
}

// mergeNames adds r's names to head's: a second name becomes an alias.
func (m *merger) mergeNames(head, r *entityRec) {
	switch {
	case head.ent.Kind == "":
		head.ent.Kind = r.ent.Kind
	case r.ent.Kind != "" && r.ent.Kind != head.ent.Kind:
		m.probs.add(r.at.file, r.at.line, "entity %q is a %s here but a %s at %s", head.ent.ID, r.ent.Kind, head.ent.Kind, head.at)
	}
	if head.ent.Name == "" {
		head.ent.Name = r.ent.Name
	}
	for _, n := range r.names() {
		if n != head.ent.Name && !slices.Contains(head.ent.Aliases, n) {
			head.ent.Aliases = append(head.ent.Aliases, n)
		}
	}
}

func appendNewEvidence(have, more []evidenceRec) []evidenceRec {
	for _, e := range more {
		if !slices.ContainsFunc(have, func(h evidenceRec) bool { return h.ev == e.ev }) {
			have = append(have, e)
		}
	}
	return have
}

// entityClaims are the dates and values a pack's entity statement gives.
func entityClaims(e *entities.Entity, source string) []entities.Claim {
	var out []entities.Claim
	add := func(field, value string) {
		if value != "" {
			out = append(out, entities.Claim{Field: field, Value: value, Source: source})
		}
	}
	if e.Kind == entities.KindEvent {
		add(entities.FieldDate, e.Founded.String())
	} else {
		add(entities.FieldFounded, e.Founded.String())
	}
	add(entities.FieldDissolved, e.Dissolved.String())
	for k, v := range e.Attributes {
		add(entities.AttributeField+k, v)
	}
	return out
}

// relClaims are the dates and the confidence a pack's relationship statement
// gives; a statement that gives no confidence states the link as fact.
func relClaims(r *relRec, source string) []entities.Claim {
	out := []entities.Claim{{Field: entities.FieldConfidence, Value: string(entities.Fact), Source: source}}
	if r.confidenceGiven {
		out[0].Value = string(r.rel.Confidence)
	}
	if !r.rel.Since.IsZero() {
		out = append(out, entities.Claim{Field: entities.FieldSince, Value: r.rel.Since.String(), Source: source})
	}
	if !r.rel.Until.IsZero() {
		out = append(out, entities.Claim{Field: entities.FieldUntil, Value: r.rel.Until.String(), Source: source})
	}
	return out
}

// shownDate is the date claims show for a field, else the plain value.
func shownDate(field string, claims []entities.Claim, plain entities.Date, a at, probs *problemList) entities.Date {
	v := entities.ShownValue(field, claims)
	if v == "" {
		return plain
	}
	d, err := entities.ParseDate(v)
	if err != nil { // the claim came from a date the reader parsed
		probs.add(a.file, a.line, "%s: %s", field, entities.ErrorMessage(err))
	}
	return d
}

func conflictText(cf entities.Conflict) string {
	parts := make([]string, len(cf.Claims))
	for i, c := range cf.Claims {
		parts[i] = fmt.Sprintf("%s (%s)", c.Value, c.Source)
	}
	return fmt.Sprintf("sources disagree on %s: %s; showing %s", cf.Field, strings.Join(parts, ", "), cf.Shown)
}

package ucdp

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/internal/alias"
	"github.com/graphapi/graphapi/internal/entities"
)

// The actor dataset as one source pack, resolved against a graph. Every
// actor is a unit: a non-state actor one armed group, a government with the
// countries Location names one country (a government is its state's
// country). A unit is the graph's entity when the person's decision
// (resolve.review) says so, when the entity carries its ActorId (a country:
// its GWNo code) already (a pack imported before), or when its names resolve to that one entity through
// the alias index; it is new when no entity bears its names. It waits when the
// names match only weakly, match two entities, or match an entity another
// unit matched too: the import never guesses, and what waits is left out of
// the pack, with every link that touches it, until a person decides.

// AttrActorID is the attribute that keeps an entity's UCDP ActorId.
const AttrActorID = "ucdp_actor_id"

// AttrGWNo is the attribute that keeps a country's Gleditsch and Ward code.
const AttrGWNo = "gwno"

// SourcePrefix begins the id of every UCDP actor dataset source.
const SourcePrefix = "ucdp-actor-"

// governmentPrefix begins NameData of every Org 4 actor in 22.1.
const governmentPrefix = "Government of "

// Pack is the source pack an import writes, and what it left to decide.
type Pack struct {
	Source        entities.Source
	Entities      []Statement
	Relationships []RelStatement
	Version       string
	Pending       []Pending // in file order
	Decided       []Pending // what a person decided, kept for the next import
	// Merged, New and Waiting count the units: into the graph's entities,
	// new ones, waiting for a decision. Held counts the links left out
	// because an end waits.
	Merged, New, Waiting, Held int
	// Reported is what the file states and the pack leaves out, at its line.
	Reported []Problem
}

// Statement is an entity as the pack states it.
type Statement struct {
	ID         string            `yaml:"id"`
	Kind       entities.Kind     `yaml:"kind"`
	Name       string            `yaml:"name"`
	Aliases    []string          `yaml:"aliases,omitempty,flow"`
	Attributes map[string]string `yaml:"attributes,omitempty,flow"`
	Evidence   []Locator         `yaml:"evidence"`
}

// RelStatement is a relationship as the pack states it: UCDP's coding, a
// fact in its own voice, undated (the actor file gives no dates).
type RelStatement struct {
	From     string           `yaml:"from"`
	Type     entities.RelType `yaml:"type"`
	To       string           `yaml:"to"`
	Note     string           `yaml:"note,omitempty"`
	Evidence []Locator        `yaml:"evidence"`
}

// Locator is evidence that points to a row and its fields, never a quotation.
type Locator struct {
	Locator string `yaml:"locator"`
}

// Pending is a unit waiting for a person to decide what it is.
type Pending struct {
	ActorID    int               `yaml:"actor_id,omitempty"`
	Country    string            `yaml:"country,omitempty"` // a country only Location names
	Line       int               `yaml:"line"`
	Name       string            `yaml:"name"`
	Names      []string          `yaml:"names,flow"`
	Reason     string            `yaml:"reason"`
	Candidates []alias.Candidate `yaml:"candidates"`
	Decision   string            `yaml:"decision"` // an entity's id, or "new"; "" while undecided
}

// DecisionNew is the decision that a unit is a new entity.
const DecisionNew = "new"

// Decisions are what a person decided, by ActorId and by country name.
type Decisions struct {
	Actors    map[int]string
	Countries map[string]string
}

// unit is one actor, or one country, resolved.
type unit struct {
	actor    *Actor // nil for a country only Location names
	kind     entities.Kind
	name     string   // the entity's name
	names    []string // every name it is stated with
	resolve  []string // the names that decide who it is
	line     int
	codes    []int // a country's GWNo codes
	evidence []string
	id       string // the entity, "" while it waits
	by       string // how it was resolved: "decision", "actor id", "name", "new"
	pending  *Pending
}

// Build resolves d against graph (its entities: the Mali seed, a graph served
// or exported) with the decisions taken so far, and returns the pack.
func Build(d *Dataset, graph []entities.Entity, dec Decisions) (*Pack, error) {
	b := newBuilder(d, graph, dec)
	b.units()
	if err := b.identify(); err != nil {
		return nil, err
	}
	b.statements()
	b.links()
	sortProblems(b.pack.Reported)
	return b.pack, nil
}

type builder struct {
	d        *Dataset
	dec      Decisions
	pack     *Pack
	index    *alias.Index
	graphIDs map[string]entities.Kind
	byActor  map[int]string // ActorId → the graph's entity that carries it
	byGWNo   map[int]string // GWNo code → the graph's country that carries it
	actors   map[int]*unit
	// countries by folded name, in first-seen order; byCode names them by
	// GWNo code.
	countries map[string]*unit
	order     []*unit
	byCode    map[int]*unit
	used      map[string]*unit // entity ids taken by units
}

func newBuilder(d *Dataset, graph []entities.Entity, dec Decisions) *builder {
	b := &builder{
		d: d, dec: dec,
		pack:      &Pack{Source: SourceOf(d.Version), Version: d.Version, Reported: slices.Clone(d.Reported)},
		graphIDs:  map[string]entities.Kind{},
		byActor:   map[int]string{},
		byGWNo:    map[int]string{},
		actors:    map[int]*unit{},
		countries: map[string]*unit{},
		byCode:    map[int]*unit{},
		used:      map[string]*unit{},
	}
	var named []entities.Entity
	for i := range graph {
		e := &graph[i]
		b.graphIDs[e.ID] = e.Kind
		if v, err := strconv.Atoi(e.Attributes[AttrActorID]); err == nil {
			b.byActor[v] = e.ID
		}
		if e.Kind == entities.KindCountry {
			for _, c := range splitList(e.Attributes[AttrGWNo]) {
				if v, err := strconv.Atoi(c); err == nil {
					b.byGWNo[v] = e.ID
				}
			}
		}
		// An entity only a UCDP import stated is found by its ActorId, not by
		// name: its names are UCDP's own, and would match themselves.
		if !onlyUCDP(e) {
			named = append(named, *e)
		}
	}
	b.index = alias.New(named)
	return b
}

func onlyUCDP(e *entities.Entity) bool {
	return len(e.Evidence) > 0 && !slices.ContainsFunc(e.Evidence, func(ev entities.Evidence) bool {
		return !strings.HasPrefix(ev.Source, SourcePrefix)
	})
}

// SourceOf is the source of version v of the dataset.
func SourceOf(version string) entities.Source {
	return entities.Source{
		ID:        SourcePrefix + entities.Slug(version),
		Kind:      entities.SourceReference,
		Title:     "UCDP Actor Dataset, version " + version,
		Publisher: "Uppsala Conflict Data Program (UCDP), Department of Peace and Conflict Research, Uppsala University",
		URL:       "https://ucdp.uu.se/downloads/",
	}
}

// units makes a unit of every actor and of every country Location names.
func (b *builder) units() {
	for i := range b.d.Actors {
		a := &b.d.Actors[i]
		if a.Org == OrgState {
			country := strings.TrimPrefix(a.NameData, governmentPrefix)
			u := b.country(country, a.Line)
			if u.actor != nil {
				b.pack.Reported = append(b.pack.Reported, Problem{a.Line, fmt.Sprintf("ActorId %d: %q is also the government of ActorId %d; taken as that country", a.ID, a.NameData, u.actor.ID)})
			} else {
				u.actor = a
				u.line = a.Line
				u.names = appendNew(u.names, a.NameData)
				u.resolve = appendNew(u.resolve, a.NameData)
				u.evidence = append([]string{fmt.Sprintf("ActorId %d: NameData %s", a.ID, a.NameData)}, u.evidence...)
			}
			b.actors[a.ID] = u
			continue
		}
		u := &unit{actor: a, kind: entities.KindArmedGroup, name: a.NameData, names: a.Names(), resolve: a.CurrentNames(), line: a.Line,
			evidence: []string{fmt.Sprintf("ActorId %d: NameData %s", a.ID, a.NameData)}}
		b.actors[a.ID] = u
		b.order = append(b.order, u)
	}
	// Then every country GWNOLoc codes, named as Countries names it.
	codes := make([]int, 0, len(b.d.Countries))
	for c := range b.d.Countries {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		u := b.country(b.d.Countries[c], 0)
		u.codes = append(u.codes, c)
		b.byCode[c] = u
	}
	for i := range b.d.Actors {
		a := &b.d.Actors[i]
		for _, c := range a.Locations {
			if u := b.byCode[c]; u != nil && u.line == 0 {
				u.line = a.Line
				u.evidence = []string{fmt.Sprintf("ActorId %d: GWNOLoc %d (Location %s)", a.ID, c, u.name)}
			}
		}
	}
}

// country is the unit of the country named name, made on first sight.
func (b *builder) country(name string, line int) *unit {
	key := entities.FoldName(name)
	if u := b.countries[key]; u != nil {
		return u
	}
	u := &unit{kind: entities.KindCountry, name: name, names: []string{name}, resolve: []string{name}, line: line,
		evidence: []string{}}
	b.countries[key] = u
	b.order = append(b.order, u)
	return u
}

// identify decides who each unit is.
func (b *builder) identify() error {
	var byName []*unit
	for _, u := range b.order {
		if dec, ok := b.decision(u); ok {
			b.pack.Decided = append(b.pack.Decided, b.pending(u, "decided by a person", nil, dec))
			switch {
			case dec == DecisionNew && b.known(u) != "":
				u.id, u.by = b.known(u), "id" // made new by an earlier import
			case dec == DecisionNew:
				u.by = "new"
			case b.graphIDs[dec] == "":
				return fmt.Errorf("%s: the decision %q is no entity's id in the graph; give an id the graph holds, or %q", u.what(), dec, DecisionNew)
			case b.graphIDs[dec] != u.kind:
				return fmt.Errorf("%s: the decision %q is a %s, not a %s", u.what(), dec, b.graphIDs[dec], u.kind)
			default:
				u.id, u.by = dec, "decision"
			}
			continue
		}
		if id := b.known(u); id != "" {
			u.id, u.by = id, "id"
			continue
		}
		r := b.index.ResolveNames(u.resolve, u.kind, "")
		switch r.Status {
		case alias.Resolved:
			u.id, u.by = r.ID, "name"
			byName = append(byName, u)
		case alias.Ambiguous:
			b.wait(u, r.Reason, r.Candidates)
		default:
			u.by = "new"
		}
	}
	// Two units that match one entity by name are not both it: both wait,
	// and so does one that matches an entity a decision gave another unit.
	claimed := map[string][]*unit{}
	for _, u := range b.order {
		if u.id != "" {
			claimed[u.id] = append(claimed[u.id], u)
		}
	}
	for _, u := range byName {
		others := slices.DeleteFunc(slices.Clone(claimed[u.id]), func(o *unit) bool { return o == u })
		if len(others) == 0 {
			continue
		}
		what := make([]string, len(others))
		for i, o := range others {
			what[i] = o.what()
		}
		b.wait(u, fmt.Sprintf("%s matches %s by name, and so does %s", quoteAll(u.resolve), u.id, strings.Join(what, ", ")),
			[]alias.Candidate{{ID: u.id, Alias: u.id}})
	}
	for _, u := range b.order {
		if u.pending != nil {
			u.id = ""
		}
	}
	// New units take their name's slug, or that and their ActorId (a
	// country: its code) when the graph or another unit has it.
	for _, u := range b.order {
		if u.id != "" {
			b.used[u.id] = u
		}
	}
	for _, u := range b.order {
		if u.by != "new" || u.pending != nil {
			continue
		}
		id := entities.Slug(u.name)
		if _, taken := b.graphIDs[id]; taken || b.used[id] != nil || id == "" {
			id = strings.Trim(id+"-"+u.suffix(), "-")
		}
		u.id = id
		b.used[id] = u
	}
	for _, u := range b.order {
		switch {
		case u.pending != nil:
			b.pack.Waiting++
		case u.by == "new":
			b.pack.New++
		default:
			b.pack.Merged++
		}
	}
	return nil
}

// known is the graph's entity that carries u's ActorId (a country: its GWNo
// code), as a pack imported before left it; "" when none does.
func (b *builder) known(u *unit) string {
	id := ""
	if u.actor != nil {
		id = b.byActor[u.actor.ID]
	}
	for _, c := range u.codes {
		if id == "" {
			id = b.byGWNo[c]
		}
	}
	if b.graphIDs[id] != u.kind {
		return ""
	}
	return id
}

func (u *unit) suffix() string {
	switch {
	case u.actor != nil:
		return "ucdp-" + strconv.Itoa(u.actor.ID)
	case len(u.codes) > 0:
		return "gwno-" + strconv.Itoa(u.codes[0])
	}
	return "ucdp"
}

func (u *unit) what() string {
	if u.actor != nil {
		return fmt.Sprintf("ActorId %d (%s)", u.actor.ID, u.actor.NameData)
	}
	return fmt.Sprintf("country %q", u.name)
}

func (b *builder) decision(u *unit) (string, bool) {
	if u.actor != nil {
		d, ok := b.dec.Actors[u.actor.ID]
		return d, ok && d != ""
	}
	d, ok := b.dec.Countries[u.name]
	return d, ok && d != ""
}

func (b *builder) wait(u *unit, reason string, cands []alias.Candidate) {
	if u.pending != nil {
		return
	}
	p := b.pending(u, reason, cands, "")
	u.pending = &p
}

func (b *builder) pending(u *unit, reason string, cands []alias.Candidate, decision string) Pending {
	p := Pending{Line: u.line, Name: u.name, Names: u.names, Reason: reason, Candidates: cands, Decision: decision}
	if u.actor != nil {
		p.ActorID = u.actor.ID
	} else {
		p.Country = u.name
	}
	return p
}

// statements states each unit that does not wait.
func (b *builder) statements() {
	for _, u := range b.order {
		if u.pending != nil {
			b.pack.Pending = append(b.pack.Pending, *u.pending)
			continue
		}
		st := Statement{ID: u.id, Kind: u.kind, Name: u.name}
		for _, n := range u.names {
			if n == u.name || slices.Contains(st.Aliases, n) {
				continue
			}
			// A name that is another of the graph's entities stays theirs: an
			// alias two entities share resolves to neither.
			if r := b.index.Resolve(n, "", ""); r.Status == alias.Resolved && r.ID != u.id {
				b.pack.Reported = append(b.pack.Reported, Problem{u.line, fmt.Sprintf("%s: the name %q is %s; not added as an alias of %s", u.what(), n, r.Reason, u.id)})
				continue
			}
			st.Aliases = append(st.Aliases, n)
		}
		if u.actor != nil || len(u.codes) > 0 {
			st.Attributes = map[string]string{}
		}
		if u.actor != nil {
			st.Attributes[AttrActorID] = strconv.Itoa(u.actor.ID)
		}
		if len(u.codes) > 0 {
			codes := make([]string, len(u.codes))
			for i, c := range u.codes {
				codes[i] = strconv.Itoa(c)
			}
			st.Attributes[AttrGWNo] = strings.Join(codes, ", ")
		}
		for _, e := range u.evidence {
			st.Evidence = append(st.Evidence, Locator{e})
		}
		b.pack.Entities = append(b.pack.Entities, st)
	}
}

// links states each coded link whose ends are both resolved.
func (b *builder) links() {
	rels := map[string]*RelStatement{}
	var order []string
	add := func(line int, from *unit, typ entities.RelType, to *unit, toID string, locator, note string) {
		if from.pending != nil || (to != nil && to.pending != nil) {
			b.pack.Held++
			return
		}
		if to != nil {
			toID = to.id
		}
		if from.id == toID {
			b.pack.Reported = append(b.pack.Reported, Problem{line, fmt.Sprintf("%s: %s is the entity itself (%s); left out", locator, typ, toID)})
			return
		}
		key := entities.RelationshipID(from.id, typ, toID)
		r := rels[key]
		if r == nil {
			r = &RelStatement{From: from.id, Type: typ, To: toID}
			rels[key] = r
			order = append(order, key)
		}
		r.Evidence = append(r.Evidence, Locator{locator})
		if note != "" && !strings.Contains(r.Note, note) {
			r.Note = strings.TrimSpace(r.Note + " " + note)
		}
	}
	for i := range b.d.Actors {
		a := &b.d.Actors[i]
		from := b.actors[a.ID]
		// A splinter broke away under its original name: when the graph
		// holds that name as an entity of its own, the split is that one's.
		origin := from
		if a.Renamed && from.pending == nil && len(a.Original) > 0 {
			if former := b.renamed(a, from, add); former != nil {
				origin = former
			}
		}
		for _, l := range a.Links {
			loc := fmt.Sprintf("ActorId %d: %s 1, %s %d", a.ID, l.Field.Flag, l.Field.ID, l.Target)
			if l.Name != "" {
				loc += fmt.Sprintf(" (%s %s)", l.Field.Name, l.Name)
			}
			typ, note, start := entities.MergedInto, "", from
			switch l.Field {
			case Splinter:
				typ, start = entities.SplitFrom, origin
			case SplitTemp:
				typ, start = entities.SplitFrom, origin
				note = "UCDP codes a temporary split (SplitTemp): the faction stayed part of the original movement."
			}
			add(a.Line, start, typ, b.actors[l.Target], "", loc, note)
		}
		for _, c := range a.Locations {
			to := b.byCode[c]
			if to == nil || to == from {
				continue // unnamed, reported; or a government active in its own state
			}
			add(a.Line, from, entities.OperatesIn, to, "", fmt.Sprintf("ActorId %d: GWNOLoc %d (Location %s)", a.ID, c, to.name), "")
		}
	}
	for _, k := range order {
		b.pack.Relationships = append(b.pack.Relationships, *rels[k])
	}
}

// renamed states RENAMED_TO from the graph's entity that bears an actor's
// original names, when that is another entity than the actor's: the graph
// keeps GSPC and AQIM apart, UCDP one ActorId for both. The original names
// are then that entity's, not aliases of the actor's. It returns the former
// entity, nil when the graph holds none.
func (b *builder) renamed(a *Actor, u *unit, add func(int, *unit, entities.RelType, *unit, string, string, string)) *unit {
	r := b.index.ResolveNames(a.Original, entities.KindArmedGroup, "")
	if r.Status != alias.Resolved || r.ID == u.id || b.used[r.ID] != nil {
		return nil
	}
	loc := fmt.Sprintf("ActorId %d: NameChange 1, NameOrig %s, NameData %s", a.ID, a.Original[0], a.NameData)
	former := &unit{kind: entities.KindArmedGroup, id: r.ID, name: a.Original[0]}
	b.pack.Entities = append(b.pack.Entities, Statement{ID: r.ID, Kind: entities.KindArmedGroup, Name: a.Original[0], Aliases: a.Original[1:],
		Evidence: []Locator{{fmt.Sprintf("ActorId %d: NameOrig %s", a.ID, a.Original[0])}}})
	b.used[r.ID] = former
	b.pack.Merged++
	add(a.Line, former, entities.RenamedTo, u, "", loc, "")
	// The original names are the former entity's.
	for i := range b.pack.Entities {
		if st := &b.pack.Entities[i]; st.ID == u.id {
			st.Aliases = slices.DeleteFunc(st.Aliases, func(n string) bool { return slices.Contains(a.Original, n) })
		}
	}
	return former
}

func appendNew(list []string, s string) []string {
	if !slices.Contains(list, s) {
		list = append(list, s)
	}
	return list
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// sortProblems orders problems by line.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
}

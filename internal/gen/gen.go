// Package gen generates synthetic graphs for tests and benchmarks: deterministic
// for a seed, shaped like the real one (a few hubs, many leaves, lineage among
// armed groups with cycles, dates at every precision) and cheap enough to make
// a million entities and five million relationships in seconds.
package gen

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/graphapi/graphapi/internal/entities"
)

// Source is the one source that all generated evidence cites.
var Source = entities.Source{
	ID:        "gen",
	Kind:      entities.SourceReference,
	Title:     "Synthetic graph generator",
	Publisher: "graphapi",
}

// kindWeights says how common each kind is, in entities.Kinds order.
var kindWeights = []int{20, 10, 4, 5, 3, 8, 5, 2, 23, 20, 3}

// shortKind prefixes ids. Unpadded numbers after it ("ag-1", "ag-10") make
// entity id order and relationship id order differ, as real ids can.
var shortKind = []string{"ag", "sb", "io", "ngo", "rb", "op", "in", "c", "pl", "ev", "pe"}

type rule struct {
	t        entities.RelType
	weight   int
	from, to []entities.Kind
	local    bool // ends chosen near each other: lineage is families, not one web
}

const (
	ag = entities.KindArmedGroup
	sb = entities.KindStateBody
	io = entities.KindInternational
	ng = entities.KindNGO
	rb = entities.KindReligiousBody
	op = entities.KindOperation
	in = entities.KindInitiative
	co = entities.KindCountry
	pl = entities.KindPlace
	ev = entities.KindEvent
	pe = entities.KindPerson
)

// rules gives every type of the vocabulary, in its order, a weight and the
// kinds its ends usually have. Lineage is rare (about one link for every two
// armed groups), as in the sources, so lineage walks stay small families.
var rules = []rule{
	{entities.MergedInto, 7, []entities.Kind{ag}, []entities.Kind{ag}, true},
	{entities.SplitFrom, 7, []entities.Kind{ag}, []entities.Kind{ag}, true},
	{entities.BranchOf, 5, []entities.Kind{ag}, []entities.Kind{ag}, true},
	{entities.RenamedTo, 3, []entities.Kind{ag}, []entities.Kind{ag}, true},
	{entities.AffiliateOf, 40, []entities.Kind{ag}, []entities.Kind{ag}, false},
	{entities.CooperatesWith, 60, []entities.Kind{ag, sb, io, ng}, []entities.Kind{ag, sb, io, ng}, false},
	{entities.CoordinatesWith, 40, []entities.Kind{sb, io, ng, in}, []entities.Kind{sb, io, ng, in}, false},
	{entities.ReportsTo, 40, []entities.Kind{sb}, []entities.Kind{sb, co}, false},
	{entities.PartOf, 50, []entities.Kind{sb, ag, op}, []entities.Kind{sb, ag, io, in}, false},
	{entities.MemberOf, 40, []entities.Kind{co, sb, ng}, []entities.Kind{io, in}, false},
	{entities.Trains, 30, []entities.Kind{sb, io}, []entities.Kind{sb, ag}, false},
	{entities.Funds, 30, []entities.Kind{co, io, ng, ag}, []entities.Kind{in, ng, ag, op}, false},
	{entities.Supports, 50, []entities.Kind{co, sb, ag}, []entities.Kind{ag, sb, op}, false},
	{entities.ParticipatesIn, 80, []entities.Kind{sb, ag, co, io}, []entities.Kind{op, in, ev}, false},
	{entities.Conducts, 40, []entities.Kind{sb, ag, io}, []entities.Kind{op}, false},
	{entities.Targeted, 80, []entities.Kind{ag, ev}, []entities.Kind{pl, sb, io, ng, rb}, false},
	{entities.Counters, 50, []entities.Kind{sb, io, co}, []entities.Kind{ag}, false},
	{entities.Monitors, 20, []entities.Kind{ng, io}, []entities.Kind{sb, ag}, false},
	{entities.OccurredIn, 120, []entities.Kind{ev}, []entities.Kind{pl, co}, false},
	{entities.LocatedIn, 80, []entities.Kind{pl, rb, ng, sb}, []entities.Kind{pl, co}, false},
	{entities.OperatesIn, 100, []entities.Kind{ag, sb, io, ng}, []entities.Kind{pl, co}, false},
	{entities.Leads, 15, []entities.Kind{pe}, []entities.Kind{ag, sb}, false},
	{entities.Founded, 8, []entities.Kind{pe}, []entities.Kind{ag}, false},
}

// words make names that exercise search folding: accents, apostrophes, hyphens.
var words = []string{
	"Ansar", "al-Dine", "Jama’at", "Nusrat", "Katiba", "Macina", "Sévaré", "Ségou",
	"Gao", "Ménaka", "Tombouctou", "Azawad", "Sahel", "Front", "Brigade", "Mouvement",
	"Council", "Union", "Force", "Mission", "Liptako", "Gourma", "N’Djamena", "Kidal",
	"Mopti", "Djenné", "Tessalit", "Ouagadougou", "Niamey", "Agadez", "Tillabéri", "Diffa",
}

// Generate returns a valid dataset of about the size asked: exactly n entities
// and at most m relationships (fewer only when a tiny graph has no room for m
// distinct links). The same seed gives the same dataset.
func Generate(seed int64, n, m int) *entities.Dataset {
	g := &generator{rng: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))}
	for i := range 500 {
		g.entityEv = append(g.entityEv, []entities.Evidence{{Source: Source.ID, Locator: "entities table, page " + strconv.Itoa(i+1)}})
	}
	for i := range 2000 {
		ev := []entities.Evidence{{Source: Source.ID, Locator: "relationships table, page " + strconv.Itoa(i+1)}}
		if i%20 == 0 {
			ev = append(ev, entities.Evidence{Source: Source.ID, Locator: "annex " + strconv.Itoa(i/20+1)})
		}
		g.relEv = append(g.relEv, ev)
	}
	ds := &entities.Dataset{Sources: []entities.Source{Source}}
	ds.Entities = g.entities(n)
	ds.Relationships = g.relationships(ds.Entities, m)
	return ds
}

type generator struct {
	rng      *rand.Rand
	pools    [][]int32 // entity indexes by kind
	entityEv [][]entities.Evidence
	relEv    [][]entities.Evidence
}

func (g *generator) entities(n int) []entities.Entity {
	out := make([]entities.Entity, n)
	g.pools = make([][]int32, len(entities.Kinds))
	total := 0
	for _, w := range kindWeights {
		total += w
	}
	for i := range out {
		k := i // the first entities take one kind each, so every kind appears
		if i >= len(kindWeights) {
			k = pickWeighted(g.rng.IntN(total), kindWeights)
		}
		g.pools[k] = append(g.pools[k], int32(i))
		e := &out[i]
		e.ID = shortKind[k] + "-" + strconv.Itoa(i)
		e.Kind = entities.Kinds[k].Kind
		e.Name = words[g.rng.IntN(len(words))] + " " + words[g.rng.IntN(len(words))]
		if g.rng.IntN(10) < 7 { // the rest share names, as real groups do
			e.Name += " " + strconv.Itoa(i)
		}
		e.Evidence = g.entityEv[g.rng.IntN(len(g.entityEv))]
		if g.rng.IntN(100) < 12 {
			e.Aliases = []string{words[g.rng.IntN(len(words))] + "-" + strconv.Itoa(i)}
			if g.rng.IntN(4) == 0 {
				e.Aliases = append(e.Aliases, "Groupe "+words[g.rng.IntN(len(words))])
			}
		}
		if g.rng.IntN(10) == 0 {
			e.Description = "A synthetic " + string(e.Kind) + "."
		}
		if g.rng.IntN(20) == 0 {
			e.Attributes = map[string]string{"region": words[g.rng.IntN(len(words))]}
		}
		if g.rng.IntN(10) < 4 {
			e.Founded, e.Dissolved = g.period(4)
		}
	}
	return out
}

// period returns a start at a random precision and, one time in `ends`, an end
// in a later year.
func (g *generator) period(ends int) (start, end entities.Date) {
	start = g.date(1990 + g.rng.IntN(30))
	if g.rng.IntN(ends) == 0 {
		end = g.date(int(start.Year) + 1 + g.rng.IntN(10))
	}
	return start, end
}

// date returns a date in year at the precision of a year, a month or a day;
// days stop at 28 so that every month has them.
func (g *generator) date(year int) entities.Date {
	d := entities.Date{Year: int16(year)}
	switch g.rng.IntN(10) {
	case 0, 1, 2, 3:
	case 4, 5, 6:
		d.Month = int8(1 + g.rng.IntN(12))
	default:
		d.Month, d.Day = int8(1+g.rng.IntN(12)), int8(1+g.rng.IntN(28))
	}
	return d
}

func pickWeighted(x int, weights []int) int {
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

var notes = []string{"Reported in two sources.", "Date approximate.", "Contested by the group."}

func (g *generator) relationships(ents []entities.Entity, m int) []entities.Relationship {
	n := len(ents)
	if n < 2 {
		return nil
	}
	out := make([]entities.Relationship, 0, m)
	// Keys are from<<37 | type<<32 | to; ids below 2^27 fit.
	seen := make(map[uint64]struct{}, m)
	add := func(from, to int32, t int) bool {
		key := uint64(from)<<37 | uint64(t)<<32 | uint64(to)
		if _, dup := seen[key]; dup || from == to {
			return false
		}
		seen[key] = struct{}{}
		out = append(out, g.relationship(&ents[from], &ents[to], rules[t].t))
		return true
	}
	// A lineage cycle among the first armed groups, so every graph has one.
	if ags := g.pools[0]; len(ags) >= 3 && m >= 3 {
		add(ags[0], ags[1], 0)
		add(ags[1], ags[2], 0)
		add(ags[2], ags[0], 0)
	}
	total := 0
	weights := make([]int, len(rules))
	for i, r := range rules {
		weights[i] = r.weight
		total += r.weight
	}
	for attempt := 0; len(out) < m && attempt < 20*m+100; attempt++ {
		t := attempt % len(rules) // the first round uses every type
		if attempt >= len(rules) {
			t = pickWeighted(g.rng.IntN(total), weights)
		}
		r := &rules[t]
		from := g.pick(r.from, 1.3)
		var to int32
		if r.local {
			to = g.near(from)
		} else {
			to = g.pick(r.to, 3)
		}
		add(from, to, t)
	}
	return out
}

// pick returns an entity of one of the kinds, skewed by `skew` towards the
// first of each kind: u^skew puts the hubs at the front of the pool. It falls
// back on any entity when a tiny graph has none of those kinds.
func (g *generator) pick(kinds []entities.Kind, skew float64) int32 {
	want := kinds[g.rng.IntN(len(kinds))]
	k := slices.IndexFunc(entities.Kinds, func(info entities.KindInfo) bool { return info.Kind == want })
	pool := g.pools[k]
	if len(pool) == 0 {
		total := 0
		for _, p := range g.pools {
			total += len(p)
		}
		return int32(g.rng.IntN(total))
	}
	return pool[int(math.Pow(g.rng.Float64(), skew)*float64(len(pool)))]
}

// near returns an armed group close to entity i in generation order.
func (g *generator) near(i int32) int32 {
	pool := g.pools[0]
	if len(pool) < 2 {
		return i
	}
	lo, _ := slices.BinarySearch(pool, i) // pools are in index order
	j := min(max(lo+g.rng.IntN(41)-20, 0), len(pool)-1)
	return pool[j]
}

func (g *generator) relationship(from, to *entities.Entity, t entities.RelType) entities.Relationship {
	r := entities.Relationship{
		ID:         entities.RelationshipID(from.ID, t, to.ID),
		Type:       t,
		From:       from.ID,
		To:         to.ID,
		Confidence: entities.Fact,
		Evidence:   g.relEv[g.rng.IntN(len(g.relEv))],
	}
	switch c := g.rng.IntN(20); {
	case c < 3:
		r.Confidence = entities.Assessed
	case c < 6:
		r.Confidence = entities.Reported
	}
	if g.rng.IntN(10) < 3 {
		r.Since, r.Until = g.period(3)
	}
	if g.rng.IntN(20) == 0 {
		r.Note = notes[g.rng.IntN(len(notes))]
	}
	return r
}

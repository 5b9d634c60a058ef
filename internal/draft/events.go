package draft

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// attackVerbs mark a sentence that reports an incident.
// Timelines and wires write them in the present ("AQIM ambushes a patrol").
var attackVerbs = regexp.MustCompile(`\b(?:attacked|attacks?|struck|strikes|ambushed|ambush(?:es)?|overran|overruns?|overrun|detonated|detonates?|bombed|bombs|raided|raids?|stormed|storms?|kidnapped|kidnaps?|abducted|abducts?|assaulted|assaults?|perpetrated|fired\s+on|fires\s+on|opened\s+fire|opens?\s+fire|killed|kills|shot\s+dead|shoots\s+dead|beheaded|massacred|seized)\b`)

// attackNouns name an incident ("The attack on the DusitD2 complex began on
// January 15, 2019"); the sentence must date it by a day.
var attackNouns = regexp.MustCompile(`\b(?:attack|assault|bombing|bombings|ambush|raid|siege|kidnapping|massacre|killings?|murders?|hostage-taking|suicide\s+bomber|bombers?)\b`)

// claimedBy: a sentence after an incident that names its author: "AQIM
// claims the killing", "The raid is reported to have been led by X".
var (
	claimsIt    = regexp.MustCompile(`^\s*(?:claims?|claimed|claiming)\s+(?:responsibility\s+for\s+)?(?:the|this|that)\s+(?:attack|assault|bombing|ambush|raid|siege|kidnapping|massacre|killings?|murders?|abduction)\b`)
	theIncident = regexp.MustCompile(`^\s*(?:The|This|That)\s+(?:attack|assault|bombing|ambush|raid|siege|kidnapping|massacre|killings?|abduction)\b.*\b(?:led|carried\s+out|claimed|conducted|perpetrated|committed|staged)\s+by\s+$`)
)

// anonCell matches a cell the text describes without a name.
var anonCell = regexp.MustCompile(`\b(?:a|an)\s+((?:terrorist|militant|jihadist|extremist|armed|sleeper)\s+)?cell\b`)

var monthNames = []string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func longDate(v string) string {
	parts := strings.Split(v, "-")
	switch len(parts) {
	case 3:
		m, _ := strconv.Atoi(parts[1])
		day, _ := strconv.Atoi(parts[2])
		return fmt.Sprintf("%d %s %s", day, monthNames[m], parts[0])
	case 2:
		m, _ := strconv.Atoi(parts[1])
		return monthNames[m] + " " + parts[0]
	}
	return v
}

// event proposes the incident a sentence reports ("On April 14, ... attacked
// ... in Timbuktu"): an event dated by the date the sentence opens with, where
// it happened, what it targeted, and who carried it out.
func (c *relContext) event() {
	c.cell()
	c.claimed()
	if len(c.dates) == 0 {
		return
	}
	s := c.d.sents[c.sent]
	sent := c.d.text[s.Start:s.End]
	// An incident report opens with its date (at least a month), or dates the
	// incident by a day within the sentence ("... on October 4, 2017, when its
	// fighters ambushed ...").
	first := c.dates[0]
	opening := strings.TrimSpace(c.d.text[s.Start:first.Span.Start]) == "" && strings.Contains(first.Value, "-") && !sinceDate.MatchString(first.Text)
	if !opening {
		found := false
		for _, dt := range c.dates {
			if strings.Count(dt.Value, "-") == 2 {
				first, found = dt, true
				break
			}
		}
		if !found {
			return
		}
	}
	// A date within the sentence dates its own clause: "...; on 12 January 2015
	// JAS fighters assaulted ...".
	clauseFrom, clauseTo := 0, len(sent)
	if !opening {
		at := first.Span.Start - s.Start
		if k := strings.LastIndexByte(sent[:at], ';'); k >= 0 {
			clauseFrom = k + 1
		}
		if k := strings.IndexByte(sent[at:], ';'); k >= 0 {
			clauseTo = at + k
		}
	}
	verb := attackVerb(sent[:clauseTo], clauseFrom)
	byNoun := false
	if verb == nil {
		if opening && strings.Count(first.Value, "-") < 2 {
			return
		}
		if verb = attackNouns.FindStringIndex(sent[clauseFrom:clauseTo]); verb == nil {
			return
		}
		verb[0], verb[1] = verb[0]+clauseFrom, verb[1]+clauseFrom
		byNoun = true
	}
	verbAt := s.Start + verb[0]
	var place *span
	var places []span
	var targets, actors []span
	for k := range c.spans {
		sp := c.spans[k]
		if sp.Start < s.Start+clauseFrom || sp.End > s.Start+clauseTo {
			continue
		}
		kind := sp.ref.kind()
		switch {
		case sp.Start < verbAt && (kind == entities.KindArmedGroup || kind == entities.KindInternational && isAcronymText(c.d.text[sp.Start:sp.End])):
			// A group, or an acronym the text does not define, before the verb, and
			// not in a phrase of its own ("painted with UN markings"); before an
			// incident's noun, only right before it ("a JNIM attack").
			if afterPreposition.MatchString(c.d.text[s.Start:sp.Start]) && !fightersOf.MatchString(c.d.text[s.Start:sp.Start]) || byNoun && verbAt-sp.End > 24 {
				continue
			}
			actors = append(actors, sp)
		case sp.Start > verbAt && kind == entities.KindArmedGroup && strings.HasSuffix(strings.TrimSpace(c.d.text[max(s.Start, sp.Start-12):sp.Start]), " by"):
			actors = append(actors, sp) // "the raid was carried out by Boko Haram"
		case sp.Start > verbAt && isPlace(kind) && kind != entities.KindCountry || sp.Start > verbAt && kind == entities.KindCountry && place != nil:
			before := strings.ToLower(strings.TrimSpace(c.d.text[max(s.Start, sp.Start-12):sp.Start]))
			if place == nil && (strings.HasSuffix(before, " in") || strings.HasSuffix(before, " near") || strings.HasSuffix(before, " at") || strings.HasSuffix(before, " outside") || placeOf.MatchString(c.d.text[max(s.Start, sp.Start-30):sp.Start])) {
				place = &c.spans[k]
				places = append(places, sp)
			} else if place != nil && len(places) == 1 && strings.TrimSpace(c.d.text[places[0].End:sp.Start]) == "," {
				places = append(places, sp) // "in Sévaré, Mopti region"
			}
		case sp.Start > verbAt && place == nil && notPlace(kind) && kind != "" && !(kind == entities.KindCountry && inPlace(c.d.text[max(s.Start, sp.Start-30):sp.Start])):
			targets = append(targets, sp)
		}
	}
	name := "attack, " + longDate(first.Value)
	id := "attack-" + first.Value
	if place != nil {
		pname := refName(place.ref)
		if r := place.ref.resolved(); r.cand != nil {
			pname = r.cand.name
		} else if r.known != nil {
			pname = r.known.Name
		}
		name = pname + " " + name
		id += "-" + entities.Slug(pname)
	}
	key := "event|" + id
	ev := c.d.byKey[key]
	if ev == nil {
		ev = &candidate{id: id, name: strings.ToUpper(name[:1]) + name[1:], kind: entities.KindEvent, founded: first.Value,
			sent: c.sent, score: 0.7, anon: true, sentSeen: map[int]bool{c.sent: true},
			reason: "a sentence that opens with a date and reports an attack (\"" + sent[verb[0]:verb[1]] + "\")"}
		if first.Inferred {
			ev.reason += "; the year is the last the text gave before it"
		}
		ev.first = rawName{Span: Span{verbAt, s.Start + verb[1]}}
		if k, ok := c.d.known(id); ok && k.Kind == entities.KindEvent {
			ev.known = &k // the graph has this incident already
		}
		c.d.byKey[key] = ev
		c.d.addCand(ev)
	}
	evSpan := span{Span: Span{verbAt, s.Start + verb[1]}, ref: ref{cand: ev}, known: false}
	c.d.lastEvent, c.d.lastEventSent = ev, c.sent
	reason := "an incident: "
	from := len(c.d.pending)
	for _, p := range places {
		c.add(entities.OccurredIn, evSpan, p, 0.75, reason+"where it happened", 0, len(c.masked.s), true)
	}
	for _, t := range targets {
		c.add(entities.Targeted, evSpan, t, 0.65, reason+"what it struck", 0, len(c.masked.s), true)
	}
	for _, a := range actors {
		c.add(entities.ParticipatesIn, a, evSpan, 0.6, reason+"the group named as its author", 0, len(c.masked.s), true)
	}
	// The event's date is its founded date, not the start of a relation.
	for k := from; k < len(c.d.pending); k++ {
		c.d.pending[k].since = ""
	}
}

// sinceDate: "Since March 2019, ..." opens a period, not an incident.
var sinceDate = regexp.MustCompile(`(?i)^(?:since|from|by|until|through)\b`)

// attackVerb finds the first attack verb of sent[from:]; a form that is also
// a noun ("claimed attacks", "the raids") after an article or a claim is the
// noun.
func attackVerb(sent string, from int) []int {
	for _, m := range attackVerbs.FindAllStringIndex(sent[from:], -1) {
		a, b := m[0]+from, m[1]+from
		w := sent[a:b]
		if strings.HasSuffix(w, "s") || w == "attack" || w == "raid" || w == "ambush" || w == "assault" {
			before := strings.Fields(strings.ToLower(sent[max(0, a-20):a]))
			if len(before) > 0 && nounBefore[before[len(before)-1]] {
				continue
			}
		}
		return []int{a, b}
	}
	return nil
}

var nounBefore = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true, "his": true, "claimed": true,
	"claim": true, "claims": true, "claiming": true, "several": true, "many": true, "these": true, "those": true, "further": true,
	"more": true, "of": true, "repeated": true, "deadly": true, "major": true, "such": true, "denied": true, "recent": true,
	"frequent": true, "new": true, "and": true, "for": true, "by": true, "against": true, "on": true, "in": true}

// fightersOf: "Fighters of the GSPC attack ...": the group acts.
var fightersOf = regexp.MustCompile(`(?i)\b(?:fighters|members|militants|gunmen|elements|units)\s+of\s+(?:the\s+)?$`)

// claimed links the author a sentence names to the incident the sentence
// before reported, in the same paragraph.
func (c *relContext) claimed() {
	ev := c.d.lastEvent
	if ev == nil || c.sent == 0 || c.d.lastEventSent != c.sent-1 || c.d.sents[c.sent].para != c.d.sents[c.sent-1].para {
		return
	}
	s := c.d.sents[c.sent]
	for _, sp := range c.spans {
		kind := sp.ref.kind()
		if kind != entities.KindArmedGroup && kind != entities.KindPerson && !(kind == entities.KindInternational && isAcronymText(c.d.text[sp.Start:sp.End])) {
			continue
		}
		before, after := c.d.text[s.Start:sp.Start], c.d.text[sp.End:s.End]
		if strings.TrimSpace(before) == "" && claimsIt.MatchString(after) || theIncident.MatchString(before) {
			evSpan := span{Span: Span{sp.Start, sp.End}, ref: ref{cand: ev}}
			n := len(c.d.pending)
			c.add(entities.ParticipatesIn, sp, evSpan, 0.55, "an incident the sentence before reported: its author", 0, len(c.masked.s), true)
			if len(c.d.pending) > n {
				c.d.pending[n].since = ""
				c.d.pending[n].to.Span = ev.first.Span
				c.d.pending[n].to.ref = ref{cand: ev}
			}
		}
	}
}

// placeOf: "near the village of Tongo Tongo".
var placeOf = regexp.MustCompile(`\b(?:village|town|city|outskirts|area|district|locality|commune)\s+of\s+$`)

// inPlace: a country after "in" ("in north-eastern Kenya") is where, not what.
func inPlace(before string) bool { return inPlaceRE.MatchString(before) }

var inPlaceRE = regexp.MustCompile(`\b(?:in|of|near|across)\s+(?:[\p{Ll}-]+\s+){0,2}$`)

// cell proposes a cell the text describes without naming it ("dismantled a
// terrorist cell ... on December 6"), named by its date.
func (c *relContext) cell() {
	s := c.d.sents[c.sent]
	sent := c.d.text[s.Start:s.End]
	m := anonCell.FindStringIndex(sent)
	if m == nil {
		return
	}
	var date string
	for _, dt := range c.dates {
		if strings.Count(dt.Value, "-") == 2 {
			date = dt.Value
		}
	}
	if date == "" {
		return
	}
	id := "cell-" + date
	ev := c.d.byKey["cell|"+id]
	if ev == nil {
		ev = &candidate{id: id, name: "Cell of " + longDate(date), kind: entities.KindArmedGroup, head: "cell",
			sent: c.sent, score: 0.6, anon: true, sentSeen: map[int]bool{c.sent: true},
			reason: "a cell the text describes, named by the date given with it"}
		ev.first = rawName{Span: Span{s.Start + m[0], s.Start + m[1]}}
		if k, ok := c.d.known(id); ok {
			ev.known = &k
		}
		c.d.byKey["cell|"+id] = ev
		c.d.addCand(ev)
	}
	sp := span{Span: Span{s.Start + m[0], s.Start + m[1]}, ref: ref{cand: ev}, known: false}
	// The cell joins the sentence's names, so the rules see it.
	c.spans = insertSpan(c.spans, sp)
	c.masked = mask(c.d.text, s.Span, c.spans)
	c.d.kept[c.sent] = c.spans
}

func insertSpan(spans []span, sp span) []span {
	out := make([]span, 0, len(spans)+1)
	done := false
	for _, o := range spans {
		if o.Start < sp.End && sp.Start < o.End {
			continue
		}
		if !done && o.Start > sp.Start {
			out = append(out, sp)
			done = true
		}
		out = append(out, o)
	}
	if !done {
		out = append(out, sp)
	}
	return out
}

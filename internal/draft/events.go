package draft

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// attackVerbs mark a sentence that reports an incident.
var attackVerbs = regexp.MustCompile(`\b(?:attacked|struck|ambushed|overran|overrun|detonated|bombed|raided|stormed|kidnapped|abducted|assaulted|perpetrated|fired\s+on|opened\s+fire|killed)\b`)

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
	if len(c.dates) == 0 {
		return
	}
	s := c.d.sents[c.sent]
	sent := c.d.text[s.Start:s.End]
	first := c.dates[0]
	if strings.TrimSpace(c.d.text[s.Start:first.Span.Start]) != "" || !strings.Contains(first.Value, "-") {
		return // an incident report opens with its date, at least a month
	}
	verb := attackVerbs.FindStringIndex(sent)
	if verb == nil {
		return
	}
	verbAt := s.Start + verb[0]
	var place *span
	var places []span
	var targets, actors []span
	for k := range c.spans {
		sp := c.spans[k]
		kind := sp.ref.kind()
		switch {
		case sp.Start < verbAt && (kind == entities.KindArmedGroup || kind == entities.KindInternational && isAcronymText(c.d.text[sp.Start:sp.End])):
			// A group, or an acronym the text does not define, before the verb, and
			// not in a phrase of its own ("painted with UN markings").
			if afterPreposition.MatchString(c.d.text[s.Start:sp.Start]) {
				continue
			}
			actors = append(actors, sp)
		case sp.Start > verbAt && isPlace(kind) && kind != entities.KindCountry || sp.Start > verbAt && kind == entities.KindCountry && place != nil:
			before := strings.ToLower(strings.TrimSpace(c.d.text[max(s.Start, sp.Start-12):sp.Start]))
			if place == nil && (strings.HasSuffix(before, " in") || strings.HasSuffix(before, " near") || strings.HasSuffix(before, " at") || strings.HasSuffix(before, " outside")) {
				place = &c.spans[k]
				places = append(places, sp)
			} else if place != nil && len(places) == 1 && strings.TrimSpace(c.d.text[places[0].End:sp.Start]) == "," {
				places = append(places, sp) // "in Sévaré, Mopti region"
			}
		case sp.Start > verbAt && place == nil && notPlace(kind) && kind != "":
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

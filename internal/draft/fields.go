package draft

import (
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// A field of a fact sheet or group profile: "Members: A; B; and C.", "Active
// in: Iraq, Syria", "Formerly: AQI; ISI", under a title that names the entity
// the text is about. The label is the trigger; the values are the names the
// line gives; the other end is the text's topic.
type field struct {
	typ entities.RelType
	// topicFrom: the topic is the relationship's from ("Active in": the
	// topic operates in each value); else each value is the from ("Members").
	topicFrom bool
	ok        func(value entities.Kind) bool
}

var fields = map[string]field{
	"members":             {entities.MemberOf, false, notPlaceOrPerson},
	"member states":       {entities.MemberOf, false, notPlaceOrPerson},
	"member countries":    {entities.MemberOf, false, notPlaceOrPerson},
	"membership":          {entities.MemberOf, false, notPlaceOrPerson},
	"member groups":       {entities.MemberOf, false, notPlaceOrPerson},
	"chair":               {entities.Leads, false, leaderKind},
	"chairs":              {entities.Leads, false, leaderKind},
	"co-chairs":           {entities.Leads, false, leaderKind},
	"leader":              {entities.Leads, false, leaderKind},
	"leaders":             {entities.Leads, false, leaderKind},
	"leadership":          {entities.Leads, false, leaderKind},
	"emir":                {entities.Leads, false, leaderKind},
	"head":                {entities.Leads, false, leaderKind},
	"founder":             {entities.Founded, false, isPerson},
	"founders":            {entities.Founded, false, isPerson},
	"base":                {entities.LocatedIn, true, isPlace},
	"based in":            {entities.LocatedIn, true, isPlace},
	"headquarters":        {entities.LocatedIn, true, isPlace},
	"seat":                {entities.LocatedIn, true, isPlace},
	"active in":           {entities.OperatesIn, true, isPlace},
	"operates in":         {entities.OperatesIn, true, isPlace},
	"area of operations":  {entities.OperatesIn, true, isPlace},
	"areas of operations": {entities.OperatesIn, true, isPlace},
	"area of operation":   {entities.OperatesIn, true, isPlace},
	"allegiance":          {entities.AffiliateOf, true, isGroupOrUnknown},
	"affiliation":         {entities.AffiliateOf, true, isGroupOrUnknown},
	"affiliated with":     {entities.AffiliateOf, true, isGroupOrUnknown},
	"parent organization": {entities.BranchOf, true, isGroupOrUnknown},
	"formerly":            {entities.RenamedTo, false, isGroupOrUnknown},
	"former names":        {entities.RenamedTo, false, isGroupOrUnknown},
	"previous names":      {entities.RenamedTo, false, isGroupOrUnknown},
}

func notPlaceOrPerson(k entities.Kind) bool { return notPlace(k) && k != entities.KindPerson }
func leaderKind(k entities.Kind) bool {
	return k == entities.KindPerson || k == entities.KindCountry || k == entities.KindStateBody
}
func isGroupOrUnknown(k entities.Kind) bool { return k == entities.KindArmedGroup || k == "" }

// fieldLabels gives back to a sentence the field label the paragraph opens
// with ("Members:"), which sentences() leaves out as a heading, so that the
// label, its trigger, is part of the sentence the items quote.
func (d *drafter) fieldLabels() {
	for i, s := range d.sents {
		if i > 0 && d.sents[i-1].para == s.para {
			continue
		}
		p := d.out.Paragraphs[s.para-1]
		head := d.text[p.Start:s.Start]
		label := strings.TrimSpace(head)
		if r := []rune(label); len(r) > 0 && strings.ContainsRune("•◦▪‣·*-–", r[0]) {
			label = strings.TrimSpace(string(r[1:]))
		}
		if !strings.HasSuffix(label, ":") {
			continue
		}
		if _, ok := fields[strings.ToLower(strings.TrimSuffix(label, ":"))]; ok {
			d.sents[i].Start = p.Start + strings.Index(head, label)
		}
	}
}

// fields proposes the relationships of a field line: each value with the
// text's topic.
func (c *relContext) fields() {
	s := c.d.sents[c.sent]
	sent := c.d.text[s.Start:s.End]
	colon := strings.IndexByte(sent, ':')
	if colon <= 0 {
		return
	}
	label := sent[:colon]
	f, ok := fields[strings.ToLower(label)]
	if !ok {
		return
	}
	topic := c.d.topic(func(k entities.Kind) bool {
		return k == entities.KindArmedGroup || isBody(k) || k == entities.KindStateBody
	})
	if topic.cand == nil && topic.known == nil {
		return
	}
	topicSpan := span{Span: Span{s.Start, s.Start + colon}, ref: ref{cand: topic.cand, known: topic.known, anaphor: label, via: "the field \"" + label + ":\" is about " + refName(topic) + ", " + topic.via}}
	reason := "the fact-sheet field \"" + label + ":\" (trigger \"" + strings.ToLower(label) + "\")"
	for _, sp := range c.spans {
		if sp.Start < s.Start+colon || !f.ok(sp.ref.kind()) || sp.ref.key() == topic.key() {
			continue
		}
		from, to := sp, topicSpan
		if f.topicFrom {
			from, to = topicSpan, sp
		}
		n := len(c.d.pending)
		c.add(f.typ, from, to, 0.7, reason, 0, len(c.masked.s), true)
		if len(c.d.pending) > n {
			c.d.pending[n].since = ""
		}
	}
}

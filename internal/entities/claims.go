package entities

import (
	"cmp"
	"slices"
	"strings"
)

// The fields a claim can be about. An attribute's field is "attributes." and
// its key.
const (
	FieldFounded    = "founded"
	FieldDate       = "date" // an event's
	FieldDissolved  = "dissolved"
	FieldSince      = "since"
	FieldUntil      = "until"
	FieldConfidence = "confidence"
	AttributeField  = "attributes."
)

// Claim is one value that one source gives for one field of an entity or a
// relationship: "MMP says al-Murabitoun was formed in 2013-08". Sources may
// disagree; every claim is kept with its source, and the entity or relationship
// shows the value ShownValue picks.
type Claim struct {
	Field  string `json:"field"` // founded (date for an event), dissolved, since, until, confidence, or AttributeField + key
	Value  string `json:"value"`
	Source string `json:"source"`
}

// Conflict is a field of one entity or relationship whose claims disagree: the
// value shown and every claim, each with its source.
type Conflict struct {
	Subject     string  `json:"subject"`      // the entity's or relationship's id
	SubjectKind string  `json:"subject_kind"` // "entity" or "relationship"
	Field       string  `json:"field"`
	Shown       string  `json:"shown"`
	Claims      []Claim `json:"claims"`
}

// Subject kinds of a Conflict.
const (
	SubjectEntity       = "entity"
	SubjectRelationship = "relationship"
)

// SortClaims orders claims by field, value and source, the order every store
// returns them in; it drops exact repeats.
func SortClaims(cs []Claim) []Claim {
	slices.SortFunc(cs, func(a, b Claim) int {
		return cmp.Or(strings.Compare(a.Field, b.Field), strings.Compare(a.Value, b.Value), strings.Compare(a.Source, b.Source))
	})
	return slices.Compact(cs)
}

// isDateField reports whether a field's values are dates.
func isDateField(field string) bool {
	switch field {
	case FieldFounded, FieldDate, FieldDissolved, FieldSince, FieldUntil:
		return true
	}
	return false
}

// ClaimsAgree reports whether two values of a field say the same thing at the
// precision each gives. Dates agree when one is the other at a coarser precision
// (2011 and 2011-12 agree; 2011-12 and 2012 do not, nor 2011-11 and 2011-12).
// Confidences agree when equal; other values when equal after FoldName.
func ClaimsAgree(field, a, b string) bool {
	switch {
	case isDateField(field):
		da, errA := ParseDate(a)
		db, errB := ParseDate(b)
		if errA != nil || errB != nil {
			return a == b
		}
		return da.Year == db.Year &&
			(da.Month == 0 || db.Month == 0 || (da.Month == db.Month &&
				(da.Day == 0 || db.Day == 0 || da.Day == db.Day)))
	case field == FieldConfidence:
		return a == b
	default:
		return FoldName(a) == FoldName(b)
	}
}

// caution orders confidences from the most cautious: a tie between sources
// shows the more cautious word.
func caution(c string) int {
	switch Confidence(c) {
	case Reported:
		return 0
	case Assessed:
		return 1
	}
	return 2
}

// ShownValue returns the value a graph shows for a field, given every claim
// about it (claims about other fields are ignored), "" when there are none. The
// rule: each distinct value is supported by every source whose claim agrees
// with it (ClaimsAgree); the value with the most supporting sources wins; among
// equals, a date at the finer precision, then the earlier date; a confidence,
// the more cautious (reported, then assessed, then fact); any other value, the
// first in byte order. So 2011 and 2011-12 from two sources show as 2011-12,
// with no conflict; 2013-08 from two sources and 2013-09 from one show 2013-08,
// and the conflict is reported.
func ShownValue(field string, claims []Claim) string {
	best, bestSupport := "", 0
	for _, c := range claims {
		if c.Field != field {
			continue
		}
		support := supportOf(field, c.Value, claims)
		if best == "" || support > bestSupport || (support == bestSupport && preferred(field, c.Value, best)) {
			best, bestSupport = c.Value, support
		}
	}
	return best
}

func supportOf(field, value string, claims []Claim) int {
	var sources []string
	for _, c := range claims {
		if c.Field == field && ClaimsAgree(field, value, c.Value) && !slices.Contains(sources, c.Source) {
			sources = append(sources, c.Source)
		}
	}
	return len(sources)
}

// preferred breaks a tie in support between two values of a field.
func preferred(field, a, b string) bool {
	switch {
	case isDateField(field):
		da, errA := ParseDate(a)
		db, errB := ParseDate(b)
		if errA != nil || errB != nil {
			return a < b
		}
		if pa, pb := precision(da), precision(db); pa != pb {
			return pa > pb
		}
		return da.First() < db.First()
	case field == FieldConfidence:
		return caution(a) < caution(b)
	}
	return a < b
}

func precision(d Date) int {
	switch {
	case d.Day != 0:
		return 3
	case d.Month != 0:
		return 2
	}
	return 1
}

// Conflicts returns a Conflict for each field whose claims include two that
// disagree, in field order; none when every claim agrees with every other.
func Conflicts(subjectKind, subject string, claims []Claim) []Conflict {
	out := []Conflict{}
	byField := map[string][]Claim{}
	var fields []string
	for _, c := range claims {
		if _, seen := byField[c.Field]; !seen {
			fields = append(fields, c.Field)
		}
		byField[c.Field] = append(byField[c.Field], c)
	}
	slices.Sort(fields)
	for _, f := range fields {
		cs := byField[f]
		if disagree(f, cs) {
			out = append(out, Conflict{Subject: subject, SubjectKind: subjectKind, Field: f, Shown: ShownValue(f, cs), Claims: SortClaims(slices.Clone(cs))})
		}
	}
	return out
}

// HasConflict reports whether any two claims about one field disagree.
func HasConflict(claims []Claim) bool {
	for i, a := range claims {
		for _, b := range claims[i+1:] {
			if a.Field == b.Field && !ClaimsAgree(a.Field, a.Value, b.Value) {
				return true
			}
		}
	}
	return false
}

func disagree(field string, cs []Claim) bool {
	for i, a := range cs {
		for _, b := range cs[i+1:] {
			if !ClaimsAgree(field, a.Value, b.Value) {
				return true
			}
		}
	}
	return false
}

// ConflictQuery asks for one page of the graph's conflicts.
type ConflictQuery struct {
	Limit  int
	Offset int
}

// Validate checks q against l, filling in a default limit.
func (q *ConflictQuery) Validate(l Limits) error {
	if err := checkLimit("limit", &q.Limit, 100, l.MaxLimit); err != nil {
		return err
	}
	if q.Offset < 0 || q.Offset > l.MaxOffset {
		return Errorf(EINVALID, "offset must be between 0 and %d, not %d", l.MaxOffset, q.Offset)
	}
	return nil
}

// ConflictList is one page of conflicts, entities' before relationships', each
// by subject id then field, and the number of all conflicts.
type ConflictList struct {
	Items []Conflict `json:"items"`
	Total int        `json:"total"`
}

// PageConflicts orders every conflict of a graph as a ConflictList lists
// them and returns the page q asks for.
func PageConflicts(all []Conflict, q ConflictQuery) *ConflictList {
	slices.SortStableFunc(all, func(a, b Conflict) int {
		return cmp.Or(strings.Compare(a.SubjectKind, b.SubjectKind), strings.Compare(a.Subject, b.Subject), strings.Compare(a.Field, b.Field))
	})
	out := &ConflictList{Items: []Conflict{}, Total: len(all)}
	if q.Offset < len(all) {
		out.Items = all[q.Offset:min(len(all), q.Offset+q.Limit)]
	}
	return out
}

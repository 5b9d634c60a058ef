package entities_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2017", "2017", true},
		{"2013-08", "2013-08", true},
		{"2017-03-02", "2017-03-02", true},
		{"2016-02-29", "2016-02-29", true},
		{"2018-02-29", "", false},
		{"2018-02-30", "", false},
		{"2018-13", "", false},
		{"2018-00", "", false},
		{"2018-1-02", "", false},
		{"18", "", false},
		{"0000", "", false},
		{"2018-01-02-03", "", false},
		{"abcd", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := entities.ParseDate(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseDate(%q) error %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil && entities.ErrorCode(err) != entities.EINVALID {
				t.Errorf("code %q, want invalid", entities.ErrorCode(err))
			}
			if d.String() != tt.want {
				t.Errorf("ParseDate(%q) = %q, want %q", tt.in, d, tt.want)
			}
		})
	}
}

func TestAsOfKeepsPartialDates(t *testing.T) {
	date := func(s string) entities.Date {
		d, err := entities.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name         string
		since, until string
		asOf         string
		keep         bool
	}{
		{"merger after as_of year", "2017-03-02", "", "2016", false},
		{"merger within as_of year", "2017-03-02", "", "2017", true},
		{"partial since covers its first day", "2013-08", "", "2013-08-01", true},
		{"before partial since", "2013-08", "", "2013-07-31", false},
		{"partial until covers its last day", "2010", "2015-05", "2015-05-31", true},
		{"after partial until", "2010", "2015-05", "2015-06-01", false},
		{"unknown since is always", "", "", "1900", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := entities.Period{}
			if tt.since != "" {
				p.Start = date(tt.since)
			}
			if tt.until != "" {
				p.End = date(tt.until)
			}
			a := entities.AsOf{Set: true, Date: date(tt.asOf)}
			if got := a.Keeps(p); got != tt.keep {
				t.Errorf("as_of %s keeps %v..%v = %v, want %v", tt.asOf, tt.since, tt.until, got, tt.keep)
			}
		})
	}
}

func TestFoldQuote(t *testing.T) {
	source := "the Macina Liberation Front merged.\u202fDomestic and\ninternational Mali\u2019s"
	quote := "front MERGED. Domestic and international Mali's"
	if got, want := entities.FoldQuote(quote), entities.FoldQuote(source); !contains(want, got) {
		t.Errorf("folded quote %q not in folded source %q", got, want)
	}
	if contains(entities.FoldQuote(source), entities.FoldQuote("Sevare")) {
		t.Error("FoldQuote must keep accents")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestParseRelTypes(t *testing.T) {
	got, err := entities.ParseRelTypes("merged_into, REPORTS_TO")
	if err != nil || len(got) != 2 || got[0] != entities.MergedInto || got[1] != entities.ReportsTo {
		t.Errorf("ParseRelTypes = %v, %v", got, err)
	}
	if _, err := entities.ParseRelTypes("MERGED_INTO,FRIENDS"); entities.ErrorCode(err) != entities.EINVALID {
		t.Errorf("unknown type: got %v, want invalid", err)
	}
}

func TestVocabularyLineage(t *testing.T) {
	for _, info := range entities.RelTypes {
		if info.Lineage != (info.Ancestor != entities.NotLineage) {
			t.Errorf("%s: lineage %v but ancestor end %v", info.Type, info.Lineage, info.Ancestor)
		}
	}
	if got := entities.KindArmedGroup.Label(); got != "ArmedGroup" {
		t.Errorf("label %q", got)
	}
}

// Date.Valid checks a date's fields itself; it must agree with what ParseDate
// makes of the date written out.
func TestDateValidAgreesWithParseDate(t *testing.T) {
	for _, y := range []int16{-1, 0, 1, 1999, 2000, 2023, 2024, 9999, 10000} {
		for m := int8(-1); m <= 13; m++ {
			for day := int8(-1); day <= 32; day++ {
				d := entities.Date{Year: y, Month: m, Day: day}
				p, err := entities.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, m, day))
				want := err == nil && p == d
				switch {
				case y == 0:
					want = m == 0 && day == 0
				case m == 0 && day == 0:
					want = y >= 1 && y <= 9999
				case day == 0:
					_, err := entities.ParseDate(fmt.Sprintf("%04d-%02d", y, m))
					want = err == nil && m >= 1
				}
				if got := d.Valid(); got != want {
					t.Errorf("Valid(%+v) = %v, want %v", d, got, want)
				}
			}
		}
	}
}

func TestIsRelationshipID(t *testing.T) {
	r := &entities.Relationship{From: "a:b", Type: entities.MergedInto, To: "c"}
	for _, c := range []struct {
		id   string
		want bool
	}{
		{"a:b:MERGED_INTO:c", true},
		{"a:b:MERGED_INTO:d", false},
		{"a:b:MERGED_INTOXc", false},
		{"a:bXMERGED_INTO:c", false},
		{"a:b:MERGED_INTA:c", false},
		{"a:b:MERGED_INTO:cc", false},
		{"", false},
	} {
		r.ID = c.id
		if got := entities.IsRelationshipID(r.ID, r.From, r.Type, r.To); got != c.want || (c.want != (c.id == entities.RelationshipID(r.From, r.Type, r.To))) {
			t.Errorf("IsRelationshipID(%q) = %v, want %v", c.id, got, c.want)
		}
	}
}

// TestAsOfRules checks the two as_of rules of semantics.go: "held on D" for
// neighbourhoods and paths (Keeps) and "known by D" for lineage (KnownBy).
func TestAsOfRules(t *testing.T) {
	d := func(s string) entities.Date {
		v, err := entities.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	asOf := func(s string) entities.AsOf { return entities.AsOf{Set: true, Date: d(s)} }
	tests := []struct {
		name        string
		period      entities.Period
		asOf        entities.AsOf
		keeps, knew bool
	}{
		{"no as_of keeps everything", entities.Period{Start: d("2020")}, entities.AsOf{}, true, true},
		{"undated is always", entities.Period{}, asOf("1990"), true, true},
		{"ended before D: not held, but known", entities.Period{Start: d("1998-09"), End: d("2007-01-24")}, asOf("2010"), false, true},
		{"began after D: neither", entities.Period{Start: d("2017-03-02")}, asOf("2016"), false, false},
		{"began within a partial D: both", entities.Period{Start: d("2017-03-02")}, asOf("2017-03"), true, true},
		{"began the day after D: neither", entities.Period{Start: d("2017-03-02")}, asOf("2017-03-01"), false, false},
		{"ended on D: both", entities.Period{Start: d("2011"), End: d("2013-08")}, asOf("2013-08-31"), true, true},
		{"only an end, past: known", entities.Period{End: d("2004")}, asOf("2010"), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.asOf.Keeps(tt.period); got != tt.keeps {
				t.Errorf("Keeps = %v, want %v", got, tt.keeps)
			}
			if got := tt.asOf.KnownBy(tt.period); got != tt.knew {
				t.Errorf("KnownBy = %v, want %v", got, tt.knew)
			}
		})
	}
}

func TestRoleAllows(t *testing.T) {
	tests := []struct {
		have, need entities.Role
		want       bool
	}{
		{entities.RoleReader, entities.RoleReader, true},
		{entities.RoleReader, entities.RoleEditor, false},
		{entities.RoleEditor, entities.RoleReader, true},
		{entities.RoleEditor, entities.RoleAdmin, false},
		{entities.RoleAdmin, entities.RoleEditor, true},
		{entities.Role("root"), entities.RoleReader, false},
		{entities.RoleAdmin, entities.Role("root"), false},
	}
	for _, tt := range tests {
		t.Run(string(tt.have)+"/"+string(tt.need), func(t *testing.T) {
			if got := tt.have.Allows(tt.need); got != tt.want {
				t.Errorf("%s.Allows(%s) = %v, want %v", tt.have, tt.need, got, tt.want)
			}
		})
	}
}

// The page draws each kind and type as the vocabulary says: every one needs
// its own colour and words, or two of them look alike on the graph.
func TestVocabularyStyles(t *testing.T) {
	colour := regexp.MustCompile(`^#[0-9a-f]{6}$`)
	seen := map[string]string{}
	for _, k := range entities.Kinds {
		if k.Label == "" || k.Shape == "" || !colour.MatchString(k.Color) {
			t.Errorf("kind %s: label %q, shape %q, colour %q", k.Kind, k.Label, k.Shape, k.Color)
		}
		if prev, ok := seen["kind "+k.Color]; ok {
			t.Errorf("kinds %s and %s share colour %s", prev, k.Kind, k.Color)
		}
		seen["kind "+k.Color] = string(k.Kind)
	}
	for _, r := range entities.RelTypes {
		if r.Verb == "" || !colour.MatchString(r.Color) {
			t.Errorf("type %s: verb %q, colour %q", r.Type, r.Verb, r.Color)
		}
		if prev, ok := seen["type "+r.Color]; ok {
			t.Errorf("types %s and %s share colour %s", prev, r.Type, r.Color)
		}
		seen["type "+r.Color] = string(r.Type)
	}
}

package entities_test

import (
	"reflect"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

func TestClaimsAgree(t *testing.T) {
	tests := []struct {
		field, a, b string
		want        bool
	}{
		{"founded", "2011", "2011-12", true},
		{"founded", "2011-12", "2011-12-04", true},
		{"founded", "2011-12", "2012", false},
		{"founded", "2011-11", "2011-12", false},
		{"founded", "2011-12-03", "2011-12-04", false},
		{"since", "2013-08", "2013-08-22", true},
		{"confidence", "fact", "fact", true},
		{"confidence", "fact", "assessed", false},
		{"attributes.leader", "Iyad Ag Ghaly", "iyad ag ghaly", true},
		{"attributes.leader", "Iyad Ag Ghaly", "Amadou Koufa", false},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.a+" "+tt.b, func(t *testing.T) {
			if got := entities.ClaimsAgree(tt.field, tt.a, tt.b); got != tt.want {
				t.Errorf("ClaimsAgree(%q, %q, %q) = %v, want %v", tt.field, tt.a, tt.b, got, tt.want)
			}
			if got := entities.ClaimsAgree(tt.field, tt.b, tt.a); got != tt.want {
				t.Errorf("ClaimsAgree is not symmetric for %q, %q", tt.a, tt.b)
			}
		})
	}
}

func TestShownValueAndConflicts(t *testing.T) {
	c := func(field, value, source string) entities.Claim {
		return entities.Claim{Field: field, Value: value, Source: source}
	}
	tests := []struct {
		name      string
		claims    []entities.Claim
		field     string
		shown     string
		conflicts int
	}{
		{"one claim", []entities.Claim{c("founded", "2011-12", "cep")}, "founded", "2011-12", 0},
		{"agreeing precisions show the finer", []entities.Claim{c("founded", "2011", "mmp"), c("founded", "2011-12", "cep")}, "founded", "2011-12", 0},
		{"the most sources win", []entities.Claim{c("since", "2013-08", "mmp"), c("since", "2013-08", "cep"), c("since", "2013-09", "x")}, "since", "2013-08", 1},
		{"a tie shows the earlier date", []entities.Claim{c("founded", "2012", "b"), c("founded", "2011", "a")}, "founded", "2011", 1},
		{"a tie shows the finer date first", []entities.Claim{c("founded", "2012-05", "b"), c("founded", "2011", "a")}, "founded", "2012-05", 1},
		{"a tie in confidence shows the more cautious", []entities.Claim{c("confidence", "fact", "a"), c("confidence", "reported", "b")}, "confidence", "reported", 1},
		{"one source twice counts once", []entities.Claim{c("founded", "2012", "a"), c("founded", "2012", "a"), c("founded", "2011", "b"), c("founded", "2011", "c")}, "founded", "2011", 1},
		{"no claims", nil, "founded", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := entities.ShownValue(tt.field, tt.claims); got != tt.shown {
				t.Errorf("ShownValue = %q, want %q", got, tt.shown)
			}
			cs := entities.Conflicts(entities.SubjectEntity, "x", tt.claims)
			if len(cs) != tt.conflicts {
				t.Fatalf("Conflicts = %+v, want %d", cs, tt.conflicts)
			}
			if entities.HasConflict(tt.claims) != (tt.conflicts > 0) {
				t.Errorf("HasConflict disagrees with Conflicts")
			}
			if len(cs) == 1 && cs[0].Shown != tt.shown {
				t.Errorf("conflict shows %q, ShownValue %q", cs[0].Shown, tt.shown)
			}
		})
	}
}

func TestSortClaimsDropsRepeats(t *testing.T) {
	got := entities.SortClaims([]entities.Claim{{"since", "2017", "b"}, {"founded", "2011", "a"}, {"since", "2017", "b"}})
	want := []entities.Claim{{"founded", "2011", "a"}, {"since", "2017", "b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SortClaims = %v, want %v", got, want)
	}
}

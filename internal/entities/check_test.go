package entities_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

func TestCheckEntity(t *testing.T) {
	ok := entities.Entity{ID: "jnim", Kind: entities.KindArmedGroup, Founded: entities.Date{Year: 2017, Month: 3, Day: 2}}
	tests := []struct {
		name string
		edit func(e *entities.Entity)
		want string // in the message; "" for no error
	}{
		{"sound", func(*entities.Entity) {}, ""},
		{"no id", func(e *entities.Entity) { e.ID = " " }, "has no id"},
		{"unknown kind", func(e *entities.Entity) { e.Kind = "militia" }, `unknown kind "militia"`},
		{"impossible founding", func(e *entities.Entity) { e.Founded = entities.Date{Year: 2017, Month: 2, Day: 30} }, "impossible date"},
		{"impossible end", func(e *entities.Entity) { e.Dissolved = entities.Date{Year: 2017, Month: 13} }, "impossible date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.edit(&e)
			checkError(t, entities.CheckEntity(&e), tt.want)
		})
	}
}

func TestCheckRelationship(t *testing.T) {
	ok := entities.Relationship{ID: "mujao:MERGED_INTO:al-murabitoun", From: "mujao", Type: entities.MergedInto, To: "al-murabitoun", Confidence: entities.Fact}
	tests := []struct {
		name string
		edit func(r *entities.Relationship)
		want string
	}{
		{"sound", func(*entities.Relationship) {}, ""},
		{"unknown type", func(r *entities.Relationship) { r.Type = "LIKES" }, `unknown type "LIKES"`},
		{"id not its ends and type", func(r *entities.Relationship) { r.ID = "mujao:MERGED_INTO:jnim" }, `should have id "mujao:MERGED_INTO:al-murabitoun"`},
		{"unknown confidence", func(r *entities.Relationship) { r.Confidence = "rumour" }, `unknown confidence "rumour"`},
		{"impossible date", func(r *entities.Relationship) { r.Since = entities.Date{Year: 2013, Month: 0, Day: 5} }, "impossible date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.edit(&r)
			checkError(t, entities.CheckRelationship(&r), tt.want)
		})
	}
	checkError(t, entities.CheckSource(&entities.Source{ID: "crt", Published: entities.Date{Year: 2019, Month: 2, Day: 29}}), "impossible date")
	checkError(t, entities.CheckSource(&entities.Source{ID: "crt", Published: entities.Date{Year: 2019, Month: 11}}), "")
}

// checkError fails unless err is nil when want is empty, or EINVALID with want
// in its message.
func checkError(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("refused a sound value: %v", err)
	case want == "":
	case entities.ErrorCode(err) != entities.EINVALID || !strings.Contains(err.Error(), want):
		t.Fatalf("error = %v (code %q), want EINVALID saying %q", err, entities.ErrorCode(err), want)
	}
}

func TestRelCounts(t *testing.T) {
	merged, _ := entities.RelTypeIndex(entities.MergedInto)
	reports, _ := entities.RelTypeIndex(entities.ReportsTo)
	got := entities.RelCounts(func(ti int, d entities.Direction) int {
		switch {
		case ti == reports && d == entities.In:
			return 2
		case ti == merged:
			return 1 // out and in
		}
		return 0
	})
	want := []entities.RelCount{
		{Type: entities.MergedInto, Direction: entities.Out, Count: 1},
		{Type: entities.MergedInto, Direction: entities.In, Count: 1},
		{Type: entities.ReportsTo, Direction: entities.In, Count: 2},
	}
	if merged > reports {
		want = append(want[2:], want[:2]...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("RelCounts = %v, want %v (vocabulary order, out before in, no zeros)", got, want)
	}
	if none := entities.RelCounts(func(int, entities.Direction) int { return 0 }); none == nil || len(none) != 0 {
		t.Errorf("RelCounts of nothing = %#v, want an empty list (JSON [])", none)
	}
}

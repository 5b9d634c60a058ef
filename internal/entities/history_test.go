package entities_test

import (
	"slices"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
)

func TestHistoryOrder(t *testing.T) {
	at := func(s string) *entities.Applied {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &entities.Applied{By: "amina", At: tm}
	}
	for _, tc := range []struct {
		name    string
		sources []entities.Source
		want    []string
	}{
		{"nothing", nil, []string{}},
		{"the seed alone, by id", []entities.Source{{ID: "mmp"}, {ID: "cep"}}, []string{"cep", "mmp"}},
		{"the seed first, then by time applied, not by id",
			[]entities.Source{{ID: "a-late", Applied: at("2026-12-07T10:00:00Z")}, {ID: "z-early", Applied: at("2026-12-01T10:00:00Z")}, {ID: "mmp"}},
			[]string{"mmp", "z-early", "a-late"}},
		{"ties by id", []entities.Source{{ID: "b", Applied: at("2026-12-01T10:00:00Z")}, {ID: "a", Applied: at("2026-12-01T10:00:00Z")}},
			[]string{"a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := []string{}
			for _, s := range entities.History(tc.sources) {
				got = append(got, s.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("History: %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseKnown(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // RFC 3339, UTC; "" for refused
	}{
		{"2026-12-07", "2026-12-07T23:59:59.999999999Z"},
		{"2026-12-07T20:40:00Z", "2026-12-07T20:40:00Z"},
		{"2026-12-07T21:40:00+01:00", "2026-12-07T20:40:00Z"},
		{"2026-12", ""},
		{"2026-13-01", ""},
		{"yesterday", ""},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := entities.ParseKnown(tc.in)
			if tc.want == "" {
				if entities.ErrorCode(err) != entities.EINVALID {
					t.Errorf("ParseKnown(%q) = %v, %v; want EINVALID", tc.in, got, err)
				}
				return
			}
			if err != nil || got.Format(time.RFC3339Nano) != tc.want {
				t.Errorf("ParseKnown(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
			}
		})
	}
	applied := &entities.Applied{By: "amina", At: time.Date(2026, 12, 7, 20, 40, 0, 0, time.UTC)}
	day, _ := entities.ParseKnown("2026-12-07")
	before, _ := entities.ParseKnown("2026-12-06")
	if !entities.KnownAt(applied, day) || entities.KnownAt(applied, before) || !entities.KnownAt(nil, before) {
		t.Error("KnownAt: a pack applied on a day is known by its end and not the day before; the seed is always known")
	}
}

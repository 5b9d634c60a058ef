package gen_test

import (
	"reflect"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
)

func TestGenerate(t *testing.T) {
	tests := []struct {
		name string
		n, m int
	}{
		{"tiny", 3, 10},
		{"small", 50, 200},
		{"medium", 2000, 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := gen.Generate(7, tt.n, tt.m)
			if !reflect.DeepEqual(ds, gen.Generate(7, tt.n, tt.m)) {
				t.Fatal("the same seed gave different datasets")
			}
			checkValid(t, ds)
			if len(ds.Entities) != tt.n {
				t.Errorf("%d entities, want %d", len(ds.Entities), tt.n)
			}
			if tt.n >= 50 {
				if len(ds.Relationships) != tt.m {
					t.Errorf("%d relationships, want %d", len(ds.Relationships), tt.m)
				}
				kinds, types := map[entities.Kind]bool{}, map[entities.RelType]bool{}
				for _, e := range ds.Entities {
					kinds[e.Kind] = true
				}
				for _, r := range ds.Relationships {
					types[r.Type] = true
				}
				if len(kinds) != len(entities.Kinds) || len(types) != len(entities.RelTypes) {
					t.Errorf("%d kinds and %d types used, want all %d and %d", len(kinds), len(types), len(entities.Kinds), len(entities.RelTypes))
				}
			}
		})
	}
}

// checkValid checks what the loader would: unique ids, known ends, kinds and
// types, ids derived from ends and type, since before until.
func checkValid(t *testing.T, ds *entities.Dataset) {
	t.Helper()
	ids := map[string]bool{}
	for _, e := range ds.Entities {
		if ids[e.ID] {
			t.Fatalf("entity %q twice", e.ID)
		}
		ids[e.ID] = true
		if !entities.ValidKind(e.Kind) {
			t.Fatalf("entity %q: kind %q", e.ID, e.Kind)
		}
		if !e.Dissolved.IsZero() && e.Dissolved.Before(e.Founded) {
			t.Fatalf("entity %q dissolved before founded", e.ID)
		}
	}
	rels := map[string]bool{}
	for _, r := range ds.Relationships {
		if rels[r.ID] || r.ID != entities.RelationshipID(r.From, r.Type, r.To) || !ids[r.From] || !ids[r.To] || r.From == r.To {
			t.Fatalf("relationship %q is duplicated, misnamed, dangling or a self-loop", r.ID)
		}
		rels[r.ID] = true
		if !r.Until.IsZero() && r.Until.Before(r.Since) {
			t.Fatalf("relationship %q ends before it starts", r.ID)
		}
		if len(r.Evidence) == 0 || r.Evidence[0].Source != gen.Source.ID || r.Evidence[0].Locator == "" {
			t.Fatalf("relationship %q: evidence %v", r.ID, r.Evidence)
		}
	}
}

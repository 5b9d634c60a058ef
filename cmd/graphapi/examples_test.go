package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

// TestExamplePacks: each pack under examples/packs, copied beside the Mali
// seed as examples/packs/README.md says, does what that README says, and the
// Mali packs are not edited for it.
func TestExamplePacks(t *testing.T) {
	tests := []struct {
		pack    string
		wantOut string // validate's output: all of it when it starts "seed ok" (no warning)
		check   func(t *testing.T, ds *entities.Dataset)
	}{
		{"lwj-jnim-2017", "seed ok: 8 sources, 69 entities, 87 relationships\n", func(t *testing.T, ds *entities.Dataset) {
			for _, from := range []string{"aqim-sahara-branch", "al-murabitoun", "ansar-al-dine", "macina-liberation-front"} {
				r := relationship(t, ds, entities.RelationshipID(from, entities.MergedInto, "jnim"))
				if got := evidenceSources(r.Evidence); !slices.Contains(got, "lwj-jnim-2017") || !slices.Contains(got, "crt2018-mali") {
					t.Errorf("%s cites %v, want the report and the new source", r.ID, got)
				}
				if r.Since.String() != "2017-03-02" || entities.HasConflict(r.Claims) {
					t.Errorf("%s since %s, claims %v: want 2017-03-02, agreeing", r.ID, r.Since, r.Claims)
				}
			}
			if e := entity(t, ds, "jnim"); !slices.Contains(e.Aliases, "Group for the Support of Islam and Muslims") {
				t.Errorf("jnim's aliases %v lack the new one", e.Aliases)
			}
		}},
		{"mmp-ansar-dine-2016", `warning: entity "ansar-al-dine": sources disagree on founded: 2011-11 (mmp-ansar-dine-2016), 2011-12 (cep)`, func(t *testing.T, ds *entities.Dataset) {
			e := entity(t, ds, "ansar-al-dine")
			if len(entities.Conflicts(entities.SubjectEntity, e.ID, e.Claims)) != 1 {
				t.Errorf("ansar-al-dine claims %v: want one conflict", e.Claims)
			}
		}},
		{"reuters-ansar-dine-2012", "seed ok: 8 sources, 69 entities, 88 relationships\n", func(t *testing.T, ds *entities.Dataset) {
			relationship(t, ds, entities.RelationshipID("iyad-ag-ghaly", entities.Leads, "ansar-al-dine"))
			if got := evidenceSources(entity(t, ds, "ansar-al-dine").Evidence); !slices.Contains(got, "reuters-ansar-dine-2012") {
				t.Errorf("\"Ansar Dine\" did not resolve to ansar-al-dine: it cites %v", got)
			}
		}},
		{"crt2018-burkina-faso", "seed ok: 8 sources, 70 entities, 88 relationships\n", func(t *testing.T, ds *entities.Dataset) {
			bf := entity(t, ds, "national-gendarmerie-burkina-faso")
			if bf.Attributes["country"] != "Burkina Faso" {
				t.Errorf("the new gendarmerie's attributes are %v", bf.Attributes)
			}
			if got := evidenceSources(entity(t, ds, "national-gendarmerie").Evidence); !slices.Equal(got, []string{"crt2018-mali"}) {
				t.Errorf("Mali's gendarmerie now cites %v", got)
			}
			relationship(t, ds, entities.RelationshipID("united-states", entities.Supports, "national-gendarmerie-burkina-faso"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.pack, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS("../../seed")); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(filepath.Join(dir, tt.pack), os.DirFS(filepath.Join("../../examples/packs", tt.pack))); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := run(context.Background(), []string{"validate", "--seed", dir}, func(string) string { return "" }, &out, io.Discard); err != nil {
				t.Fatalf("validate: %v", err)
			}
			exact := strings.HasPrefix(tt.wantOut, "seed ok")
			if exact && out.String() != tt.wantOut || !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("validate says %q, want %q", out.String(), tt.wantOut)
			}
			ds, err := loader.ReadDir(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, ds)
		})
	}
}

// TestShippedSeedIsStrict: the Mali packs have no warning: no conflict, no
// shared name, no near duplicate.
func TestShippedSeedIsStrict(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"validate", "--strict"}, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatalf("validate --strict: %v\n%s", err, out.String())
	}
}

func entity(t *testing.T, ds *entities.Dataset, id string) *entities.Entity {
	t.Helper()
	for i := range ds.Entities {
		if ds.Entities[i].ID == id {
			return &ds.Entities[i]
		}
	}
	t.Fatalf("no entity %s", id)
	return nil
}

func relationship(t *testing.T, ds *entities.Dataset, id string) *entities.Relationship {
	t.Helper()
	for i := range ds.Relationships {
		if ds.Relationships[i].ID == id {
			return &ds.Relationships[i]
		}
	}
	t.Fatalf("no relationship %s", id)
	return nil
}

func evidenceSources(ev []entities.Evidence) []string {
	var out []string
	for _, e := range ev {
		out = append(out, e.Source)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

package loader_test

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

// TestAddPackEqualsLoadingTogether: each example pack added to the Mali seed
// in a store gives the graph that loading the seed and the pack together
// gives (entities, relationships, evidence, claims, conflicts, sources), with
// the warnings of the pack's files; added again, it changes nothing.
func TestAddPackEqualsLoadingTogether(t *testing.T) {
	ctx := context.Background()
	mali := readSeedDir(t, "../../seed")
	packs, err := os.ReadDir("../../examples/packs")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range packs {
		if !p.IsDir() {
			continue
		}
		t.Run(p.Name(), func(t *testing.T) {
			packDir := filepath.Join("../../examples/packs", p.Name())
			a, err := loader.OpenAddition(ctx, os.DirFS(packDir), storeOf(t, mali))
			if err != nil {
				t.Fatalf("OpenAddition: %v", err)
			}
			together := t.TempDir()
			if err := os.CopyFS(together, os.DirFS("../../seed")); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(filepath.Join(together, p.Name()), os.DirFS(packDir)); err != nil {
				t.Fatal(err)
			}
			sd, err := loader.Open(os.DirFS(together))
			if err != nil {
				t.Fatal(err)
			}
			want, err := sd.Dataset()
			if err != nil {
				t.Fatal(err)
			}
			got := applyAddition(mali, a.Dataset())
			sameGraph(t, got, want)
			sameConflicts(t, storeOf(t, got), storeOf(t, want))

			// The Mali seed has no warning of its own: every warning of the
			// two loaded together is the pack's, which the addition gives
			// at the pack's statement (a whole load, at the first pack's).
			var wantWarn, gotWarn []string
			for _, w := range sd.Warnings() {
				wantWarn = append(wantWarn, w.Message)
			}
			for _, w := range a.Warnings() {
				gotWarn = append(gotWarn, w.Message)
				if _, err := fs.Stat(os.DirFS(packDir), w.File); err != nil || w.Line == 0 {
					t.Errorf("warning %s is not at a line of the pack's files", w)
				}
			}
			if !slices.Equal(gotWarn, wantWarn) {
				t.Errorf("warnings %q, want those of loading together: %q", gotWarn, wantWarn)
			}

			// Added again: every item is as the graph holds it.
			again, err := loader.OpenAddition(ctx, os.DirFS(packDir), storeOf(t, got))
			if err != nil {
				t.Fatalf("second OpenAddition: %v", err)
			}
			if n := len(again.Dataset().Entities) + len(again.Dataset().Relationships); n == 0 {
				t.Fatal("the second addition states nothing")
			}
			if changed := applyAddition(got, again.Dataset()); !reflect.DeepEqual(changed, got) {
				sameGraph(t, changed, got)
				t.Error("adding the pack again changes the graph")
			}
		})
	}
}

// TestAddPackRefused: a broken pack is refused with every problem at a
// file:line of the pack, and no addition.
func TestAddPackRefused(t *testing.T) {
	ref := "source:\n  id: new-ref\n  kind: reference\n  title: A new reference\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string // a problem, file:line: message start
	}{
		{"end nowhere", map[string]string{"pack.yaml": ref + `relationships:
  - from: jnim
    type: COOPERATES_WITH
    to: no-such-group
    evidence:
      - locator: p. 1
`}, `pack.yaml:6: relationship jnim:COOPERATES_WITH:no-such-group: to "no-such-group" is not a defined entity id in the pack or the graph`},
		{"end nowhere, a name starting like it", map[string]string{"pack.yaml": ref + `relationships:
  - from: al-murabit
    type: MERGED_INTO
    to: jnim
    evidence:
      - locator: p. 1
`}, `pack.yaml:6: relationship al-murabit:MERGED_INTO:jnim: from "al-murabit" is not a defined entity id in the pack or the graph; did you mean al-murabitoun?`},
		{"end named by a weak acronym only", map[string]string{"pack.yaml": ref + `relationships:
  - from: ansar-al-dine
    type: MERGED_INTO
    to: JNIM
    evidence:
      - locator: p. 1
`}, `pack.yaml:6: relationship ansar-al-dine:MERGED_INTO:JNIM: to "JNIM" could be jnim ("JNIM")`},
		{"ambiguous generic name", map[string]string{"pack.yaml": "source:\n  id: new-ref\n  kind: reference\n  title: A new reference\n" + `entities:
  - name: National Gendarmerie
    kind: state_body
    evidence:
      - locator: p. 1
`}, `pack.yaml:6: entity "National Gendarmerie"`},
		{"dates that clash with the graph's", map[string]string{"pack.yaml": ref + `entities:
  - id: aqim-sahara-branch
    kind: armed_group
    name: AQIM's Sahara Branch
    founded: 2018
    evidence:
      - locator: p. 3
`}, `pack.yaml:6: entity "aqim-sahara-branch": dissolved 2017-03-02 is before founded 2018`},
		{"quote not in its text", map[string]string{
			"pack.yaml": "source:\n  id: new-report\n  kind: report\n  title: A report\n  file: report.txt\n" + `relationships:
  - from: jnim
    type: COOPERATES_WITH
    to: ansar-al-dine
    evidence:
      - quote: "words the report never wrote"
`,
			"report.txt": "JNIM and Ansar al-Dine fought side by side.\n",
		}, `pack.yaml:11: relationship jnim:COOPERATES_WITH:ansar-al-dine: quote not found in source "new-report"`},
		{"source id the graph holds", map[string]string{"pack.yaml": "source:\n  id: cep\n  kind: reference\n  title: Another title\n" + `entities:
  - id: jnim
    kind: armed_group
    name: JNIM
    evidence:
      - locator: p. 2
`}, `pack.yaml:2: source "cep" is in the graph already with other content (differs in title and publisher)`},
	}
	mali := readSeedDir(t, "../../seed")
	store := storeOf(t, mali)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			a, err := loader.OpenAddition(context.Background(), os.DirFS(dir), store)
			var probs loader.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("OpenAddition: %v (addition %v), want Problems", err, a)
			}
			found := false
			for _, p := range probs {
				found = found || strings.HasPrefix(p.String(), tt.want)
			}
			if !found || a != nil {
				t.Errorf("problems:\n%v\nwant one starting %q", err, tt.want)
			}
		})
	}
}

func readSeedDir(tb testing.TB, dir string) *entities.Dataset {
	tb.Helper()
	ds, err := loader.ReadDir(os.DirFS(dir))
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

func storeOf(tb testing.TB, ds *entities.Dataset) *memstore.Store {
	tb.Helper()
	s := memstore.New()
	if _, err := s.Replace(context.Background(), ds); err != nil {
		tb.Fatal(err)
	}
	return s
}

// applyAddition is base with add written on top as a store's Add writes it:
// each entity, relationship and source created, or replaced by id.
func applyAddition(base, add *entities.Dataset) *entities.Dataset {
	out := &entities.Dataset{
		Sources:       slices.Clone(base.Sources),
		Entities:      slices.Clone(base.Entities),
		Relationships: slices.Clone(base.Relationships),
	}
	for _, s := range add.Sources {
		if i := slices.IndexFunc(out.Sources, func(o entities.Source) bool { return o.ID == s.ID }); i >= 0 {
			out.Sources[i] = s
		} else {
			out.Sources = append(out.Sources, s)
		}
	}
	for _, e := range add.Entities {
		if i := slices.IndexFunc(out.Entities, func(o entities.Entity) bool { return o.ID == e.ID }); i >= 0 {
			out.Entities[i] = e
		} else {
			out.Entities = append(out.Entities, e)
		}
	}
	for _, r := range add.Relationships {
		if i := slices.IndexFunc(out.Relationships, func(o entities.Relationship) bool { return o.ID == r.ID }); i >= 0 {
			out.Relationships[i] = r
		} else {
			out.Relationships = append(out.Relationships, r)
		}
	}
	return out
}

// sameGraph compares two graphs item by item, by id. Evidence is compared as
// a set after checking that report quotations come first: among references
// its order is that of the packs, which a later addition follows and a whole
// load takes from folder names.
func sameGraph(t *testing.T, got, want *entities.Dataset) {
	t.Helper()
	byID := func(s entities.Source) string { return s.ID }
	gs, ws := sortedBy(got.Sources, byID), sortedBy(want.Sources, byID)
	for i := range gs {
		gs[i].File, gs[i].Text = "", ""
	}
	for i := range ws {
		ws[i].File, ws[i].Text = "", ""
	}
	if !reflect.DeepEqual(gs, ws) {
		t.Errorf("sources:\n got %+v\nwant %+v", gs, ws)
	}
	reports := map[string]bool{}
	for _, s := range want.Sources {
		reports[s.ID] = s.Kind == entities.SourceReport
	}
	ge, we := sortedBy(got.Entities, func(e entities.Entity) string { return e.ID }), sortedBy(want.Entities, func(e entities.Entity) string { return e.ID })
	if len(ge) != len(we) {
		t.Errorf("%d entities, want %d", len(ge), len(we))
	}
	for i := range min(len(ge), len(we)) {
		g, w := ge[i], we[i]
		g.Evidence, w.Evidence = evidenceSet(t, g.ID, g.Evidence, reports), evidenceSet(t, w.ID, w.Evidence, reports)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("entity %s:\n got %+v\nwant %+v", w.ID, g, w)
		}
	}
	gr, wr := sortedBy(got.Relationships, func(r entities.Relationship) string { return r.ID }), sortedBy(want.Relationships, func(r entities.Relationship) string { return r.ID })
	if len(gr) != len(wr) {
		t.Errorf("%d relationships, want %d", len(gr), len(wr))
	}
	for i := range min(len(gr), len(wr)) {
		g, w := gr[i], wr[i]
		g.Evidence, w.Evidence = evidenceSet(t, g.ID, g.Evidence, reports), evidenceSet(t, w.ID, w.Evidence, reports)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("relationship %s:\n got %+v\nwant %+v", w.ID, g, w)
		}
	}
}

func sortedBy[T any](s []T, key func(T) string) []T {
	out := slices.Clone(s)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// evidenceSet checks that ev lists reports' quotations first and returns it sorted.
func evidenceSet(t *testing.T, id string, ev []entities.Evidence, reports map[string]bool) []entities.Evidence {
	t.Helper()
	for i := 1; i < len(ev); i++ {
		if reports[ev[i].Source] && !reports[ev[i-1].Source] {
			t.Errorf("%s: report evidence %d after a reference's: %v", id, i, ev)
		}
	}
	return sortedBy(ev, func(e entities.Evidence) string { return e.Source + "\x00" + e.Quote + "\x00" + e.Locator })
}

func sameConflicts(t *testing.T, got, want *memstore.Store) {
	t.Helper()
	g, err := got.Conflicts(context.Background(), entities.ConflictQuery{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := want.Conflicts(context.Background(), entities.ConflictQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("conflicts:\n got %+v\nwant %+v", g, w)
	}
}

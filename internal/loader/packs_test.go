package loader_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/seed"
)

func readPacks(t *testing.T, dir string) (*entities.Dataset, loader.Problems) {
	t.Helper()
	sd, err := loader.Open(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	ds, err := sd.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	return ds, sd.Warnings()
}

func entityByID(ds *entities.Dataset, id string) *entities.Entity {
	for i := range ds.Entities {
		if ds.Entities[i].ID == id {
			return &ds.Entities[i]
		}
	}
	return nil
}

func relByID(ds *entities.Dataset, id string) *entities.Relationship {
	for i := range ds.Relationships {
		if ds.Relationships[i].ID == id {
			return &ds.Relationships[i]
		}
	}
	return nil
}

// TestPacksMerge loads three packs that restate one another's entities and
// relationships: each thing once, with the union of the evidence, names and
// claims, its shown values by entities.ShownValue.
func TestPacksMerge(t *testing.T) {
	ds, warns := readPacks(t, "testdata/packs/good")

	t.Run("a restated relationship carries the evidence of both packs", func(t *testing.T) {
		r := relByID(ds, "al-murabitoun:MERGED_INTO:jnim")
		if r == nil {
			t.Fatal("no al-murabitoun:MERGED_INTO:jnim")
		}
		if got := entities.SourcesOf(r.Evidence); !slices.Equal(got, []string{"ref-b", "report-a"}) {
			t.Errorf("evidence sources %v, want ref-b and report-a", got)
		}
		if r.Since.String() != "2017-03-02" {
			t.Errorf("since %q, want the date ref-b gives", r.Since)
		}
		want := []entities.Claim{{Field: "confidence", Value: "fact", Source: "ref-b"}, {Field: "confidence", Value: "fact", Source: "report-a"}, {Field: "since", Value: "2017-03-02", Source: "ref-b"}}
		if !slices.Equal(r.Claims, want) {
			t.Errorf("claims %v, want %v", r.Claims, want)
		}
	})
	t.Run("names and aliases are unioned", func(t *testing.T) {
		e := entityByID(ds, "jnim")
		if e.Name != "JNIM" || !slices.Contains(e.Aliases, "Group for Support of Islam and Muslims") || !slices.Contains(e.Aliases, "Jama’at Nusrat al-Islam wal-Muslimin") {
			t.Errorf("jnim is %q %q", e.Name, e.Aliases)
		}
		if got := entities.SourcesOf(e.Evidence); !slices.Equal(got, []string{"ref-b", "report-a"}) {
			t.Errorf("evidence sources %v", got)
		}
	})
	t.Run("a name resolves through the alias index", func(t *testing.T) {
		e := entityByID(ds, "ansar-al-dine")
		if e == nil || e.Name != "Ansar al-Dine" || !slices.Contains(e.Aliases, "Ansar Dine") {
			t.Fatalf("ansar-al-dine is %+v", e)
		}
		if got := entities.SourcesOf(e.Evidence); !slices.Equal(got, []string{"ref-b", "ref-c", "report-a"}) {
			t.Errorf("evidence sources %v, want all three packs", got)
		}
		if relByID(ds, "ansar-al-dine:MERGED_INTO:jnim") == nil {
			t.Error(`the end "Ansar Dine" did not resolve to ansar-al-dine`)
		}
	})
	t.Run("another country's gendarmerie is another entity", func(t *testing.T) {
		bf := entityByID(ds, "national-gendarmerie-burkina-faso")
		if bf == nil {
			t.Fatal("no national-gendarmerie-burkina-faso")
		}
		if got := entities.SourcesOf(entityByID(ds, "national-gendarmerie").Evidence); !slices.Equal(got, []string{"report-a"}) {
			t.Errorf("Mali's gendarmerie gained evidence from %v", got)
		}
		if relByID(ds, "national-gendarmerie-burkina-faso:COUNTERS:ansar-al-dine") == nil {
			t.Error("the Burkinabe gendarmerie's relationship names the wrong end")
		}
	})
	t.Run("a conflict keeps every claim and warns", func(t *testing.T) {
		e := entityByID(ds, "ansar-al-dine")
		if e.Founded.String() != "2011-12" {
			t.Errorf("founded %q: one source each, so the finer date shows", e.Founded)
		}
		want := []entities.Claim{{Field: "founded", Value: "2011-12", Source: "ref-b"}, {Field: "founded", Value: "2012", Source: "ref-c"}}
		if !slices.Equal(e.Claims, want) {
			t.Errorf("claims %v, want %v", e.Claims, want)
		}
		if len(warns) != 1 || !strings.Contains(warns[0].Message, `entity "ansar-al-dine": sources disagree on founded: 2011-12 (ref-b), 2012 (ref-c); showing 2011-12`) {
			t.Errorf("warnings %v", warns)
		}
	})
	t.Run("agreeing precisions are no conflict", func(t *testing.T) {
		r := relByID(ds, "ansar-al-dine:MERGED_INTO:jnim")
		if r.Since.String() != "2017-03" || entities.HasConflict(r.Claims) {
			t.Errorf("since %q, claims %v", r.Since, r.Claims)
		}
	})
}

// TestBrokenPacks: each broken pack set is refused with file:line and what is
// wrong.
func TestBrokenPacks(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"stated twice in one pack", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: x}]}\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: y}]}\n",
		}, "p/pack.yaml:4: pack p states this twice (first at p/pack.yaml:3)"},
		{"evidence naming a source", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{source: q, locator: x}]}\n",
		}, `p/pack.yaml:3: unknown field "source" in entity "a": evidence; known fields: quote, locator`},
		{"a pack without its source", map[string]string{
			"p/pack.yaml": "entities:\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: x}]}\n",
		}, "p/pack.yaml:1: pack.yaml needs its source:"},
		{"a name no entity bears", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: x}]}\nrelationships:\n  - {from: a, type: SPLIT_FROM, to: Nobody Known, evidence: [{locator: x}]}\n",
		}, `p/pack.yaml:5: relationship a:SPLIT_FROM:Nobody Known: to "Nobody Known" is neither an entity id nor a name any entity bears`},
		{"a weak acronym decides nothing", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\nentities:\n  - {id: jnim, kind: armed_group, name: JNIM, evidence: [{locator: x}]}\n",
			"q/pack.yaml": "source: {id: q, kind: reference, title: Q}\nentities:\n  - {name: JNIM, evidence: [{locator: y}]}\n",
		}, `q/pack.yaml:3: entity "JNIM": "JNIM" could be jnim ("JNIM")`},
		{"a generic name with no country", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\nentities:\n  - {name: National Police, kind: state_body, evidence: [{locator: y}]}\n",
		}, `p/pack.yaml:3: entity "National Police" is a generic state-body name: give its country`},
		{"two kinds for one entity", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: x}]}\n",
			"q/pack.yaml": "source: {id: q, kind: reference, title: Q}\nentities:\n  - {id: a, kind: state_body, evidence: [{locator: y}]}\n",
		}, `q/pack.yaml:3: entity "a" is a state_body here but a armed_group at p/pack.yaml:3`},
		{"a quote the pack's report does not hold", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: report, title: P, file: p.txt}\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{quote: not in it}]}\n",
			"p/p.txt":     "The text of the report.\n",
		}, `p/pack.yaml:3: entity "a": quote not found in source "p"`},
		{"an applied record with a malformed time", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\napplied:\n  by: amina\n  at: 2026-12-07 20:40\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: x}]}\n",
		}, `p/pack.yaml:4: applied: at: "2026-12-07 20:40" is not a time like 2006-01-02T15:04:05Z`},
		{"an applied record without who", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\napplied: {at: \"2026-12-07T20:40:00Z\"}\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: x}]}\n",
		}, `p/pack.yaml:2: applied: needs by: (who applied the pack)`},
		{"an applied record with an unknown field", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\napplied: {by: amina, at: \"2026-12-07T20:40:00Z\", why: because}\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: x}]}\n",
		}, `p/pack.yaml:2: unknown field "why" in applied; known fields: by, at`},
		{"an applied record outside pack.yaml", map[string]string{
			"p/pack.yaml": "source: {id: p, kind: reference, title: P}\nentities:\n  - {id: a, kind: armed_group, name: A, evidence: [{locator: x}]}\n",
			"p/more.yaml": "applied: {by: amina, at: \"2026-12-07T20:40:00Z\"}\n",
		}, `p/more.yaml:1: unknown field "applied"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tt.files {
				if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := loader.Open(os.DirFS(dir))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open: %v\nwant a problem containing %q", err, tt.want)
			}
		})
	}
}

// TestValidateWarnsOfNearDuplicates: a new id whose name is another
// entity's is accepted, with a "did you mean" warning.
func TestValidateWarnsOfNearDuplicates(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"p/pack.yaml": "source: {id: p, kind: reference, title: P}\nentities:\n  - {id: ansar-al-dine, kind: armed_group, name: Ansar al-Dine, evidence: [{locator: x}]}\n",
		"q/pack.yaml": "source: {id: q, kind: reference, title: Q}\nentities:\n  - {id: ansar-dine, kind: armed_group, name: Ansar Dine, evidence: [{locator: y}]}\n",
	}
	for name, text := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	sd, err := loader.Open(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range sd.Warnings() {
		msgs = append(msgs, w.String())
	}
	if !slices.ContainsFunc(msgs, func(m string) bool {
		return strings.Contains(m, `q/pack.yaml:3: entity "ansar-dine" has a name of ansar-al-dine: did you mean ansar-al-dine?`)
	}) {
		t.Errorf("warnings %q", msgs)
	}
}

// seedWith is the Mali seed with the files of dir beside its packs, on disk.
func seedWith(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	if err := os.CopyFS(out, seed.FS); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(out, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSecondSourceLayouts: a second source restating Ansar al-Dine beside the
// Mali packs keeps its disagreeing dates as its claims, with the conflicts
// warned of, whether it is written as a source pack or in the flat format
// (sources: at the top, source: on each evidence); the two layouts give the
// same graph.
func TestSecondSourceLayouts(t *testing.T) {
	got := map[string]*entities.Dataset{}
	for _, layout := range []string{"pack", "flat"} {
		t.Run(layout, func(t *testing.T) {
			ds, warns := readPacks(t, seedWith(t, filepath.Join("testdata/second-source", layout)))
			got[layout] = ds
			e := entityByID(ds, "ansar-al-dine")
			for _, want := range []entities.Claim{
				{Field: "founded", Value: "2011-12", Source: "cep"},
				{Field: "founded", Value: "2012", Source: "wikipedia-ansar"},
				{Field: "attributes.founder", Value: "Iyad ag Ghaly", Source: "wikipedia-ansar"},
			} {
				if !slices.Contains(e.Claims, want) {
					t.Errorf("ansar-al-dine's claims %v lack %v", e.Claims, want)
				}
			}
			r := relByID(ds, "ansar-al-dine:MERGED_INTO:jnim")
			for _, want := range []entities.Claim{
				{Field: "since", Value: "2017-03-02", Source: "cep"},
				{Field: "since", Value: "2017-02", Source: "wikipedia-ansar"},
				{Field: "confidence", Value: "fact", Source: "wikipedia-ansar"},
			} {
				if !slices.Contains(r.Claims, want) {
					t.Errorf("ansar-al-dine:MERGED_INTO:jnim's claims %v lack %v", r.Claims, want)
				}
			}
			for _, want := range []string{
				`entity "ansar-al-dine": sources disagree on founded: 2011-12 (cep), 2012 (wikipedia-ansar)`,
				`relationship ansar-al-dine:MERGED_INTO:jnim: sources disagree on since:`,
			} {
				if !strings.Contains(warns.Error(), want) {
					t.Errorf("warnings lack %q:\n%v", want, warns)
				}
			}
		})
	}
	if t.Failed() {
		return
	}
	pack, flat := got["pack"], got["flat"]
	for _, id := range []string{"ansar-al-dine", "jnim"} {
		if a, b := entityByID(pack, id), entityByID(flat, id); !reflect.DeepEqual(a, b) {
			t.Errorf("entity %s differs between the layouts:\npack %+v\nflat %+v", id, a, b)
		}
	}
	if a, b := relByID(pack, "ansar-al-dine:MERGED_INTO:jnim"), relByID(flat, "ansar-al-dine:MERGED_INTO:jnim"); !reflect.DeepEqual(a, b) {
		t.Errorf("ansar-al-dine:MERGED_INTO:jnim differs between the layouts:\npack %+v\nflat %+v", a, b)
	}
}

// TestPlainValuesAreNotHidden: a flat-format record whose evidence cites
// several sources gives values no one source claims; one that disagrees with
// a pack's claim is refused, file:line naming it and what to change, rather
// than hidden behind the claim. One that agrees, or that no claim speaks to,
// is kept.
func TestPlainValuesAreNotHidden(t *testing.T) {
	const two = "sources:\n  - {id: s1, kind: reference, title: S1}\n  - {id: s2, kind: reference, title: S2}\n"
	const pack = "source: {id: p, kind: reference, title: P}\nentities:\n  - {id: a, kind: armed_group, name: A, founded: 2011-12, evidence: [{locator: x}]}\n" +
		"  - {id: b, kind: armed_group, name: B, evidence: [{locator: x}]}\nrelationships:\n  - {from: a, type: SPLIT_FROM, to: b, since: 2011-12, evidence: [{locator: x}]}\n"
	tests := []struct {
		name, flat, want string
	}{
		{"a date that disagrees", two + "entities:\n  - id: a\n    founded: 2012\n    evidence: [{source: s1, locator: y}, {source: s2, locator: z}]\n",
			`flat.yaml:5: entity "a": founded 2012 here is no one source's claim (its evidence cites s1, s2) and disagrees with 2011-12 (p): state it once per source`},
		{"a relationship's date that disagrees", two + "relationships:\n  - from: a\n    type: SPLIT_FROM\n    to: b\n    since: 2010\n    evidence: [{source: s1, locator: y}, {source: s2, locator: z}]\n",
			`flat.yaml:5: relationship a:SPLIT_FROM:b: since 2010 here is no one source's claim (its evidence cites s1, s2) and disagrees with 2011-12 (p)`},
		{"a confidence that disagrees", two + "relationships:\n  - from: a\n    type: SPLIT_FROM\n    to: b\n    confidence: reported\n    evidence: [{source: s1, locator: y}, {source: s2, locator: z}]\n",
			`flat.yaml:5: relationship a:SPLIT_FROM:b: confidence reported here is no one source's claim (its evidence cites s1, s2) and disagrees with fact (p)`},
		{"a date that agrees", two + "entities:\n  - id: a\n    founded: 2011\n    evidence: [{source: s1, locator: y}, {source: s2, locator: z}]\n", ""},
		{"a field no claim speaks to", two + "entities:\n  - id: a\n    dissolved: 2017\n    evidence: [{source: s1, locator: y}, {source: s2, locator: z}]\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "p"), 0o755)
			for name, text := range map[string]string{"p/pack.yaml": pack, "flat.yaml": tt.flat} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			sd, err := loader.Open(os.DirFS(dir))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				ds, _ := sd.Dataset()
				if a := entityByID(ds, "a"); a.Founded.String() != "2011-12" || (strings.Contains(tt.flat, "dissolved") && a.Dissolved.String() != "2017") {
					t.Errorf("a founded %s dissolved %s", a.Founded, a.Dissolved)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open: %v\nwant a problem containing %q", err, tt.want)
			}
		})
	}
}

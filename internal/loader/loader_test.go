package loader_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/seed"
)

// TestBrokenSeeds loads each seed in testdata/broken, each the good seed with one
// fault, and checks that it is refused with the fault's file:line and that a
// store holding the good seed is left exactly as it was.
func TestBrokenSeeds(t *testing.T) {
	cases := map[string]string{
		"yaml-syntax":              "entities.yaml:17: YAML syntax: mapping values are not allowed",
		"tab-indentation":          "entities.yaml:17: tab in indentation",
		"unknown-field":            `entities.yaml:17: unknown field "nmae" in an entity`,
		"duplicate-key":            `entities.yaml:18: duplicate key "name" in an entity (first at line 17)`,
		"unknown-kind":             `entities.yaml:15: entity "c": unknown kind "militia"`,
		"unknown-type":             `relationships.yaml:2: relationship a:MERGES_WITH:b: unknown type "MERGES_WITH"`,
		"duplicate-id":             `more.yaml:2: duplicate entity id "b" (first at entities.yaml:8)`,
		"dangling-end":             `relationships.yaml:2: relationship a:MERGED_INTO:zz: to "zz" is not a defined entity id`,
		"impossible-date":          `relationships.yaml:5: relationship a:MERGED_INTO:b: since: date "2018-02-30" does not exist`,
		"reversed-range":           "relationships.yaml:2: relationship a:MERGED_INTO:b: until 2016 is before since 2017-03-02",
		"dissolved-before-founded": `entities.yaml:8: entity "b": dissolved 2017-02-28 is before founded 2017-03`,
		"unknown-source":           `relationships.yaml:7: relationship a:MERGED_INTO:b: evidence cites unknown source "press"`,
		"quote-not-found":          `relationships.yaml:7: relationship a:MERGED_INTO:b: quote not found in source "rep"`,
		"invented-quote":           `entities.yaml:19: entity "c": source "ref" is a reference with no text here; give a locator, not a quote`,
		"no-evidence":              "relationships.yaml:2: relationship a:MERGED_INTO:b has no evidence",
		"stated-twice":             "relationships.yaml:9: relationship a:MERGED_INTO:b is stated twice (first at relationships.yaml:2)",
		"bad-confidence":           `relationships.yaml:2: relationship a:MERGED_INTO:b: confidence must be fact, assessed or reported, not "likely"`,
		"not-utf8":                 "entities.yaml:17: not UTF-8 (byte 0xe9",
		"binary-file":              "blob.yaml:2: binary file (NUL byte)",
		"event-without-date":       `events.yaml:2: entity "attack": an event needs its date`,
		"missing-source-file":      `sources.yaml:2: source "rep": cannot read file "sources/rep.txt"`,
		"csv-unknown-type":         `rels.csv:3: relationship a:FRIENDS_WITH:c: unknown type "FRIENDS_WITH"`,
		"csv-field-count":          "nodes.csv:3: CSV: wrong number of fields",
	}
	dirs, err := os.ReadDir("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != len(cases) {
		t.Fatalf("testdata/broken has %d seeds, the table %d: keep them in step", len(dirs), len(cases))
	}
	ctx := context.Background()
	store := memstore.New()
	if _, _, err := loader.Load(ctx, os.DirFS("testdata/good"), store); err != nil {
		t.Fatalf("the good seed is refused: %v", err)
	}
	before := snapshot(t, store)
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := loader.Load(ctx, os.DirFS(filepath.Join("testdata/broken", name)), store)
			var probs loader.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Load: got %v, want Problems", err)
			}
			if entities.ErrorCode(err) != entities.EINVALID {
				t.Errorf("error code %q, want %q", entities.ErrorCode(err), entities.EINVALID)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("problems:\n%v\nwant one starting %q", err, want)
			}
			if after := snapshot(t, store); after != before {
				t.Errorf("the store changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// snapshot describes everything a store holds, for comparing before and after.
func snapshot(t *testing.T, s *memstore.Store) string {
	t.Helper()
	ctx := context.Background()
	res, err := s.Search(ctx, entities.SearchQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(res.Items))
	for i, e := range res.Items {
		ids[i] = e.ID
	}
	g, err := s.Subgraph(ctx, entities.SubgraphQuery{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range g.Nodes {
		b.WriteString(n.ID + "|" + n.Name + ";")
	}
	for _, e := range g.Edges {
		b.WriteString(e.ID + "|" + e.Since.String() + ";")
	}
	return b.String()
}

func TestMaliSeed(t *testing.T) {
	ds, err := loader.ReadDir(seed.FS)
	if err != nil {
		t.Fatalf("the Mali seed is refused: %v", err)
	}
	if len(ds.Entities) < 60 || len(ds.Relationships) < 80 {
		t.Errorf("the Mali seed has %d entities and %d relationships; expected the whole report", len(ds.Entities), len(ds.Relationships))
	}
	for _, r := range ds.Relationships {
		if len(r.Evidence) == 0 {
			t.Errorf("%s has no evidence", r.ID)
		}
	}
}

// TestLoadTwiceChangesNothing loads the Mali seed twice into one store.
func TestLoadTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	n, first, err := loader.Load(ctx, seed.FS, store)
	if err != nil {
		t.Fatal(err)
	}
	if first.Created != n {
		t.Errorf("first load created %+v, want all %+v", first.Created, n)
	}
	_, second, err := loader.Load(ctx, seed.FS, store)
	if err != nil {
		t.Fatal(err)
	}
	want := entities.LoadStats{Unchanged: n}
	if *second != want {
		t.Errorf("second load: %+v, want %+v", *second, want)
	}
}

// TestWriteSeedRoundTrip writes a generated graph as neo4j-admin CSV and reads
// it back unchanged.
func TestWriteSeedRoundTrip(t *testing.T) {
	ds := gen.Generate(7, 300, 1200)
	dir := t.TempDir()
	if err := loader.WriteSeed(dir, ds); err != nil {
		t.Fatal(err)
	}
	back, err := loader.ReadDir(os.DirFS(dir))
	if err != nil {
		t.Fatalf("reading the written seed: %v", err)
	}
	if len(back.Entities) != len(ds.Entities) || len(back.Relationships) != len(ds.Relationships) {
		t.Fatalf("read back %d entities, %d relationships; wrote %d, %d", len(back.Entities), len(back.Relationships), len(ds.Entities), len(ds.Relationships))
	}
	for i := range ds.Relationships {
		a, b := ds.Relationships[i], back.Relationships[i]
		if a.ID != b.ID || a.Since != b.Since || a.Until != b.Until || a.Confidence != b.Confidence || len(a.Evidence) != len(b.Evidence) {
			t.Fatalf("relationship %d: wrote %+v, read %+v", i, a, b)
		}
	}
	for i := range ds.Entities {
		a, b := ds.Entities[i], back.Entities[i]
		if a.ID != b.ID || a.Name != b.Name || a.Kind != b.Kind || a.Founded != b.Founded || strings.Join(a.Aliases, "|") != strings.Join(b.Aliases, "|") {
			t.Fatalf("entity %d: wrote %+v, read %+v", i, a, b)
		}
	}
}

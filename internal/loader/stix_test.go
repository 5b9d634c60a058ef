package loader_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

// The objects of a small foreign bundle: two groups, a merger between them, a
// report listing all three, malware (which graphapi cannot map) and a
// relationship to it.
const (
	taA    = "threat-actor--11111111-1111-4111-8111-111111111111"
	taB    = "threat-actor--22222222-2222-4222-8222-222222222222"
	merger = "relationship--33333333-3333-4333-8333-333333333333"
	report = "report--44444444-4444-4444-8444-444444444444"
	mal    = "malware--55555555-5555-4555-8555-555555555555"
	uses   = "relationship--66666666-6666-4666-8666-666666666666"
	stamps = `"spec_version":"2.1","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z"`
)

var goodObjects = []string{
	`{"type":"threat-actor","id":"` + taA + `",` + stamps + `,"name":"Group A2","first_seen":"2012-01-01T00:00:00Z"}`,
	`{"type":"threat-actor","id":"` + taB + `",` + stamps + `,"name":"Group B2"}`,
	`{"type":"relationship","id":"` + merger + `",` + stamps + `,"relationship_type":"merged-into","source_ref":"` + taA + `","target_ref":"` + taB + `","start_time":"2017-03-02T00:00:00Z","confidence":85}`,
	`{"type":"report","id":"` + report + `",` + stamps + `,"name":"A feed","published":"2019-05-01T00:00:00Z","object_refs":["` + taA + `","` + taB + `","` + merger + `"]}`,
	`{"type":"malware","id":"` + mal + `",` + stamps + `,"name":"X","is_family":true}`,
	`{"type":"relationship","id":"` + uses + `",` + stamps + `,"relationship_type":"uses","source_ref":"` + taA + `","target_ref":"` + mal + `"}`,
}

// bundle writes objects one a line, as graphapi does: object i is on line i+2.
func bundle(objects ...string) []byte {
	return []byte(`{"type":"bundle","id":"bundle--77777777-7777-4777-8777-777777777777","objects":[` + "\n" +
		strings.Join(objects, ",\n") + "\n]}\n")
}

// replaced returns goodObjects with object i replaced by with (dropped when with is "").
func replaced(i int, with string) []string {
	out := slices.Clone(goodObjects)
	if with == "" {
		return slices.Delete(out, i, i+1)
	}
	out[i] = with
	return out
}

// withBundle is the good seed of testdata/good with data as bundle.json.
func withBundle(tb testing.TB, data []byte) fstest.MapFS {
	tb.Helper()
	fsys := goodSeed(tb)
	fsys["bundle.json"] = &fstest.MapFile{Data: data}
	return fsys
}

// TestSTIXBundle reads the good bundle beside the YAML seed: the groups, the
// merger and the report come in with evidence citing the report; the malware
// and the relationship to it are skipped, each listed with its reason.
func TestSTIXBundle(t *testing.T) {
	sd, err := loader.Open(withBundle(t, bundle(goodObjects...)))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := sd.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"bundle.json:6: object " + mal + " skipped: type malware has no graphapi kind",
		"bundle.json:7: object " + uses + " skipped: its target_ref " + mal + ", a malware, is not an entity here",
	}
	if !slices.Equal(sd.Skipped(), want) {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(sd.Skipped(), "\n"), strings.Join(want, "\n"))
	}
	byID := map[string]entities.Entity{}
	for _, e := range ds.Entities {
		byID[e.ID] = e
	}
	a, ok := byID["group-a2-11111111"]
	if !ok || a.Kind != entities.KindArmedGroup || a.Founded.String() != "2012-01-01" {
		t.Errorf("Group A2: %+v (ok %v); want an armed group founded 2012-01-01", a, ok)
	}
	if len(a.Evidence) != 1 || a.Evidence[0].Source != "a-feed-44444444" || a.Evidence[0].Locator != "lists STIX object "+taA {
		t.Errorf("Group A2 cites %+v; want the report that lists it", a.Evidence)
	}
	var rel *entities.Relationship
	for i := range ds.Relationships {
		if ds.Relationships[i].ID == "group-a2-11111111:MERGED_INTO:group-b2-22222222" {
			rel = &ds.Relationships[i]
		}
	}
	if rel == nil || rel.Since.String() != "2017-03-02" || rel.Confidence != entities.Fact {
		t.Errorf("the merger: %+v; want since 2017-03-02, fact", rel)
	}
	if len(ds.Entities) != 5 || len(ds.Relationships) != 2 || len(ds.Sources) != 3 {
		t.Errorf("%d entities, %d relationships, %d sources; want 5, 2 and 3 (the YAML seed's and the bundle's)",
			len(ds.Entities), len(ds.Relationships), len(ds.Sources))
	}
}

// TestBrokenSTIXBundles loads the good seed and then, into the same store,
// the seed with each broken bundle: every one is refused with its problems
// named by file, line and object id, and the store keeps the good seed.
func TestBrokenSTIXBundles(t *testing.T) {
	const unknown = "threat-actor--99999999-9999-4999-8999-999999999999"
	cases := []struct {
		name string
		data []byte
		want []string // every problem expected, each a substring of the error
	}{
		{"bad JSON", bundle(replaced(1, `{"type":"threat-actor",,}`)...),
			[]string{"bundle.json:3: JSON syntax: invalid character ','"}},
		{"truncated", bundle(goodObjects...)[:200],
			[]string{"bundle.json:2: JSON ends before the bundle does"}},
		{"not a bundle", []byte(`{"type":"report","objects":[]}`),
			[]string{`bundle.json:1: not a STIX bundle: type is "report", not "bundle"`}},
		{"a list", []byte(`[1, 2]`),
			[]string{"bundle.json:1: not a STIX bundle: a bundle is a JSON object"}},
		{"two bundles", append(bundle(goodObjects...), bundle(goodObjects...)...),
			[]string{"bundle.json:9: more JSON after the bundle"}},
		{"wrong property type", bundle(replaced(1, `{"type":"threat-actor","id":"`+taB+`","name":7}`)...),
			[]string{"bundle.json:3: object " + taB + ": property name cannot be a JSON number"}},
		{"not an object", bundle(replaced(1, `"threat-actor"`)...),
			[]string{"bundle.json:3: object 2 of the bundle is a JSON string; a STIX object is a JSON object"}},
		{"unknown ref", bundle(replaced(2, strings.Replace(goodObjects[2], `"target_ref":"`+taB, `"target_ref":"`+unknown, 1))...),
			[]string{"bundle.json:4: object " + merger + ": target_ref " + unknown + " is not an object of the bundle"}},
		{"both refs unknown", bundle(replaced(2, strings.NewReplacer(taA, unknown, taB, unknown).Replace(goodObjects[2]))...),
			[]string{"object " + merger + ": source_ref " + unknown, "object " + merger + ": target_ref " + unknown}},
		{"duplicate id", bundle(append(goodObjects, goodObjects[0])...),
			[]string{"bundle.json:8: object " + taA + ": appears twice (first at line 2)"}},
		{"malformed id", bundle(replaced(1, strings.Replace(goodObjects[1], taB, "threat-actor--group-b", 1))...),
			[]string{`bundle.json:3: object "threat-actor--group-b": id is not threat-actor--UUID`}},
		{"id of another type", bundle(replaced(1, strings.Replace(goodObjects[1], `"type":"threat-actor"`, `"type":"campaign"`, 1))...),
			[]string{`bundle.json:3: object "` + taB + `": id is not campaign--UUID`}},
		{"bad timestamp", bundle(replaced(2, strings.Replace(goodObjects[2], "2017-03-02T00:00:00Z", "2017-13-02", 1))...),
			[]string{`bundle.json:4: object ` + merger + `: start_time "2017-13-02" is not a timestamp`}},
		{"no created", bundle(replaced(0, strings.Replace(goodObjects[0], `"created":"2020-01-01T00:00:00.000Z",`, "", 1))...),
			[]string{"bundle.json:2: object " + taA + ": a threat-actor needs created"}},
		{"no name", bundle(replaced(1, strings.Replace(goodObjects[1], `,"name":"Group B2"`, "", 1))...),
			[]string{"bundle.json:3: object " + taB + ": a threat-actor needs name"}},
		{"no relationship type", bundle(replaced(2, strings.Replace(goodObjects[2], `"relationship_type":"merged-into",`, "", 1))...),
			[]string{"bundle.json:4: object " + merger + ": a relationship needs relationship_type"}},
		{"STIX 2.0", bundle(replaced(0, strings.Replace(goodObjects[0], `"spec_version":"2.1",`, "", 1))...),
			[]string{`bundle.json:2: object ` + taA + `: spec_version is ""; graphapi reads STIX 2.1`}},
		{"every problem listed", bundle(replaced(1, strings.NewReplacer(`"name":"Group B2"`, `"name":""`, `"created":"2020-01-01T00:00:00.000Z"`, `"created":"yesterday"`).Replace(goodObjects[1]))...),
			[]string{"object " + taB + ": a threat-actor needs name", "object " + taB + `: created "yesterday" is not a timestamp`}},
		// What the loader's own checks find is named by the object's line.
		{"stop before start", bundle(replaced(2, strings.Replace(goodObjects[2], `"confidence"`, `"stop_time":"2016-01-01T00:00:00Z","confidence"`, 1))...),
			[]string{"bundle.json:4: relationship group-a2-11111111:MERGED_INTO:group-b2-22222222: until 2016-01-01 is before since 2017-03-02"}},
		{"stated twice", bundle(append(goodObjects, strings.Replace(goodObjects[2], "33333333-3333", "33333333-4444", 1))...),
			[]string{"bundle.json:8: relationship group-a2-11111111:MERGED_INTO:group-b2-22222222 is stated twice (first at bundle.json:4)"}},
		{"graphapi id taken by the YAML seed", bundle(replaced(1, strings.Replace(goodObjects[1], `"name":"Group B2"`, `"name":"Group B2","external_references":[{"source_name":"graphapi","external_id":"b"}]`, 1))...),
			[]string{`entities.yaml:8: duplicate entity id "b" (first at bundle.json:3)`}},
		{"extension disagrees", bundle(replaced(2, strings.Replace(goodObjects[2], `"confidence":85`,
			`"extensions":{"`+loader.STIXExtensionID+`":{"extension_type":"property-extension","relationship":{"from":"a","type":"MERGED_INTO","to":"b","evidence":[{"source":"ref","locator":"p"}]}}}`, 1))...),
			[]string{"bundle.json:4: object " + merger + ": source_ref and target_ref (group-a2-11111111, group-b2-22222222) disagree with its x-graphapi ends (a, b)"}},
		{"extension cites an unknown source", bundle(replaced(1, `{"type":"threat-actor","id":"`+taB+`",`+stamps+`,"name":"B2","extensions":{"`+loader.STIXExtensionID+
			`":{"extension_type":"property-extension","entity":{"id":"b2","kind":"armed_group","name":"B2","evidence":[{"source":"press","locator":"p"}]}}}}`)...),
			[]string{`bundle.json:3: entity "b2": evidence cites unknown source "press"`}},
		{"minified", []byte(strings.ReplaceAll(string(bundle(replaced(1, strings.Replace(goodObjects[1], `,"name":"Group B2"`, "", 1))...)), "\n", "")),
			[]string{"bundle.json:1: object " + taB + ": a threat-actor needs name"}},
	}
	ctx := context.Background()
	store := memstore.New()
	if _, _, err := loader.Load(ctx, withBundle(t, bundle(goodObjects...)), store); err != nil {
		t.Fatalf("the good seed and bundle are refused: %v", err)
	}
	before := snapshot(t, store)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := loader.Load(ctx, withBundle(t, tc.data), store)
			var probs loader.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Load: got %v, want Problems", err)
			}
			if entities.ErrorCode(err) != entities.EINVALID {
				t.Errorf("error code %q, want %q", entities.ErrorCode(err), entities.EINVALID)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("problems:\n%v\nwant one containing %q", err, want)
				}
			}
			if after := snapshot(t, store); after != before {
				t.Errorf("the store changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// FuzzSTIXBundle replaces the bundle beside the good seed with fuzzed bytes.
// Open must never panic, and must either return a seed or Problems, each
// naming a seed file and a line inside it (0 for the file as a whole).
func FuzzSTIXBundle(f *testing.F) {
	f.Add(bundle(goodObjects...))
	f.Add([]byte(strings.ReplaceAll(string(bundle(goodObjects...)), "\n", "")))
	f.Add([]byte(`{"type":"bundle","objects":[{"type":"x","id":"x--1"},7,null,[]]}`))
	f.Add([]byte(`{"objects":{}}`))
	good := goodSeed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"bundle.json": {Data: data}}
		for name, file := range good {
			fsys[name] = file
		}
		sd, err := loader.Open(fsys)
		if err == nil {
			if sd == nil {
				t.Fatal("Open returned neither a seed nor an error")
			}
			return
		}
		var probs loader.Problems
		if !errors.As(err, &probs) || len(probs) == 0 {
			t.Fatalf("Open failed with %T %v, want Problems", err, err)
		}
		for _, p := range probs {
			file, ok := fsys[p.File]
			if !ok && p.File != "." {
				t.Fatalf("problem %q names no seed file", p)
			}
			if p.Line < 0 || (ok && p.Line > 1+strings.Count(string(file.Data), "\n")) {
				t.Fatalf("problem %q names a line outside %s", p, p.File)
			}
		}
	})
}

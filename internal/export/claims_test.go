package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/export"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/pycheck"
)

// disputed is the smallest graph with claims that agree and claims that
// disagree, on an entity and on a relationship, and a person: source a says
// Ansar Dine was founded in 2011-11, b says 2011-12; a dates the merger
// 2017-03-02, b 2017-02.
func disputed() *entities.Dataset {
	claim := func(field, value, source string) entities.Claim {
		return entities.Claim{Field: field, Value: value, Source: source}
	}
	date := func(s string) entities.Date {
		d, err := entities.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	ev := func(source, quote, locator string) entities.Evidence {
		return entities.Evidence{Source: source, Quote: quote, Locator: locator}
	}
	founded := []entities.Claim{claim("founded", "2011-11", "a"), claim("founded", "2011-12", "b")}
	since := []entities.Claim{claim("confidence", "fact", "rep"), claim("since", "2017-02", "b"), claim("since", "2017-03-02", "a")}
	return &entities.Dataset{
		Sources: []entities.Source{
			{ID: "a", Kind: entities.SourceReference, Title: "Source A"},
			{ID: "b", Kind: entities.SourceReference, Title: "Source B"},
			{ID: "rep", Kind: entities.SourceReport, Title: "A report", File: "rep.txt", Text: "Ansar Dine merged into JNIM, led by Iyad Ag Ghaly."},
		},
		Entities: []entities.Entity{
			{ID: "ansar-dine", Kind: entities.KindArmedGroup, Name: "Ansar Dine", Founded: date(entities.ShownValue("founded", founded)),
				Evidence: []entities.Evidence{ev("rep", "Ansar Dine", ""), ev("a", "", "profile, formed"), ev("b", "", "JNIM profile")},
				Claims:   founded},
			{ID: "iyad-ag-ghaly", Kind: entities.KindPerson, Name: "Iyad Ag Ghaly",
				Evidence: []entities.Evidence{ev("rep", "led by Iyad Ag Ghaly", "")}, Claims: []entities.Claim{}},
			{ID: "jnim", Kind: entities.KindArmedGroup, Name: "JNIM", Founded: date("2017-03-02"),
				Evidence: []entities.Evidence{ev("rep", "JNIM", ""), ev("a", "", "JNIM profile")},
				Claims:   []entities.Claim{claim("founded", "2017-03", "b"), claim("founded", "2017-03-02", "a")}},
		},
		Relationships: []entities.Relationship{
			{ID: "ansar-dine:MERGED_INTO:jnim", Type: entities.MergedInto, From: "ansar-dine", To: "jnim",
				Since: date(entities.ShownValue("since", since)), Confidence: entities.Fact,
				Evidence: []entities.Evidence{ev("rep", "Ansar Dine merged into JNIM", ""), ev("a", "", "merger, 2017-03-02"), ev("b", "", "merger, 2017-02")},
				Claims:   since},
			{ID: "iyad-ag-ghaly:LEADS:jnim", Type: entities.Leads, From: "iyad-ag-ghaly", To: "jnim", Confidence: entities.Fact,
				Evidence: []entities.Evidence{ev("rep", "JNIM, led by Iyad Ag Ghaly", "")},
				Claims:   []entities.Claim{claim("confidence", "fact", "rep")}},
		},
	}
}

// TestSTIXKeepsClaims: where sources disagree the bundle holds one
// relationship object per source's claim (and a note per source's claim
// about an entity), each with that source's dates and evidence; the
// OASIS validator accepts it; and it loads back with every claim.
func TestSTIXKeepsClaims(t *testing.T) {
	ds := disputed()
	bundle := mustExport(t, mustStore(t, ds), entities.ExportQuery{}, export.STIX)

	var b struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		t.Fatal(err)
	}
	var merges, notes []map[string]any
	for _, o := range b.Objects {
		switch {
		case o["relationship_type"] == "merged-into":
			merges = append(merges, o)
		case o["type"] == "note":
			notes = append(notes, o)
		}
	}
	starts := func(objs []map[string]any) []string {
		var out []string
		for _, o := range objs {
			s, _ := o["start_time"].(string)
			out = append(out, s)
		}
		return out
	}
	// The merger as shown (the finer of two dates one source each gives),
	// then a's, b's and rep's versions (rep claims a confidence, no date).
	if got, want := starts(merges), []string{"2017-03-02T00:00:00.000Z", "2017-03-02T00:00:00.000Z", "2017-02-01T00:00:00.000Z", ""}; !slices.Equal(got, want) {
		t.Errorf("merged-into start_times %v, want %v (shown, a's, b's, rep's)", got, want)
	}
	if len(merges) == 3 {
		refs := merges[2]["external_references"].([]any)
		if len(refs) != 2 || refs[1].(map[string]any)["source_name"] != "b" {
			t.Errorf("b's merged-into cites %v, want graphapi and b only", refs)
		}
	}
	// Ansar Dine's founding is disputed (two notes); JNIM's is not (2017-03
	// and 2017-03-02 agree), nor is anything about the person.
	if len(notes) != 2 {
		t.Fatalf("%d notes, want one per source of Ansar Dine's disputed founding", len(notes))
	}
	for i, src := range []string{"a", "b"} {
		abstract, _ := notes[i]["abstract"].(string)
		if !strings.Contains(abstract, "What "+src+" claims about Ansar Dine: founded 2011-1") {
			t.Errorf("note %d abstract %q", i, abstract)
		}
	}
	var person map[string]any
	for _, o := range b.Objects {
		if o["name"] == "Iyad Ag Ghaly" {
			person = o
		}
	}
	if person["type"] != "identity" || person["identity_class"] != "individual" {
		t.Errorf("the person is %v %v, want an identity of class individual", person["type"], person["identity_class"])
	}

	p := filepath.Join(t.TempDir(), "disputed.json")
	if err := os.WriteFile(p, bundle, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", pycheck.Run(t, "check_stix.py", allowedRelTypes(), p))

	sd, err := loader.Open(fstest.MapFS{"bundle.json": {Data: bundle}})
	if err != nil {
		t.Fatal(err)
	}
	if skipped := sd.Skipped(); len(skipped) > 0 {
		t.Errorf("skipped %v", skipped)
	}
	back, err := sd.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	sameClaims(t, ds, back)
	if again := mustExport(t, mustStore(t, back), entities.ExportQuery{}, export.STIX); !bytes.Equal(bundle, again) {
		t.Errorf("the second export differs from the first\nfirst:  %.300s\nsecond: %.300s", diffAt(bundle, again), diffAt(again, bundle))
	}
}

// TestCSVKeepsClaims: the claims column loads back.
func TestCSVKeepsClaims(t *testing.T) {
	ds := disputed()
	dir := t.TempDir()
	if err := export.Run(context.Background(), mustStore(t, ds), entities.ExportQuery{}, export.NewCSVWriter(export.DirFiles(dir))); err != nil {
		t.Fatal(err)
	}
	back, err := loader.ReadDir(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	sameClaims(t, ds, back)
}

// TestGraphMLKeepsClaims: each node and edge with claims has them as JSON,
// and says whether they disagree.
func TestGraphMLKeepsClaims(t *testing.T) {
	out := mustExport(t, mustStore(t, disputed()), entities.ExportQuery{}, export.GraphML)
	var doc struct {
		Keys  []struct{ ID, For, Name string } `xml:"key"`
		Nodes []graphMLItem                    `xml:"graph>node"`
		Edges []graphMLItem                    `xml:"graph>edge"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		claims   int
		conflict string
	}{
		"ansar-dine": {2, "true"}, "jnim": {2, "false"}, "iyad-ag-ghaly": {0, ""},
		"ansar-dine:MERGED_INTO:jnim": {3, "true"}, "iyad-ag-ghaly:LEADS:jnim": {1, "false"},
	}
	for _, it := range append(doc.Nodes, doc.Edges...) {
		data := map[string]string{}
		for _, d := range it.Data {
			data[strings.TrimPrefix(d.Key, "e_")] = d.Value
		}
		var claims []entities.Claim
		if data["claims"] != "" {
			if err := json.Unmarshal([]byte(data["claims"]), &claims); err != nil {
				t.Errorf("%s: claims %q: %v", it.ID, data["claims"], err)
			}
		}
		w := want[it.ID]
		if len(claims) != w.claims || data["conflict"] != w.conflict {
			t.Errorf("%s: %d claims, conflict %q; want %d, %q", it.ID, len(claims), data["conflict"], w.claims, w.conflict)
		}
	}
}

type graphMLItem struct {
	ID   string `xml:"id,attr"`
	Data []struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	} `xml:"data"`
}

// sameClaims fails unless every entity and relationship of got has the
// claims and shown values it has in want.
func sameClaims(tb testing.TB, want, got *entities.Dataset) {
	tb.Helper()
	ents := map[string]entities.Entity{}
	for _, e := range got.Entities {
		ents[e.ID] = e
	}
	for _, w := range want.Entities {
		g := ents[w.ID]
		if !sameClaimList(g.Claims, w.Claims) || g.Founded != w.Founded || g.Dissolved != w.Dissolved {
			tb.Errorf("entity %s: founded %v, claims %v; want %v, %v", w.ID, g.Founded, g.Claims, w.Founded, w.Claims)
		}
	}
	rels := map[string]entities.Relationship{}
	for _, r := range got.Relationships {
		rels[r.ID] = r
	}
	for _, w := range want.Relationships {
		g := rels[w.ID]
		if !sameClaimList(g.Claims, w.Claims) || g.Since != w.Since || g.Confidence != w.Confidence {
			tb.Errorf("relationship %s: since %v, claims %v; want %v, %v", w.ID, g.Since, g.Claims, w.Since, w.Claims)
		}
	}
}

func sameClaimList(a, b []entities.Claim) bool {
	return slices.Equal(entities.SortClaims(slices.Clone(a)), entities.SortClaims(slices.Clone(b)))
}

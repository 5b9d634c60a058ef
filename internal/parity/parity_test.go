package parity_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/history"
	"github.com/graphapi/graphapi/internal/httpapi"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/neo4jstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
	"github.com/graphapi/graphapi/internal/testseed"
	"github.com/graphapi/graphapi/internal/ucdp/ucdptest"
	"github.com/graphapi/graphapi/seed"
)

// servers loads ds into both stores and serves each through the real API.
func servers(tb testing.TB, neo *neo4jstore.Store, ds *entities.Dataset) (embedded, neo4j string) {
	tb.Helper()
	ctx := context.Background()
	mem := memstore.New()
	if _, err := mem.Replace(ctx, ds); err != nil {
		tb.Fatal(err)
	}
	if _, err := neo.Replace(ctx, ds); err != nil {
		tb.Fatal(err)
	}
	return serveBoth(tb, mem, neo)
}

// serveBoth serves each store, loaded, through the real API.
func serveBoth(tb testing.TB, mem *memstore.Store, neo *neo4jstore.Store) (embedded, neo4j string) {
	tb.Helper()
	a := httptest.NewServer(httpapi.NewHandler(mem, httpapi.Config{}, nil))
	b := httptest.NewServer(httpapi.NewHandler(neo, httpapi.Config{Cypher: neo}, nil))
	tb.Cleanup(a.Close)
	tb.Cleanup(b.Close)
	return a.URL, b.URL
}

// fetch returns a response's status and its body with the per-request id
// removed, the one field that may differ.
func fetch(tb testing.TB, base, path string) (int, string) {
	tb.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	var v map[string]any
	if json.Unmarshal(body, &v) == nil {
		delete(v, "request_id")
		body, _ = json.Marshal(v)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type") + "\n" + string(body)
}

// compare asks both servers every path and reports each difference.
func compare(t *testing.T, embedded, neo string, paths []string) {
	t.Helper()
	statuses := map[int]int{}
	for _, p := range paths {
		codeA, bodyA := fetch(t, embedded, p)
		codeB, bodyB := fetch(t, neo, p)
		statuses[codeA]++
		if codeA != codeB || bodyA != bodyB {
			t.Errorf("GET %s differs:\nembedded %d %.600s\nneo4j    %d %.600s", p, codeA, bodyA, codeB, bodyB)
		}
	}
	t.Logf("%d requests compared; embedded statuses %v", len(paths), statuses)
}

// requests builds the suite's requests for a graph: every endpoint, every
// option, and the bad inputs, over the given ids.
func requests(ids []string, rng *rand.Rand, perID int) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	esc := url.QueryEscape
	add("/api/v1/schema")
	add("/api/v1/sources")
	add("/api/v1/conflicts")
	add("/api/v1/conflicts?limit=1&offset=1")
	for _, q := range []string{"", "jnim", "ansar al dine", "Sevare", "al", "gendarmerie", "mali", "ministry", "zzz-nothing", "Mo", "o", "Qae", "Jama'at Nasr"} {
		add("/api/v1/entities?q=%s", esc(q))
		add("/api/v1/entities?q=%s&limit=3&offset=1", esc(q))
	}
	add("/api/v1/entities?kind=armed_group&limit=50")
	asOfs := []string{"", "2016", "2017-03", "2018-12-31", "1999"}
	dirs := []string{"out", "in", "both"}
	for i, id := range ids {
		if i >= perID {
			break
		}
		add("/api/v1/entities/%s", id)
		for d := 1; d <= 2; d++ {
			add("/api/v1/entities/%s/neighbors?depth=%d&direction=%s&as_of=%s", id, d, dirs[rng.Intn(3)], asOfs[rng.Intn(len(asOfs))])
		}
		add("/api/v1/entities/%s/neighbors?depth=3&limit=7", id)
		add("/api/v1/entities/%s/neighbors?types=REPORTS_TO,PART_OF,MEMBER_OF&direction=out", id)
		for _, ld := range []string{"ancestors", "descendants", "both"} {
			add("/api/v1/entities/%s/lineage?direction=%s&as_of=%s", id, ld, asOfs[rng.Intn(len(asOfs))])
		}
		add("/api/v1/entities/%s/lineage?limit=3", id)
		to := ids[rng.Intn(len(ids))]
		add("/api/v1/paths?from=%s&to=%s", id, to)
		add("/api/v1/paths?from=%s&to=%s&direction=out&max_depth=4&limit=2", id, to)
		add("/api/v1/paths?from=%s&to=%s&as_of=2016", id, to)
		add("/api/v1/subgraph?ids=%s,%s,%s", id, to, ids[rng.Intn(len(ids))])
	}
	// Bad input must be refused alike.
	for _, p := range []string{
		"/api/v1/entities/no-such-entity",
		"/api/v1/entities/no-such-entity/neighbors",
		"/api/v1/entities/{id}/neighbors?depth=0",
		"/api/v1/entities/{id}/neighbors?depth=7",
		"/api/v1/entities/{id}/neighbors?depth=abc",
		"/api/v1/entities/{id}/neighbors?types=FRIENDS_WITH",
		"/api/v1/entities/{id}/neighbors?direction=sideways",
		"/api/v1/entities/{id}/lineage?as_of=2018-02-30",
		"/api/v1/entities/{id}/lineage?direction=up",
		"/api/v1/paths?from={id}&to=no-such-entity",
		"/api/v1/paths?from={id}",
		"/api/v1/paths?from={id}&to={id}&limit=-1",
		"/api/v1/subgraph?ids=",
		"/api/v1/subgraph?ids={id},no-such-entity",
		"/api/v1/entities?limit=999999999",
	} {
		out = append(out, strings.ReplaceAll(p, "{id}", ids[0]))
	}
	return out
}

func ids(ds *entities.Dataset) []string {
	out := make([]string, len(ds.Entities))
	for i, e := range ds.Entities {
		out[i] = e.ID
	}
	return out
}

// TestMaliParity asks both stores about every entity of the Mali seed.
func TestMaliParity(t *testing.T) {
	neo := neo4jtest.Open(t)
	ds := testseed.Mali(t)
	a, b := servers(t, neo, ds)
	all := ids(ds)
	paths := requests(all, rand.New(rand.NewSource(1)), len(all))
	// The questions analysts ask, asked literally.
	paths = append(paths,
		"/api/v1/entities/jnim/lineage?direction=ancestors",
		"/api/v1/entities/jnim/lineage?direction=ancestors&as_of=2016",
		"/api/v1/entities/jnim/lineage?direction=ancestors&as_of=2017-03-02",
		"/api/v1/paths?from=gsign&to=mos",
		"/api/v1/entities/national-gendarmerie/neighbors?types=REPORTS_TO&direction=out",
		"/api/v1/entities/national-border-police/neighbors?types=REPORTS_TO&direction=out",
		"/api/v1/entities/mali/neighbors?types=MEMBER_OF&direction=out",
		"/api/v1/entities/fiu/neighbors?types=MEMBER_OF&direction=out",
	)
	compare(t, a, b, paths)
}

// TestPacksParity asks both stores about a seed of source packs whose
// statements several packs make, with claims that agree and claims that do
// not.
func TestPacksParity(t *testing.T) {
	neo := neo4jtest.Open(t)
	ds, err := loader.ReadDir(os.DirFS("../loader/testdata/packs/good"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := servers(t, neo, ds)
	all := ids(ds)
	paths := requests(all, rand.New(rand.NewSource(2)), len(all))
	paths = append(paths, "/api/v1/entities/ansar-al-dine", "/api/v1/entities/jnim/lineage?direction=ancestors")
	compare(t, a, b, paths)
	if _, body := fetch(t, a, "/api/v1/conflicts"); !strings.Contains(body, `"subject":"ansar-al-dine"`) {
		t.Errorf("GET /api/v1/conflicts does not list ansar-al-dine's founding date: %s", body)
	}
}

// TestGeneratedParity asks both stores about generated graphs with hubs, cycles
// and dates.
func TestGeneratedParity(t *testing.T) {
	neo := neo4jtest.Open(t)
	for _, size := range []struct{ seed, n, m int }{{11, 200, 800}, {12, 3000, 12000}} {
		t.Run(fmt.Sprintf("%d entities, %d relationships", size.n, size.m), func(t *testing.T) {
			ds := gen.Generate(int64(size.seed), size.n, size.m)
			a, b := servers(t, neo, ds)
			rng := rand.New(rand.NewSource(int64(size.seed)))
			all := ids(ds)
			rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
			compare(t, a, b, requests(all, rng, 40))
		})
	}
}

// TestSecondSourceParity: the Mali packs with a second source on Ansar
// al-Dine beside them, as a pack and in the flat format, served by both
// stores: the same answers, the second source's disagreeing claims kept and
// its conflicts listed, whatever the layout.
func TestSecondSourceParity(t *testing.T) {
	neo := neo4jtest.Open(t)
	for _, layout := range []string{"pack", "flat"} {
		t.Run(layout, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, seed.FS); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(dir, os.DirFS("../loader/testdata/second-source/"+layout)); err != nil {
				t.Fatal(err)
			}
			ds, err := loader.ReadDir(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			a, b := servers(t, neo, ds)
			paths := []string{"/api/v1/entities/ansar-al-dine", "/api/v1/conflicts", "/api/v1/entities/jnim/lineage?direction=ancestors"}
			compare(t, a, b, paths)
			for _, base := range []string{a, b} {
				_, entity := fetch(t, base, "/api/v1/entities/ansar-al-dine")
				_, conflicts := fetch(t, base, "/api/v1/conflicts")
				for _, want := range []struct{ body, text string }{
					{entity, `{"field":"founded","source":"wikipedia-ansar","value":"2012"}`},
					{conflicts, `{"field":"founded","source":"wikipedia-ansar","value":"2012"}`},
					{conflicts, `{"field":"since","source":"wikipedia-ansar","value":"2017-02"}`},
				} {
					if !strings.Contains(want.body, want.text) {
						t.Errorf("%s lacks %s:\n%.2000s", base, want.text, want.body)
					}
				}
			}
		})
	}
}

// TestSearchSpellings: on both stores, every spelling of a name that FoldName
// treats as the same, whole or typed so far, finds the entity on the first
// page, and both stores answer alike (issue 18, issue 19).
func TestSearchSpellings(t *testing.T) {
	neo := neo4jtest.Open(t)
	ds := testseed.Mali(t)
	a, b := servers(t, neo, ds)
	tests := []struct{ q, id string }{
		{"Jama'at Nasr al-Islam wal Muslimin", "jnim"},
		{"Jama'at Nasr", "jnim"},
		{"Jama'at Nasr al-Is", "jnim"},
		{"Jamaat Nusrat al-Islam wal-Muslimeen", "jnim"},
		{"Jama'a Nusrat", "jnim"},
		{"Mo", "al-murabitoun"},
		{"Mou", "al-murabitoun"},
		{"Mour", "al-murabitoun"},
		{"al-Mo", "al-murabitoun"},
		{"Al Mourabitoune", "al-murabitoun"},
		{"Murabitun", "al-murabitoun"},
		{"Qae", "al-qaida"},
		{"al-Qaed", "al-qaida"},
		{"Qa'idah", "al-qaida"},
		{"Alqae", "al-qaida"},
	}
	var paths []string
	for _, tt := range tests {
		p := "/api/v1/entities?limit=100&q=" + url.QueryEscape(tt.q)
		paths = append(paths, p)
		for _, base := range []string{a, b} {
			code, body := fetch(t, base, p)
			if code != http.StatusOK || !strings.Contains(body, `"id":"`+tt.id+`"`) {
				t.Errorf("GET %s on %s: %d, %s not among the hits: %.300s", p, base, code, tt.id, body)
			}
		}
	}
	compare(t, a, b, paths)
}

// TestUCDPParity asks both stores about the Mali graph with the UCDP actor
// dataset v22.1 folded in, each built the way a user would: the embedded
// store loads the seed with the pack in it whole; Neo4j holds the Mali seed
// and has the pack added (`graphapi load --add`). Their answers must be the
// same, the lineage conflict included.
func TestUCDPParity(t *testing.T) {
	neo := neo4jtest.Open(t)
	ctx := context.Background()
	dir := ucdptest.MaliWithUCDP(t)
	merged, err := loader.ReadDir(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	mali := testseed.Mali(t)
	if _, err := neo.Replace(ctx, mali); err != nil {
		t.Fatal(err)
	}
	add, err := loader.OpenAddition(ctx, os.DirFS(filepath.Join(dir, ucdptest.PackDir)), neo)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := neo.Add(ctx, add.Dataset()); err != nil {
		t.Fatal(err)
	}
	mem := memstore.New()
	if _, err := mem.Replace(ctx, merged); err != nil {
		t.Fatal(err)
	}
	a, b := serveBoth(t, mem, neo)
	rng := rand.New(rand.NewSource(3))
	all := ids(merged)
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	sahel := []string{"jnim", "isis-gs", "aqim", "gspc", "mujao", "al-murabitoun", "ansar-al-dine", "macina-liberation-front", "islamic-state", "mali", "signed-in-blood-battalion"}
	paths := requests(append(sahel, all...), rng, len(sahel)+60)
	for _, id := range sahel {
		paths = append(paths, "/api/v1/entities/"+id+"/lineage?direction=both", "/api/v1/entities/"+id+"/lineage?direction=ancestors&as_of=2016")
	}
	paths = append(paths, "/api/v1/conflicts?limit=1000", "/api/v1/entities?q=al-Murabitun", "/api/v1/entities?q=Defenders%20of%20the%20Faith", "/api/v1/entities?kind=country&limit=200")
	compare(t, a, b, paths)
	if _, body := fetch(t, b, "/api/v1/conflicts?limit=1000"); !strings.Contains(body, `"field":"lineage.successor","shown":"jnim","subject":"al-murabitoun"`) {
		t.Errorf("Neo4j's /conflicts lacks al-murabitoun's successors: %.2000s", body)
	}
}

// appliedPacks are two packs applied after the Mali seed: the later one
// states a relationship from the group only the earlier one states.
var appliedPacks = map[string]string{
	"first-2030": `source: {id: first-2030, kind: reference, title: First}
applied: {by: amina, at: "2030-01-01T00:00:00Z"}
entities:
  - {id: new-group, kind: armed_group, name: New Group, aliases: [Nouveau Groupe], evidence: [{locator: "p. 1"}]}
relationships:
  - {from: new-group, type: AFFILIATE_OF, to: jnim, since: 2029, confidence: assessed, evidence: [{locator: "p. 2"}]}
`,
	"second-2031": `source: {id: second-2031, kind: reference, title: Second}
applied: {by: bram, at: "2031-06-01T12:30:00.5Z"}
relationships:
  - {from: new-group, type: OPERATES_IN, to: mali, confidence: reported, evidence: [{locator: "p. 3"}]}
`,
}

// TestAsKnownParity asks both stores about a seed with packs applied after
// it, as known before, between and after the applies: the applied records
// round-trip through Neo4j, and as_known answers alike on both (each server
// rebuilds the past graph from the seed folder on the embedded store).
func TestAsKnownParity(t *testing.T) {
	neo := neo4jtest.Open(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../seed")); err != nil {
		t.Fatal(err)
	}
	for folder, data := range appliedPacks {
		if err := os.MkdirAll(dir+"/"+folder, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+folder+"/pack.yaml", []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := loader.ReadDir(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mem := memstore.New()
	if _, err := mem.Replace(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if _, err := neo.Replace(ctx, ds); err != nil {
		t.Fatal(err)
	}
	a := httptest.NewServer(httpapi.NewHandler(mem, httpapi.Config{Known: history.NewKnown(dir, entities.DefaultLimits, 4)}, nil))
	b := httptest.NewServer(httpapi.NewHandler(neo, httpapi.Config{Cypher: neo, Known: history.NewKnown(dir, entities.DefaultLimits, 4)}, nil))
	t.Cleanup(a.Close)
	t.Cleanup(b.Close)

	paths := []string{"/api/v1/sources", "/api/v1/history"}
	for _, moment := range []string{"2029-12-31", "2030-01-01T00:00:00Z", "2031-06-01", "2031-06-01T12:30:00.5Z", "2040-01-01", "2030-02-30"} {
		for _, p := range requests([]string{"new-group", "jnim", "mali"}, rand.New(rand.NewSource(3)), 4) {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			paths = append(paths, p+sep+"as_known="+url.QueryEscape(moment))
		}
	}
	compare(t, a.URL, b.URL, paths)
	if _, body := fetch(t, b.URL, "/api/v1/history"); !strings.Contains(body, `"applied":{"at":"2031-06-01T12:30:00.5Z","by":"bram"}`) {
		t.Errorf("Neo4j's history does not carry second-2031's applied record: %.300s", body)
	}
}

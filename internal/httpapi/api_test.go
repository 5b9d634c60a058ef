package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/httpapi"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the answers the API gives")

// seedDir is the real Mali seed, the one graphapi serves by default.
const seedDir = "../../seed"

// mustStore returns the embedded store loaded with the Mali seed.
func mustStore(tb testing.TB) *memstore.Store {
	tb.Helper()
	ds, err := loader.ReadDir(os.DirFS(seedDir))
	if err != nil {
		tb.Fatalf("the Mali seed is refused: %v", err)
	}
	store := memstore.New()
	if _, err := store.Replace(context.Background(), ds); err != nil {
		tb.Fatalf("loading the Mali seed: %v", err)
	}
	return store
}

// mustServer serves the API over a real listener on the Mali seed.
func mustServer(tb testing.TB, cfg httpapi.Config) *httptest.Server {
	tb.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(httpapi.NewHandler(mustStore(tb), cfg, logger))
	tb.Cleanup(srv.Close)
	return srv
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func do(tb testing.TB, method, url string, body io.Reader) response {
	tb.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

func get(tb testing.TB, url string) response {
	tb.Helper()
	return do(tb, http.MethodGet, url, nil)
}

func decode[T any](tb testing.TB, b []byte) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		tb.Fatalf("the answer is not the JSON expected: %v\n%s", err, b)
	}
	return v
}

// golden compares an answer with testdata/name.json, indented so that a diff of
// the file reads as a diff of the data; -update rewrites the file instead.
func golden(tb testing.TB, name string, body []byte) {
	tb.Helper()
	var got bytes.Buffer
	if err := json.Indent(&got, body, "", "  "); err != nil {
		tb.Fatalf("the answer is not JSON: %v\n%s", err, body)
	}
	got.WriteByte('\n')
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v; run go test ./internal/httpapi -update to write it, then review it", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		tb.Errorf("the answer differs from %s; if the change is meant, run with -update and review the diff\ngot:\n%s", path, got.Bytes())
	}
}

func nodeIDs(nodes []entities.Entity) []string {
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	return ids
}

func hasEdge(edges []entities.Relationship, from string, t entities.RelType, to string) bool {
	return slices.ContainsFunc(edges, func(r entities.Relationship) bool {
		return r.ID == entities.RelationshipID(from, t, to)
	})
}

func wantNodes(tb testing.TB, nodes []entities.Entity, ids ...string) {
	tb.Helper()
	got := nodeIDs(nodes)
	for _, id := range ids {
		if !slices.Contains(got, id) {
			tb.Errorf("%s is missing from the nodes %v", id, got)
		}
	}
}

func wantEdges(tb testing.TB, edges []entities.Relationship, ids ...string) {
	tb.Helper()
	for _, id := range ids {
		if !slices.ContainsFunc(edges, func(r entities.Relationship) bool { return r.ID == id }) {
			tb.Errorf("edge %s is missing", id)
		}
	}
}

// jnimPredecessors are the four groups the report says merged into JNIM.
var jnimPredecessors = []string{"aqim-sahara-branch", "al-murabitoun", "ansar-al-dine", "macina-liberation-front"}

// TestAnswers checks each endpoint's answer on the Mali seed against its golden
// file and against the facts an analyst would check it for.
func TestAnswers(t *testing.T) {
	srv := mustServer(t, httpapi.Config{})
	tests := []struct {
		name  string
		path  string
		check func(t *testing.T, body []byte)
	}{
		{"lineage-jnim-ancestors", "/api/v1/entities/jnim/lineage?direction=ancestors", func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			// Their own predecessors: MUJAO and al-Mulathamun formed al-Murabitoun;
			// AQIM is the parent of its Sahara branch, and the GSPC became AQIM.
			wantNodes(t, g.Nodes, append([]string{"jnim", "mujao", "al-mulathamun-battalion", "aqim", "gspc"}, jnimPredecessors...)...)
			for _, p := range jnimPredecessors {
				wantEdges(t, g.Edges, entities.RelationshipID(p, entities.MergedInto, "jnim"))
			}
			if g.Nodes[0].ID != "jnim" {
				t.Errorf("the first node is %s; the start comes first", g.Nodes[0].ID)
			}
		}},
		{"lineage-jnim-as-of-2016", "/api/v1/entities/jnim/lineage?direction=ancestors&as_of=2016", func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			for _, e := range g.Edges {
				if e.Type == entities.MergedInto && e.To == "jnim" {
					t.Errorf("%s is in the 2016 lineage, but JNIM was formed on 2017-03-02", e.ID)
				}
			}
			if got := nodeIDs(g.Nodes); !slices.Equal(got, []string{"jnim"}) {
				t.Errorf("the 2016 ancestors of JNIM are %v; want JNIM alone", got)
			}
		}},
		{"lineage-jnim-as-of-2018", "/api/v1/entities/jnim/lineage?direction=ancestors&as_of=2018", func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			for _, p := range jnimPredecessors {
				wantEdges(t, g.Edges, entities.RelationshipID(p, entities.MergedInto, "jnim"))
			}
		}},
		{"lineage-aqim-as-of-2010", "/api/v1/entities/aqim/lineage?direction=ancestors&as_of=2010", func(t *testing.T, b []byte) {
			// Lineage as_of is "known by D": the GSPC, renamed AQIM in 2007, and the
			// GIA it split from are AQIM's ancestors in 2010, each with its end.
			g := decode[entities.Graph](t, b)
			if got := nodeIDs(g.Nodes); !slices.Equal(got, []string{"aqim", "gspc", "gia"}) {
				t.Errorf("the 2010 ancestors of AQIM are %v; want aqim, gspc, gia", got)
			}
			wantEdges(t, g.Edges, "gspc:RENAMED_TO:aqim", "gspc:SPLIT_FROM:gia")
			if g.Nodes[1].Dissolved.IsZero() {
				t.Error("the GSPC had ended by 2010; its dissolved date must stay on it")
			}
		}},
		{"neighbors-gendarmerie-reports-to", "/api/v1/entities/national-gendarmerie/neighbors?types=REPORTS_TO&direction=out", func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			if len(g.Edges) == 0 {
				t.Fatal("the National Gendarmerie reports to no one")
			}
			for _, e := range g.Edges {
				if e.Type != entities.ReportsTo || e.From != "national-gendarmerie" {
					t.Errorf("edge %s is not one of the gendarmerie's reporting lines", e.ID)
				}
			}
		}},
		{"neighbors-border-police-reports-to", "/api/v1/entities/national-border-police/neighbors?types=REPORTS_TO&direction=out", func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			if len(g.Edges) == 0 {
				t.Fatal("the National Border Police reports to no one")
			}
			for _, e := range g.Edges {
				if e.Type != entities.ReportsTo || e.From != "national-border-police" {
					t.Errorf("edge %s is not one of the border police's reporting lines", e.ID)
				}
			}
		}},
		{"neighbors-mali-member-of", "/api/v1/entities/mali/neighbors?types=MEMBER_OF&direction=out", func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			wantEdges(t, g.Edges, entities.RelationshipID("mali", entities.MemberOf, "giaba"))
		}},
		{"neighbors-fiu-member-of", "/api/v1/entities/fiu/neighbors?types=member_of&direction=out", func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			wantEdges(t, g.Edges, entities.RelationshipID("fiu", entities.MemberOf, "egmont-group"))
		}},
		{"neighbors-jnim-depth-2", "/api/v1/entities/jnim/neighbors?depth=2&limit=15", func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			if len(g.Nodes) > 15 {
				t.Errorf("%d nodes; the limit is 15", len(g.Nodes))
			}
		}},
		{"paths-gsign-mos", "/api/v1/paths?from=gsign&to=mos", func(t *testing.T, b []byte) {
			res := decode[entities.PathResult](t, b)
			if len(res.Paths) == 0 {
				t.Fatal("no path from GSIGN to the Ministry of Security")
			}
			for _, p := range res.Paths {
				if p.Nodes[0] != "gsign" || p.Nodes[len(p.Nodes)-1] != "mos" || len(p.Edges) != res.Length {
					t.Errorf("path %v does not run from gsign to mos in %d hops", p.Nodes, res.Length)
				}
			}
			if !slices.ContainsFunc(res.Paths, func(p entities.Path) bool { return slices.Contains(p.Nodes, "national-gendarmerie") }) {
				t.Errorf("no path from GSIGN to MOS runs through the National Gendarmerie")
			}
		}},
		{"search-sevare", "/api/v1/entities?q=Sevare", func(t *testing.T, b []byte) {
			res := decode[entities.SearchResult](t, b)
			if len(res.Items) == 0 || res.Items[0].ID != "sevare" {
				t.Errorf("Sevare finds %v; want sevare first", nodeIDs(res.Items))
			}
		}},
		{"search-ansar-al-dine", "/api/v1/entities?q=ansar+al+dine", func(t *testing.T, b []byte) {
			res := decode[entities.SearchResult](t, b)
			if len(res.Items) == 0 || res.Items[0].ID != "ansar-al-dine" {
				t.Errorf("ansar al dine finds %v; want ansar-al-dine first", nodeIDs(res.Items))
			}
		}},
		{"search-ansar-dine", "/api/v1/entities?q=Ansar+Dine", func(t *testing.T, b []byte) {
			res := decode[entities.SearchResult](t, b)
			if len(res.Items) == 0 || res.Items[0].ID != "ansar-al-dine" {
				t.Errorf("Ansar Dine finds %v; want ansar-al-dine first", nodeIDs(res.Items))
			}
		}},
		{"search-al-mourabitoun", "/api/v1/entities?q=al-Mourabitoun", func(t *testing.T, b []byte) {
			res := decode[entities.SearchResult](t, b)
			if len(res.Items) == 0 || res.Items[0].ID != "al-murabitoun" {
				t.Errorf("al-Mourabitoun finds %v; want al-murabitoun first", nodeIDs(res.Items))
			}
		}},
		{"search-aqim-qaeda", "/api/v1/entities?q=al-Qaeda+in+the+Islamic+Maghreb", func(t *testing.T, b []byte) {
			res := decode[entities.SearchResult](t, b)
			if len(res.Items) == 0 || res.Items[0].ID != "aqim" {
				t.Errorf("al-Qaeda in the Islamic Maghreb finds %v; want aqim first", nodeIDs(res.Items))
			}
		}},
		{"search-jnim", "/api/v1/entities?q=jnim", func(t *testing.T, b []byte) {
			res := decode[entities.SearchResult](t, b)
			if len(res.Items) == 0 || res.Items[0].ID != "jnim" {
				t.Errorf("jnim finds %v; want jnim first", nodeIDs(res.Items))
			}
		}},
		{"search-armed-groups-page", "/api/v1/entities?kind=armed_group&limit=3&offset=2", func(t *testing.T, b []byte) {
			res := decode[entities.SearchResult](t, b)
			if len(res.Items) != 3 || res.Total < 5 {
				t.Errorf("%d items of %d; want a page of 3 of all the armed groups", len(res.Items), res.Total)
			}
			for _, e := range res.Items {
				if e.Kind != entities.KindArmedGroup {
					t.Errorf("%s is a %s, not an armed group", e.ID, e.Kind)
				}
			}
		}},
		{"entity-jnim", "/api/v1/entities/jnim", func(t *testing.T, b []byte) {
			e := decode[entities.EntityDetail](t, b)
			if e.ID != "jnim" || len(e.Evidence) == 0 || len(e.Counts) == 0 {
				t.Errorf("JNIM's detail lacks its id, evidence or relationship counts: %s", b)
			}
		}},
		{"subgraph-jnim-predecessors", "/api/v1/subgraph?ids=jnim," + strings.Join(jnimPredecessors, ","), func(t *testing.T, b []byte) {
			g := decode[entities.Graph](t, b)
			if len(g.Nodes) != 5 {
				t.Errorf("%d nodes; want the 5 named", len(g.Nodes))
			}
			for _, p := range jnimPredecessors {
				wantEdges(t, g.Edges, entities.RelationshipID(p, entities.MergedInto, "jnim"))
			}
		}},
		{"schema", "/api/v1/schema", func(t *testing.T, b []byte) {
			s := decode[entities.Schema](t, b)
			if len(s.Kinds) != len(entities.Kinds) || len(s.RelTypes) != len(entities.RelTypes) {
				t.Errorf("the schema has %d kinds and %d types; the vocabulary has %d and %d", len(s.Kinds), len(s.RelTypes), len(entities.Kinds), len(entities.RelTypes))
			}
		}},
		{"sources", "/api/v1/sources", func(t *testing.T, b []byte) {
			s := decode[[]entities.Source](t, b)
			if !slices.ContainsFunc(s, func(s entities.Source) bool { return s.ID == "crt2018-mali" }) {
				t.Errorf("the report crt2018-mali is not among the sources")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, srv.URL+tt.path)
			if res.status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", res.status, res.body)
			}
			if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			tt.check(t, res.body)
			golden(t, tt.name, res.body)
		})
	}
}

// TestDeterministic asks the same questions twice and wants the same bytes.
func TestDeterministic(t *testing.T) {
	srv := mustServer(t, httpapi.Config{})
	for _, path := range []string{
		"/api/v1/entities/jnim/neighbors?depth=3",
		"/api/v1/entities/aqim/lineage",
		"/api/v1/paths?from=gsign&to=mos",
		"/api/v1/entities?q=a",
	} {
		t.Run(path, func(t *testing.T) {
			a, b := get(t, srv.URL+path), get(t, srv.URL+path)
			if a.status != http.StatusOK || !bytes.Equal(a.body, b.body) {
				t.Errorf("status %d; two answers differ:\n%s\n%s", a.status, a.body, b.body)
			}
		})
	}
}

type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	Code      string `json:"code"`
	RequestID string `json:"request_id"`
}

// wantProblem checks that res is an RFC 9457 problem with the status and a
// detail that mentions what to fix.
func wantProblem(tb testing.TB, res response, status int, detail string) problem {
	tb.Helper()
	if res.status != status {
		tb.Errorf("status %d, want %d: %s", res.status, status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
		tb.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	p := decode[problem](tb, res.body)
	if p.Type == "" || p.Title != http.StatusText(status) || p.Status != status || p.Instance == "" || p.Code == "" || p.RequestID == "" {
		tb.Errorf("incomplete problem: %s", res.body)
	}
	if p.RequestID != res.header.Get("X-Request-Id") {
		tb.Errorf("problem request_id %q, header X-Request-Id %q", p.RequestID, res.header.Get("X-Request-Id"))
	}
	if !strings.Contains(p.Detail, detail) {
		tb.Errorf("detail %q does not say %q", p.Detail, detail)
	}
	if strings.Contains(string(res.body), "goroutine") || strings.Contains(string(res.body), ".go:") {
		tb.Errorf("the problem leaks internals: %s", res.body)
	}
	return p
}

// TestBadInput sends each kind of mistake and wants a problem that says what to fix.
func TestBadInput(t *testing.T) {
	srv := mustServer(t, httpapi.Config{})
	tooManyIDs := strings.Repeat("jnim,", entities.DefaultLimits.MaxIDs) + "jnim"
	tests := []struct {
		name   string
		method string
		path   string
		status int
		detail string
	}{
		{"unknown id", "GET", "/api/v1/entities/no-such-group", 404, "no-such-group"},
		{"unknown id neighbors", "GET", "/api/v1/entities/no-such-group/neighbors", 404, "no-such-group"},
		{"unknown id lineage", "GET", "/api/v1/entities/no-such-group/lineage", 404, "no-such-group"},
		{"unknown path end", "GET", "/api/v1/paths?from=gsign&to=no-such-body", 404, "no-such-body"},
		{"unknown subgraph id", "GET", "/api/v1/subgraph?ids=jnim,no-such-group", 404, "no-such-group"},
		{"depth 0", "GET", "/api/v1/entities/jnim/neighbors?depth=0", 400, "depth must be at least 1"},
		{"depth 7", "GET", "/api/v1/entities/jnim/neighbors?depth=7", 400, "depth must be between 1 and 6"},
		{"depth abc", "GET", "/api/v1/entities/jnim/neighbors?depth=abc", 400, `depth must be a whole number, not "abc"`},
		{"depth overflow", "GET", "/api/v1/entities/jnim/neighbors?depth=99999999999999999999", 400, "out of range"},
		{"unknown type", "GET", "/api/v1/entities/jnim/neighbors?types=REPORTS_TO,LIKES", 400, `"LIKES" is not one of`},
		{"bad direction", "GET", "/api/v1/entities/jnim/neighbors?direction=up", 400, "direction must be out, in or both"},
		{"bad lineage direction", "GET", "/api/v1/entities/jnim/lineage?direction=out", 400, "direction must be ancestors, descendants or both"},
		{"impossible date", "GET", "/api/v1/entities/jnim/lineage?as_of=2018-02-30", 400, "does not exist"},
		{"month 13", "GET", "/api/v1/entities/jnim/lineage?as_of=2018-13", 400, "no month 13"},
		{"not a date", "GET", "/api/v1/paths?from=gsign&to=mos&as_of=last+year", 400, "YYYY"},
		{"negative limit", "GET", "/api/v1/entities/jnim/neighbors?limit=-1", 400, "limit must be at least 1"},
		{"huge limit", "GET", "/api/v1/entities/jnim/neighbors?limit=1000000", 400, "limit must be between 1 and 10000"},
		{"huge path limit", "GET", "/api/v1/paths?from=gsign&to=mos&limit=5000", 400, "limit must be between 1 and 1000"},
		{"max_depth 0", "GET", "/api/v1/paths?from=gsign&to=mos&max_depth=0", 400, "max_depth must be at least 1"},
		{"max_depth 7", "GET", "/api/v1/paths?from=gsign&to=mos&max_depth=7", 400, "max_depth must be between 1 and 6"},
		{"missing path end", "GET", "/api/v1/paths?from=gsign", 400, "to must name an entity id"},
		{"negative offset", "GET", "/api/v1/entities?q=a&offset=-5", 400, "offset must be at least 0"},
		{"unknown kind", "GET", "/api/v1/entities?kind=militia", 400, `kind "militia" is not one of`},
		{"empty parameters", "GET", "/api/v1/entities?kind=&offset=", 400, "query parameter kind, offset is empty"},
		{"empty as_of", "GET", "/api/v1/entities/jnim/neighbors?as_of=", 400, "as_of is empty"},
		{"long search text", "GET", "/api/v1/entities?q=" + strings.Repeat("a", 201), 400, "at most 200"},
		{"too many ids", "GET", "/api/v1/subgraph?ids=" + tooManyIDs, 400, "at most 1000 are allowed"},
		{"no ids", "GET", "/api/v1/subgraph", 400, "ids must name at least one entity"},
		{"unknown parameter", "GET", "/api/v1/entities/jnim/neighbors?dept=2&typ=REPORTS_TO", 400, `unknown query parameter "dept", "typ"; this endpoint accepts: depth, types`},
		{"parameter on a route that takes none", "GET", "/api/v1/schema?verbose=1", 400, "takes no query parameters"},
		{"repeated parameter", "GET", "/api/v1/entities/jnim/neighbors?types=REPORTS_TO&types=PART_OF", 400, "types is given more than once"},
		{"malformed query string", "GET", "/api/v1/entities?q=%zz", 400, "malformed"},
		{"unknown route", "GET", "/api/v1/groups", 404, "no endpoint GET /api/v1/groups"},
		{"trailing slash", "GET", "/api/v1/schema/", 404, "openapi.json"},
		{"wrong method", "DELETE", "/api/v1/entities/jnim", 405, "use GET"},
		{"GET on cypher", "GET", "/api/v1/cypher", 405, "use POST"},
		{"cypher on the embedded store", "POST", "/api/v1/cypher", 404, "embedded store, which has no Cypher"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, do(t, tt.method, srv.URL+tt.path, nil), tt.status, tt.detail)
		})
	}
}

func TestMethodNotAllowedSaysAllow(t *testing.T) {
	srv := mustServer(t, httpapi.Config{})
	res := do(t, http.MethodPost, srv.URL+"/api/v1/schema", nil)
	wantProblem(t, res, http.StatusMethodNotAllowed, "use GET")
	if got := res.header.Get("Allow"); got != "GET" {
		t.Errorf("Allow %q, want GET", got)
	}
}

func TestRequestID(t *testing.T) {
	srv := mustServer(t, httpapi.Config{})
	tests := []struct{ name, sent, want string }{
		{"kept when a token", "edge-42.a_b", "edge-42.a_b"},
		{"replaced when it could forge a log field", "x\" level=ERROR", ""},
		{"replaced when too long", strings.Repeat("a", 65), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/healthz", nil)
			req.Header.Set("X-Request-Id", tt.sent)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			got := res.Header.Get("X-Request-Id")
			switch {
			case tt.want != "" && got != tt.want:
				t.Errorf("X-Request-Id %q, want %q", got, tt.want)
			case tt.want == "" && (got == "" || got == tt.sent):
				t.Errorf("X-Request-Id %q; want a fresh id", got)
			}
		})
	}
}

func TestHealth(t *testing.T) {
	srv := mustServer(t, httpapi.Config{})
	for _, path := range []string{"/healthz", "/readyz"} {
		t.Run(path, func(t *testing.T) {
			if res := get(t, srv.URL+path); res.status != http.StatusOK {
				t.Errorf("status %d: %s", res.status, res.body)
			}
		})
	}
}

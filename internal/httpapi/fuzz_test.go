package httpapi_test

import (
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/httpapi"
)

// fuzzRoutes are the API's GET routes; {id} is replaced by the fuzzed id.
var fuzzRoutes = []string{
	"/api/v1/entities",
	"/api/v1/entities/{id}",
	"/api/v1/entities/{id}/neighbors",
	"/api/v1/entities/{id}/lineage",
	"/api/v1/paths",
	"/api/v1/subgraph",
	"/api/v1/schema",
	"/api/v1/sources",
	"/api/v1/openapi.json",
	"/healthz",
	"/readyz",
	"/metrics",
}

// FuzzQueryParams drives the real handler, on the Mali seed, with fuzzed raw
// query strings (and entity ids) on every GET route: whatever a client sends,
// the answer is never a 5xx and is always JSON or problem+json (the metrics
// route: its text format).
func FuzzQueryParams(f *testing.F) {
	h := httpapi.NewHandler(mustStore(f), httpapi.Config{}, nil)
	seeds := []struct {
		route uint8
		id    string
		query string
	}{
		{0, "", "q=ansar%20al%20dine&kind=armed_group&limit=10&offset=0"},
		{0, "", "q=%ZZ"},
		{0, "", "limit=999999999999999999999"},
		{1, "jnim", ""},
		{2, "jnim", "depth=2&types=MEMBER_OF,REPORTS_TO&direction=out&as_of=2018-02&limit=50"},
		{2, "jnim", "depth=0&as_of=2018-02-30"},
		{3, "jnim", "direction=ancestors&as_of=2016"},
		{4, "", "from=gsign&to=mos&max_depth=4&limit=10"},
		{4, "", "from=gsign&from=mos"},
		{5, "", "ids=jnim,al-murabitoun,,%20"},
		{6, "", "x=1"},
		{11, "", ""},
		{2, "../../x", "depth=-1"},
		{3, "%00", "as_of="},
	}
	for _, s := range seeds {
		f.Add(s.route, s.id, s.query)
	}
	f.Fuzz(func(t *testing.T, route uint8, id, rawQuery string) {
		path := fuzzRoutes[int(route)%len(fuzzRoutes)]
		path = strings.ReplaceAll(path, "{id}", id)
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = path
		req.URL.RawQuery = rawQuery
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %s?%s: status %d: %s", path, rawQuery, rec.Code, rec.Body)
		}
		ct, _, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
		if err != nil {
			t.Fatalf("GET %s?%s: Content-Type %q: %v", path, rawQuery, rec.Header().Get("Content-Type"), err)
		}
		switch {
		case ct == "application/json" || ct == "application/problem+json":
		case path == "/metrics" && rec.Code == http.StatusOK && ct == "text/plain":
		default:
			t.Fatalf("GET %s?%s: status %d with Content-Type %q, want JSON or problem+json", path, rawQuery, rec.Code, ct)
		}
	})
}

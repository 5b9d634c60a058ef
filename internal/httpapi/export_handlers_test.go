package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"graphapi/internal/entities"
	"graphapi/internal/loader"
	"graphapi/internal/memstore"
	"graphapi/seed"
)

// exportEngine serves the export and analytics handlers alone, until
// routes.go lists them.
func exportEngine(tb testing.TB, store entities.Store) *gin.Engine {
	tb.Helper()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/api/v1/export", handleExport(store))
	r.GET("/api/v1/analytics/centrality", handleCentrality(store))
	r.GET("/api/v1/analytics/components", handleComponents(store))
	return r
}

// onlyStore hides every method but the Store interface's: a store that cannot export.
type onlyStore struct{ entities.Store }

func TestExportAndAnalyticsHandlers(t *testing.T) {
	mem := memstore.New()
	if _, _, err := loader.Load(context.Background(), seed.FS, mem); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		store       entities.Store
		url         string
		status      int
		contentType string
		contains    string
	}{
		{"graphml", mem, "/api/v1/export?format=graphml", 200, "application/graphml+xml", `<node id="jnim">`},
		{"stix subset", mem, "/api/v1/export?format=stix&ids=jnim,aqim", 200, "application/stix+json;version=2.1", `"type":"threat-actor"`},
		{"cytoscape as_of", mem, "/api/v1/export?format=cytoscape&as_of=2016", 200, "application/json", `"elements"`},
		{"csv zip", mem, "/api/v1/export?format=csv", 200, "application/zip", "entities.csv"},
		{"unknown format", mem, "/api/v1/export?format=pdf", 400, problemContentType, "format must be"},
		{"unknown id", mem, "/api/v1/export?format=graphml&ids=nope", 404, problemContentType, "nope"},
		{"no exporter", onlyStore{mem}, "/api/v1/export?format=graphml", 501, problemContentType, "cannot export"},
		{"centrality", mem, "/api/v1/analytics/centrality?top=3", 200, "application/json", `"betweenness"`},
		{"centrality bad top", mem, "/api/v1/analytics/centrality?top=0", 400, problemContentType, "top"},
		{"components", mem, "/api/v1/analytics/components", 200, "application/json", `"count"`},
		{"components unknown param", mem, "/api/v1/analytics/components?depth=2", 400, problemContentType, "depth"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			exportEngine(t, tc.store).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.url, nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
				t.Errorf("Content-Type %q, want %q", ct, tc.contentType)
			}
			if tc.status == 200 && strings.HasPrefix(tc.url, "/api/v1/export") && !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment;") {
				t.Errorf("Content-Disposition %q", rec.Header().Get("Content-Disposition"))
			}
			if !strings.Contains(rec.Body.String(), tc.contains) {
				t.Errorf("body lacks %q: %.300s", tc.contains, rec.Body.String())
			}
		})
	}
	rec := httptest.NewRecorder()
	exportEngine(t, mem).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/analytics/components", nil))
	var comps componentsResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &comps); err != nil || comps.Count == 0 || comps.Components[0].Size < comps.Components[comps.Count-1].Size {
		t.Fatalf("components %+v, %v", comps, err)
	}
}

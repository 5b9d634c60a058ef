package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/seed"
)

// exportEngine serves the export and analytics handlers alone, until
// routes.go lists them.
func exportEngine(tb testing.TB, store entities.Store) *gin.Engine {
	tb.Helper()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/api/v1/export", handleExport(store))
	r.GET("/api/v1/analytics/centrality", handleCentrality(store, entities.DefaultLimits))
	r.GET("/api/v1/analytics/components", handleComponents(store, entities.DefaultLimits))
	r.GET("/api/v1/analytics/brokers", handleBrokers(store, entities.DefaultLimits))
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
		{"brokers", mem, "/api/v1/analytics/brokers", 200, "application/json", `{"id":"fiu","name":"FIU"}`},
		{"brokers bridge", mem, "/api/v1/analytics/brokers", 200, "application/json", `{"from":"egmont-group","to":"fiu"}`},
		{"brokers subset", mem, "/api/v1/analytics/brokers?ids=mali,fiu,egmont-group", 200, "application/json",
			`{"articulation_points":[{"id":"fiu","name":"FIU"}],"bridges":[{"from":"egmont-group","to":"fiu"},{"from":"fiu","to":"mali"}]}`},
		{"brokers none", mem, "/api/v1/analytics/brokers?ids=jnim,aqim", 200, "application/json", `{"articulation_points":[],"bridges":[]}`},
		{"brokers as_of", mem, "/api/v1/analytics/brokers?as_of=2012", 200, "application/json", `{"from":"aqim","to":"mujao"}`},
		{"brokers bad as_of", mem, "/api/v1/analytics/brokers?as_of=yesterday", 400, problemContentType, "as_of"},
		{"brokers unknown id", mem, "/api/v1/analytics/brokers?ids=nope", 404, problemContentType, "nope"},
		{"brokers unknown param", mem, "/api/v1/analytics/brokers?top=3", 400, problemContentType, "top"},
		{"brokers no exporter", onlyStore{mem}, "/api/v1/analytics/brokers", 501, problemContentType, "cannot export"},
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
	rec = httptest.NewRecorder()
	exportEngine(t, mem).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/analytics/brokers", nil))
	var brokers brokersResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &brokers); err != nil || len(brokers.ArticulationPoints) == 0 || len(brokers.Bridges) == 0 {
		t.Fatalf("brokers %+v, %v", brokers, err)
	}
	for i, a := range brokers.ArticulationPoints {
		if a.Name == "" || i > 0 && brokers.ArticulationPoints[i-1].ID >= a.ID {
			t.Errorf("articulation point %d %+v: unnamed or out of order", i, a)
		}
	}
	for i, b := range brokers.Bridges {
		if b.From >= b.To || i > 0 && (brokers.Bridges[i-1].From > b.From || brokers.Bridges[i-1].From == b.From && brokers.Bridges[i-1].To >= b.To) {
			t.Errorf("bridge %d %+v: ends or order wrong", i, b)
		}
	}
}

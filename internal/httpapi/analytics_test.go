package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/httpapi"
	"github.com/graphapi/graphapi/internal/memstore"
)

// TestAnalyticsCap: a graph past the analytics cap is refused with a 400
// problem that says how to ask for less, before any analysis starts; a part
// within the cap is answered; the OpenAPI document states the cap served.
func TestAnalyticsCap(t *testing.T) {
	limits := entities.DefaultLimits
	// The Mali graph has 66 entities; the five ids below, 5.
	limits.MaxAnalyticsEntities, limits.MaxAnalyticsRelationships = 20, 1000
	byEntities := mustServer(t, httpapi.Config{Limits: limits})
	limits.MaxAnalyticsEntities, limits.MaxAnalyticsRelationships = 1000, 10
	byRelationships := mustServer(t, httpapi.Config{Limits: limits})
	const part = "ids=jnim,aqim,al-murabitoun,ansar-al-dine,mali"
	tests := []struct {
		name   string
		srv    *httptest.Server
		path   string
		status int
		detail []string // what the problem's detail must say
	}{
		{"centrality, whole graph", byEntities, "/api/v1/analytics/centrality", 400,
			[]string{"more than 20 entities", "ids=", "as_of=", "--max-analytics-entities"}},
		{"components, whole graph", byEntities, "/api/v1/analytics/components", 400, []string{"more than 20 entities"}},
		{"brokers, whole graph", byEntities, "/api/v1/analytics/brokers", 400, []string{"more than 20 entities"}},
		{"brokers, as of 2019", byEntities, "/api/v1/analytics/brokers?as_of=2019", 400, []string{"more than 20 entities"}},
		{"centrality, too many relationships", byRelationships, "/api/v1/analytics/centrality?top=3", 400,
			[]string{"more than 10 relationships", "--max-analytics-relationships"}},
		{"centrality, a part", byEntities, "/api/v1/analytics/centrality?" + part, 200, nil},
		{"components, a part", byEntities, "/api/v1/analytics/components?" + part, 200, nil},
		{"brokers, a part", byRelationships, "/api/v1/analytics/brokers?" + part, 200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, tt.srv.URL+tt.path)
			if tt.status == http.StatusOK {
				if res.status != http.StatusOK {
					t.Fatalf("status %d: %s", res.status, res.body)
				}
				return
			}
			p := wantProblem(t, res, tt.status, tt.detail[0])
			for _, want := range tt.detail[1:] {
				if !strings.Contains(p.Detail, want) {
					t.Errorf("detail %q does not say %q", p.Detail, want)
				}
			}
			if p.Code != entities.EINVALID {
				t.Errorf("code %q, want %q", p.Code, entities.EINVALID)
			}
		})
	}
	t.Run("OpenAPI states the cap", func(t *testing.T) {
		doc := string(get(t, byEntities.URL+"/api/v1/openapi.json").body)
		if want := "more than 20 entities or 1000 relationships is refused (400)"; strings.Count(doc, want) != 3 {
			t.Errorf("the three analytics operations should each say %q", want)
		}
	})
}

// TestAnalyticsDeadline: betweenness of a graph within the cap but slower
// than the request deadline is answered with a 504 at the deadline, not when
// gonum finishes (it cannot be stopped and runs on, its answer dropped).
func TestAnalyticsDeadline(t *testing.T) {
	store := memstore.New()
	if _, err := store.Replace(context.Background(), gen.Generate(3, 1500, 3000)); err != nil {
		t.Fatal(err)
	}
	const timeout = 100 * time.Millisecond
	srv := httptest.NewServer(httpapi.NewHandler(store, httpapi.Config{Timeout: timeout}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	start := time.Now()
	res := get(t, srv.URL+"/api/v1/analytics/centrality")
	took := time.Since(start)
	wantProblem(t, res, http.StatusGatewayTimeout, "deadline")
	// Betweenness here takes seconds; the answer must come near the deadline.
	if took > timeout+900*time.Millisecond {
		t.Errorf("the 504 came after %s; the deadline is %s", took, timeout)
	}
}

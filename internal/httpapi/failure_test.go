package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/httpapi"
)

// failingStore is the real store with some methods made to fail the way a
// backend can: too slow, unreachable, a driver error, a bug.
type failingStore struct {
	entities.Store
}

// Neighbors ignores nothing: it waits for the request's deadline as a slow
// database would, and answers as a store must when it passes.
func (failingStore) Neighbors(ctx context.Context, _ entities.NeighborQuery) (*entities.Graph, error) {
	<-ctx.Done()
	return nil, entities.Errorf(entities.ETIMEOUT, "the neighbourhood query ran past its deadline; lower depth or limit")
}

// Lineage returns the raw context error, as a store that forgets to wrap it would.
func (failingStore) Lineage(ctx context.Context, _ entities.LineageQuery) (*entities.Graph, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("bolt read: %w", ctx.Err())
}

func (failingStore) Ping(context.Context) error {
	return entities.Errorf(entities.EUNAVAILABLE, "the graph database cannot be reached")
}

func (failingStore) Sources(context.Context) ([]entities.Source, error) {
	return nil, errors.New("neo4j: ConnectivityError: tls handshake with 10.0.0.7:7687 failed")
}

func (failingStore) Schema(context.Context) (*entities.Schema, error) {
	var m map[string]int
	m["bug"]++ // a nil-map panic: a bug in a store
	return nil, nil
}

func (failingStore) Paths(context.Context, entities.PathQuery) (*entities.PathResult, error) {
	return nil, &entities.Error{Code: "stale", Message: "a code the API does not know"}
}

func TestFailures(t *testing.T) {
	h := httpapi.NewHandler(failingStore{mustStore(t)}, httpapi.Config{Timeout: 50 * time.Millisecond}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewServer(h)
	defer srv.Close()
	tests := []struct {
		name, path string
		status     int
		detail     string
	}{
		{"store timeout", "/api/v1/entities/jnim/neighbors", 504, "lower depth or limit"},
		{"raw deadline error", "/api/v1/entities/jnim/lineage", 504, "ask for less"},
		{"store unavailable", "/readyz", 503, "cannot be reached"},
		{"driver error", "/api/v1/sources", 500, "report the request id"},
		{"panic", "/api/v1/schema", 500, "report the request id"},
		{"unknown error code", "/api/v1/paths?from=gsign&to=mos", 500, "a code the API does not know"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, srv.URL+tt.path)
			wantProblem(t, res, tt.status, tt.detail)
			if strings.Contains(string(res.body), "neo4j") || strings.Contains(string(res.body), "bolt") {
				t.Errorf("driver text reached the client: %s", res.body)
			}
		})
	}
}

// echoCypher stands in for the Neo4j store's guarded Cypher: it answers with the
// query and the Go type of each parameter, so the test sees what the API passed.
type echoCypher struct{}

func (echoCypher) ReadCypher(_ context.Context, query string, params map[string]any, maxRows int) ([]string, [][]any, error) {
	if strings.Contains(query, "CREATE") {
		return nil, nil, entities.Errorf(entities.EINVALID, "only read queries are allowed")
	}
	row := []any{query, maxRows}
	for _, k := range []string{"n", "x", "list"} {
		row = append(row, fmt.Sprintf("%T", params[k]))
	}
	return []string{"query", "max_rows", "n", "x", "list"}, [][]any{row}, nil
}

func TestCypher(t *testing.T) {
	cfg := httpapi.Config{Cypher: echoCypher{}, MaxCypherRows: 7, MaxBodyBytes: 256}
	srv := mustServer(t, cfg)
	t.Run("read query", func(t *testing.T) {
		res := do(t, http.MethodPost, srv.URL+"/api/v1/cypher",
			strings.NewReader(`{"query": "MATCH (n) RETURN n LIMIT $n", "params": {"n": 3, "x": 1.5, "list": [1, 2]}}`))
		if res.status != http.StatusOK {
			t.Fatalf("status %d: %s", res.status, res.body)
		}
		want := `{"columns":["query","max_rows","n","x","list"],"rows":[["MATCH (n) RETURN n LIMIT $n",7,"int64","float64","[]interface {}"]]}`
		if string(res.body) != want {
			t.Errorf("got  %s\nwant %s", res.body, want)
		}
	})
	tests := []struct {
		name, body string
		status     int
		detail     string
	}{
		{"refused by the store", `{"query": "CREATE (n)"}`, 400, "only read queries"},
		{"empty body", ``, 400, "the request body is empty"},
		{"empty query", `{"query": "  "}`, 400, "query must be a Cypher query"},
		{"unknown field", `{"query": "MATCH (n) RETURN n", "parms": {}}`, 400, `unknown field "parms"`},
		{"two values", `{"query": "MATCH (n) RETURN n"} {"query": "MATCH (n) DETACH DELETE n"}`, 400, "more than one JSON value"},
		{"not JSON", `MATCH (n) RETURN n`, 400, "the request body must be"},
		{"too big", `{"query": "` + strings.Repeat("x", 300) + `"}`, 413, "larger than 256 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, do(t, http.MethodPost, srv.URL+"/api/v1/cypher", strings.NewReader(tt.body)), tt.status, tt.detail)
		})
	}
	// A chunked body declares no length, so only reading it finds it too big.
	t.Run("too big, chunked", func(t *testing.T) {
		body := struct{ io.Reader }{strings.NewReader(`{"query": "` + strings.Repeat("x", 300) + `"}`)}
		wantProblem(t, do(t, http.MethodPost, srv.URL+"/api/v1/cypher", body), 413, "larger than 256 bytes")
	})
}

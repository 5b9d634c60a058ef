package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/client"
	"github.com/graphapi/graphapi/internal/httpapi"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/seed"
)

// server serves the Mali seed with a second source on Ansar al-Dine (whose
// founding date disagrees with CEP's) through the real API.
func server(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.CopyFS(dir, seed.FS); err != nil {
		tb.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS("../internal/loader/testdata/second-source/flat")); err != nil {
		tb.Fatal(err)
	}
	ds, err := loader.ReadDir(os.DirFS(dir))
	if err != nil {
		tb.Fatal(err)
	}
	mem := memstore.New()
	if _, err := mem.Replace(context.Background(), ds); err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewHandler(mem, httpapi.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// raw is the server's answer to path, decoded as plain JSON.
func raw(tb testing.TB, base, path string) any {
	tb.Helper()
	res, err := http.Get(base + "/api/v1" + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	var v any
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestClientTypesCarryEveryField: each method's answer, encoded again, is the
// JSON the server sent, field for field: the client's types neither drop nor
// invent anything of the wire contract.
func TestClientTypesCarryEveryField(t *testing.T) {
	base := server(t)
	c := client.New(base, nil)
	ctx := context.Background()
	tests := []struct {
		name, path string
		call       func() (any, error)
	}{
		{"search", "/entities?q=ansar&limit=5", func() (any, error) { return c.Search(ctx, "ansar", client.Params{"limit": "5"}) }},
		{"entity", "/entities/ansar-al-dine", func() (any, error) { return c.Entity(ctx, "ansar-al-dine") }},
		{"neighbors", "/entities/jnim/neighbors?depth=2&limit=30", func() (any, error) {
			return c.Neighbors(ctx, "jnim", client.Params{"depth": "2", "limit": "30"})
		}},
		{"lineage", "/entities/jnim/lineage?direction=ancestors", func() (any, error) {
			return c.Lineage(ctx, "jnim", client.Params{"direction": "ancestors"})
		}},
		{"paths", "/paths?from=gsign&to=mos", func() (any, error) { return c.Paths(ctx, "gsign", "mos", nil) }},
		{"subgraph", "/subgraph?ids=jnim,ansar-al-dine,al-murabitoun", func() (any, error) {
			return c.Subgraph(ctx, []string{"jnim", "ansar-al-dine", "al-murabitoun"})
		}},
		{"sources", "/sources", func() (any, error) { return c.Sources(ctx) }},
		{"conflicts", "/conflicts", func() (any, error) { return c.Conflicts(ctx, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call()
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			var again any
			if err := json.Unmarshal(b, &again); err != nil {
				t.Fatal(err)
			}
			if want := raw(t, base, tt.path); !reflect.DeepEqual(again, want) {
				w, _ := json.Marshal(want)
				t.Errorf("the client's answer differs from the server's:\nclient %.1500s\nserver %.1500s", b, w)
			}
		})
	}
	t.Run("the second source's claim comes through", func(t *testing.T) {
		e, err := c.Entity(ctx, "ansar-al-dine")
		if err != nil {
			t.Fatal(err)
		}
		want := client.Claim{Field: "founded", Value: "2012", Source: "wikipedia-ansar"}
		if len(e.Conflicts) == 0 || !strings.Contains(strings.Join(claimStrings(e.Claims), ";"), want.Field+"="+want.Value+"@"+want.Source) {
			t.Errorf("ansar-al-dine: claims %v, conflicts %v; want %v among the claims and a conflict", e.Claims, e.Conflicts, want)
		}
	})
}

func claimStrings(cs []client.Claim) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Field + "=" + c.Value + "@" + c.Source
	}
	return out
}

// TestClientProblems: an error answer is a *client.Problem with the server's
// status, code and detail.
func TestClientProblems(t *testing.T) {
	c := client.New(server(t), nil)
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		call   func() error
		status int
		code   string
		detail string
	}{
		{"unknown entity", func() error { _, err := c.Entity(ctx, "nobody"); return err }, 404, "not_found", "nobody"},
		{"bad depth", func() error { _, err := c.Neighbors(ctx, "jnim", client.Params{"depth": "99"}); return err }, 400, "invalid", "depth"},
		{"unknown format", func() error { return c.Export(ctx, "pdf", nil, io.Discard) }, 400, "invalid", "format"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var p *client.Problem
			if !errors.As(err, &p) {
				t.Fatalf("error %v (%T), want a *client.Problem", err, err)
			}
			if p.Status != tt.status || p.Code != tt.code || !strings.Contains(p.Detail, tt.detail) || p.RequestID == "" {
				t.Errorf("problem %+v, want status %d, code %s, a detail naming %q", p, tt.status, tt.code, tt.detail)
			}
		})
	}
}

// TestClientExport: each format streams, and is the bytes GET /export sends.
func TestClientExport(t *testing.T) {
	base := server(t)
	c := client.New(base, nil)
	for _, f := range []client.Format{client.GraphML, client.CSV, client.STIX, client.Cytoscape} {
		t.Run(string(f), func(t *testing.T) {
			var got bytes.Buffer
			if err := c.Export(context.Background(), f, client.Params{"ids": "jnim,ansar-al-dine"}, &got); err != nil {
				t.Fatal(err)
			}
			res, err := http.Get(base + "/api/v1/export?format=" + string(f) + "&ids=jnim,ansar-al-dine")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			want, _ := io.ReadAll(res.Body)
			if got.Len() == 0 || !bytes.Equal(got.Bytes(), want) {
				t.Errorf("Export wrote %d bytes, GET /export sends %d", got.Len(), len(want))
			}
		})
	}
}

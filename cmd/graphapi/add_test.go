package main

import (
	"bytes"
	"context"
	"encoding/json"
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
	"github.com/graphapi/graphapi/internal/neo4jstore"
)

// TestLoadAddPack: `graphapi load --add PACK` on the Mali seed loaded in
// Neo4j. The steps run in order on one graph: each starts from what the
// previous ones left.
func TestLoadAddPack(t *testing.T) {
	getenv := testNeo4jEnv(t)
	ctx := context.Background()
	if err := run(ctx, []string{"load"}, getenv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	store, err := neo4jstore.Open(neo4jstore.ConfigFromEnv(getenv))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(ctx)

	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "pack.yaml"), []byte(`source:
  id: broken-ref
  kind: reference
  title: A pack naming a group nobody defines
relationships:
  - from: jnim
    type: COOPERATES_WITH
    to: no-such-group
    evidence:
      - locator: p. 1
`), 0o644); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	mergers := []string{"aqim-sahara-branch", "al-murabitoun", "ansar-al-dine", "macina-liberation-front"}
	tests := []struct {
		name      string
		ctx       context.Context
		args      []string
		wantOut   string // in stdout
		wantErr   string // in the error; "" for none
		unchanged bool   // the graph's fingerprint stays as it was
		check     func(t *testing.T)
	}{
		{name: "a second source for the JNIM mergers", args: []string{"--add", "../../examples/packs/lwj-jnim-2017"},
			wantOut: `"created":{"entities":0,"relationships":0},"updated":{"entities":2,"relationships":4}`,
			check: func(t *testing.T) {
				n := 0
				for _, r := range exportRels(t, store, append(slices.Clone(mergers), "jnim")) {
					if r.Type == entities.MergedInto && r.To == "jnim" {
						n++
						if got := evidenceSources(r.Evidence); !slices.Contains(got, "crt2018-mali") || !slices.Contains(got, "lwj-jnim-2017") {
							t.Errorf("%s cites %v, want the report's evidence and the new source's", r.ID, got)
						}
					}
				}
				if n != len(mergers) {
					t.Errorf("%d merger edges into jnim, want %d", n, len(mergers))
				}
			}},
		{name: "the same pack again", args: []string{"--add", "../../examples/packs/lwj-jnim-2017"},
			wantOut:   `"created":{"entities":0,"relationships":0},"updated":{"entities":0,"relationships":0},"unchanged":{"entities":2,"relationships":4}`,
			unchanged: true},
		{name: "a founding date the sources disagree on, dry run", args: []string{"--add", "../../examples/packs/mmp-ansar-dine-2016", "--dry-run"},
			wantOut:   `pack.yaml:19: warning: entity "ansar-al-dine": sources disagree on founded: 2011-11 (mmp-ansar-dine-2016), 2011-12 (cep)`,
			unchanged: true},
		{name: "a founding date the sources disagree on", args: []string{"--add", "../../examples/packs/mmp-ansar-dine-2016"},
			wantOut: `"updated":{"entities":1,"relationships":0}`,
			check: func(t *testing.T) {
				srv := httptest.NewServer(httpapi.NewHandler(store, httpapi.Config{}, slog.New(slog.DiscardHandler)))
				defer srv.Close()
				resp, err := http.Get(srv.URL + "/api/v1/conflicts")
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var list entities.ConflictList
				if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("GET /api/v1/conflicts: %d, %v", resp.StatusCode, err)
				}
				var claimants []string
				for _, c := range list.Items {
					for _, cl := range c.Claims {
						claimants = append(claimants, c.Subject+" "+c.Field+" "+cl.Value+" "+cl.Source)
					}
				}
				// The Mali seed's own lineage conflict stays as it was: MMP has
				// al-Murabitoun rejoin AQIM, the others merge it into JNIM.
				want := []string{"al-murabitoun lineage.successor aqim mmp", "al-murabitoun lineage.successor jnim africanews-2017",
					"al-murabitoun lineage.successor jnim cep", "al-murabitoun lineage.successor jnim crt2018-mali",
					"al-murabitoun lineage.successor jnim csis", "al-murabitoun lineage.successor jnim lwj-jnim-2017",
					"ansar-al-dine founded 2011-11 mmp-ansar-dine-2016", "ansar-al-dine founded 2011-12 cep"}
				if slices.Sort(claimants); !slices.Equal(claimants, want) {
					t.Errorf("GET /api/v1/conflicts lists the claims %q, want %q", claimants, want)
				}
			}},
		{name: "an end that is nowhere", args: []string{"--add", broken},
			wantErr:   `pack.yaml:6: relationship jnim:COOPERATES_WITH:no-such-group: to "no-such-group" is not a defined entity id in the pack or the graph`,
			unchanged: true},
		{name: "interrupted", ctx: cancelled, args: []string{"--add", "../../examples/packs/reuters-ansar-dine-2012"},
			wantOut: "nothing was written; the graph in Neo4j is as it was", wantErr: "interrupted", unchanged: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := store.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			runCtx := cmpCtx(tt.ctx, ctx)
			var stdout bytes.Buffer
			err = run(runCtx, append([]string{"load"}, tt.args...), getenv, &stdout, io.Discard)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("load %v: %v\n%s", tt.args, err, stdout.String())
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("load %v: %v, want an error holding %q", tt.args, err, tt.wantErr)
			}
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Errorf("load %v says %q, want %q in it", tt.args, stdout.String(), tt.wantOut)
			}
			after, err := store.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if tt.unchanged != (after == before) {
				t.Errorf("fingerprint before %s, after %s; want unchanged: %v", before, after, tt.unchanged)
			}
			if tt.check != nil {
				tt.check(t)
			}
		})
	}
}

// cmpCtx is ctx, or def when ctx is nil.
func cmpCtx(ctx, def context.Context) context.Context {
	if ctx == nil {
		return def
	}
	return ctx
}

// exportRels returns the relationships among ids in the graph.
func exportRels(t *testing.T, store *neo4jstore.Store, ids []string) []entities.Relationship {
	t.Helper()
	sink := &relSink{}
	if err := store.Export(context.Background(), entities.ExportQuery{IDs: ids}, sink); err != nil {
		t.Fatal(err)
	}
	return sink.rels
}

type relSink struct{ rels []entities.Relationship }

func (s *relSink) Sources([]entities.Source) error { return nil }
func (s *relSink) Entity(*entities.Entity) error   { return nil }
func (s *relSink) Relationship(r *entities.Relationship) error {
	s.rels = append(s.rels, *r)
	return nil
}

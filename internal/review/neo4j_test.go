package review_test

import (
	"context"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/neo4jstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
	"github.com/graphapi/graphapi/internal/review"
)

// neo4jGraph opens the Neo4j at NEO4J_URI and loads the workspace's seed into
// it, replacing its whole graph: point NEO4J_URI at a test database. Skipped
// without NEO4J_URI; GRAPHAPI_REQUIRE_NEO4J=1 (CI) makes that a failure.
func neo4jGraph(tb testing.TB, w *workspace) *neo4jstore.Store {
	tb.Helper()
	neo := neo4jtest.Open(tb)
	if _, _, err := loader.Load(context.Background(), os.DirFS(w.seed), neo); err != nil {
		tb.Fatalf("loading the seed into Neo4j: %v", err)
	}
	return neo
}

// TestApplyOnNeo4j: on Neo4j, apply writes the pack and reloads the graph in
// one transaction; the graph is then what the seed folder loads into the
// embedded store, with the new source's quotation on the merger edge. A
// refused apply leaves the graph in Neo4j exactly as it was.
func TestApplyOnNeo4j(t *testing.T) {
	ctx := context.Background()
	t.Run("accepted", func(t *testing.T) {
		w := newWorkspace(t)
		neo := neo4jGraph(t, w)
		svc := review.NewService(w.drafts, w.seed, neo)
		w.review(t, svc, reviewSteps)
		if _, err := svc.Apply(ctx, "crt2019-niger"); err != nil {
			t.Fatal(err)
		}
		if d, err := neo.Entity(ctx, "nctb"); err != nil || d.Name != "Niger Counter-Terrorism Brigade" {
			t.Fatalf("nctb after apply: %+v, %v", d, err)
		}
		g, err := neo.Subgraph(ctx, entities.SubgraphQuery{IDs: []string{"al-murabitoun", "jnim"}})
		if err != nil {
			t.Fatal(err)
		}
		want := entities.Evidence{Source: "crt2019-niger", Quote: "Al-Mourabitoun merged into JNIM in March 2017."}
		if i := slices.IndexFunc(g.Edges, func(r entities.Relationship) bool { return r.ID == "al-murabitoun:MERGED_INTO:jnim" }); i < 0 || !slices.Contains(g.Edges[i].Evidence, want) {
			t.Errorf("the merger edge in Neo4j does not carry %+v", want)
		}
		if exported(t, neo) != exported(t, mustGraph(t, w.seed)) {
			t.Error("the graph in Neo4j differs from what the seed folder on disk loads")
		}
	})
	t.Run("refused", func(t *testing.T) {
		w := newWorkspace(t)
		neo := neo4jGraph(t, w)
		svc := review.NewService(w.drafts, w.seed, neo)
		w.review(t, svc, []step{
			{rel("al-murabitoun", entities.MergedInto, "jnim"), review.Change{Status: draft.Accepted, Since: ptr("2017"), Until: ptr("2013")}},
		})
		before, err := neo.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seedBefore := files(t, w.seed)
		if _, err := svc.Apply(ctx, "crt2019-niger"); entities.ErrorCode(err) != entities.EINVALID {
			t.Fatalf("apply: %v, want EINVALID", err)
		}
		if after, err := neo.Fingerprint(ctx); err != nil || after != before {
			t.Errorf("a refused apply changed the graph in Neo4j (%v)", err)
		}
		if !maps.Equal(files(t, w.seed), seedBefore) {
			t.Error("a refused apply changed the seed folder")
		}
	})
}

package review_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/history"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/review"
)

// reverter is a store that a revert reloads, with what tells its graph: the
// export and the sources.
type reverter interface {
	review.Graph
	Sources(ctx context.Context) ([]entities.Source, error)
}

// state is everything a store shows of its graph, to compare byte for byte.
func state(tb testing.TB, g reverter) string {
	tb.Helper()
	src, err := g.Sources(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	data, err := json.Marshal(src)
	if err != nil {
		tb.Fatal(err)
	}
	return exported(tb, g) + string(data)
}

func openLog(tb testing.TB) *audit.Log {
	tb.Helper()
	l, err := audit.Open(filepath.Join(tb.TempDir(), "audit.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { l.Close() })
	return l
}

var (
	editor = entities.User{Name: "amina", Role: entities.RoleEditor}
	admin  = entities.User{Name: "bram", Role: entities.RoleAdmin}
)

// applyThenRevert applies the fixture's draft as editor and reverts it as
// admin on graph, checking that the graph, the seed folder and the log come
// back to where they were, and what the preview said would leave.
func applyThenRevert(t *testing.T, w *workspace, graph reverter, fingerprint func() string) {
	t.Helper()
	log := openLog(t)
	w.review(t, review.NewService(w.drafts, w.seed, graph), reviewSteps)
	svc := review.NewService(w.drafts, w.seed, graph).RecordingTo(log)
	seedBefore, before, printBefore := files(t, w.seed), state(t, graph), fingerprint()

	applied, err := svc.Apply(entities.WithUser(context.Background(), editor), "crt2019-niger")
	if err != nil {
		t.Fatal(err)
	}
	if applied.Applied.By != editor.Name || applied.Applied.At.IsZero() {
		t.Errorf("applied %+v, want by %s at a time", applied.Applied, editor.Name)
	}
	src, err := graph.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(src, func(s entities.Source) bool { return s.ID == "crt2019-niger" })
	if i < 0 || src[i].Applied == nil || src[i].Applied.By != editor.Name || !src[i].Applied.At.Equal(applied.Applied.At) {
		t.Fatalf("the graph's source does not record the apply: %+v", src)
	}

	ctx := entities.WithUser(context.Background(), admin)
	dry, err := svc.RevertPreview(ctx, "crt2019-niger")
	if err != nil {
		t.Fatal(err)
	}
	var gone, goneRels, lost []string
	for _, e := range dry.Preview.RemovedEntities {
		gone = append(gone, e.ID)
	}
	for _, r := range dry.Preview.RemovedRelationships {
		goneRels = append(goneRels, r.ID)
	}
	for _, ev := range dry.Preview.EvidenceRemoved {
		lost = append(lost, ev.Subject)
	}
	if want := []string{"ministry-of-interior-of-niger", "nctb"}; !slices.Equal(gone, want) {
		t.Errorf("a revert would take out entities %v, want %v", gone, want)
	}
	if want := []string{"nctb:REPORTS_TO:ministry-of-interior-of-niger"}; !slices.Equal(goneRels, want) {
		t.Errorf("a revert would take out relationships %v, want %v", goneRels, want)
	}
	if want := []string{"al-murabitoun:MERGED_INTO:jnim"}; !slices.Equal(lost, want) {
		t.Errorf("a revert would take evidence from %v, want %v (the merger edge stays, with the other packs' evidence)", lost, want)
	}
	if !dry.DryRun || state(t, graph) == before {
		t.Fatal("the preview changed the graph, or the apply did not")
	}

	rv, err := svc.Revert(ctx, "crt2019-niger")
	if err != nil {
		t.Fatal(err)
	}
	if rv.Folder != "crt2019-niger" || rv.DryRun {
		t.Errorf("reverted %+v", rv)
	}
	if got := state(t, graph); got != before {
		t.Error("after the revert the graph differs from the graph before the apply")
	}
	if got := fingerprint(); got != printBefore {
		t.Errorf("fingerprint %s after the revert, %s before the apply", got, printBefore)
	}
	live := files(t, w.seed)
	retired := 0
	for name := range live {
		if rel, _ := filepath.Rel(w.seed, name); strings.HasPrefix(rel, history.RetiredDir+string(filepath.Separator)) {
			delete(live, name)
			retired++
		}
	}
	if !maps.Equal(live, seedBefore) {
		t.Error("after the revert the seed folder differs from the folder before the apply")
	}
	// The reverted pack is kept aside, with who reverted it, for as_known.
	if retired == 0 {
		t.Errorf("the reverted pack was not retired into %s", history.RetiredDir)
	}
	entries, err := log.Read(audit.Filter{Pack: "crt2019-niger"})
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, e := range entries {
		got = append(got, [2]string{e.Action, e.User})
	}
	if want := [][2]string{{audit.ActionPackApply, editor.Name}, {audit.ActionPackRevert, admin.Name}}; !slices.Equal(got, want) {
		t.Errorf("audit log %v, want %v", got, want)
	}
	if len(entries) == 2 && (len(entries[0].After) == 0 || len(entries[1].Before) == 0) {
		t.Error("the log does not keep what changed (apply: after, revert: the pack's files before)")
	}
}

// TestRevertRestoresTheGraph: apply a pack, revert it: the embedded store's
// graph, the seed folder and the sources are byte for byte what they were.
func TestRevertRestoresTheGraph(t *testing.T) {
	w := newWorkspace(t)
	applyThenRevert(t, w, w.store, func() string { return exported(t, w.store) })
}

// TestRevertOnNeo4j: the same on Neo4j, compared by its fingerprint.
func TestRevertOnNeo4j(t *testing.T) {
	w := newWorkspace(t)
	neo := neo4jGraph(t, w)
	applyThenRevert(t, w, neo, func() string {
		fp, err := neo.Fingerprint(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return fp
	})
}

// laterPack states a relationship from nctb, which only crt2019-niger states:
// reverting crt2019-niger would leave it without an end.
const laterPack = `source:
  id: later-2021
  kind: reference
  title: A later reference
applied:
  by: amina
  at: 2030-01-01T00:00:00Z
relationships:
  - from: nctb
    type: OPERATES_IN
    to: mali
    confidence: reported
    evidence:
      - locator: "p. 3"
`

// TestRevertRefusedWithDependants: a pack another pack depends on is not
// reverted; the refusal names the dependant statement; nothing changes.
func TestRevertRefusedWithDependants(t *testing.T) {
	w := newWorkspace(t)
	w.review(t, review.NewService(w.drafts, w.seed, w.store), reviewSteps)
	svc := review.NewService(w.drafts, w.seed, w.store).RecordingTo(openLog(t))
	ctx := entities.WithUser(context.Background(), admin)
	if _, err := svc.Apply(ctx, "crt2019-niger"); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(w.seed, "later-2021"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.seed, "later-2021", "pack.yaml"), []byte(laterPack), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loader.Load(ctx, os.DirFS(w.seed), w.store); err != nil {
		t.Fatalf("the later pack does not load: %v", err)
	}
	seedBefore, before := files(t, w.seed), state(t, w.store)
	for _, revert := range []func(context.Context, string) (*review.Reverted, error){svc.RevertPreview, svc.Revert} {
		_, err := revert(ctx, "crt2019-niger")
		var deps *review.DependedOn
		if !errors.As(err, &deps) || entities.ErrorCode(err) != entities.ECONFLICT {
			t.Fatalf("revert: %v, want ECONFLICT naming the dependants", err)
		}
		want := []review.Dependant{{Pack: "later-2021", Relationship: "nctb:OPERATES_IN:mali", Entity: "nctb"}}
		if !slices.Equal(deps.Dependants, want) {
			t.Errorf("dependants %+v, want %+v", deps.Dependants, want)
		}
	}
	if state(t, w.store) != before || !maps.Equal(files(t, w.seed), seedBefore) {
		t.Error("a refused revert changed the graph or the seed folder")
	}
	// Once the later pack is reverted, the first one may go.
	if _, err := svc.Revert(ctx, "later-2021"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Revert(ctx, "crt2019-niger"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Revert(ctx, "no-such-pack"); entities.ErrorCode(err) != entities.ENOTFOUND {
		t.Errorf("reverting a pack the seed lacks: %v, want ENOTFOUND", err)
	}
}

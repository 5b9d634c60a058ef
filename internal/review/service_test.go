package review_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/review"
)

// workspace is a writable copy of the Mali seed and of the fixture's drafts
// folder, and the graph loaded from that seed.
type workspace struct {
	seed, drafts string
	store        *memstore.Store
}

func newWorkspace(tb testing.TB) *workspace {
	tb.Helper()
	w := &workspace{seed: filepath.Join(tb.TempDir(), "seed"), drafts: filepath.Join(tb.TempDir(), "drafts")}
	if err := os.CopyFS(w.seed, os.DirFS(seedDir)); err != nil {
		tb.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(w.drafts, "crt2019-niger"), os.DirFS(fixture)); err != nil {
		tb.Fatal(err)
	}
	w.store = mustGraph(tb, w.seed)
	return w
}

// review runs the steps through a Service, as the page does.
func (w *workspace) review(tb testing.TB, svc *review.Service, steps []step) {
	tb.Helper()
	for _, s := range steps {
		p, err := review.Folder{Dir: w.drafts}.Read("crt2019-niger")
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := svc.Edit(context.Background(), "crt2019-niger", s.item(tb, p.Draft), s.change); err != nil {
			tb.Fatalf("%+v: %v", s.change, err)
		}
	}
}

// files reads every file under dir, by path.
func files(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = string(data)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// graphJSON is the whole graph a store holds, as its export gives it.
type graphJSON struct {
	Entities      []entities.Entity
	Relationships []entities.Relationship
}

func (g *graphJSON) Sources([]entities.Source) error { return nil }
func (g *graphJSON) Entity(e *entities.Entity) error {
	g.Entities = append(g.Entities, *e)
	return nil
}
func (g *graphJSON) Relationship(r *entities.Relationship) error {
	g.Relationships = append(g.Relationships, *r)
	return nil
}

func exported(tb testing.TB, store entities.Exporter) string {
	tb.Helper()
	g := &graphJSON{}
	if err := store.Export(context.Background(), entities.ExportQuery{}, g); err != nil {
		tb.Fatal(err)
	}
	data, err := json.Marshal(g)
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

var reviewSteps = []step{
	{cand("nctb"), accept},
	{cand("ministry-of-interior-of-niger"), accept},
	{rel("nctb", entities.ReportsTo, "ministry-of-interior-of-niger"), accept},
	{rel("al-murabitoun", entities.MergedInto, "jnim"), accept},
	{rel("mali", entities.MemberOf, "giaba"), review.Change{Status: draft.Rejected}},
}

// TestPreviewThenApply: the preview names the new nodes and edges and the
// evidence added to an existing edge; apply makes exactly that the graph, and
// a graph loaded afresh from the seed folder is the same graph.
func TestPreviewThenApply(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	svc := review.NewService(w.drafts, w.seed, w.store)
	w.review(t, svc, reviewSteps)

	pv, err := svc.Preview(ctx, "crt2019-niger")
	if err != nil {
		t.Fatal(err)
	}
	var newIDs, newRels, evidenceOn []string
	for _, e := range pv.NewEntities {
		newIDs = append(newIDs, e.ID)
	}
	for _, r := range pv.NewRelationships {
		newRels = append(newRels, r.ID)
	}
	for _, ev := range pv.Evidence {
		evidenceOn = append(evidenceOn, ev.Subject)
	}
	if want := []string{"nctb", "ministry-of-interior-of-niger"}; !slices.Equal(newIDs, want) {
		t.Errorf("new entities %v, want %v", newIDs, want)
	}
	if want := []string{"nctb:REPORTS_TO:ministry-of-interior-of-niger"}; !slices.Equal(newRels, want) {
		t.Errorf("new relationships %v, want %v", newRels, want)
	}
	if want := []string{"al-murabitoun:MERGED_INTO:jnim"}; !slices.Equal(evidenceOn, want) {
		t.Errorf("evidence added to %v, want %v", evidenceOn, want)
	}
	if len(pv.Conflicts) != 0 {
		t.Errorf("conflicts %+v: 2017-03 agrees with 2017-03-02", pv.Conflicts)
	}
	golden(t, "applied-statements.yaml", []byte(pv.Statements))
	// Every shown value the apply will change on the merger edge is in the
	// preview: the analyst must see a date the new source would replace.
	nowMerged, err := w.store.Subgraph(ctx, entities.SubgraphQuery{IDs: []string{"al-murabitoun", "jnim"}})
	if err != nil {
		t.Fatal(err)
	}
	shownBefore := ""
	for _, r := range nowMerged.Edges {
		if r.ID == "al-murabitoun:MERGED_INTO:jnim" {
			shownBefore = r.Since.String()
		}
	}

	before := exported(t, w.store)
	if _, err := svc.Apply(ctx, "crt2019-niger"); err != nil {
		t.Fatal(err)
	}
	if exported(t, w.store) == before {
		t.Fatal("apply left the graph as it was")
	}
	d, err := w.store.Entity(ctx, "nctb")
	if err != nil {
		t.Fatalf("after apply: %v", err)
	}
	if d.Name != "Niger Counter-Terrorism Brigade" {
		t.Errorf("nctb is named %q", d.Name)
	}
	g, err := w.store.Subgraph(ctx, entities.SubgraphQuery{IDs: []string{"al-murabitoun", "jnim"}})
	if err != nil {
		t.Fatal(err)
	}
	want := entities.Evidence{Source: "crt2019-niger", Quote: "Al-Mourabitoun merged into JNIM in March 2017."}
	var found bool
	for _, r := range g.Edges {
		if r.ID == "al-murabitoun:MERGED_INTO:jnim" {
			found = slices.Contains(r.Evidence, want)
		}
	}
	if !found {
		t.Errorf("the merger edge does not carry %+v", want)
	}
	for _, r := range g.Edges {
		if r.ID != "al-murabitoun:MERGED_INTO:jnim" || r.Since.String() == shownBefore {
			continue
		}
		change := review.FieldChange{Subject: r.ID, SubjectKind: entities.SubjectRelationship, Field: "since", Before: shownBefore, After: r.Since.String()}
		if !slices.Contains(pv.Changed, change) {
			t.Errorf("apply changed the merger's since from %s to %s, which the preview does not list: %+v", shownBefore, r.Since, pv.Changed)
		}
	}
	written, err := os.ReadFile(filepath.Join(w.seed, "crt2019-niger", draft.StatementsFile))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "applied-statements.yaml", written)
	if again := exported(t, mustGraph(t, w.seed)); again != exported(t, w.store) {
		t.Error("the seed folder on disk loads into another graph than the one apply made")
	}
}

// TestApplyRefused: a pack the loader refuses is not written, and the graph
// is unchanged; the message lists the loader's problem at file:line.
func TestApplyRefused(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	svc := review.NewService(w.drafts, w.seed, w.store)
	w.review(t, svc, []step{
		{rel("al-murabitoun", entities.MergedInto, "jnim"), review.Change{Status: draft.Accepted, Since: ptr("2017"), Until: ptr("2013")}},
	})
	seedBefore, graphBefore := files(t, w.seed), exported(t, w.store)
	_, err := svc.Apply(ctx, "crt2019-niger")
	if entities.ErrorCode(err) != entities.EINVALID {
		t.Fatalf("apply: %v, want EINVALID", err)
	}
	t.Logf("refused: %v", err)
	if !maps.Equal(files(t, w.seed), seedBefore) {
		t.Error("a refused apply changed the seed folder")
	}
	if exported(t, w.store) != graphBefore {
		t.Error("a refused apply changed the graph")
	}
}

// failingReplace is a store whose reload fails after the pack has been
// written: the files must be taken back.
type failingReplace struct{ *memstore.Store }

var errReload = errors.New("the store is unavailable")

func (failingReplace) Replace(context.Context, *entities.Dataset) (*entities.LoadStats, error) {
	return nil, errReload
}

func (failingReplace) ReplaceStream(context.Context, entities.GraphStream) (*entities.LoadStats, error) {
	return nil, errReload
}

// TestApplyRollsBackOnReloadFailure: when the reload fails the written files
// are removed again, so that disk and graph agree.
func TestApplyRollsBackOnReloadFailure(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	svc := review.NewService(w.drafts, w.seed, failingReplace{w.store})
	w.review(t, svc, reviewSteps)
	seedBefore, graphBefore := files(t, w.seed), exported(t, w.store)
	if _, err := svc.Apply(ctx, "crt2019-niger"); !errors.Is(err, errReload) {
		t.Fatalf("apply: %v, want the reload's error", err)
	}
	if !maps.Equal(files(t, w.seed), seedBefore) {
		t.Error("the written pack was not taken back")
	}
	if _, err := os.Stat(filepath.Join(w.seed, "crt2019-niger")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the pack folder made for the apply is still there")
	}
	if exported(t, w.store) != graphBefore {
		t.Error("the graph changed")
	}
}

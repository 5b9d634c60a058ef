package history_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/history"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

// appliedPack is a pack applied at 2030-01-01 that states one new entity.
const appliedPack = `source:
  id: later-2030
  kind: reference
  title: A reference applied later
applied:
  by: amina
  at: 2030-01-01T00:00:00Z
entities:
  - id: later-group
    kind: armed_group
    name: Later Group
    evidence:
      - locator: "p. 1"
`

// seedWithLaterPack is a copy of the Mali seed with appliedPack in it.
func seedWithLaterPack(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "seed")
	if err := os.CopyFS(dir, os.DirFS("../../seed")); err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "later-2030"), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "later-2030", "pack.yaml"), []byte(appliedPack), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func load(tb testing.TB, fsys fstest.MapFS, dir string) *memstore.Store {
	tb.Helper()
	s := memstore.New()
	var err error
	if fsys != nil {
		_, _, err = loader.Load(context.Background(), fsys, s)
	} else {
		_, _, err = loader.Load(context.Background(), os.DirFS(dir), s)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// graphOf is the whole graph a store holds, sources included, as JSON.
func graphOf(tb testing.TB, s entities.Store) string {
	tb.Helper()
	ctx := context.Background()
	schema, err := s.Schema(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	src, err := s.Sources(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	hits, err := s.Search(ctx, entities.SearchQuery{Limit: 1000})
	if err != nil {
		tb.Fatal(err)
	}
	data, err := json.Marshal([]any{schema, src, hits})
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

func at(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := entities.ParseKnown(s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// TestKnownAt: before the pack was applied the graph is the seed's without
// it, the same graph a load of that seed gives; from then on it is the graph
// now, and the store serving now answers.
func TestKnownAt(t *testing.T) {
	ctx := context.Background()
	dir := seedWithLaterPack(t)
	live := load(t, nil, dir)
	before := load(t, nil, "../../seed")
	k := history.NewKnown(dir, entities.DefaultLimits, 2)

	then, err := k.At(ctx, at(t, "2029-12-31"), live)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := then.Entity(ctx, "later-group"); entities.ErrorCode(err) != entities.ENOTFOUND {
		t.Errorf("as known on 2029-12-31, later-group: %v, want ENOTFOUND", err)
	}
	if graphOf(t, then) != graphOf(t, before) {
		t.Error("as known before the pack, the graph is not the seed's without it")
	}
	again, err := k.At(ctx, at(t, "2029-06-01T12:00:00Z"), live)
	if err != nil {
		t.Fatal(err)
	}
	if again != then {
		t.Error("the same set of packs was built twice: the cache did not keep it")
	}

	now, err := k.At(ctx, at(t, "2030-01-01"), live)
	if err != nil {
		t.Fatal(err)
	}
	if now != entities.Store(live) {
		t.Error("as known once every pack was applied, the live store should answer")
	}
	rebuilt, err := k.At(ctx, at(t, "2030-01-01T00:00:00Z"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if graphOf(t, rebuilt) != graphOf(t, live) {
		t.Error("as known at the moment of the apply, the rebuilt graph differs from the graph now")
	}
}

// TestWithout: the seed without a folder is a well-behaved file system.
func TestWithout(t *testing.T) {
	dir := seedWithLaterPack(t)
	fsys := history.Without(os.DirFS(dir), "later-2030", "cep")
	if err := fstest.TestFS(fsys, "mmp/pack.yaml", "csis/pack.yaml"); err != nil {
		t.Fatal(err)
	}
	if _, err := fsys.Open("later-2030/pack.yaml"); err == nil {
		t.Error("a hidden folder's file opens")
	}
	packs, err := history.Packs(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	p, err := history.Find(packs, "later-2030")
	if err != nil || p.Folder != "later-2030" || p.Applied == nil || p.Applied.By != "amina" {
		t.Errorf("Find: %+v, %v", p, err)
	}
	if _, err := history.Find(packs, "nothing"); entities.ErrorCode(err) != entities.ENOTFOUND {
		t.Errorf("Find of no pack: %v, want ENOTFOUND", err)
	}
}

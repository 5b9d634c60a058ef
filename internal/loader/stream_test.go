package loader_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

// jsonSink records an export as JSON lines, to compare two stores' whole graphs.
type jsonSink struct{ b bytes.Buffer }

func (s *jsonSink) put(v any) error {
	data, err := json.Marshal(v)
	s.b.Write(append(data, '\n'))
	return err
}
func (s *jsonSink) Sources(src []entities.Source) error         { return s.put(src) }
func (s *jsonSink) Entity(e *entities.Entity) error             { return s.put(e) }
func (s *jsonSink) Relationship(r *entities.Relationship) error { return s.put(r) }

// answers asks s the same queries every time and returns the answers as JSON:
// the whole graph exported, every entity, and neighbourhoods, lineages, paths,
// searches and a subgraph around a sample of them.
func answers(t *testing.T, s *memstore.Store, ids []string) []byte {
	t.Helper()
	ctx := context.Background()
	var out jsonSink
	add := func(v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := out.put(v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Export(ctx, entities.ExportQuery{}, &out); err != nil {
		t.Fatal(err)
	}
	add(s.Schema(ctx))
	add(s.Sources(ctx))
	for _, id := range ids {
		add(s.Entity(ctx, id))
	}
	asOf := entities.AsOf{Set: true, Date: entities.Date{Year: 2015, Month: 6}}
	for i := 0; i < len(ids); i += 97 {
		id, other := ids[i], ids[(i*7+13)%len(ids)]
		add(s.Neighbors(ctx, entities.NeighborQuery{ID: id, Depth: 2, Limit: 300}))
		add(s.Neighbors(ctx, entities.NeighborQuery{ID: id, Direction: entities.In, AsOf: asOf}))
		add(s.Lineage(ctx, entities.LineageQuery{ID: id}))
		add(s.Paths(ctx, entities.PathQuery{From: id, To: other, MaxDepth: 4, Limit: 20}))
		add(s.Search(ctx, entities.SearchQuery{Text: id[:2], Limit: 20, Offset: i % 5}))
	}
	add(s.Subgraph(ctx, entities.SubgraphQuery{IDs: ids[:1+len(ids)/10]}))
	return out.b.Bytes()
}

// TestStreamedLoadAnswersAsDataset loads a generated graph into embedded stores
// three ways: the dataset itself, the dataset read back from its neo4j-admin
// CSV seed (ReadDir, the path before streaming), and that seed streamed
// (Load). Every answer must be byte-identical.
func TestStreamedLoadAnswersAsDataset(t *testing.T) {
	ctx := context.Background()
	for _, size := range []struct{ n, m int }{{1, 0}, {50, 200}, {2000, 12000}} {
		t.Run(fmt.Sprintf("%d-%d", size.n, size.m), func(t *testing.T) {
			ds := gen.Generate(11, size.n, size.m)
			dir := t.TempDir()
			if err := loader.WriteSeed(dir, ds); err != nil {
				t.Fatal(err)
			}
			ids := make([]string, len(ds.Entities))
			for i, e := range ds.Entities {
				ids[i] = e.ID
			}

			direct := memstore.New()
			if _, err := direct.Replace(ctx, ds); err != nil {
				t.Fatal(err)
			}
			back, err := loader.ReadDir(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			whole := memstore.New()
			if _, err := whole.Replace(ctx, back); err != nil {
				t.Fatal(err)
			}
			streamed := memstore.New()
			n, st, err := loader.Load(ctx, os.DirFS(dir), streamed)
			if err != nil {
				t.Fatal(err)
			}
			if want := (entities.Counts{Entities: len(ds.Entities), Relationships: len(ds.Relationships)}); n != want || st.Created != want {
				t.Errorf("Load counted %+v and created %+v, want %+v", n, st.Created, want)
			}

			want := answers(t, direct, ids)
			for name, s := range map[string]*memstore.Store{"ReadDir": whole, "streamed": streamed} {
				if got := answers(t, s, ids); !bytes.Equal(got, want) {
					t.Errorf("%s: the answers differ from the dataset's (%d bytes against %d)", name, len(got), len(want))
				}
			}
		})
	}
}

// TestSeedChangedBetweenPasses changes a CSV file after Open has checked it:
// the load must fail and leave the store as it was.
func TestSeedChangedBetweenPasses(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		change func(t *testing.T, path string)
		code   string
	}{
		{"a row added", func(t *testing.T, path string) {
			appendFile(t, path, "zz-1,ag-0,MERGED_INTO,,,fact,,\"[{\"\"source\"\":\"\"gen\"\",\"\"locator\"\":\"\"p\"\"}]\"\n")
		}, entities.EINVALID},
		{"a byte changed in place", func(t *testing.T, path string) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			i := bytes.LastIndex(data, []byte("fact"))
			copy(data[i:], "FACT")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, entities.EINVALID},
		{"a row broken", func(t *testing.T, path string) { appendFile(t, path, "a,b\n") }, entities.EINVALID},
		{"the file gone", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}, entities.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := loader.WriteSeed(dir, gen.Generate(3, 40, 120)); err != nil {
				t.Fatal(err)
			}
			store := memstore.New()
			if _, err := store.Replace(ctx, gen.Generate(5, 30, 60)); err != nil {
				t.Fatal(err)
			}
			sd, err := loader.Open(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, store)
			tt.change(t, filepath.Join(dir, "relationships.csv"))
			_, err = sd.ReplaceIn(ctx, store)
			if code := entities.ErrorCode(err); code != tt.code {
				t.Errorf("ReplaceIn: %v (code %q), want code %q", err, code, tt.code)
			}
			if after := snapshot(t, store); after != before {
				t.Errorf("the store changed")
			}
		})
	}
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

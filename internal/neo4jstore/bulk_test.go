package neo4jstore_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/neo4jstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
	"github.com/graphapi/graphapi/internal/pycheck"
	"github.com/graphapi/graphapi/internal/testseed"
)

// WriteImport writes the rows the importer reads: the property types in the
// headers, a missing value as an empty field, an empty string quoted, lists
// joined by U+001F, quotes doubled.
func TestWriteImportFiles(t *testing.T) {
	ds := &entities.Dataset{
		Sources: []entities.Source{{ID: "ref", Kind: entities.SourceReference, Title: "A, \"quoted\" title"}},
		Entities: []entities.Entity{
			{ID: "a", Kind: entities.KindArmedGroup, Name: "Group, A", Aliases: []string{"GA", "G \"A\""}, Founded: date("2011-12"), Evidence: ev("p. 1")},
			{ID: "b", Kind: entities.KindStateBody, Name: "B", Description: "two\nlines", Evidence: ev("p. 2")},
		},
		Relationships: []entities.Relationship{rel("a", entities.CooperatesWith, "b", "2012", "")},
	}
	dir := filepath.Join(t.TempDir(), "import")
	files, err := neo4jstore.WriteImport(context.Background(), dir, "", entities.StreamDataset(ds))
	if err != nil {
		t.Fatal(err)
	}
	if files.Counts != (entities.Counts{Entities: 2, Relationships: 1}) {
		t.Errorf("counts %+v", files.Counts)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct{ file, want string }{
		{"entities.csv", "id:ID(Entity),:LABEL,kind,name,name_fold,evidence,hash,aliases:string[],aliases_fold:string[],description,attributes,founded,vfrom:long,dissolved,vto:long,claims,conflicted:boolean\n"},
		{"entities.csv", "\na,Entity\x1fArmedGroup,armed_group,\"Group, A\","},
		{"entities.csv", ",\"[{\"\"source\"\":\"\"ref\"\",\"\"locator\"\":\"\"p. 1\"\"}]\","},
		{"entities.csv", ",\"GA\x1fG \"\"A\"\"\","},
		{"entities.csv", ",,,2011-12,15309,,,,\n"},
		{"entities.csv", "\nb,Entity\x1fStateBody,state_body,B,b,"},
		{"entities.csv", ",,,\"two\nlines\",,,,,,,\n"},
		{"relationships.csv", ":START_ID(Entity),:END_ID(Entity),:TYPE,confidence,evidence,note,since,vfrom:long,until,vto:long,claims,conflicted:boolean\na,b,COOPERATES_WITH,fact,"},
		{"sources.csv", "id:ID(Source),kind,title,publisher,published,url,file,country,text,hash\nref,reference,\"A, \"\"quoted\"\" title\",,,,,,,"},
		{"import.args", "\"--nodes=Source=" + filepath.Join(files.Dir, "sources.csv") + "\"\n"},
		{"import.args", "\"--multiline-fields=true\"\n"}, // b's description spans two lines
		{"import.args", "\"neo4j\"\n"},
	} {
		if got := read(c.file); !strings.Contains(got, c.want) {
			t.Errorf("%s lacks %q:\n%s", c.file, c.want, got)
		}
	}
	if got := files.Args[len(files.Args)-1]; got != "neo4j" {
		t.Errorf("last argument %q, want the database", got)
	}
}

// WriteImport refuses what the importer would read wrongly, a directory
// holding files already, and stops when its context ends.
func TestWriteImportRefuses(t *testing.T) {
	ok := &entities.Dataset{Entities: []entities.Entity{{ID: "a", Kind: entities.KindArmedGroup, Name: "A", Evidence: ev("x")}}}
	sep := &entities.Dataset{Entities: []entities.Entity{{ID: "a", Kind: entities.KindArmedGroup, Name: "A", Aliases: []string{"x\x1fy"}, Evidence: ev("x")}}}
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "old.csv"), nil, 0o644)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		dir  string
		ds   *entities.Dataset
		want string
	}{
		{"list item holding the delimiter", context.Background(), filepath.Join(t.TempDir(), "x"), sep, "U+001F"},
		{"directory not empty", context.Background(), full, ok, "not empty"},
		{"context ended", cancelled, filepath.Join(t.TempDir(), "x"), ok, context.Canceled.Error()},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := neo4jstore.WriteImport(c.ctx, c.dir, "", entities.StreamDataset(c.ds))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("WriteImport: %v, want an error with %q", err, c.want)
			}
		})
	}
}

// bulkServer bulk-loads the seed in dir with scripts/neo4j-bulk-load.sh into a
// Neo4j server of the test's own (a free port, a new data directory), and
// returns the store on it; the server stops when the test ends.
func bulkServer(t *testing.T, dir string) *neo4jstore.Store {
	t.Helper()
	root := pycheck.Root(t)
	if _, err := os.Stat(filepath.Join(root, "tools/neo4j/target/lib/.complete")); err != nil {
		if os.Getenv("GRAPHAPI_REQUIRE_NEO4J") == "1" {
			t.Fatal("the Neo4j launcher is not built (scripts/neo4j-up.sh builds it)")
		}
		t.Skip("the Neo4j launcher is not built; scripts/neo4j-up.sh builds it")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	data, password := t.TempDir(), "bulk-test-password"
	env := append(os.Environ(), fmt.Sprintf("NEO4J_PORT=%d", port), "NEO4J_DATA_DIR="+data, "NEO4J_PASSWORD="+password,
		"NEO4J_HEAP=1g", "NEO4J_PAGECACHE=256m", "NEO4J_IMPORT_HEAP=512m", "NEO4J_IMPORT_MEMORY=512m", "NEO4J_DATABASE=",
		"NEO4J_START_TIMEOUT=600") // a busy shared machine has taken minutes to start Neo4j
	t.Cleanup(func() {
		down := exec.Command("bash", filepath.Join(root, "scripts/neo4j-down.sh"))
		down.Env = env
		down.Run()
	})
	load := exec.Command("bash", filepath.Join(root, "scripts/neo4j-bulk-load.sh"), dir)
	load.Env = env
	var out bytes.Buffer
	load.Stdout, load.Stderr = &out, &out
	if err := load.Run(); err != nil {
		t.Fatalf("neo4j-bulk-load.sh: %v\n%s", err, out.String())
	}
	return neo4jtest.OpenConfig(t, neo4jstore.Config{URI: fmt.Sprintf("bolt://127.0.0.1:%d", port), Password: password})
}

// A bulk-imported graph answers every query as the embedded store does; a
// transactional load of the same seed onto it finds everything unchanged
// (the importer wrote exactly what Replace writes); and a 100-statement
// addition writes those 100 statements and nothing else.
func TestBulkImportParity(t *testing.T) {
	// The Mali seed (quotes, aliases, attributes, descriptions) and a generated
	// graph, as one seed on disk.
	mali := testseed.Mali(t)
	ds := gen.Generate(5, 1500, 6000)
	ds.Sources = append(ds.Sources, mali.Sources...)
	ds.Entities = append(ds.Entities, mali.Entities...)
	ds.Relationships = append(ds.Relationships, mali.Relationships...)
	dir := filepath.Join(t.TempDir(), "seed")
	if err := loader.WriteSeed(dir, ds); err != nil {
		t.Fatal(err)
	}
	ds, err := loader.ReadDir(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	neo := bulkServer(t, dir)

	mem := memstore.New()
	if _, err := mem.Replace(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 7))
	failures := 0
	for _, q := range queriesFor(ds, rng, 300) {
		if got, want := answer(q.call(neo)), answer(q.call(mem)); got != want {
			failures++
			t.Errorf("%s:\n bulk-loaded neo4j: %.2000s\n memstore:          %.2000s", q.name, got, want)
			if failures > 10 {
				t.Fatal("too many differences")
			}
		}
	}

	st := MustReplace(t, neo, ds)
	all := entities.Counts{Entities: len(ds.Entities), Relationships: len(ds.Relationships)}
	if st.Unchanged != all || st.Created != (entities.Counts{}) || st.Updated != (entities.Counts{}) || st.Deleted != (entities.Counts{}) {
		t.Errorf("a transactional load of the bulk-loaded seed: %+v, want all %+v unchanged", *st, all)
	}

	// 50 new entities, each with a relationship to an entity already there.
	more := *ds
	more.Entities = append([]entities.Entity(nil), ds.Entities...)
	more.Relationships = append([]entities.Relationship(nil), ds.Relationships...)
	for i := range 50 {
		id := fmt.Sprintf("added-%d", i)
		more.Entities = append(more.Entities, entities.Entity{ID: id, Kind: entities.KindArmedGroup, Name: "Added " + id, Evidence: ev(id)})
		more.Relationships = append(more.Relationships, rel(id, entities.CooperatesWith, ds.Entities[i].ID, "", ""))
	}
	st = MustReplace(t, neo, &more)
	want := entities.LoadStats{Created: entities.Counts{Entities: 50, Relationships: 50}, Unchanged: all}
	if *st != want {
		t.Errorf("adding 100 statements: %+v, want %+v", *st, want)
	}

	// Add writes a pack on top of the graph without reading the rest: new
	// statements created, changed ones updated, the same ones left alone.
	pack := additions(ds, "pack", 50)
	pack.Relationships[0] = more.Relationships[len(more.Relationships)-1] // held already, unchanged
	st, err = neo.Add(context.Background(), pack)
	if err != nil {
		t.Fatal(err)
	}
	want = entities.LoadStats{Created: entities.Counts{Entities: 50, Relationships: 49}, Unchanged: entities.Counts{Relationships: 1}}
	if *st != want {
		t.Errorf("Add of 100 statements: %+v, want %+v", *st, want)
	}
	pack.Entities[0].Name = "Renamed"
	if st, err = neo.Add(context.Background(), pack); err != nil {
		t.Fatal(err)
	}
	want = entities.LoadStats{Updated: entities.Counts{Entities: 1}, Unchanged: entities.Counts{Entities: 49, Relationships: 50}}
	if *st != want {
		t.Errorf("Add of the same pack, one entity renamed: %+v, want %+v", *st, want)
	}
	got, err := neo.Entity(context.Background(), pack.Entities[0].ID)
	if err != nil || got.Entity.Name != "Renamed" {
		t.Errorf("Entity after the update: %+v, %v", got, err)
	}

	// An end neither in the graph nor in the pack: refused, nothing written.
	before, err := neo.Fingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	bad := additions(ds, "bad", 3)
	bad.Relationships[2].To = "no-such-entity"
	bad.Relationships[2].ID = entities.RelationshipID(bad.Relationships[2].From, bad.Relationships[2].Type, "no-such-entity")
	if _, err := neo.Add(context.Background(), bad); entities.ErrorCode(err) != entities.EINVALID || !strings.Contains(err.Error(), "no-such-entity") {
		t.Errorf("Add with a dangling end: %v, want EINVALID naming it", err)
	}
	if after, err := neo.Fingerprint(context.Background()); err != nil || after != before {
		t.Errorf("a refused Add changed the graph (%v)", err)
	}
}

// additions is a pack of 2n statements: n new entities, each with a
// relationship to one of ds's entities.
func additions(ds *entities.Dataset, prefix string, n int) *entities.Dataset {
	pack := &entities.Dataset{}
	for i := range n {
		id := fmt.Sprintf("%s-%d", prefix, i)
		pack.Entities = append(pack.Entities, entities.Entity{ID: id, Kind: entities.KindArmedGroup, Name: "Added " + id, Evidence: ev(id)})
		pack.Relationships = append(pack.Relationships, rel(id, entities.CooperatesWith, ds.Entities[(i*7919)%len(ds.Entities)].ID, "", ""))
	}
	return pack
}

// BenchmarkAdd100 adds a 100-statement pack (50 new entities, each with a
// relationship to an entity the graph holds) to the graph at NEO4J_URI: for
// BENCHMARKS.md, the bulk-loaded 1M / 5M graph of scripts/bench-bulk.sh.
func BenchmarkAdd100(b *testing.B) {
	neo := neo4jtest.Open(b)
	_, rows, err := neo.ReadCypher(context.Background(), "MATCH (n:Entity) RETURN n.id LIMIT 50", nil, 50)
	if err != nil || len(rows) == 0 {
		b.Fatalf("no entities to link to: %v", err)
	}
	ds := &entities.Dataset{}
	for _, row := range rows {
		id, _ := row[0].(string)
		ds.Entities = append(ds.Entities, entities.Entity{ID: id})
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		st, err := neo.Add(context.Background(), additions(ds, fmt.Sprintf("bench-add-%d-%d", time.Now().UnixNano(), i), 50))
		if err != nil {
			b.Fatal(err)
		}
		if st.Created.Entities != 50 || st.Created.Relationships != 50 {
			b.Fatalf("created %+v, want 50 and 50", st.Created)
		}
	}
}

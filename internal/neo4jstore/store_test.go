package neo4jstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/neo4jstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
)

func TestReplaceCountsAndIsIdempotent(t *testing.T) {
	s := neo4jtest.Open(t)
	mem := memstore.New()
	ctx := context.Background()
	empty := &entities.Dataset{}
	MustReplace(t, s, empty)

	ds := lineageDataset()
	want, _ := mem.Replace(ctx, ds)
	got := MustReplace(t, s, ds)
	if mustJSON(t, got) != mustJSON(t, want) {
		t.Fatalf("first load: neo4j %s, memstore %s", mustJSON(t, got), mustJSON(t, want))
	}
	fp, _ := s.Fingerprint(ctx)
	want, _ = mem.Replace(ctx, ds)
	got = MustReplace(t, s, ds)
	if mustJSON(t, got) != mustJSON(t, want) || got.Unchanged.Entities != len(ds.Entities) || got.Created.Entities != 0 {
		t.Fatalf("second load: neo4j %s, memstore %s", mustJSON(t, got), mustJSON(t, want))
	}
	if fp2, _ := s.Fingerprint(ctx); fp2 != fp {
		t.Fatal("a second load of the same dataset changed the graph")
	}

	// Change some: rename one, change a kind, drop an entity and a relationship, add one.
	ds2 := lineageDataset()
	ds2.Entities[0].Name = "GIA"
	ds2.Entities[9].Kind = entities.KindPlace
	ds2.Entities = append(ds2.Entities[:12], entities.Entity{ID: "new", Kind: entities.KindNGO, Name: "New", Evidence: ev("new")})
	ds2.Relationships = slices.DeleteFunc(ds2.Relationships[1:], func(r entities.Relationship) bool { return r.From == "attack" || r.To == "attack" })
	ds2.Relationships[0].Note = "changed"
	ds2.Relationships = append(ds2.Relationships, rel("new", entities.OperatesIn, "mali", "", ""))
	want, _ = mem.Replace(ctx, ds2)
	got = MustReplace(t, s, ds2)
	if mustJSON(t, got) != mustJSON(t, want) {
		t.Fatalf("changed load: neo4j %s, memstore %s", mustJSON(t, got), mustJSON(t, want))
	}
	d, err := s.Entity(ctx, "mali")
	if err != nil || d.Kind != entities.KindPlace {
		t.Fatalf("kind change: %+v %v", d, err)
	}
	sc, _ := s.Schema(ctx)
	msc, _ := mem.Schema(ctx)
	if mustJSON(t, sc) != mustJSON(t, msc) {
		t.Fatalf("schema after changes differs:\n%s\n%s", mustJSON(t, sc), mustJSON(t, msc))
	}
}

func TestReplaceIsAllOrNothing(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	MustReplace(t, s, lineageDataset())
	before, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Interrupted loads: deadlines that pass while rows are written, and ones
	// that pass around the commit. Whatever the answer says must be what
	// happened: an error leaves the graph as it was, success means it is the new
	// dataset (a second load of it changes nothing).
	big := gen.Generate(9, 20000, 60000)
	var interrupted int
	for _, limit := range []time.Duration{300 * time.Millisecond, time.Second, 1500 * time.Millisecond, 2 * time.Second, 3 * time.Second} {
		t.Run(limit.String(), func(t *testing.T) {
			short, cancel := context.WithTimeout(ctx, limit)
			defer cancel()
			_, err := s.Replace(short, big)
			if err != nil {
				interrupted++
				if code := entities.ErrorCode(err); code != entities.ETIMEOUT {
					t.Errorf("interrupted load: code %s (%v), want timeout", code, err)
				}
				if after, _ := s.Fingerprint(ctx); after != before {
					t.Fatal("an interrupted load changed the graph")
				}
				return
			}
			if st := MustReplace(t, s, big); st.Unchanged.Relationships != len(big.Relationships) || st.Unchanged.Entities != len(big.Entities) {
				t.Errorf("a load that answered success did not write the dataset: a second load says %+v", st)
			}
			MustReplace(t, s, lineageDataset())
			if before, err = s.Fingerprint(ctx); err != nil { // new element ids
				t.Fatal(err)
			}
		})
	}
	if interrupted == 0 {
		t.Fatal("no deadline interrupted the load; the test needs a bigger graph")
	}
	// A refused dataset.
	bad := lineageDataset()
	bad.Relationships = append(bad.Relationships, rel("jnim", "KNOWS", "mali", "", ""))
	if _, err := s.Replace(ctx, bad); entities.ErrorCode(err) != entities.EINVALID {
		t.Fatalf("bad dataset: %v", err)
	}
	if after, _ := s.Fingerprint(ctx); after != before {
		t.Fatal("a refused load changed the graph")
	}
}

// Two loads of the same new entities at once: each reads the graph without
// them, so the one that commits second breaks the uniqueness constraint. It
// must say to run it again (not report an internal failure), and the graph
// must hold what the first wrote.
func TestConcurrentLoadsConflictCleanly(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	ds := gen.Generate(11, 5000, 15000)
	var conflicts int
	for attempt := 0; attempt < 3 && conflicts == 0; attempt++ {
		MustReplace(t, s, &entities.Dataset{})
		errs := make(chan error, 2)
		start := time.Now()
		for range 2 {
			go func() {
				_, err := s.Replace(ctx, ds)
				errs <- err
			}()
		}
		var ok int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case entities.ErrorCode(err) == entities.EUNAVAILABLE:
				t.Logf("attempt %d: %v", attempt+1, err)
				conflicts++
			default:
				t.Fatalf("the second of two concurrent loads: %s (%v), want unavailable", entities.ErrorCode(err), err)
			}
		}
		if ok == 0 {
			t.Fatal("neither of two concurrent loads landed")
		}
		t.Logf("attempt %d: both answered in %v", attempt+1, time.Since(start))
		if st := MustReplace(t, s, ds); st.Unchanged.Entities != len(ds.Entities) || st.Unchanged.Relationships != len(ds.Relationships) {
			t.Fatalf("after two concurrent loads the graph is not the dataset: a third load says %+v", st)
		}
	}
	if conflicts == 0 {
		t.Fatal("three times two concurrent loads never conflicted; the test no longer shows the conflict's answer")
	}
}

func TestRoundTrip(t *testing.T) {
	s := neo4jtest.Open(t)
	ds := gen.Generate(4, 500, 2000)
	MustReplace(t, s, ds)
	for i := range ds.Entities[:50] {
		e := ds.Entities[i]
		d, err := s.Entity(context.Background(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.Evidence == nil {
			e.Evidence = []entities.Evidence{}
		}
		if e.Claims == nil {
			e.Claims = []entities.Claim{}
		}
		if mustJSON(t, d.Entity) != mustJSON(t, e) {
			t.Fatalf("entity round trip:\n%s\n%s", mustJSON(t, d.Entity), mustJSON(t, e))
		}
	}
	srcs, err := s.Sources(context.Background())
	if err != nil || len(srcs) != len(ds.Sources) || srcs[0] != ds.Sources[0] {
		t.Fatalf("sources: %+v %v", srcs, err)
	}
}

func TestUnavailableFailsFast(t *testing.T) {
	neo4jtest.Require(t) // only where a server is configured: the same machine, another port
	s, err := neo4jstore.Open(neo4jstore.Config{URI: "bolt://127.0.0.1:1", Password: "x"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	start := time.Now()
	_, err = s.Entity(context.Background(), "jnim")
	if code := entities.ErrorCode(err); code != entities.EUNAVAILABLE {
		t.Fatalf("code %s (%v), want unavailable", code, err)
	}
	if err := s.Ping(context.Background()); entities.ErrorCode(err) != entities.EUNAVAILABLE {
		t.Fatalf("Ping: %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("took %v to say unavailable", took)
	}
	if _, err := neo4jstore.Open(neo4jstore.Config{URI: "http://127.0.0.1:7474"}); entities.ErrorCode(err) != entities.EINVALID {
		t.Fatalf("http URI: %v", err)
	}
}

func TestRoutingURIAndTimeout(t *testing.T) {
	base := neo4jtest.Open(t)
	MustReplace(t, base, lineageDataset())
	cfg := neo4jtest.Require(t)
	cfg.URI = "neo4j://127.0.0.1:" + portOf(t)
	s := neo4jtest.OpenConfig(t, cfg)
	if _, err := s.Entity(context.Background(), "jnim"); err != nil {
		t.Fatalf("neo4j:// URI: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if _, err := s.Neighbors(ctx, entities.NeighborQuery{ID: "jnim"}); entities.ErrorCode(err) != entities.ETIMEOUT {
		t.Fatalf("past deadline: %v", err)
	}
	if _, err := s.Entity(context.Background(), "nobody"); entities.ErrorCode(err) != entities.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
}

// TestReadsSeeTheLastLoadOverRouting loads through a neo4j:// (routing) URI and
// reads at once through the same store: the load's bookmark is in the store's
// bookmark manager, the reads (routed to readers) carry it, and they see each
// load, the second one's change included. On one server any read would; the
// bookmark is what makes a cluster's reader wait for the load.
func TestReadsSeeTheLastLoadOverRouting(t *testing.T) {
	cfg := neo4jtest.Require(t)
	cfg.URI = "neo4j://127.0.0.1:" + portOf(t)
	s := neo4jtest.OpenConfig(t, cfg)
	ctx := context.Background()
	ds := lineageDataset()
	for i, since := range []string{"2007-01-24", "2007-01"} {
		for j := range ds.Relationships {
			if ds.Relationships[j].ID == "gspc:RENAMED_TO:aqim" {
				ds.Relationships[j].Since = date(since)
			}
		}
		before, err := s.Bookmarks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		MustReplace(t, s, ds)
		after, err := s.Bookmarks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) == 0 || slices.Equal(before, after) {
			t.Fatalf("load %d left no new bookmark in the store's bookmark manager: %v → %v", i, before, after)
		}
		g, err := s.Lineage(ctx, entities.LineageQuery{ID: "aqim", Direction: entities.Ancestors})
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, e := range g.Edges {
			if e.ID == "gspc:RENAMED_TO:aqim" {
				got = e.Since.String()
			}
		}
		if got != since {
			t.Errorf("after load %d the read saw since %q, want %q", i, got, since)
		}
	}
}

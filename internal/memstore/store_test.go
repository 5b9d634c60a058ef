package memstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/memstore"
)

func date(tb testing.TB, s string) entities.Date {
	tb.Helper()
	d, err := entities.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func ent(id, name string, kind entities.Kind, aliases ...string) entities.Entity {
	return entities.Entity{ID: id, Kind: kind, Name: name, Aliases: aliases, Evidence: []entities.Evidence{{Source: "gen", Locator: id}}}
}

func rel(from string, t entities.RelType, to string) entities.Relationship {
	return entities.Relationship{ID: entities.RelationshipID(from, t, to), Type: t, From: from, To: to,
		Confidence: entities.Fact, Evidence: []entities.Evidence{{Source: "gen", Locator: "r"}}}
}

// sahel is a small graph: a lineage cycle (aqim → mua → aqim), a merger into
// jnim (founded 2017), dated links and a place.
func sahel(tb testing.TB) *entities.Dataset {
	tb.Helper()
	jnim := ent("jnim", "Jama’at Nusrat al-Islam wal-Muslimin", entities.KindArmedGroup, "JNIM")
	jnim.Founded = date(tb, "2017-03")
	ansar := ent("ansar-dine", "Ansar al-Dine", entities.KindArmedGroup)
	ansar.Dissolved = date(tb, "2017")
	merge := rel("ansar-dine", entities.MergedInto, "jnim")
	merge.Since = date(tb, "2017-03-02")
	ops := rel("jnim", entities.OperatesIn, "sevare")
	ops.Since, ops.Until = date(tb, "2018"), date(tb, "2019-06")
	return &entities.Dataset{
		Sources: []entities.Source{gen.Source},
		Entities: []entities.Entity{
			jnim, ansar,
			ent("aqim", "Al-Qaeda in the Islamic Maghreb", entities.KindArmedGroup, "AQIM"),
			ent("mua", "Al-Murabitun", entities.KindArmedGroup),
			ent("sevare", "Sévaré", entities.KindPlace),
			ent("sevare-camp", "Sévaré camp", entities.KindPlace),
		},
		Relationships: []entities.Relationship{
			merge, ops,
			rel("aqim", entities.MergedInto, "mua"),
			rel("mua", entities.SplitFrom, "aqim"),
			rel("mua", entities.MergedInto, "jnim"),
			rel("aqim", entities.CooperatesWith, "ansar-dine"),
			rel("ansar-dine", entities.CooperatesWith, "aqim"),
			rel("sevare-camp", entities.LocatedIn, "sevare"),
		},
	}
}

func ids(es []entities.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func edgeIDs(rs []entities.Relationship) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestNeighbors(t *testing.T) {
	s := mustLoad(t, sahel(t))
	asOf := func(v string) entities.AsOf { return entities.AsOf{Set: true, Date: date(t, v)} }
	tests := []struct {
		name      string
		q         entities.NeighborQuery
		nodes     []string
		edges     []string
		truncated bool
	}{
		{"one hop", entities.NeighborQuery{ID: "jnim"}, []string{"jnim", "ansar-dine", "mua", "sevare"},
			[]string{"ansar-dine:MERGED_INTO:jnim", "jnim:OPERATES_IN:sevare", "mua:MERGED_INTO:jnim"}, false},
		{"out only", entities.NeighborQuery{ID: "jnim", Direction: entities.Out}, []string{"jnim", "sevare"},
			[]string{"jnim:OPERATES_IN:sevare"}, false},
		{"truncated by id", entities.NeighborQuery{ID: "jnim", Limit: 2}, []string{"jnim", "ansar-dine"},
			[]string{"ansar-dine:MERGED_INTO:jnim"}, true},
		{"two hops, edges among kept nodes", entities.NeighborQuery{ID: "sevare", Depth: 2}, []string{"sevare", "jnim", "sevare-camp", "ansar-dine", "mua"},
			[]string{"ansar-dine:MERGED_INTO:jnim", "jnim:OPERATES_IN:sevare", "mua:MERGED_INTO:jnim", "sevare-camp:LOCATED_IN:sevare"}, false},
		// In 2017-06 ansar-dine has dissolved (2017 ends with the year) and the
		// OPERATES_IN link has not begun.
		{"as_of keeps what existed", entities.NeighborQuery{ID: "jnim", AsOf: asOf("2017-06")}, []string{"jnim", "ansar-dine", "mua"},
			[]string{"ansar-dine:MERGED_INTO:jnim", "mua:MERGED_INTO:jnim"}, false},
		{"as_of before the merger", entities.NeighborQuery{ID: "jnim", AsOf: asOf("2017-03-01")}, []string{"jnim", "mua"},
			[]string{"mua:MERGED_INTO:jnim"}, false},
		{"as_of partial end", entities.NeighborQuery{ID: "jnim", AsOf: asOf("2019-06"), Types: []entities.RelType{entities.OperatesIn}},
			[]string{"jnim", "sevare"}, []string{"jnim:OPERATES_IN:sevare"}, false},
		{"the start is kept whatever as_of says", entities.NeighborQuery{ID: "jnim", AsOf: asOf("2010")}, []string{"jnim", "mua"},
			[]string{"mua:MERGED_INTO:jnim"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := s.Neighbors(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(g.Nodes), tt.nodes) || !slices.Equal(edgeIDs(g.Edges), tt.edges) || g.Truncated != tt.truncated {
				t.Errorf("got %v %v %v, want %v %v %v", ids(g.Nodes), edgeIDs(g.Edges), g.Truncated, tt.nodes, tt.edges, tt.truncated)
			}
		})
	}
}

func TestLineage(t *testing.T) {
	s := mustLoad(t, sahel(t))
	tests := []struct {
		name  string
		q     entities.LineageQuery
		nodes []string
		edges []string
	}{
		// aqim MERGED_INTO mua and mua SPLIT_FROM aqim: each is the other's
		// ancestor, and each node still appears once.
		{"ancestors through a cycle", entities.LineageQuery{ID: "jnim", Direction: entities.Ancestors}, []string{"jnim", "ansar-dine", "mua", "aqim"},
			[]string{"ansar-dine:MERGED_INTO:jnim", "aqim:MERGED_INTO:mua", "mua:MERGED_INTO:jnim", "mua:SPLIT_FROM:aqim"}},
		{"descendants", entities.LineageQuery{ID: "aqim", Direction: entities.Descendants}, []string{"aqim", "mua", "jnim"},
			[]string{"aqim:MERGED_INTO:mua", "mua:MERGED_INTO:jnim", "mua:SPLIT_FROM:aqim"}},
		{"a cycle of two", entities.LineageQuery{ID: "mua", Direction: entities.Ancestors}, []string{"mua", "aqim"},
			[]string{"aqim:MERGED_INTO:mua", "mua:SPLIT_FROM:aqim"}},
		{"both, cut at the limit", entities.LineageQuery{ID: "mua", Limit: 2}, []string{"mua", "aqim"},
			[]string{"aqim:MERGED_INTO:mua", "mua:SPLIT_FROM:aqim"}},
		{"no lineage", entities.LineageQuery{ID: "sevare"}, []string{"sevare"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := s.Lineage(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(g.Nodes), tt.nodes) || !slices.Equal(edgeIDs(g.Edges), tt.edges) {
				t.Errorf("got %v %v, want %v %v", ids(g.Nodes), edgeIDs(g.Edges), tt.nodes, tt.edges)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	s := mustLoad(t, sahel(t))
	tests := []struct {
		name      string
		q         entities.PathQuery
		paths     [][]string
		length    int
		truncated bool
	}{
		// Two links each between aqim and ansar-dine and between aqim and mua.
		{"all shortest, in id order", entities.PathQuery{From: "aqim", To: "jnim"},
			[][]string{{"aqim", "ansar-dine", "jnim"}, {"aqim", "ansar-dine", "jnim"}, {"aqim", "mua", "jnim"}, {"aqim", "mua", "jnim"}}, 2, false},
		{"cut at the limit", entities.PathQuery{From: "aqim", To: "jnim", Limit: 1}, [][]string{{"aqim", "ansar-dine", "jnim"}}, 2, true},
		{"too deep", entities.PathQuery{From: "sevare-camp", To: "aqim", MaxDepth: 3}, nil, 0, false},
		{"deep enough", entities.PathQuery{From: "sevare-camp", To: "aqim", MaxDepth: 4, Limit: 1},
			[][]string{{"sevare-camp", "sevare", "jnim", "ansar-dine", "aqim"}}, 4, true},
		{"same end", entities.PathQuery{From: "mua", To: "mua"}, [][]string{{"mua"}}, 0, false},
		{"direction out", entities.PathQuery{From: "jnim", To: "aqim", Direction: entities.Out}, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Paths(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, p := range res.Paths {
				got = append(got, p.Nodes)
			}
			if !slices.EqualFunc(got, tt.paths, slices.Equal) || res.Length != tt.length || res.Truncated != tt.truncated {
				t.Errorf("got %v length %d truncated %v, want %v %d %v", got, res.Length, res.Truncated, tt.paths, tt.length, tt.truncated)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	s := mustLoad(t, sahel(t))
	tests := []struct {
		q     entities.SearchQuery
		items []string
		total int
	}{
		{entities.SearchQuery{Text: "Sevare"}, []string{"sevare", "sevare-camp"}, 2},  // exact, then prefix; accents fold
		{entities.SearchQuery{Text: "jamaat"}, []string{"jnim"}, 1},                   // apostrophes fold away
		{entities.SearchQuery{Text: "isl"}, []string{"jnim", "aqim"}, 2},              // inside names, by folded name: "jamaat…", "qaida…"
		{entities.SearchQuery{Text: "jnim"}, []string{"jnim"}, 1},                     // an alias counts as equal
		{entities.SearchQuery{Text: "ISL", Limit: 1, Offset: 1}, []string{"aqim"}, 2}, // paging keeps Total
		{entities.SearchQuery{Text: "Ansar Dine"}, []string{"ansar-dine"}, 1},         // names fold as for identity: "ansar din"
		{entities.SearchQuery{Text: "al-Mourab"}, []string{"mua"}, 1},                 // articles drop, ou is u
		{entities.SearchQuery{Text: "Mo"}, []string{"mua", "jnim"}, 2},                // as typed: "Mo" may be "Mourabitoun" or "Moslimin", folded "mu…"
		{entities.SearchQuery{Text: "Qae"}, []string{"aqim"}, 1},                      // "Qae" may be "Qaeda", folded "qaida"
		{entities.SearchQuery{Text: "Jama'at Nasr al-Islam wal Muslimin"}, []string{"jnim"}, 1},
		{entities.SearchQuery{Text: "Jama'at Nasr"}, []string{"jnim"}, 1},             // Nasr before Islam is Nusrat
		{entities.SearchQuery{Text: "sévaré", Kind: entities.KindArmedGroup}, nil, 0}, // kind filters
		{entities.SearchQuery{Text: "", Kind: entities.KindPlace}, []string{"sevare", "sevare-camp"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.q.Text, func(t *testing.T) {
			res, err := s.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(res.Items), tt.items) || res.Total != tt.total {
				t.Errorf("got %v (%d), want %v (%d)", ids(res.Items), res.Total, tt.items, tt.total)
			}
		})
	}
}

func TestEntityCounts(t *testing.T) {
	ds := sahel(t)
	ds.Relationships = append(ds.Relationships, rel("jnim", entities.CooperatesWith, "jnim")) // a self-loop counts once each way
	s := mustLoad(t, ds)
	got, err := s.Entity(context.Background(), "jnim")
	if err != nil {
		t.Fatal(err)
	}
	want := []entities.RelCount{
		{Type: entities.MergedInto, Direction: entities.In, Count: 2},
		{Type: entities.CooperatesWith, Direction: entities.Out, Count: 1},
		{Type: entities.CooperatesWith, Direction: entities.In, Count: 1},
		{Type: entities.OperatesIn, Direction: entities.Out, Count: 1},
	}
	if !slices.Equal(got.Counts, want) || got.Name != "Jama’at Nusrat al-Islam wal-Muslimin" || got.Founded != date(t, "2017-03") {
		t.Errorf("got %+v", got)
	}
}

func TestSubgraph(t *testing.T) {
	s := mustLoad(t, sahel(t))
	g, err := s.Subgraph(context.Background(), entities.SubgraphQuery{IDs: []string{"mua", "aqim", "mua", "sevare"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"aqim", "mua", "sevare"}; !slices.Equal(ids(g.Nodes), want) {
		t.Errorf("nodes %v, want %v", ids(g.Nodes), want)
	}
	if want := []string{"aqim:MERGED_INTO:mua", "mua:SPLIT_FROM:aqim"}; !slices.Equal(edgeIDs(g.Edges), want) {
		t.Errorf("edges %v, want %v", edgeIDs(g.Edges), want)
	}
}

func TestErrors(t *testing.T) {
	s := mustLoad(t, sahel(t))
	ctx := context.Background()
	expired, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel()
	tests := []struct {
		name string
		call func() error
		code string
	}{
		{"unknown entity", func() error { _, err := s.Entity(ctx, "nope"); return err }, entities.ENOTFOUND},
		{"unknown start", func() error { _, err := s.Neighbors(ctx, entities.NeighborQuery{ID: "nope"}); return err }, entities.ENOTFOUND},
		{"unknown path end", func() error { _, err := s.Paths(ctx, entities.PathQuery{From: "mua", To: "nope"}); return err }, entities.ENOTFOUND},
		{"unknown subgraph id", func() error {
			_, err := s.Subgraph(ctx, entities.SubgraphQuery{IDs: []string{"mua", "nope"}})
			return err
		}, entities.ENOTFOUND},
		{"too deep", func() error { _, err := s.Neighbors(ctx, entities.NeighborQuery{ID: "mua", Depth: 7}); return err }, entities.EINVALID},
		{"bad as_of", func() error {
			_, err := s.Lineage(ctx, entities.LineageQuery{ID: "mua", AsOf: entities.AsOf{Set: true}})
			return err
		}, entities.EINVALID},
		{"deadline passed", func() error { _, err := s.Neighbors(expired, entities.NeighborQuery{ID: "mua"}); return err }, entities.ETIMEOUT},
		{"deadline passed in paths", func() error { _, err := s.Paths(expired, entities.PathQuery{From: "mua", To: "jnim"}); return err }, entities.ETIMEOUT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := entities.ErrorCode(tt.call()); code != tt.code {
				t.Errorf("code %q, want %q", code, tt.code)
			}
		})
	}
}

// TestTimeoutMidQuery runs a walk long enough to meet the deadline inside its
// loops, not only at the start.
func TestTimeoutMidQuery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a graph of 200,000 relationships")
	}
	ds := gen.Generate(3, 50_000, 200_000)
	s := mustLoad(t, ds)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Microsecond)
	defer cancel()
	var err error
	for err == nil {
		_, err = s.Neighbors(ctx, entities.NeighborQuery{ID: ds.Entities[0].ID, Depth: 6, Limit: 10000})
	}
	if code := entities.ErrorCode(err); code != entities.ETIMEOUT {
		t.Errorf("code %q, want %q", code, entities.ETIMEOUT)
	}
}

func TestReplace(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	ds := sahel(t)
	st, err := s.Replace(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if want := (entities.Counts{Entities: 6, Relationships: 8}); st.Created != want {
		t.Errorf("first load created %+v, want %+v", st.Created, want)
	}
	st, err = s.Replace(ctx, sahel(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := (entities.LoadStats{Unchanged: entities.Counts{Entities: 6, Relationships: 8}}); *st != want {
		t.Errorf("second load %+v, want all unchanged", st)
	}

	next := sahel(t)
	next.Entities[2].Name = "AQIM" // updated
	next.Entities = next.Entities[:5]
	next.Relationships = next.Relationships[:len(next.Relationships)-1] // sevare-camp and its link deleted
	next.Relationships[0].Confidence = entities.Assessed                // updated
	next.Entities = append(next.Entities, ent("new", "New", entities.KindNGO))
	next.Relationships = append(next.Relationships, rel("new", entities.Monitors, "jnim"))
	st, err = s.Replace(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	want := entities.LoadStats{
		Created:   entities.Counts{Entities: 1, Relationships: 1},
		Updated:   entities.Counts{Entities: 1, Relationships: 1},
		Unchanged: entities.Counts{Entities: 4, Relationships: 6},
		Deleted:   entities.Counts{Entities: 1, Relationships: 1},
	}
	if *st != want {
		t.Errorf("stats %+v, want %+v", *st, want)
	}

	bad := []struct {
		name string
		edit func(*entities.Dataset)
	}{
		{"dangling end", func(ds *entities.Dataset) { ds.Relationships[0].To = "nope" }},
		{"duplicate entity", func(ds *entities.Dataset) { ds.Entities = append(ds.Entities, ds.Entities[0]) }},
		{"duplicate relationship", func(ds *entities.Dataset) { ds.Relationships = append(ds.Relationships, ds.Relationships[0]) }},
		{"bad type", func(ds *entities.Dataset) { ds.Relationships[0].Type = "LIKES" }},
		{"bad kind", func(ds *entities.Dataset) { ds.Entities[0].Kind = "club" }},
		{"wrong id", func(ds *entities.Dataset) { ds.Relationships[0].ID = "x" }},
		{"impossible date", func(ds *entities.Dataset) { ds.Entities[0].Founded = entities.Date{Year: 2018, Month: 2, Day: 30} }},
		{"bad confidence", func(ds *entities.Dataset) { ds.Relationships[0].Confidence = "sure" }},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			ds := sahel(t)
			tt.edit(ds)
			if _, err := s.Replace(ctx, ds); entities.ErrorCode(err) != entities.EINVALID {
				t.Fatalf("Replace: %v, want EINVALID", err)
			}
			// The failed load left the previous graph in place.
			if _, err := s.Entity(ctx, "new"); err != nil {
				t.Errorf("after a failed Replace: %v", err)
			}
		})
	}
}

// TestReplaceAtomic runs queries while graphs are swapped: every answer must
// come whole from one graph or the other.
func TestReplaceAtomic(t *testing.T) {
	ctx := context.Background()
	small, large := gen.Generate(1, 200, 600), gen.Generate(2, 300, 1500)
	s := mustLoad(t, small)
	id := small.Entities[0].ID // ag-0 in both
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			if _, err := s.Replace(ctx, []*entities.Dataset{small, large}[i%2]); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	want := map[int]bool{}
	for _, ds := range []*entities.Dataset{small, large} {
		g, err := newRef(ds).neighbors(entities.NeighborQuery{ID: id, Depth: 1, Direction: entities.Both, Limit: 500}), error(nil)
		if err != nil {
			t.Fatal(err)
		}
		want[len(g.Nodes)*10000+len(g.Edges)] = true
	}
	for {
		select {
		case <-done:
			return
		default:
		}
		g, err := s.Neighbors(ctx, entities.NeighborQuery{ID: id})
		if err != nil {
			t.Fatal(err)
		}
		if !want[len(g.Nodes)*10000+len(g.Edges)] {
			t.Fatalf("a neighbourhood of %d nodes and %d edges belongs to neither graph", len(g.Nodes), len(g.Edges))
		}
	}
}

func TestSchemaAndSources(t *testing.T) {
	s := mustLoad(t, sahel(t))
	sc, err := s.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Kinds) != len(entities.Kinds) || sc.Kinds[0].Count != 4 || sc.RelTypes[0].Count != 3 {
		t.Errorf("schema %+v", sc)
	}
	srcs, err := s.Sources(context.Background())
	if err != nil || len(srcs) != 1 || srcs[0].ID != "gen" {
		t.Errorf("sources %v, %v", srcs, err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Error(err)
	}
}

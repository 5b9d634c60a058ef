package neo4jstore

import (
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

// diff decides what a write changes without a server: these cases are the
// stored graph, the wanted dataset, and what the plan must hold.
func TestDiff(t *testing.T) {
	ev := []entities.Evidence{{Source: "s1", Locator: "p. 1"}}
	a := entities.Entity{ID: "a", Kind: entities.KindArmedGroup, Name: "A", Evidence: ev}
	b := entities.Entity{ID: "b", Kind: entities.KindArmedGroup, Name: "B", Evidence: ev}
	c := entities.Entity{ID: "c", Kind: entities.KindNGO, Name: "C", Evidence: ev}
	bRenamed := b
	bRenamed.Name = "B2"
	rel := func(from, to string, conf entities.Confidence) entities.Relationship {
		r := entities.Relationship{From: from, Type: entities.AffiliateOf, To: to, Confidence: conf, Evidence: ev}
		r.ID = entities.RelationshipID(r.From, r.Type, r.To)
		return r
	}
	ab, bc := rel("a", "b", entities.Fact), rel("b", "c", entities.Fact)
	abAssessed := rel("a", "b", entities.Assessed)
	src := entities.Source{ID: "s1", Kind: entities.SourceReference, Title: "S1"}
	src2 := entities.Source{ID: "s2", Kind: entities.SourceReference, Title: "S2"}

	// holding is what readWhole would read of a graph holding ds.
	holding := func(ds entities.Dataset) *stored {
		have := &stored{whole: true, entities: map[string]string{}, elementIDs: map[string]string{}, rels: map[relKey]string{}, sources: map[string]string{}}
		for i := range ds.Entities {
			e := &ds.Entities[i]
			have.entities[e.ID], have.elementIDs[e.ID] = entityHash(e), "4:x:"+e.ID
		}
		for i := range ds.Relationships {
			r := &ds.Relationships[i]
			have.rels[relKey{r.From, string(r.Type), r.To}] = relContent(r)
		}
		for i := range ds.Sources {
			have.sources[ds.Sources[i].ID] = sourceProps(&ds.Sources[i])["hash"].(string)
		}
		return have
	}
	named := func(ds entities.Dataset) *stored {
		h := holding(ds)
		h.whole, h.elementIDs, h.sources = false, nil, nil
		return h
	}
	count := func(m map[entities.Kind][]any) (n int) {
		for _, rows := range m {
			n += len(rows)
		}
		return n
	}
	countRels := func(m map[entities.RelType][]any) (n int) {
		for _, rows := range m {
			n += len(rows)
		}
		return n
	}

	type want struct {
		stats                                    entities.LoadStats
		created, createdRels, merged, mergedRels int
		gone                                     []string
		goneRels, sources, goneSources           int
	}
	for _, tc := range []struct {
		name    string
		have    *stored
		wanted  entities.Dataset
		want    want
		invalid bool
	}{
		{name: "a first load creates everything", have: holding(entities.Dataset{}),
			wanted: entities.Dataset{Sources: []entities.Source{src}, Entities: []entities.Entity{a, b}, Relationships: []entities.Relationship{ab}},
			want:   want{stats: entities.LoadStats{Created: entities.Counts{Entities: 2, Relationships: 1}}, created: 2, createdRels: 1, sources: 1}},
		{name: "the same load again writes nothing", have: holding(entities.Dataset{Sources: []entities.Source{src}, Entities: []entities.Entity{a, b}, Relationships: []entities.Relationship{ab}}),
			wanted: entities.Dataset{Sources: []entities.Source{src}, Entities: []entities.Entity{a, b}, Relationships: []entities.Relationship{ab}},
			want:   want{stats: entities.LoadStats{Unchanged: entities.Counts{Entities: 2, Relationships: 1}}}},
		{name: "a changed entity and relationship are merged", have: holding(entities.Dataset{Entities: []entities.Entity{a, b}, Relationships: []entities.Relationship{ab}}),
			wanted: entities.Dataset{Entities: []entities.Entity{a, bRenamed}, Relationships: []entities.Relationship{abAssessed}},
			want:   want{stats: entities.LoadStats{Unchanged: entities.Counts{Entities: 1}, Updated: entities.Counts{Entities: 1, Relationships: 1}}, merged: 1, mergedRels: 1}},
		{name: "what the wanted graph lacks is deleted (a revert)", have: holding(entities.Dataset{Sources: []entities.Source{src, src2}, Entities: []entities.Entity{a, b, c}, Relationships: []entities.Relationship{ab, bc}}),
			wanted: entities.Dataset{Sources: []entities.Source{src}, Entities: []entities.Entity{a, b}, Relationships: []entities.Relationship{ab}},
			want:   want{stats: entities.LoadStats{Unchanged: entities.Counts{Entities: 2, Relationships: 1}, Deleted: entities.Counts{Entities: 1, Relationships: 1}}, gone: []string{"c"}, goneRels: 1, goneSources: 1}},
		{name: "a relationship between held entities is merged, not created by element id", have: holding(entities.Dataset{Entities: []entities.Entity{a, b}}),
			wanted: entities.Dataset{Entities: []entities.Entity{a, b}, Relationships: []entities.Relationship{ab}},
			want:   want{stats: entities.LoadStats{Unchanged: entities.Counts{Entities: 2}, Created: entities.Counts{Relationships: 1}}, mergedRels: 1}},
		{name: "an addition merges what is new and deletes nothing", have: named(entities.Dataset{Entities: []entities.Entity{b}}),
			wanted: entities.Dataset{Sources: []entities.Source{src2}, Entities: []entities.Entity{c}, Relationships: []entities.Relationship{bc}},
			want:   want{stats: entities.LoadStats{Created: entities.Counts{Entities: 1, Relationships: 1}}, merged: 1, mergedRels: 1, sources: 1}},
		{name: "an addition writes its sources even when unchanged", have: named(entities.Dataset{Sources: []entities.Source{src}, Entities: []entities.Entity{a}}),
			wanted: entities.Dataset{Sources: []entities.Source{src}, Entities: []entities.Entity{a}},
			want:   want{stats: entities.LoadStats{Unchanged: entities.Counts{Entities: 1}}, sources: 1}},
		{name: "an addition with an end neither held nor added is refused", have: named(entities.Dataset{Entities: []entities.Entity{a}}),
			wanted: entities.Dataset{Entities: []entities.Entity{c}, Relationships: []entities.Relationship{ab}}, invalid: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := diff(tc.have, &tc.wanted)
			if tc.invalid {
				if entities.ErrorCode(err) != entities.EINVALID {
					t.Fatalf("diff: %v, want EINVALID", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			created := 0
			for _, es := range p.newEntities {
				created += len(es)
			}
			createdRels := 0
			for _, rs := range p.newRels {
				createdRels += len(rs)
			}
			got := want{stats: p.stats, created: created, createdRels: createdRels, merged: count(p.entityRows), mergedRels: countRels(p.relRows),
				gone: p.goneEntities, goneRels: countRels(p.goneRels), sources: len(p.sourceRows), goneSources: len(p.goneSources)}
			if got.stats != tc.want.stats {
				t.Errorf("stats %+v, want %+v", got.stats, tc.want.stats)
			}
			if got.created != tc.want.created || got.createdRels != tc.want.createdRels || got.merged != tc.want.merged || got.mergedRels != tc.want.mergedRels {
				t.Errorf("created %d+%d, merged %d+%d; want %d+%d, %d+%d", got.created, got.createdRels, got.merged, got.mergedRels,
					tc.want.created, tc.want.createdRels, tc.want.merged, tc.want.mergedRels)
			}
			if len(got.gone) != len(tc.want.gone) || (len(got.gone) > 0 && got.gone[0] != tc.want.gone[0]) || got.goneRels != tc.want.goneRels {
				t.Errorf("deleted %v and %d relationships, want %v and %d", got.gone, got.goneRels, tc.want.gone, tc.want.goneRels)
			}
			if got.sources != tc.want.sources || got.goneSources != tc.want.goneSources {
				t.Errorf("sources written %d, deleted %d; want %d, %d", got.sources, got.goneSources, tc.want.sources, tc.want.goneSources)
			}
		})
	}
}

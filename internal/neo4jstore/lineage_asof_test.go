package neo4jstore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
)

// TestLineageKnownBy checks lineage's as_of rule ("known by D", semantics.go)
// on both stores over the hand-made Sahel lineage: groups that had ended by D
// are still ancestors, and an edge dated after D is not walked.
func TestLineageKnownBy(t *testing.T) {
	ds := lineageDataset()
	neo := neo4jtest.Open(t)
	MustReplace(t, neo, ds)
	mem := memstore.New()
	if _, err := mem.Replace(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	asOf := func(s string) entities.AsOf { return entities.AsOf{Set: true, Date: date(s)} }
	tests := []struct {
		name  string
		q     entities.LineageQuery
		nodes []string
		edges []string
	}{
		{"AQIM as of 2010: the GSPC (renamed 2007) and the GIA (ended 2004) are its ancestors; its self-loop stays",
			entities.LineageQuery{ID: "aqim", Direction: entities.Ancestors, AsOf: asOf("2010")},
			[]string{"aqim", "gspc", "gia"}, []string{"aqim:BRANCH_OF:aqim", "gspc:RENAMED_TO:aqim", "gspc:SPLIT_FROM:gia"}},
		{"AQIM as of 2015-11: the merger of 2015-12-04 is not yet known",
			entities.LineageQuery{ID: "aqim", Direction: entities.Ancestors, AsOf: asOf("2015-11")},
			[]string{"aqim", "gspc", "gia"}, []string{"aqim:BRANCH_OF:aqim", "gspc:RENAMED_TO:aqim", "gspc:SPLIT_FROM:gia"}},
		{"AQIM as of 2015: the merger is known, and the groups that merged into al-Murabitoun in 2013",
			entities.LineageQuery{ID: "aqim", Direction: entities.Ancestors, AsOf: asOf("2015")},
			[]string{"aqim", "gspc", "murabitoun", "gia", "mujao", "mulathamun"},
			// Edges between two ancestors are walked too: MUJAO split from AQIM.
			[]string{"aqim:BRANCH_OF:aqim", "gspc:RENAMED_TO:aqim", "gspc:SPLIT_FROM:gia", "mujao:MERGED_INTO:murabitoun",
				"mujao:SPLIT_FROM:aqim", "mulathamun:MERGED_INTO:murabitoun", "mulathamun:SPLIT_FROM:aqim", "murabitoun:MERGED_INTO:aqim"}},
		{"the GIA's descendants as of 2006: the rename of 2007 is after D",
			entities.LineageQuery{ID: "gia", Direction: entities.Descendants, AsOf: asOf("2006")},
			[]string{"gia", "gspc"}, []string{"gspc:SPLIT_FROM:gia"}},
		{"JNIM as of 2016: founded later, no merger yet, only itself",
			entities.LineageQuery{ID: "jnim", AsOf: asOf("2016")},
			[]string{"jnim"}, nil},
		{"MUJAO as of 2012: al-Murabitoun is not founded yet, AQIM is",
			entities.LineageQuery{ID: "mujao", AsOf: asOf("2012")},
			[]string{"mujao", "aqim", "gspc", "gia"}, []string{"aqim:BRANCH_OF:aqim", "gspc:RENAMED_TO:aqim", "gspc:SPLIT_FROM:gia", "mujao:SPLIT_FROM:aqim"}},
	}
	for _, tt := range tests {
		for name, s := range map[string]entities.Store{"neo4j": neo, "memstore": mem} {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				g, err := s.Lineage(context.Background(), tt.q)
				if err != nil {
					t.Fatal(err)
				}
				var nodes, edges []string
				for _, e := range g.Nodes {
					nodes = append(nodes, e.ID)
				}
				for _, r := range g.Edges {
					edges = append(edges, r.ID)
				}
				if !slices.Equal(nodes, tt.nodes) || !slices.Equal(edges, tt.edges) {
					t.Errorf("got %v %v\nwant %v %v", nodes, edges, tt.nodes, tt.edges)
				}
			})
		}
	}
}

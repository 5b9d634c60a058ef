package neo4jstore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/neo4jstore/neo4jtest"
	"github.com/graphapi/graphapi/internal/testseed"
)

// TestEntitiesNamed: both stores find the entities a folded name or alias
// equals, whatever the spelling, and not those a name only starts like or
// holds as a later word.
func TestEntitiesNamed(t *testing.T) {
	mali := testseed.Mali(t)
	n4j := neo4jtest.Open(t)
	MustReplace(t, n4j, mali)
	mem := memstore.New()
	MustReplace(t, mem, mali)
	tests := []struct {
		names []string
		want  []string
	}{
		{[]string{"Ansar Dine"}, []string{"ansar-al-dine"}},
		{[]string{"al-Mourabitoun", "JNIM"}, []string{"al-murabitoun", "jnim"}},
		{[]string{"National Gendarmerie"}, []string{"national-gendarmerie"}},
		{[]string{"Gendarmerie Nationale"}, []string{"national-gendarmerie"}},
		{[]string{"Ansar"}, nil},     // only starts a name
		{[]string{"Nationale"}, nil}, // a later word of some
		{[]string{"", "!!"}, nil},
	}
	for _, tt := range tests {
		for name, s := range map[string]loader.Graph{"neo4j": n4j, "memstore": mem} {
			got, err := s.EntitiesNamed(context.Background(), tt.names)
			if err != nil {
				t.Fatalf("%s: EntitiesNamed(%q): %v", name, tt.names, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: EntitiesNamed(%q) = %q, want %q", name, tt.names, got, tt.want)
			}
		}
	}
}

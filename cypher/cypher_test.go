package cypher_test

import (
	"strings"
	"testing"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

func TestEveryStatementLoads(t *testing.T) {
	names := cypher.Names()
	if len(names) < 10 {
		t.Fatalf("only %d statements embedded", len(names))
	}
	for _, n := range names {
		if strings.TrimSpace(cypher.Get(n)) == "" {
			t.Errorf("%s.cypher is empty", n)
		}
	}
}

func TestTypesComeOnlyFromTheVocabulary(t *testing.T) {
	stmt := cypher.Get("neighbors")
	if _, err := cypher.WithTypes(stmt, []entities.RelType{"MERGED_INTO", "X]->() DETACH DELETE n //"}); entities.ErrorCode(err) != entities.EINVALID {
		t.Fatalf("an injected type was accepted: %v", err)
	}
	s, err := cypher.WithTypes(stmt, []entities.RelType{entities.MergedInto, entities.SplitFrom})
	if err != nil || !strings.Contains(s, "[r:MERGED_INTO|SPLIT_FROM]") {
		t.Fatalf("WithTypes = %q, %v", s, err)
	}
	s, _ = cypher.WithTypes(stmt, nil)
	if strings.Contains(s, "__TYPES__") || !strings.Contains(s, "-[r]-") {
		t.Fatalf("WithTypes(nil) = %q", s)
	}
	if _, err := cypher.WithType(cypher.Get("load_merge_rels"), "FOO"); err == nil {
		t.Fatal("WithType accepted FOO")
	}
	if _, err := cypher.WithKind(cypher.Get("load_merge_entities"), "robot"); err == nil {
		t.Fatal("WithKind accepted robot")
	}
	l, _ := cypher.KindLabel(entities.KindInternational)
	if l != "InternationalOrganization" {
		t.Fatalf("KindLabel = %q", l)
	}
}

func TestWithAsOf(t *testing.T) {
	tests := []struct {
		name, stmt string
		on         bool
		want       string
		wantErr    bool
	}{
		{"no predicates", "MATCH (n) RETURN n", false, "MATCH (n) RETURN n", false},
		{"off drops every marked predicate", "MATCH p WHERE a /*as_of*/ AND x <= $day /*end as_of*/ AND b /*as_of*/AND y/*end as_of*/ RETURN p", false, "MATCH p WHERE a  AND b  RETURN p", false},
		{"on keeps them, markers as comments", "WHERE a /*as_of*/ AND x <= $day /*end as_of*/", true, "WHERE a /*as_of*/ AND x <= $day /*end as_of*/", false},
		{"an unclosed marker is a bug", "WHERE a /*as_of*/ AND x", false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cypher.WithAsOf(tt.stmt, tt.on)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("WithAsOf(%q, %t) = %q, %v; want %q (error %t)", tt.stmt, tt.on, got, err, tt.want, tt.wantErr)
			}
		})
	}
	// Each traversal statement has as_of predicates to drop, and no comparison
	// with $day left once they are dropped.
	for _, name := range []string{"neighbors", "paths", "lineage"} {
		stmt := cypher.Get(name)
		off, err := cypher.WithAsOf(stmt, false)
		if err != nil || !strings.Contains(stmt, "/*as_of*/") || strings.Contains(off, "<= $day") {
			t.Errorf("%s.cypher: as_of markers missing or $day left without them (err %v)", name, err)
		}
	}
}

package cypher_test

import (
	"strings"
	"testing"

	"graphapi/cypher"
	"graphapi/internal/entities"
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

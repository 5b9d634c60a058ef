package neo4jstore

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"graphapi/cypher"
	"graphapi/internal/entities"
)

// The CREATE statements of the load read positional rows; each property must
// name the position its row builder puts it at, and every property the map
// builders (entityProps, relProps) may set must be there.
func TestCreateRowsMatchStatements(t *testing.T) {
	for _, c := range []struct {
		stmt  string
		keys  []string
		first int // position of keys[0] in a row
	}{
		{"load_create_entities", entityCreateKeys, 0},
		{"load_create_rels", relCreateKeys, 2},
	} {
		stmt := cypher.Get(c.stmt)
		set := regexp.MustCompile(`\b(\w+): row\[(\d+)\]`).FindAllStringSubmatch(stmt, -1)
		if len(set) != len(c.keys) {
			t.Errorf("%s sets %d properties, its rows carry %d", c.stmt, len(set), len(c.keys))
		}
		for i, k := range c.keys {
			if want := fmt.Sprintf("%s: row[%d]", k, c.first+i); !strings.Contains(stmt, want) {
				t.Errorf("%s: no %q", c.stmt, want)
			}
		}
	}
}

// An entity and a relationship with every field set: the row builders must
// carry every property the map builders write.
func TestCreateRowsCarryEveryProperty(t *testing.T) {
	d := func(s string) entities.Date {
		v, err := entities.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ev := []entities.Evidence{{Source: "s", Quote: "q", Locator: "l"}}
	e := &entities.Entity{ID: "x", Kind: entities.KindNGO, Name: "X", Aliases: []string{"Y"}, Description: "d",
		Founded: d("2001"), Dissolved: d("2002-03"), Attributes: map[string]string{"k": "v"}, Evidence: ev}
	r := &entities.Relationship{From: "x", To: "y", Type: entities.OperatesIn, Since: d("2001-02-03"), Until: d("2004"),
		Confidence: entities.Assessed, Note: "n", Evidence: ev}
	for _, c := range []struct {
		props map[string]any
		keys  []string
		row   []any
	}{
		{entityProps(e), entityCreateKeys, entityCreateRow(e)},
		{relProps(r), relCreateKeys, relCreateRow("a", "b", r)[2:]},
	} {
		if len(c.props) != len(c.keys) {
			t.Errorf("the map has %d properties, the row %d", len(c.props), len(c.keys))
		}
		for i, k := range c.keys {
			if fmt.Sprint(c.row[i]) != fmt.Sprint(c.props[k]) {
				t.Errorf("%s: row %v, map %v", k, c.row[i], c.props[k])
			}
		}
	}
}

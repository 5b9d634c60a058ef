package neo4jstore

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
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

// An entity and a relationship with every field set, and with none of the
// optional ones: the maps the merge statements write (made from the rows) must
// hold every property the rows carry, and nothing the rows leave nil.
func TestCreateRowsCarryEveryProperty(t *testing.T) {
	d := func(s string) entities.Date {
		v, err := entities.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ev := []entities.Evidence{{Source: "s", Quote: "q", Locator: "l"}}
	full := &entities.Entity{ID: "x", Kind: entities.KindNGO, Name: "Sévaré X", Aliases: []string{"Y", "Z"}, Description: "d",
		Founded: d("2001"), Dissolved: d("2002-03"), Attributes: map[string]string{"k": "v"}, Evidence: ev}
	bare := &entities.Entity{ID: "y", Kind: entities.KindArmedGroup, Name: "Y", Dissolved: d("2010-01-02")}
	fullRel := &entities.Relationship{From: "x", To: "y", Type: entities.OperatesIn, Since: d("2001-02-03"), Until: d("2004"),
		Confidence: entities.Assessed, Note: "n", Evidence: ev}
	bareRel := &entities.Relationship{From: "x", To: "y", Type: entities.MergedInto, Since: d("2017-03"), Confidence: entities.Reported}
	for _, c := range []struct {
		name  string
		props map[string]any
		keys  []string
		row   []any
	}{
		{"full entity", entityProps(full), entityCreateKeys, entityCreateRow(full)},
		{"bare entity", entityProps(bare), entityCreateKeys, entityCreateRow(bare)},
		{"full relationship", relProps(fullRel), relCreateKeys, relCreateRow(fullRel, nil)[2:]},
		{"bare relationship", relProps(bareRel), relCreateKeys, relCreateRow(bareRel, nil)[2:]},
	} {
		t.Run(c.name, func(t *testing.T) {
			if len(c.row) != len(c.keys) {
				t.Fatalf("the row has %d values, want %d", len(c.row), len(c.keys))
			}
			for i, k := range c.keys {
				v, set := c.props[k]
				if !set && c.row[i] != nil {
					t.Errorf("%s: row %v, the map leaves it out", k, c.row[i])
				}
				if fmt.Sprintf("%#v", c.row[i]) != fmt.Sprintf("%#v", v) {
					t.Errorf("%s: row %#v, map %#v", k, c.row[i], v)
				}
			}
			for k := range c.props {
				if !slices.Contains(c.keys, k) {
					t.Errorf("the map sets %s, the row has no place for it", k)
				}
			}
		})
	}
}

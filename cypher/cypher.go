// Package cypher holds every Cypher statement graphapi runs against Neo4j, as
// .cypher files embedded in the binary. Values always travel as parameters.
// Labels and relationship types, which Cypher cannot parameterize, are written
// into a statement only by the functions here, and only from the vocabulary in
// package entities (entities.Kinds and entities.RelTypes): the placeholders
// __TYPE__, __TYPES__, __KIND__ and __ALL_KINDS__ are never filled from a request.
package cypher

import (
	"embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

//go:embed *.cypher
var files embed.FS

// Get returns the statement in name.cypher; it panics for a name that has no
// file, which is a bug caught by the tests.
func Get(name string) string {
	b, err := files.ReadFile(name + ".cypher")
	if err != nil {
		panic("cypher: no statement " + name)
	}
	return string(b)
}

// Names lists every statement's name.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".cypher"))
	}
	return out
}

// KindLabel returns the node label of an entity kind: armed_group → ArmedGroup.
// It returns an error for a kind outside the vocabulary.
func KindLabel(k entities.Kind) (string, error) {
	if !entities.ValidKind(k) {
		return "", entities.Errorf(entities.EINVALID, "kind %q is not in the vocabulary", k)
	}
	var b strings.Builder
	for _, part := range strings.Split(string(k), "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String(), nil
}

// KindLabels returns the labels of every kind, in vocabulary order.
func KindLabels() []string {
	out := make([]string, len(entities.Kinds))
	for i, k := range entities.Kinds {
		out[i], _ = KindLabel(k.Kind)
	}
	return out
}

func checkType(t entities.RelType) error {
	if _, ok := entities.RelTypeIndex(t); !ok {
		return entities.Errorf(entities.EINVALID, "relationship type %q is not in the vocabulary", t)
	}
	return nil
}

// WithType fills __TYPE__ in stmt with one relationship type.
func WithType(stmt string, t entities.RelType) (string, error) {
	if err := checkType(t); err != nil {
		return "", err
	}
	return strings.ReplaceAll(stmt, "__TYPE__", string(t)), nil
}

// WithTypes fills the type filter ":__TYPES__" in stmt: with ":A|B" for the types
// given, or with nothing (every type) for none.
func WithTypes(stmt string, ts []entities.RelType) (string, error) {
	if len(ts) == 0 {
		return strings.ReplaceAll(stmt, ":__TYPES__", ""), nil
	}
	names := make([]string, len(ts))
	for i, t := range ts {
		if err := checkType(t); err != nil {
			return "", err
		}
		names[i] = string(t)
	}
	return strings.ReplaceAll(stmt, "__TYPES__", strings.Join(names, "|")), nil
}

// WithDepth fills __DEPTH__ with a hop bound. Cypher takes no parameter there;
// the bound comes from a validated query (1..entities.Limits.MaxDepth) and is
// refused outside 0..maxDepthBound.
func WithDepth(stmt string, depth int) (string, error) {
	if depth < 0 || depth > maxDepthBound {
		return "", entities.Errorf(entities.EINVALID, "depth %d is not between 0 and %d", depth, maxDepthBound)
	}
	return strings.ReplaceAll(stmt, "__DEPTH__", strconv.Itoa(depth)), nil
}

// maxDepthBound is far above any configured MaxDepth; it only keeps a bad
// caller from writing an absurd bound.
const maxDepthBound = 100

// WithDirection fills the arrow heads of a relationship pattern written
// (a)__IN__-[...]-__OUT__(b): (a)-[...]->(b) for out, (a)<-[...]-(b) for in,
// (a)-[...]-(b) for both.
func WithDirection(stmt string, d entities.Direction) (string, error) {
	in, out := "", ""
	switch d {
	case entities.Out:
		out = ">"
	case entities.In:
		in = "<"
	case entities.Both:
	default:
		return "", entities.Errorf(entities.EINVALID, "direction %q is not out, in or both", d)
	}
	return strings.NewReplacer("__IN__", in, "__OUT__", out).Replace(stmt), nil
}

// WithKind fills __KIND__ with the label of kind k and __ALL_KINDS__ with every
// kind label, colon-separated.
func WithKind(stmt string, k entities.Kind) (string, error) {
	label, err := KindLabel(k)
	if err != nil {
		return "", err
	}
	stmt = strings.ReplaceAll(stmt, "__ALL_KINDS__", strings.Join(KindLabels(), ":"))
	return strings.ReplaceAll(stmt, "__KIND__", label), nil
}

// WithAsOf keeps or drops a statement's as_of predicates, written between
// /*as_of*/ and /*end as_of*/: kept (their markers are comments) when the
// query has an as_of date, dropped when it has none. A parameter that switches
// them off ("NOT $asof OR …") would leave Neo4j checking a predicate at every
// step of its searches, which slows every shortest path (BENCHMARKS.md, "as_of
// written into the statement only when asked").
func WithAsOf(stmt string, on bool) (string, error) {
	if on {
		return stmt, nil
	}
	var b strings.Builder
	for {
		start := strings.Index(stmt, asOfStart)
		if start < 0 {
			break
		}
		end := strings.Index(stmt[start:], asOfEnd)
		if end < 0 {
			return "", fmt.Errorf("cypher: %s without %s", asOfStart, asOfEnd)
		}
		b.WriteString(stmt[:start])
		stmt = stmt[start+end+len(asOfEnd):]
	}
	b.WriteString(stmt)
	return b.String(), nil
}

const asOfStart, asOfEnd = "/*as_of*/", "/*end as_of*/"

// MustWith is for statements filled from vocabulary constants at start-up.
func MustWith(stmt string, err error) string {
	if err != nil {
		panic(fmt.Sprintf("cypher: %v", err))
	}
	return stmt
}

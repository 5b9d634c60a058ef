package entities

import (
	"strings"
)

// Direction says which way a traversal follows relationships: "out" from start to
// end, "in" from end to start, "both" either way.
type Direction string

const (
	Out  Direction = "out"
	In   Direction = "in"
	Both Direction = "both"
)

// LineageDirection says which side of a group's lineage to walk.
type LineageDirection string

const (
	Ancestors   LineageDirection = "ancestors"
	Descendants LineageDirection = "descendants"
	BothLineage LineageDirection = "both"
)

// Limits are the size caps every query is checked against. A store never
// returns more than these, whatever the request asks.
type Limits struct {
	MaxDepth       int // hops for neighbours and paths
	DefaultLimit   int // nodes in a neighbourhood or lineage when none is asked
	MaxLimit       int // nodes in a neighbourhood or lineage, hits on a search page
	DefaultPaths   int // paths when none is asked
	MaxPaths       int // paths
	MaxIDs         int // ids in one subgraph request
	MaxOffset      int // search offset
	MaxSearchChars int // characters in a search text
	// The largest graph the analytics take: betweenness costs time in
	// entities × relationships and cannot be stopped once started.
	MaxAnalyticsEntities      int
	MaxAnalyticsRelationships int
}

// DefaultLimits are the caps a server uses unless configured otherwise.
var DefaultLimits = Limits{
	MaxDepth:       6,
	DefaultLimit:   500,
	MaxLimit:       10000,
	DefaultPaths:   25,
	MaxPaths:       1000,
	MaxIDs:         1000,
	MaxOffset:      100000,
	MaxSearchChars: 200,
	// Sized so that betweenness of the largest graph allowed finishes well
	// within the default 10 s deadline on the benchmark machine under load
	// (BenchmarkBetweenness; the figures are in BENCHMARKS.md).
	MaxAnalyticsEntities:      2000,
	MaxAnalyticsRelationships: 8000,
}

// SearchQuery asks for entities by name or alias, optionally of one kind.
type SearchQuery struct {
	Text   string
	Kind   Kind // "" for any kind
	Limit  int
	Offset int
}

// NeighborQuery asks for the k-hop neighbourhood of an entity.
type NeighborQuery struct {
	ID        string
	Depth     int
	Types     []RelType // empty for every type
	Direction Direction
	AsOf      AsOf
	Limit     int // nodes, the start included
}

// LineageQuery asks for a group's ancestors and/or descendants.
type LineageQuery struct {
	ID        string
	Direction LineageDirection
	AsOf      AsOf
	Limit     int // nodes, the start included
}

// PathQuery asks for all shortest paths between two entities.
type PathQuery struct {
	From, To  string
	Types     []RelType // empty for every type
	Direction Direction
	MaxDepth  int
	AsOf      AsOf
	Limit     int // paths
}

// SubgraphQuery names the entities of a subgraph.
type SubgraphQuery struct {
	IDs []string
}

// Validate checks q against l, filling in defaults for a zero limit.
func (q *SearchQuery) Validate(l Limits) error {
	if n := len([]rune(q.Text)); n > l.MaxSearchChars {
		return Errorf(EINVALID, "q is %d characters long; at most %d are allowed", n, l.MaxSearchChars)
	}
	if q.Kind != "" && !ValidKind(q.Kind) {
		return Errorf(EINVALID, "kind %q is not one of: %s", q.Kind, kindList())
	}
	if err := checkLimit("limit", &q.Limit, 20, l.MaxLimit); err != nil {
		return err
	}
	if q.Offset < 0 || q.Offset > l.MaxOffset {
		return Errorf(EINVALID, "offset must be between 0 and %d, not %d", l.MaxOffset, q.Offset)
	}
	return nil
}

// Validate checks q against l, filling in defaults for zero fields.
func (q *NeighborQuery) Validate(l Limits) error {
	if err := checkID("id", q.ID); err != nil {
		return err
	}
	if q.Depth == 0 {
		q.Depth = 1
	}
	if q.Depth < 1 || q.Depth > l.MaxDepth {
		return Errorf(EINVALID, "depth must be between 1 and %d, not %d", l.MaxDepth, q.Depth)
	}
	if err := checkTypes(q.Types); err != nil {
		return err
	}
	if err := checkDirection(&q.Direction); err != nil {
		return err
	}
	return checkLimit("limit", &q.Limit, l.DefaultLimit, l.MaxLimit)
}

// Validate checks q against l, filling in defaults for zero fields.
func (q *LineageQuery) Validate(l Limits) error {
	if err := checkID("id", q.ID); err != nil {
		return err
	}
	switch q.Direction {
	case "":
		q.Direction = BothLineage
	case Ancestors, Descendants, BothLineage:
	default:
		return Errorf(EINVALID, "direction must be ancestors, descendants or both, not %q", q.Direction)
	}
	return checkLimit("limit", &q.Limit, l.DefaultLimit, l.MaxLimit)
}

// Validate checks q against l, filling in defaults for zero fields.
func (q *PathQuery) Validate(l Limits) error {
	if err := checkID("from", q.From); err != nil {
		return err
	}
	if err := checkID("to", q.To); err != nil {
		return err
	}
	if q.MaxDepth == 0 {
		q.MaxDepth = l.MaxDepth
	}
	if q.MaxDepth < 1 || q.MaxDepth > l.MaxDepth {
		return Errorf(EINVALID, "max_depth must be between 1 and %d, not %d", l.MaxDepth, q.MaxDepth)
	}
	if err := checkTypes(q.Types); err != nil {
		return err
	}
	if err := checkDirection(&q.Direction); err != nil {
		return err
	}
	return checkLimit("limit", &q.Limit, l.DefaultPaths, l.MaxPaths)
}

// Validate checks q against l.
func (q *SubgraphQuery) Validate(l Limits) error {
	if len(q.IDs) == 0 {
		return Errorf(EINVALID, "ids must name at least one entity, as ids=a,b,c")
	}
	if len(q.IDs) > l.MaxIDs {
		return Errorf(EINVALID, "ids names %d entities; at most %d are allowed", len(q.IDs), l.MaxIDs)
	}
	for _, id := range q.IDs {
		if err := checkID("ids", id); err != nil {
			return err
		}
	}
	return nil
}

func checkID(name, id string) error {
	if strings.TrimSpace(id) == "" {
		return Errorf(EINVALID, "%s must name an entity id", name)
	}
	if len(id) > 200 {
		return Errorf(EINVALID, "%s is %d bytes long; entity ids are at most 200", name, len(id))
	}
	return nil
}

func checkLimit(name string, v *int, def, max int) error {
	if *v == 0 {
		*v = def
	}
	if *v < 1 || *v > max {
		return Errorf(EINVALID, "%s must be between 1 and %d, not %d", name, max, *v)
	}
	return nil
}

func checkTypes(ts []RelType) error {
	for _, t := range ts {
		if _, ok := RelTypeIndex(t); !ok {
			return Errorf(EINVALID, "relationship type %q is not one of: %s", t, relTypeList())
		}
	}
	return nil
}

func checkDirection(d *Direction) error {
	switch *d {
	case "":
		*d = Both
	case Out, In, Both:
	default:
		return Errorf(EINVALID, "direction must be out, in or both, not %q", *d)
	}
	return nil
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k.Kind)
	}
	return strings.Join(names, ", ")
}

func relTypeList() string {
	names := make([]string, len(RelTypes))
	for i, t := range RelTypes {
		names[i] = string(t.Type)
	}
	return strings.Join(names, ", ")
}

// ParseRelTypes reads a comma-separated list of relationship types, refusing any
// outside the vocabulary.
func ParseRelTypes(s string) ([]RelType, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []RelType
	for _, part := range strings.Split(s, ",") {
		t := RelType(strings.ToUpper(strings.TrimSpace(part)))
		if _, ok := RelTypeIndex(t); !ok {
			return nil, Errorf(EINVALID, "relationship type %q is not one of: %s", part, relTypeList())
		}
		out = append(out, t)
	}
	return out, nil
}

// ParseAsOf reads an as_of value: "" for no filter, else a date.
func ParseAsOf(s string) (AsOf, error) {
	if s == "" {
		return AsOf{}, nil
	}
	d, err := ParseDate(s)
	if err != nil {
		return AsOf{}, Errorf(EINVALID, "as_of: %s", ErrorMessage(err))
	}
	return AsOf{Set: true, Date: d}, nil
}

// TypeFilter returns a test for whether a relationship of a given type passes a
// types filter; an empty filter passes every type.
func TypeFilter(ts []RelType) func(RelType) bool {
	if len(ts) == 0 {
		return func(RelType) bool { return true }
	}
	set := make(map[RelType]bool, len(ts))
	for _, t := range ts {
		set[t] = true
	}
	return func(t RelType) bool { return set[t] }
}

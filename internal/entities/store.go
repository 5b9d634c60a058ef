package entities

import (
	"context"
	"iter"
)

// Store answers graphapi's queries. Every method honours ctx's deadline and
// returns ETIMEOUT when it passes, EUNAVAILABLE when the backing database cannot
// be reached, and EINVALID for options that fail their Validate method. Graph
// results are deterministic: the same graph and query give the same answer, in the
// same order, from every implementation.
type Store interface {
	// Entity returns the entity with its relationship counts by type and
	// direction; ENOTFOUND if no entity has that id.
	Entity(ctx context.Context, id string) (*EntityDetail, error)

	// Search returns entities a word of whose folded name or alias starts
	// with the folded text (see FoldName, SearchRank), exact matches first,
	// then prefix matches, then the rest, each group ordered by name then id;
	// Total counts all matches.
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)

	// Neighbors returns the neighbourhood of q.ID up to q.Depth hops over the
	// types and direction asked, as of q.AsOf; ENOTFOUND for an unknown id.
	Neighbors(ctx context.Context, q NeighborQuery) (*Graph, error)

	// Lineage returns q.ID's ancestors and/or descendants over the lineage
	// types, transitively, each entity once even where lineage has cycles;
	// ENOTFOUND for an unknown id.
	Lineage(ctx context.Context, q LineageQuery) (*Graph, error)

	// Paths returns all shortest paths from q.From to q.To (up to q.Limit) no
	// longer than q.MaxDepth; no paths (not an error) when none exists;
	// ENOTFOUND when either end is unknown.
	Paths(ctx context.Context, q PathQuery) (*PathResult, error)

	// Subgraph returns the entities named and every relationship among them;
	// ENOTFOUND naming the first unknown id.
	Subgraph(ctx context.Context, q SubgraphQuery) (*Graph, error)

	// Schema returns the vocabulary with the count of entities of each kind and
	// relationships of each type.
	Schema(ctx context.Context) (*Schema, error)

	// Conflicts returns one page of the fields whose sources disagree (see
	// Conflicts), entities' first, each by subject id and field.
	Conflicts(ctx context.Context, q ConflictQuery) (*ConflictList, error)

	// Sources returns the source documents, ordered by id.
	Sources(ctx context.Context) ([]Source, error)

	// Ping returns nil when the store can answer queries, EUNAVAILABLE otherwise.
	Ping(ctx context.Context) error
}

// Writer replaces a store's whole graph with a validated dataset, all or nothing:
// when Replace returns an error the store holds exactly what it held before.
type Writer interface {
	Replace(ctx context.Context, ds *Dataset) (*LoadStats, error)
}

// StreamWriter is a Writer that can also replace its graph from a GraphStream,
// holding no more of the graph at a time than it keeps, all or nothing like
// Replace: when ReplaceStream returns an error, including one the stream yields,
// the store holds exactly what it held before.
type StreamWriter interface {
	Writer
	ReplaceStream(ctx context.Context, g GraphStream) (*LoadStats, error)
}

// GraphStream is a whole, validated graph that a store reads item by item
// instead of as a Dataset: the loader streams a large seed from its files, which
// it has checked in a first pass, so that nobody holds the seed whole. Every
// call of Entities or Relationships starts a new pass that yields the same items
// in the same order, so a store may read each more than once; passes must not
// overlap.
type GraphStream interface {
	// Sources returns the source documents. They are few and held whole; the
	// caller must not modify them.
	Sources() []Source

	// Counts returns how many entities and relationships a pass yields, so that
	// a store can size its arrays once.
	Counts() Counts

	// Entities returns a pass over every entity. Each step yields an entity and
	// a nil error. When reading fails (an I/O error, or a seed file that changed
	// since it was checked) the pass yields a nil entity and the error, EINVALID
	// or EINTERNAL, once, and ends; the store must then give up the load. The
	// *Entity is valid until the next step; the strings, slices and maps it
	// holds are the store's to keep.
	Entities() iter.Seq2[*Entity, error]

	// Relationships returns a pass over every relationship, IDs set, as
	// Entities does over entities; every end is the id of an entity that
	// Entities yields. From and To may be substrings of the line a row was
	// read from: a store that keeps them should copy them (strings.Clone),
	// or it keeps the whole line.
	Relationships() iter.Seq2[*Relationship, error]
}

// StreamDataset returns ds as a GraphStream, for a store that builds its graph
// from streams alone.
func StreamDataset(ds *Dataset) GraphStream { return datasetStream{ds} }

type datasetStream struct{ ds *Dataset }

func (d datasetStream) Sources() []Source { return d.ds.Sources }

func (d datasetStream) Counts() Counts {
	return Counts{Entities: len(d.ds.Entities), Relationships: len(d.ds.Relationships)}
}

func (d datasetStream) Entities() iter.Seq2[*Entity, error] {
	return func(yield func(*Entity, error) bool) {
		for i := range d.ds.Entities {
			if !yield(&d.ds.Entities[i], nil) {
				return
			}
		}
	}
}

func (d datasetStream) Relationships() iter.Seq2[*Relationship, error] {
	return func(yield func(*Relationship, error) bool) {
		for i := range d.ds.Relationships {
			if !yield(&d.ds.Relationships[i], nil) {
				return
			}
		}
	}
}

// LoadStats counts what a Replace did. Unchanged counts items already present
// with the same content; a second load of the same dataset creates nothing.
type LoadStats struct {
	Created   Counts `json:"created"`
	Updated   Counts `json:"updated"`
	Unchanged Counts `json:"unchanged"`
	Deleted   Counts `json:"deleted"`
}

// Counts counts entities and relationships.
type Counts struct {
	Entities      int `json:"entities"`
	Relationships int `json:"relationships"`
}

// EntityDetail is an entity with its relationship counts and the fields its
// sources disagree on.
type EntityDetail struct {
	Entity
	Counts    []RelCount `json:"relationship_counts"`
	Conflicts []Conflict `json:"conflicts"`
}

// NewEntityDetail returns e with its relationship counts and the conflicts
// among its claims.
func NewEntityDetail(e Entity, counts []RelCount) *EntityDetail {
	return &EntityDetail{Entity: e, Counts: counts, Conflicts: Conflicts(SubjectEntity, e.ID, e.Claims)}
}

// RelCount counts an entity's relationships of one type in one direction.
// Counts come in vocabulary order, "out" before "in", and only non-zero ones
// (RelCounts).
type RelCount struct {
	Type      RelType   `json:"type"`
	Direction Direction `json:"direction"`
	Count     int       `json:"count"`
}

// RelCounts lists an entity's relationship counts as EntityDetail carries
// them, from count, which gives the number of its relationships of a type
// (by its index in RelTypes) in a direction (Out or In).
func RelCounts(count func(typeIndex int, d Direction) int) []RelCount {
	out := []RelCount{}
	for t, info := range RelTypes {
		for _, d := range []Direction{Out, In} {
			if n := count(t, d); n > 0 {
				out = append(out, RelCount{Type: info.Type, Direction: d, Count: n})
			}
		}
	}
	return out
}

// Graph is a set of entities and the relationships among them. Nodes come in
// the order the query defines (nearest first, then by id); edges by id.
// Truncated is true when the query's limit cut the answer.
type Graph struct {
	Nodes     []Entity       `json:"nodes"`
	Edges     []Relationship `json:"edges"`
	Truncated bool           `json:"truncated"`
}

// Path is one path: its entity ids in order and the relationships between them
// (Edges[i] links Nodes[i] and Nodes[i+1], in whichever direction it points).
type Path struct {
	Nodes []string       `json:"nodes"`
	Edges []Relationship `json:"edges"`
}

// PathResult holds the shortest paths, ordered by their node ids then edge ids,
// and every entity on them (by id).
type PathResult struct {
	Paths     []Path   `json:"paths"`
	Nodes     []Entity `json:"nodes"`
	Length    int      `json:"length"` // hops in each path; 0 when none was found
	Truncated bool     `json:"truncated"`
}

// SearchResult is one page of search hits and the number of all hits.
type SearchResult struct {
	Items []Entity `json:"items"`
	Total int      `json:"total"`
}

// Schema is the vocabulary with counts.
type Schema struct {
	Kinds    []KindCount    `json:"entity_kinds"`
	RelTypes []RelTypeCount `json:"relationship_types"`
}

// KindCount is an entity kind and how many entities have it.
type KindCount struct {
	KindInfo
	Count int `json:"count"`
}

// RelTypeCount is a relationship type and how many relationships have it.
type RelTypeCount struct {
	RelTypeInfo
	Count int `json:"count"`
}

// CypherRunner runs one read-only Cypher query for a power user and returns its
// columns and at most maxRows rows. It is the only Cypher the API sees, so that a
// store offering it (Neo4j) guards it (read access mode, query checks) itself and
// the API never imports a driver. Errors carry this package's error codes: EINVALID for
// a refused or malformed query, ETIMEOUT, EUNAVAILABLE.
type CypherRunner interface {
	ReadCypher(ctx context.Context, query string, params map[string]any, maxRows int) (columns []string, rows [][]any, err error)
}

package entities

import "context"

// Exporter streams a whole graph, or part of it, to a sink: interchange formats
// and analytics read graphs far larger than one response should hold, so
// nothing here returns the graph whole.
//
// What is exported. With no IDs, every entity that passes q.AsOf; with IDs, the
// entities named (duplicates dropped), whatever q.AsOf says, as for Subgraph.
// Relationships are those that pass q.AsOf and whose two ends are both exported.
//
// Order. The sink receives the sources (by id) once, then the entities one at a
// time by id, then the relationships one at a time by id (byte order, as
// everywhere in semantics.go), so that two exports of the same graph are
// byte-identical whichever store made them.
type Exporter interface {
	// Export streams the graph q asks for into sink. It returns ENOTFOUND
	// naming the first unknown id of q.IDs, ETIMEOUT when ctx ends,
	// EUNAVAILABLE when the store cannot be reached, and the first error the
	// sink returns, unchanged, after which it stops.
	Export(ctx context.Context, q ExportQuery, sink ExportSink) error
}

// ExportQuery says which part of the graph to export.
type ExportQuery struct {
	IDs  []string // empty for the whole graph
	AsOf AsOf
	// KnownOnly exports, of IDs, those the graph holds and leaves the others
	// out instead of answering ENOTFOUND: adding a pack asks for every id it
	// names, new ones included, in one read.
	KnownOnly bool
}

// ExportSink receives an export. Entity and Relationship values are only valid
// during the call: a store may reuse what they point to.
type ExportSink interface {
	Sources(sources []Source) error
	Entity(e *Entity) error
	Relationship(r *Relationship) error
}

// Validate checks the ids of q (each a possible entity id); any number is allowed.
func (q *ExportQuery) Validate() error {
	for _, id := range q.IDs {
		if err := checkID("ids", id); err != nil {
			return err
		}
	}
	return nil
}

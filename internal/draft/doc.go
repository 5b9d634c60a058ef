// Package draft proposes a source pack from a report's text: the known entities
// it mentions, the new entities it defines or names, and the typed relationships
// its sentences state, each with the exact sentence as its quotation, the dates
// the sentence gives, a confidence from its hedges, a score and the reason.
// Nothing it proposes enters the graph until a person accepts it. It runs
// offline and is deterministic: the same text, options and graph give the same
// draft, byte for byte.
//
// # On-disk layout
//
// A draft is a pack folder (see the seed's pack format):
//
//	OUT/
//	  pack.yaml      source: {id, kind: report, title, published, file: report.txt, country}
//	  report.txt     the extracted text, byte for byte; every offset and quotation refers to it
//	  draft.review   the proposals (YAML, the Draft type); not *.yaml, so the loader
//	                 never reads a proposal as a statement
//	  statements.yaml  written on review: the accepted items as ordinary pack
//	                 statements (entities: / relationships: with evidence quotes)
//
// draft.review holds three lists of items — mentions (of entities the graph
// already has), entities (new candidates) and relationships — each item with a
// stable id, a status (proposed, accepted or rejected), a score in [0, 1], the
// reason it was proposed and the sentence it comes from (its exact text, byte
// offsets into report.txt and paragraph number). A relationship's ends are an
// End: an existing entity (match: entity), a candidate of this draft (match:
// candidate; ref is the id the candidate would get) or nothing the draft could
// name (match: unresolved). Dates keep the precision the sentence gives them.
//
// The API: Extract (text, HTML, PDF → text), NewIndex (the graph's alias
// index), Make (text → Draft), Write and Read (the pack folder), the item
// rules in items.go (SetStatus, SetStatuses and AcceptAll, with the codes of
// entities' errors; Count), Statements and WriteStatements (accepted
// items → statements.yaml). cmd/evaldraft measures the drafts (EXTRACTION.md).
//
// Accepted items become statements through Statements: an accepted candidate is
// a new entity, an accepted mention is evidence on the existing entity, and an
// accepted relationship is a relationship whose ends must be existing entities
// or accepted candidates (see Statements for the rules).
package draft

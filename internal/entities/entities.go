// Package entities holds graphapi's domain: the entities and relationships that
// sources state, the evidence that supports each, the relationship vocabulary,
// the query options, the error codes and the Store interface that every backend
// implements. It imports no backend; every backend imports it.
package entities

import (
	"maps"
	"slices"
	"time"
)

// Source is a document that evidence cites. A report ships its text (File, relative
// to the seed directory) and its evidence must quote it; a reference source has no
// text and its evidence carries a locator instead of an invented quotation.
type Source struct {
	ID        string     `json:"id"`
	Kind      SourceKind `json:"kind"`
	Title     string     `json:"title"`
	Publisher string     `json:"publisher,omitempty"`
	Published Date       `json:"published,omitzero"`
	URL       string     `json:"url,omitempty"`
	File      string     `json:"file,omitempty"`
	// Country is the country a pack's source is about: its generic state-body
	// names ("National Gendarmerie") are that country's. Kept in the graph so
	// that a pack added later resolves such names as a whole load would.
	Country string `json:"country,omitempty"`
	// Applied is who applied the pack through review, and when; nil for a
	// source that entered with the seed (see History).
	Applied *Applied `json:"applied,omitempty"`
	Text    string   `json:"-"`
}

// Applied records a pack's entry into the graph after the seed: the user who
// applied it and the moment (UTC), as its pack.yaml's applied:
// says.
type Applied struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// SourceKind says whether a source's text ships with the seed.
type SourceKind string

const (
	SourceReport    SourceKind = "report"    // text in the seed; evidence quotes it
	SourceReference SourceKind = "reference" // no text; evidence gives a locator
)

// Evidence is one citation: a source and either the exact quotation from it (for a
// report) or a locator saying where in it the fact stands (for a reference).
type Evidence struct {
	Source  string `json:"source"`
	Quote   string `json:"quote,omitempty"`
	Locator string `json:"locator,omitempty"`
}

// SourcesOf lists the sources evidence cites, each once, sorted: which
// sources state a thing.
func SourcesOf(ev []Evidence) []string {
	var out []string
	for _, e := range ev {
		if !slices.Contains(out, e.Source) {
			out = append(out, e.Source)
		}
	}
	slices.Sort(out)
	return out
}

// Entity is an organization, place, event or other thing a source names.
// Founded and Dissolved bound when it existed; an event's Founded is its date.
type Entity struct {
	ID          string            `json:"id"`
	Kind        Kind              `json:"kind"`
	Name        string            `json:"name"`
	Aliases     []string          `json:"aliases,omitempty"`
	Description string            `json:"description,omitempty"`
	Founded     Date              `json:"founded,omitzero"`
	Dissolved   Date              `json:"dissolved,omitzero"`
	Attributes  map[string]string `json:"attributes,omitempty"`
	Evidence    []Evidence        `json:"evidence"`
	// Claims are the dated and valued facts each source gives (founded,
	// dissolved, attributes), sorted by SortClaims; Founded, Dissolved and
	// Attributes hold the values ShownValue picks from them. An entity stated
	// without such facts has none.
	Claims []Claim `json:"claims"`
}

// Clone is a copy of e that shares nothing with it: what a sink keeps of an
// entity an export streams (the store may reuse what e points to).
func (e *Entity) Clone() Entity {
	c := *e
	c.Aliases = slices.Clone(e.Aliases)
	c.Attributes = maps.Clone(e.Attributes)
	c.Evidence = slices.Clone(e.Evidence)
	c.Claims = slices.Clone(e.Claims)
	return c
}

// Period is when the entity existed.
func (e *Entity) Period() Period { return Period{e.Founded, e.Dissolved} }

// Relationship is a typed, directed link that a source states. Its ID is
// derived from its ends and type (RelationshipID), so a seed cannot state the same
// link twice.
type Relationship struct {
	ID         string     `json:"id"`
	Type       RelType    `json:"type"`
	From       string     `json:"from"`
	To         string     `json:"to"`
	Since      Date       `json:"since,omitzero"`
	Until      Date       `json:"until,omitzero"`
	Confidence Confidence `json:"confidence"`
	Note       string     `json:"note,omitempty"`
	Evidence   []Evidence `json:"evidence"`
	// Claims are what each source gives for since, until and confidence,
	// sorted by SortClaims; the fields above hold the values ShownValue picks.
	Claims []Claim `json:"claims"`
}

// Period is when the relationship held.
func (r *Relationship) Period() Period { return Period{r.Since, r.Until} }

// RelationshipID is the id of the relationship of type t from one entity to another.
func RelationshipID(from string, t RelType, to string) string {
	return from + ":" + string(t) + ":" + to
}

// IsRelationshipID reports whether id is RelationshipID(from, t, to), without
// building that string: stores check it for every relationship of a graph.
func IsRelationshipID(id, from string, t RelType, to string) bool {
	typ := string(t)
	return len(id) == len(from)+1+len(typ)+1+len(to) &&
		id[:len(from)] == from && id[len(from)] == ':' &&
		id[len(from)+1:len(from)+1+len(typ)] == typ && id[len(from)+1+len(typ)] == ':' &&
		id[len(from)+len(typ)+2:] == to
}

// Dataset is a whole graph as the loader hands it to a store: sources, entities and
// relationships, already validated.
type Dataset struct {
	Sources       []Source
	Entities      []Entity
	Relationships []Relationship
}

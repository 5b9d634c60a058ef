package draft

import "github.com/graphapi/graphapi/internal/entities"

// Index is what drafting needs of the graph's alias index: the names of known
// entities found in a text, and what a name resolves to. NewIndex builds it
// on internal/alias.
type Index interface {
	// Scan returns the known names in text, a report about country, left to
	// right, not overlapping; where names overlap, the longest wins.
	Scan(text, country string) []Hit
	// Resolve returns the entities name may be, in the scope of country
	// (generic state-body names only match an entity of that country).
	Resolve(name, country string) []Known
	// Suggest returns the ids of the entities name matches only weakly (a
	// short acronym, a name two entities share, an unscoped state-body name):
	// a reviewer's "did you mean", never a link by itself (a definition whose
	// long form spells the acronym in the entity's words is: definedAcronym).
	Suggest(name, country string) []string
	// Get returns the entity with id, if the graph has it.
	Get(id string) (Known, bool)
}

// Known is an entity the graph has.
type Known struct {
	ID      string
	Kind    entities.Kind
	Name    string
	Country string   // attributes.country, if any
	Names   []string // the name, then the aliases
}

// Hit is a known name found in a text.
type Hit struct {
	Span   Span
	Entity Known
	// Strong is false for a short acronym or a name several entities share:
	// such a hit never decides identity alone.
	Strong bool
	Why    string // "alias \"Ansar Dine\" of ansar-al-dine"
}

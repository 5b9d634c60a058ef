package draft

import (
	"github.com/graphapi/graphapi/internal/entities"
)

// Format is the version of the draft.review layout; Read refuses other versions.
const Format = "graphapi-draft/1"

// File names inside a draft pack folder.
const (
	PackFile       = "pack.yaml"
	TextFile       = "report.txt"
	ReviewFile     = "draft.review"
	StatementsFile = "statements.yaml"
)

// Status is where an item stands in review.
type Status string

const (
	Proposed Status = "proposed" // as drafted; not in the graph
	Accepted Status = "accepted" // to be written as a statement
	Rejected Status = "rejected" // kept so a redraft does not propose it again unseen
)

// ValidStatus reports whether s is one of the three statuses.
func ValidStatus(s Status) bool { return s == Proposed || s == Accepted || s == Rejected }

// Draft is the content of draft.review.
type Draft struct {
	Format string `yaml:"format"` // Format
	Source string `yaml:"source"` // the pack's source id
	Text   string `yaml:"text"`   // the text file, relative to the pack folder
	// TextSHA256 is the hex SHA-256 of the text file: offsets are only good
	// for those bytes.
	TextSHA256 string `yaml:"text_sha256"`
	// Country is the scope given for generic state-body names (--country), if any.
	Country       string         `yaml:"country,omitempty"`
	Paragraphs    []Span         `yaml:"paragraphs"` // byte spans of the paragraphs, numbered from 1 in this order
	Mentions      []Mention      `yaml:"mentions"`
	Entities      []Candidate    `yaml:"entities"`
	Relationships []RelCandidate `yaml:"relationships"`
}

// Span is a half-open byte range [Start, End) of the text.
type Span struct {
	Start int `yaml:"start"`
	End   int `yaml:"end"`
}

// Sentence is where an item was found: text[Start:End] == Text, always.
type Sentence struct {
	Text      string `yaml:"text"`
	Start     int    `yaml:"start"`
	End       int    `yaml:"end"`
	Paragraph int    `yaml:"paragraph"` // 1-based index into Draft.Paragraphs
}

// Item is what every proposal carries.
type Item struct {
	// ID is stable: derived from what the item proposes and where, so the same
	// text drafted again gives the same ids.
	ID     string   `yaml:"id"`
	Status Status   `yaml:"status"`
	Score  float64  `yaml:"score"`  // 0..1, two decimals; higher is surer
	Reason string   `yaml:"reason"` // why it was proposed, in words
	Where  Sentence `yaml:"sentence"`
	// By and At say who accepted or rejected the item in review, and when
	// (RFC 3339); empty while it is proposed.
	By string `yaml:"by,omitempty"`
	At string `yaml:"at,omitempty"`
}

// Mention is an entity the graph already has, named in a sentence.
type Mention struct {
	Item   `yaml:",inline"`
	Entity string        `yaml:"entity"` // the existing entity's id
	Kind   entities.Kind `yaml:"kind"`
	Name   string        `yaml:"name"` // the existing entity's name
	Text   string        `yaml:"text"` // the words of the text that matched
	Span   Span          `yaml:"span"`
}

// Candidate is a new entity the text defines or names.
type Candidate struct {
	Item `yaml:",inline"`
	// Entity is the id the entity would get: the slug of its name, plus
	// "-" + slug(country) for a generic state-body name.
	Entity  string        `yaml:"entity"`
	Kind    entities.Kind `yaml:"kind"`
	Name    string        `yaml:"name"`
	Aliases []string      `yaml:"aliases,omitempty"`
	Country string        `yaml:"country,omitempty"` // scope of a state body
	Founded string        `yaml:"founded,omitempty"` // an event's date, at its precision
	Span    Span          `yaml:"span"`              // the name where first found
	// Occurrences counts the sentences that name it (the first is Where).
	Occurrences int `yaml:"occurrences"`
}

// RelCandidate is a typed relationship a sentence states.
type RelCandidate struct {
	Item       `yaml:",inline"`
	Type       entities.RelType    `yaml:"type"`
	From       End                 `yaml:"from"`
	To         End                 `yaml:"to"`
	Since      string              `yaml:"since,omitempty"` // at its precision: 2017, 2017-03, 2017-03-02
	Until      string              `yaml:"until,omitempty"`
	Dates      []DateMention       `yaml:"dates,omitempty"` // every date the sentence gives
	Confidence entities.Confidence `yaml:"confidence"`
	Hedge      string              `yaml:"hedge,omitempty"` // the words that set the confidence
}

// Match says what an End of a relationship refers to.
type Match string

const (
	MatchEntity     Match = "entity"     // an entity the graph has; Ref is its id
	MatchCandidate  Match = "candidate"  // a candidate of this draft; Ref is its Entity id
	MatchUnresolved Match = "unresolved" // nothing the draft could name; Ref is empty
)

// End is one end of a relationship candidate.
type End struct {
	Ref   string `yaml:"ref"`
	Match Match  `yaml:"match"`
	Text  string `yaml:"text"` // the words of the sentence that name it ("the group", "JNIM")
	Span  Span   `yaml:"span"`
	// Via says how a pronoun or a phrase such as "the group" was resolved, or
	// why it was not.
	Via string `yaml:"via,omitempty"`
}

// DateMention is a date as the sentence gives it.
type DateMention struct {
	Text  string `yaml:"text"`  // "in March 2017"
	Value string `yaml:"value"` // "2017-03"
	Span  Span   `yaml:"span"`
}

package entities

import (
	"sort"
	"strings"
)

// Kind is what sort of thing an entity is. The set is fixed: a seed naming any
// other kind is refused.
type Kind string

const (
	KindArmedGroup    Kind = "armed_group"                // a militant or terrorist group, a cell
	KindStateBody     Kind = "state_body"                 // a ministry, force, unit, court or agency of a state
	KindInternational Kind = "international_organization" // the UN, MINUSMA, the AU, GIABA, INTERPOL …
	KindNGO           Kind = "ngo"                        // a non-governmental organization
	KindReligiousBody Kind = "religious_body"             // a religious council or association
	KindOperation     Kind = "operation"                  // a military or security operation
	KindInitiative    Kind = "initiative"                 // a plan, programme, partnership or mechanism
	KindCountry       Kind = "country"                    // a state as actor and as territory
	KindPlace         Kind = "place"                      // a city, region or site
	KindEvent         Kind = "event"                      // an incident on a date
	KindPerson        Kind = "person"                     // a leader, founder or member a source names
)

// Label is the kind as a Neo4j label, and in the neo4j-admin CSV :LABEL column:
// armed_group → ArmedGroup.
func (k Kind) Label() string {
	var b strings.Builder
	for _, part := range strings.Split(string(k), "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// KindInfo describes one entity kind for the schema endpoint, with how the
// page draws it: the page takes its legend, colours and shapes from /schema
// and keeps no list of its own, so a kind added here is drawn as itself.
type KindInfo struct {
	Kind        Kind   `json:"kind"`
	Description string `json:"description"`
	Label       string `json:"label"` // "Armed group"
	Color       string `json:"color"` // #rrggbb
	// Shape is a Cytoscape.js node shape. Shapes differ as well as colours, so
	// that kinds stay apart in a grey-scale print.
	Shape string `json:"shape"`
}

// Kinds lists every entity kind in a stable order.
var Kinds = []KindInfo{
	{KindArmedGroup, "A militant or terrorist group, a branch of one, or a cell.", "Armed group", "#c62828", "ellipse"},
	{KindStateBody, "A ministry, armed force, police or gendarmerie unit, court or agency of a state.", "State body", "#1565c0", "round-rectangle"},
	{KindInternational, "An international or regional organization, mission or body.", "International organization", "#2e7d32", "hexagon"},
	{KindNGO, "A non-governmental organization.", "NGO", "#6a1b9a", "diamond"},
	{KindReligiousBody, "A religious council or association.", "Religious body", "#8d6e00", "octagon"},
	{KindOperation, "A named military or security operation.", "Operation", "#e65100", "triangle"},
	{KindInitiative, "A plan, programme, partnership or mechanism.", "Initiative", "#00796b", "rhomboid"},
	{KindCountry, "A state, as an actor and as a territory.", "Country", "#455a64", "barrel"},
	{KindPlace, "A city, region or site.", "Place", "#8395a7", "tag"},
	{KindEvent, "An incident on a date; its founded date is the day it happened.", "Event", "#ad1457", "star"},
	{KindPerson, "A person a source names: a group's leader, founder or member.", "Person", "#0b57a4", "round-diamond"},
}

// ValidKind reports whether k is in the vocabulary.
func ValidKind(k Kind) bool {
	for _, info := range Kinds {
		if info.Kind == k {
			return true
		}
	}
	return false
}

// RelType is a relationship type from the fixed vocabulary. Relationship types
// reach Cypher as identifiers, so only values in RelTypes may ever be used.
type RelType string

const (
	MergedInto      RelType = "MERGED_INTO"
	SplitFrom       RelType = "SPLIT_FROM"
	BranchOf        RelType = "BRANCH_OF"
	RenamedTo       RelType = "RENAMED_TO"
	AffiliateOf     RelType = "AFFILIATE_OF"
	CooperatesWith  RelType = "COOPERATES_WITH"
	CoordinatesWith RelType = "COORDINATES_WITH"
	ReportsTo       RelType = "REPORTS_TO"
	PartOf          RelType = "PART_OF"
	MemberOf        RelType = "MEMBER_OF"
	Trains          RelType = "TRAINS"
	Funds           RelType = "FUNDS"
	Supports        RelType = "SUPPORTS"
	ParticipatesIn  RelType = "PARTICIPATES_IN"
	Conducts        RelType = "CONDUCTS"
	Targeted        RelType = "TARGETED"
	Counters        RelType = "COUNTERS"
	Monitors        RelType = "MONITORS"
	OccurredIn      RelType = "OCCURRED_IN"
	LocatedIn       RelType = "LOCATED_IN"
	OperatesIn      RelType = "OPERATES_IN"
	Leads           RelType = "LEADS"
	Founded         RelType = "FOUNDED"
)

// AncestorEnd says, for a lineage type, which end of the relationship is the
// ancestor: MERGED_INTO points from the predecessor (the ancestor) to the
// successor, SPLIT_FROM from the splinter to its origin (the ancestor).
type AncestorEnd uint8

const (
	NotLineage AncestorEnd = iota
	AncestorIsFrom
	AncestorIsTo
)

// RelTypeInfo describes one relationship type: what each end is, how to say it
// in words, and whether it is part of a group's lineage.
type RelTypeInfo struct {
	Type        RelType     `json:"type"`
	From        string      `json:"from"` // what the start node is, e.g. "predecessor"
	To          string      `json:"to"`   // what the end node is, e.g. "successor"
	Verb        string      `json:"verb"` // "merged into": "{from} merged into {to}"
	Description string      `json:"description"`
	Lineage     bool        `json:"lineage"`
	Ancestor    AncestorEnd `json:"-"`
	// Color is how the page draws the type (#rrggbb), one per type, grouped by
	// family so that related types read as related: lineage in reds and
	// purples, structure in blues, support in greens, places in greys.
	Color string `json:"color"`
}

// RelTypes lists the vocabulary in a stable order. The order is also the order
// in which stores group adjacency by type.
var RelTypes = []RelTypeInfo{
	{MergedInto, "predecessor", "successor", "merged into", "The group gave up its separate identity to form, or join, the successor.", true, AncestorIsFrom, "#b71c1c"},
	{SplitFrom, "splinter", "origin", "split from", "The group broke away from its origin.", true, AncestorIsTo, "#6a1b9a"},
	{BranchOf, "branch", "parent", "is a branch of", "The group is a regional branch or wing of its parent.", true, AncestorIsTo, "#d84315"},
	{RenamedTo, "former name", "new name", "was renamed", "The same organization took a new name.", true, AncestorIsFrom, "#4e342e"},
	{AffiliateOf, "affiliate", "senior group", "is an affiliate of", "The group pledged loyalty to, and relies on, a more senior group.", false, NotLineage, "#ef6c00"},
	{CooperatesWith, "partner", "partner", "cooperates with", "The two work together; the start is the one the source names as acting.", false, NotLineage, "#f9a825"},
	{CoordinatesWith, "party", "party", "coordinates with", "The two coordinate their efforts.", false, NotLineage, "#9e9d24"},
	{ReportsTo, "subordinate", "superior", "reports to", "The subordinate answers to, or operates under, the superior.", false, NotLineage, "#0d47a1"},
	{PartOf, "unit", "parent body", "is part of", "The unit is a component of the parent body.", false, NotLineage, "#1e88e5"},
	{MemberOf, "member", "body", "is a member of", "The member belongs to the body.", false, NotLineage, "#00838f"},
	{Trains, "trainer", "trainee", "trains", "The start trains the end.", false, NotLineage, "#2e7d32"},
	{Funds, "funder", "funded", "funds", "The start pays for the end.", false, NotLineage, "#558b2f"},
	{Supports, "supporter", "supported", "supports", "The start gives support (forces, security, paramilitary or other help) to the end.", false, NotLineage, "#43a047"},
	{ParticipatesIn, "participant", "activity", "participates in", "The participant takes part in an operation, programme, body or event.", false, NotLineage, "#00695c"},
	{Conducts, "actor", "operation", "conducts", "The actor runs the operation.", false, NotLineage, "#5d4037"},
	{Targeted, "attacker or attack", "target", "targeted", "The group or incident attacked, or planned to attack, the target.", false, NotLineage, "#c2185b"},
	{Counters, "actor", "adversary", "acts against", "The actor works to degrade, dismantle or arrest the adversary.", false, NotLineage, "#283593"},
	{Monitors, "watchdog", "monitored", "documented the conduct of", "The watchdog documents the conduct of the monitored.", false, NotLineage, "#7b1fa2"},
	{OccurredIn, "event", "place", "occurred in", "The event happened in the place.", false, NotLineage, "#78909c"},
	{LocatedIn, "located", "place", "is located in", "The start lies, or is based, in the place.", false, NotLineage, "#90a4ae"},
	{OperatesIn, "actor", "place", "operates in", "The actor is present or active in the place.", false, NotLineage, "#607d8b"},
	{Leads, "leader", "group or body", "leads", "The person leads the group or body, from since to until.", false, NotLineage, "#ec407a"},
	{Founded, "founder", "group or body", "founded", "The person founded the group or body; since is the founding date.", false, NotLineage, "#8d6e63"},
}

var relTypeIndex = func() map[RelType]int {
	m := make(map[RelType]int, len(RelTypes))
	for i, info := range RelTypes {
		m[info.Type] = i
	}
	return m
}()

// RelTypeIndex returns the position of t in RelTypes and whether t is in the
// vocabulary.
func RelTypeIndex(t RelType) (int, bool) {
	i, ok := relTypeIndex[t]
	return i, ok
}

// Info returns the description of t; it panics on a type outside the vocabulary,
// which validation rules out.
func (t RelType) Info() RelTypeInfo {
	i, ok := relTypeIndex[t]
	if !ok {
		panic("entities: unknown relationship type " + string(t))
	}
	return RelTypes[i]
}

// Confidence says how the source puts a relationship.
type Confidence string

const (
	// Fact: the source states it in its own voice.
	Fact Confidence = "fact"
	// Assessed: the source says others believed or assessed it ("security forces
	// believed … were coordinating").
	Assessed Confidence = "assessed"
	// Reported: the source attributes it to press or other reports.
	Reported Confidence = "reported"
)

// ValidConfidence reports whether c is one of the three levels.
func ValidConfidence(c Confidence) bool { return c == Fact || c == Assessed || c == Reported }

// SortRelTypes orders types by their place in the vocabulary.
func SortRelTypes(ts []RelType) {
	sort.Slice(ts, func(i, j int) bool { return relTypeIndex[ts[i]] < relTypeIndex[ts[j]] })
}

// AncestorTypes returns the lineage types whose ancestor is the given end, in
// vocabulary order: an ancestor step from x leaves x by a relationship of
// AncestorTypes(AncestorIsFrom) entering x, or of AncestorTypes(AncestorIsTo)
// leaving x; a descendant step the other way round.
func AncestorTypes(end AncestorEnd) []RelType {
	var out []RelType
	for _, info := range RelTypes {
		if info.Lineage && info.Ancestor == end {
			out = append(out, info.Type)
		}
	}
	return out
}

package draft

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// Statements is a pack's statements file (statements.yaml): what review accepted,
// in the seed's pack format.
type Statements struct {
	Entities      []EntityStatement       `yaml:"entities,omitempty"`
	Relationships []RelationshipStatement `yaml:"relationships,omitempty"`
}

// EntityStatement is a new entity, or evidence for an existing one (by id).
type EntityStatement struct {
	ID         string            `yaml:"id"`
	Kind       entities.Kind     `yaml:"kind"`
	Name       string            `yaml:"name"`
	Aliases    []string          `yaml:"aliases,omitempty"`
	Founded    string            `yaml:"founded,omitempty"`
	Attributes map[string]string `yaml:"attributes,omitempty"`
	Evidence   []Quote           `yaml:"evidence"`
}

// RelationshipStatement is one relationship the source states.
type RelationshipStatement struct {
	From       string              `yaml:"from"`
	Type       entities.RelType    `yaml:"type"`
	To         string              `yaml:"to"`
	Since      string              `yaml:"since,omitempty"`
	Until      string              `yaml:"until,omitempty"`
	Confidence entities.Confidence `yaml:"confidence"`
	Evidence   []Quote             `yaml:"evidence"`
}

// Quote is an evidence item of a report pack: the exact text.
type Quote struct {
	Quote string `yaml:"quote"`
}

// Statements turns the accepted items into pack statements, in draft order:
//   - an accepted candidate is a new entity (attributes.country for a state body,
//     founded for an event), its evidence the sentence;
//   - an accepted mention is evidence for the existing entity, by id;
//   - an accepted relationship needs both ends to be an existing entity or an
//     accepted candidate; an unresolved end, or an end on a candidate that is not
//     accepted, is an error naming the item, and nothing is returned.
//
// Items that state the same entity or relationship become one statement whose
// evidence lists each sentence once; the first item's dates and confidence stand.
func (d *Draft) Statements() (*Statements, error) {
	st := &Statements{}
	entityAt := map[string]int{}
	addEntity := func(e EntityStatement, quote string) {
		i, ok := entityAt[e.ID]
		if !ok {
			i = len(st.Entities)
			entityAt[e.ID] = i
			st.Entities = append(st.Entities, e)
		}
		st.Entities[i].Evidence = addQuote(st.Entities[i].Evidence, quote)
	}
	for _, c := range d.Entities {
		if c.Status != Accepted {
			continue
		}
		e := EntityStatement{ID: c.Entity, Kind: c.Kind, Name: c.Name, Aliases: c.Aliases, Founded: c.Founded}
		if c.Country != "" {
			e.Attributes = map[string]string{"country": c.Country}
		}
		addEntity(e, c.Where.Text)
	}
	for _, m := range d.Mentions {
		if m.Status == Accepted {
			addEntity(EntityStatement{ID: m.Entity, Kind: m.Kind, Name: m.Name}, m.Where.Text)
		}
	}
	accepted := d.acceptedCandidates()
	var problems []string
	relAt := map[string]int{}
	for _, r := range d.Relationships {
		if r.Status != Accepted {
			continue
		}
		from, errFrom := endID(r.From, accepted)
		to, errTo := endID(r.To, accepted)
		if err := errors.Join(errFrom, errTo); err != nil {
			problems = append(problems, fmt.Sprintf("relationship %s: %v", r.ID, strings.ReplaceAll(err.Error(), "\n", "; ")))
			continue
		}
		key := entities.RelationshipID(from, r.Type, to)
		i, ok := relAt[key]
		if !ok {
			i = len(st.Relationships)
			relAt[key] = i
			st.Relationships = append(st.Relationships, RelationshipStatement{
				From: from, Type: r.Type, To: to, Since: r.Since, Until: r.Until, Confidence: r.Confidence,
			})
		}
		st.Relationships[i].Evidence = addQuote(st.Relationships[i].Evidence, r.Where.Text)
	}
	if len(problems) > 0 {
		return nil, entities.Errorf(entities.EINVALID, "%s", strings.Join(problems, "\n"))
	}
	return st, nil
}

// endID is the id an end that stands is written with; for one that does not,
// an error saying why.
func endID(e End, accepted map[string]bool) (string, error) {
	switch {
	case e.stands(accepted):
		return e.Ref, nil
	case e.Match == MatchCandidate:
		return "", fmt.Errorf("end %q is candidate %s, which is not accepted", e.Text, e.Ref)
	default:
		return "", fmt.Errorf("end %q is unresolved: set it to an entity first", e.Text)
	}
}

func addQuote(qs []Quote, quote string) []Quote {
	for _, q := range qs {
		if q.Quote == quote {
			return qs
		}
	}
	return append(qs, Quote{Quote: quote})
}

// WriteStatements writes the accepted items of the pack in dir to its
// statements.yaml, replacing what was there.
func WriteStatements(dir string, d *Draft) error {
	st, err := d.Statements()
	if err != nil {
		return err
	}
	data, err := MarshalYAML(st)
	if err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, StatementsFile), data)
}

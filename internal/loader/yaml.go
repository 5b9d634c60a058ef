package loader

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/entities"
)

// at is where a record or field stands in a seed file.
type at struct {
	file string
	line int
}

// String is file:line, or the file alone (the graph a pack is added to) at line 0.
func (a at) String() string {
	if a.line == 0 {
		return a.file
	}
	return a.file + ":" + strconv.Itoa(a.line)
}

type evidenceRec struct {
	ev      entities.Evidence
	at      at
	checked bool // the graph's, checked when it was loaded (add.go)
}

type sourceRec struct {
	src entities.Source // Country, in a pack, is the country its generic state-body names belong to
	at  at
}

// statement is what a record knows of where it comes from: in a pack, the
// pack, whose source makes every statement and every claim in it.
type statement struct {
	pack   *pack // nil outside a pack
	merged bool  // folded into another record of the same entity or relationship
	// stored is set on a record that stands for what the graph a pack is
	// added to holds (add.go); restated, on a stored record that a record of
	// the pack states again, so that it is written back with the pack's part.
	stored, restated bool
	// exported is set on a record graphapi wrote (a STIX bundle's x-graphapi
	// extension): its claims, none or some, are the graph's as they were.
	exported bool
}

type entityRec struct {
	ent      entities.Entity
	at       at
	evidence []evidenceRec
	statement
	byName bool // stated without an id, which its name resolved to
	// storedCountry is a stored entity's country for its generic names: its
	// sources' (add.go), as its pack's was when it was loaded.
	storedCountry string
}

type relRec struct {
	rel      entities.Relationship
	at       at
	evidence []evidenceRec
	statement
	confidenceGiven bool // the statement gives its confidence; else fact
}

// records is everything read from a seed before the checks that span files.
type records struct {
	sources  []sourceRec
	entities []entityRec
	rels     []relRec
}

var (
	sourceFields       = []string{"id", "kind", "title", "publisher", "published", "url", "file", "country"}
	packEvidenceFields = []string{"quote", "locator"}
	packTopFields      = []string{"source", "applied", "entities", "relationships"}
	appliedFields      = []string{"by", "at"}
	packFileFields     = []string{"entities", "relationships"}
	entityFields       = []string{"id", "kind", "name", "aliases", "description", "founded", "dissolved", "date", "attributes", "evidence"}
	relFields          = []string{"from", "type", "to", "since", "until", "confidence", "note", "evidence"}
	evidenceFields     = []string{"source", "quote", "locator"}
	topFields          = []string{"sources", "entities", "relationships"}
)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlFile decodes one YAML seed file into recs, reporting every problem with its line.
type yamlFile struct {
	name  string
	probs *problemList
	recs  *records
	pack  *pack // the pack the file belongs to; nil outside a pack
}

func (f *yamlFile) problem(n *yaml.Node, format string, args ...any) {
	f.probs.add(f.name, n.Line, format, args...)
}

func (f *yamlFile) read(data []byte) {
	if tabIndented(f.name, data, f.probs) {
		f.probs.unreadable = true
		return
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		f.syntaxError(err)
		f.probs.unreadable = true
		return
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return // an empty file states nothing
	}
	switch {
	case f.pack == nil:
		top := f.mapping(doc.Content[0], "the file", topFields)
		for _, n := range f.sequence(top["sources"], "sources") {
			f.source(n)
		}
		f.statements(top)
	case f.name == f.pack.file:
		top := f.mapping(doc.Content[0], "pack.yaml", packTopFields)
		if top["source"] == nil {
			f.problem(doc.Content[0], "pack.yaml needs its source: (id, kind, title …): every statement in the pack is that source's")
		} else {
			f.source(top["source"])
			if top["applied"] != nil {
				f.recs.sources[len(f.recs.sources)-1].src.Applied = f.applied(top["applied"])
			}
		}
		f.statements(top)
	default:
		top := f.mapping(doc.Content[0], "a file of pack "+f.pack.dir, packFileFields)
		f.statements(top)
	}
}

// statements reads a file's entities and relationships.
func (f *yamlFile) statements(top map[string]*yaml.Node) {
	for _, n := range f.sequence(top["entities"], "entities") {
		f.entity(n)
	}
	for _, n := range f.sequence(top["relationships"], "relationships") {
		f.relationship(n)
	}
}

func (f *yamlFile) syntaxError(err error) {
	for _, msg := range strings.Split(err.Error(), "\n") {
		msg = strings.TrimSpace(strings.TrimPrefix(msg, "yaml: unmarshal errors:"))
		if msg == "" {
			continue
		}
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			f.probs.add(f.name, line, "YAML syntax: %s", m[2])
			continue
		}
		f.probs.add(f.name, 0, "YAML syntax: %s", strings.TrimPrefix(msg, "yaml: "))
	}
}

// tabIndented reports tabs in indentation, which YAML forbids and editors hide.
func tabIndented(file string, data []byte, probs *problemList) bool {
	found := false
	for i, line := range strings.Split(string(data), "\n") {
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if strings.Contains(indent, "\t") {
			probs.add(file, i+1, "tab in indentation; YAML indents with spaces only")
			found = true
		}
	}
	return found
}

// mapping returns n's fields by name, reporting a node that is not a mapping,
// unknown fields (with the known ones listed) and duplicate keys.
func (f *yamlFile) mapping(n *yaml.Node, what string, known []string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n == nil {
		return out
	}
	if n.Kind != yaml.MappingNode {
		f.problem(n, "%s must be a mapping of field: value", what)
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			f.problem(k, "%s has a key that is not a plain name", what)
		case out[k.Value] != nil:
			f.problem(k, "duplicate key %q in %s (first at line %d)", k.Value, what, keyLine(n, k.Value))
		case !contains(known, k.Value):
			f.problem(k, "unknown field %q in %s; known fields: %s", k.Value, what, strings.Join(known, ", "))
		default:
			out[k.Value] = v
		}
	}
	return out
}

func keyLine(m *yaml.Node, key string) int {
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (f *yamlFile) sequence(n *yaml.Node, what string) []*yaml.Node {
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.problem(n, "%s must be a list (items start with '- ')", what)
		return nil
	}
	return n.Content
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// scalar returns a field's text; "" when absent or null.
func (f *yamlFile) scalar(fields map[string]*yaml.Node, name, what string) string {
	n := fields[name]
	if n == nil || isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		f.problem(n, "%s: %s must be a single value", what, name)
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (f *yamlFile) date(fields map[string]*yaml.Node, name, what string) entities.Date {
	s := f.scalar(fields, name, what)
	if s == "" {
		return entities.Date{}
	}
	d, err := entities.ParseDate(s)
	if err != nil {
		f.problem(fields[name], "%s: %s: %s", what, name, entities.ErrorMessage(err))
	}
	return d
}

// applied reads pack.yaml's applied: {by: NAME, at: RFC3339}, the record a
// review's apply writes; the time is kept in UTC.
func (f *yamlFile) applied(n *yaml.Node) *entities.Applied {
	fs := f.mapping(n, "applied", appliedFields)
	a := &entities.Applied{By: f.scalar(fs, "by", "applied")}
	if a.By == "" {
		f.problem(n, "applied: needs by: (who applied the pack)")
	}
	at := f.scalar(fs, "at", "applied")
	if at == "" {
		f.problem(n, "applied: needs at: (when, as 2006-01-02T15:04:05Z)")
		return a
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		f.problem(fs["at"], "applied: at: %q is not a time like 2006-01-02T15:04:05Z", at)
		return a
	}
	a.At = t.UTC()
	return a
}

func (f *yamlFile) source(n *yaml.Node) {
	fs := f.mapping(n, "a source", sourceFields)
	what := "source"
	if id := f.scalar(fs, "id", what); id != "" {
		what = "source " + strconv.Quote(id)
	}
	file := f.scalar(fs, "file", what)
	if f.pack != nil && file != "" {
		file = path.Join(f.pack.dir, file) // a pack's text lies in the pack
	}
	f.recs.sources = append(f.recs.sources, sourceRec{
		at: at{f.name, n.Line},
		src: entities.Source{
			ID:        f.scalar(fs, "id", what),
			Kind:      entities.SourceKind(f.scalar(fs, "kind", what)),
			Title:     f.scalar(fs, "title", what),
			Publisher: f.scalar(fs, "publisher", what),
			Published: f.date(fs, "published", what),
			URL:       f.scalar(fs, "url", what),
			File:      file,
			Country:   f.scalar(fs, "country", what),
		},
	})
}

func (f *yamlFile) entity(n *yaml.Node) {
	fs := f.mapping(n, "an entity", entityFields)
	what := "entity"
	id := f.scalar(fs, "id", what)
	if id != "" {
		what = "entity " + strconv.Quote(id)
	}
	e := entities.Entity{
		ID:          id,
		Kind:        entities.Kind(f.scalar(fs, "kind", what)),
		Name:        f.scalar(fs, "name", what),
		Description: f.scalar(fs, "description", what),
		Founded:     f.date(fs, "founded", what),
		Dissolved:   f.date(fs, "dissolved", what),
	}
	for _, a := range f.sequence(fs["aliases"], what+": aliases") {
		if a.Kind != yaml.ScalarNode || strings.TrimSpace(a.Value) == "" {
			f.problem(a, "%s: each alias must be a non-empty name", what)
			continue
		}
		e.Aliases = append(e.Aliases, strings.TrimSpace(a.Value))
	}
	if e.Kind == entities.KindEvent {
		if !e.Founded.IsZero() || !e.Dissolved.IsZero() {
			f.problem(n, "%s: an event has a date, not founded or dissolved", what)
		}
		if e.Founded = f.date(fs, "date", what); e.Founded.IsZero() {
			f.problem(n, "%s: an event needs its date (date: YYYY-MM-DD)", what)
		}
	} else if fs["date"] != nil {
		f.problem(fs["date"], "%s: only events have a date; use founded and dissolved", what)
	}
	if attrs := fs["attributes"]; attrs != nil && !isNull(attrs) {
		if attrs.Kind != yaml.MappingNode {
			f.problem(attrs, "%s: attributes must be a mapping of name: text", what)
		} else {
			e.Attributes = map[string]string{}
			for i := 0; i+1 < len(attrs.Content); i += 2 {
				k, v := attrs.Content[i], attrs.Content[i+1]
				if _, dup := e.Attributes[k.Value]; dup {
					f.problem(k, "%s: duplicate key %q in attributes", what, k.Value)
				}
				if v.Kind != yaml.ScalarNode {
					f.problem(v, "%s: attribute %q must be a single value", what, k.Value)
				}
				e.Attributes[k.Value] = v.Value
			}
		}
	}
	f.recs.entities = append(f.recs.entities, entityRec{ent: e, at: at{f.name, n.Line}, evidence: f.evidence(fs["evidence"], what), statement: f.statement()})
}

func (f *yamlFile) relationship(n *yaml.Node) {
	fs := f.mapping(n, "a relationship", relFields)
	r := entities.Relationship{
		From:       f.scalar(fs, "from", "relationship"),
		Type:       entities.RelType(f.scalar(fs, "type", "relationship")),
		To:         f.scalar(fs, "to", "relationship"),
		Confidence: entities.Confidence(f.scalar(fs, "confidence", "relationship")),
		Note:       f.scalar(fs, "note", "relationship"),
	}
	what := "relationship " + entities.RelationshipID(r.From, r.Type, r.To)
	r.Since = f.date(fs, "since", what)
	r.Until = f.date(fs, "until", what)
	f.recs.rels = append(f.recs.rels, relRec{rel: r, at: at{f.name, n.Line}, evidence: f.evidence(fs["evidence"], what),
		statement: f.statement(), confidenceGiven: r.Confidence != ""})
}

func (f *yamlFile) statement() statement {
	return statement{pack: f.pack}
}

func (f *yamlFile) evidence(n *yaml.Node, what string) []evidenceRec {
	var out []evidenceRec
	known := evidenceFields
	if f.pack != nil {
		// The pack's source is every statement's: the loader fills it in.
		known = packEvidenceFields
	}
	for _, item := range f.sequence(n, what+": evidence") {
		fs := f.mapping(item, what+": evidence", known)
		out = append(out, evidenceRec{at: at{f.name, item.Line}, ev: entities.Evidence{
			Source:  f.scalar(fs, "source", what),
			Quote:   f.scalar(fs, "quote", what),
			Locator: f.scalar(fs, "locator", what),
		}})
	}
	return out
}

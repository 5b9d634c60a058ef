package loader

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"graphapi/internal/entities"
)

// The neo4j-admin import format: a header row of name:type columns, with :ID
// and :LABEL for nodes and :START_ID, :END_ID and :TYPE for relationships; arrays
// split on ';'. Evidence and attributes travel as JSON text.
const arrayDelimiter = ";"

// column is one header cell: "name:type", ":ID", "id:ID", ":START_ID" …
type column struct {
	name string // the property name, "" for the special columns
	role string // ID, LABEL, START_ID, END_ID, TYPE, or "" for a property
	typ  string // the property type: string, string[], … ("" is string)
}

func parseHeader(cells []string) []column {
	cols := make([]column, len(cells))
	for i, c := range cells {
		name, typ, _ := strings.Cut(strings.TrimSpace(c), ":")
		switch typ {
		case "ID", "LABEL", "START_ID", "END_ID", "TYPE":
			cols[i] = column{name: name, role: typ}
		default:
			cols[i] = column{name: name, typ: typ}
		}
	}
	return cols
}

// csvFile reads one neo4j-admin CSV file: a nodes file when its header has an
// :ID column, a relationships file when it has :START_ID.
type csvFile struct {
	name     string
	probs    *problemList
	recs     *records
	evidence map[string][]evidenceRec // JSON text → parsed, shared: generated seeds repeat it
}

func readCSV(name string, data []byte, recs *records, probs *problemList) {
	f := &csvFile{name: name, probs: probs, recs: recs, evidence: map[string][]evidenceRec{}}
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		probs.add(name, 1, "CSV header: %v", csvMessage(err))
		return
	}
	cols := parseHeader(header)
	roles := map[string]int{}
	for i, c := range cols {
		if c.role != "" {
			roles[c.role] = i
		}
	}
	_, isNodes := roles["ID"]
	_, isRels := roles["START_ID"]
	switch {
	case isNodes && !isRels:
		f.checkColumns(cols, nodeColumns, "a nodes file")
	case isRels && !isNodes:
		for _, need := range []string{"END_ID", "TYPE"} {
			if _, ok := roles[need]; !ok {
				probs.add(name, 1, "a relationships file needs a :%s column", need)
				return
			}
		}
		f.checkColumns(cols, relColumns, "a relationships file")
	default:
		probs.add(name, 1, "CSV header must have an :ID column (nodes) or :START_ID, :END_ID and :TYPE columns (relationships)")
		return
	}
	// Growing a slice of millions of records by doubling copies them over and
	// over; one count of the rows sizes it once.
	rows := bytes.Count(data, []byte{'\n'})
	if isNodes {
		recs.entities = slices.Grow(recs.entities, rows)
	} else {
		recs.rels = slices.Grow(recs.rels, rows)
	}
	for {
		row, err := r.Read()
		if err == io.EOF {
			return
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			probs.add(name, line, "CSV: %v", csvMessage(err))
			if !errors.Is(err, csv.ErrFieldCount) {
				return
			}
			continue
		}
		if isNodes {
			f.node(line, cols, row)
		} else {
			f.relationship(line, cols, row)
		}
	}
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

var (
	nodeColumns = []string{"kind", "name", "aliases", "description", "founded", "dissolved", "attributes", "evidence"}
	relColumns  = []string{"since", "until", "confidence", "note", "evidence"}
)

// checkColumns refuses unknown property columns in a relationships file and
// array types where a single value is meant; unknown node columns become
// attributes.
func (f *csvFile) checkColumns(cols []column, known []string, what string) {
	for _, c := range cols {
		if c.role != "" {
			continue
		}
		switch {
		case c.name == "":
			f.probs.add(f.name, 1, "%s has a column with no name", what)
		case c.typ == "string[]" && c.name != "aliases":
			f.probs.add(f.name, 1, "column %q: only aliases is an array (string[])", c.name)
		case what == "a relationships file" && !contains(known, c.name):
			f.probs.add(f.name, 1, "unknown column %q in %s; known columns: %s", c.name, what, strings.Join(known, ", "))
		}
	}
}

func (f *csvFile) node(line int, cols []column, row []string) {
	var e entities.Entity
	var ev []evidenceRec
	what := "entity"
	for i, c := range cols {
		v := row[i]
		switch {
		case c.role == "ID":
			e.ID = strings.Clone(v)
			what = "entity " + quoteID(v)
		case c.role == "LABEL":
			// Labels mirror the kind column, which is the one the loader trusts.
		case c.name == "kind":
			e.Kind = entities.Kind(strings.Clone(v))
		case c.name == "name":
			e.Name = strings.Clone(v)
		case c.name == "aliases":
			if v != "" {
				e.Aliases = strings.Split(v, arrayDelimiter)
			}
		case c.name == "description":
			e.Description = strings.Clone(v)
		case c.name == "founded":
			e.Founded = f.date(line, what, c.name, v)
		case c.name == "dissolved":
			e.Dissolved = f.date(line, what, c.name, v)
		case c.name == "evidence":
			ev = f.parseEvidence(line, what, v)
		case c.name == "attributes":
			if v != "" {
				if err := json.Unmarshal([]byte(v), &e.Attributes); err != nil {
					f.probs.add(f.name, line, "%s: attributes must be a JSON object of strings: %v", what, err)
				}
			}
		default:
			if v != "" {
				if e.Attributes == nil {
					e.Attributes = map[string]string{}
				}
				e.Attributes[c.name] = strings.Clone(v)
			}
		}
	}
	f.recs.entities = append(f.recs.entities, entityRec{ent: e, at: at{f.name, line}, evidence: ev})
}

func (f *csvFile) relationship(line int, cols []column, row []string) {
	var r entities.Relationship
	var ev []evidenceRec
	for i, c := range cols {
		v := row[i]
		switch {
		case c.role == "START_ID":
			r.From = strings.Clone(v)
		case c.role == "END_ID":
			r.To = strings.Clone(v)
		case c.role == "TYPE":
			r.Type = entities.RelType(strings.Clone(v))
		}
	}
	what := "relationship " + entities.RelationshipID(r.From, r.Type, r.To)
	for i, c := range cols {
		v := row[i]
		switch c.name {
		case "since":
			r.Since = f.date(line, what, c.name, v)
		case "until":
			r.Until = f.date(line, what, c.name, v)
		case "confidence":
			r.Confidence = entities.Confidence(strings.Clone(v))
		case "note":
			r.Note = strings.Clone(v)
		case "evidence":
			ev = f.parseEvidence(line, what, v)
		}
	}
	f.recs.rels = append(f.recs.rels, relRec{rel: r, at: at{f.name, line}, evidence: ev})
}

func (f *csvFile) date(line int, what, name, v string) entities.Date {
	if v == "" {
		return entities.Date{}
	}
	d, err := entities.ParseDate(v)
	if err != nil {
		f.probs.add(f.name, line, "%s: %s: %s", what, name, entities.ErrorMessage(err))
	}
	return d
}

// parseEvidence reads a JSON list of evidence, sharing the result between rows
// with the same text. Shared records carry line 0 so problems name the row.
func (f *csvFile) parseEvidence(line int, what, text string) []evidenceRec {
	if text == "" {
		return nil
	}
	if ev, ok := f.evidence[text]; ok {
		return ev
	}
	var list []entities.Evidence
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		f.probs.add(f.name, line, "%s: evidence must be a JSON list of {source, quote, locator}: %v", what, err)
		return nil
	}
	recs := make([]evidenceRec, len(list))
	for i, e := range list {
		recs[i] = evidenceRec{ev: e, at: at{f.name, 0}}
	}
	f.evidence[strings.Clone(text)] = recs
	return recs
}

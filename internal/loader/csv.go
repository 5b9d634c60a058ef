package loader

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
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

// csvFile is one neo4j-admin CSV file: a nodes file when its header has an :ID
// column, a relationships file when it has :START_ID. Open streams it once to
// check it; each later pass streams it again and gives up when it no longer has
// the bytes that were checked.
type csvFile struct {
	name        string
	probs       *problemList // the file's problems in Open; a pass's own afterwards
	nodes, rels bool         // what the header says; neither when it is refused
	cols        []column
	checked     summer                   // the bytes Open checked
	evidence    map[string][]evidenceRec // JSON text → parsed, shared: generated seeds repeat it
}

// maxSharedEvidence bounds how many distinct evidence texts a file's rows share
// parsed and checked; past it, each row's evidence is parsed for that row alone,
// so a seed whose every row cites differently holds no more than one row's.
const maxSharedEvidence = 1 << 16

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// summer counts and checksums (CRC-32C) the bytes written to it.
type summer struct {
	n   int64
	sum uint32
}

func (s *summer) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	s.sum = crc32.Update(s.sum, castagnoli, p)
	return len(p), nil
}

// scanCSV checks that the file is UTF-8 text and reads its header, reporting
// problems to probs. It returns nil for a file it cannot read.
func scanCSV(fsys fs.FS, name string, probs *problemList) *csvFile {
	file, err := fsys.Open(name)
	if err != nil {
		probs.add(name, 0, "cannot read: %v", err)
		return nil
	}
	defer func() { file.Close() }() // file is reopened below
	text, err := scanText(name, file, probs)
	switch {
	case err != nil:
		probs.add(name, 0, "cannot read: %v", err)
		return nil
	case !text:
		probs.unreadable = true
		return nil
	}
	file.Close()
	if file, err = fsys.Open(name); err != nil {
		probs.add(name, 0, "cannot read: %v", err)
		return nil
	}
	f := &csvFile{name: name, probs: probs, evidence: map[string][]evidenceRec{}}
	r := csv.NewReader(file)
	header, err := r.Read()
	if err != nil {
		probs.add(name, 1, "CSV header: %v", csvMessage(err))
		return f
	}
	f.cols = parseHeader(header)
	roles := map[string]int{}
	for i, c := range f.cols {
		if c.role != "" {
			roles[c.role] = i
		}
	}
	_, isNodes := roles["ID"]
	_, isRels := roles["START_ID"]
	switch {
	case isNodes && !isRels:
		f.checkColumns(f.cols, nodeColumns, "a nodes file")
		f.nodes = true
	case isRels && !isNodes:
		for _, need := range []string{"END_ID", "TYPE"} {
			if _, ok := roles[need]; !ok {
				probs.add(name, 1, "a relationships file needs a :%s column", need)
				return f
			}
		}
		f.checkColumns(f.cols, relColumns, "a relationships file")
		f.rels = true
	default:
		probs.add(name, 1, "CSV header must have an :ID column (nodes) or :START_ID, :END_ID and :TYPE columns (relationships)")
	}
	return f
}

// rows streams the rows after the header to fn with their lines, reporting CSV
// errors as f's problems: a row with the wrong number of fields is skipped, any
// other parse error ends the file. It returns the size and checksum of the bytes
// read, and false when fn returned false; err is an I/O error.
func (f *csvFile) rows(fsys fs.FS, fn func(line int, row []string) bool) (read summer, more bool, err error) {
	file, err := fsys.Open(f.name)
	if err != nil {
		return read, false, err
	}
	defer file.Close()
	r := csv.NewReader(bufio.NewReaderSize(io.TeeReader(file, &read), 1<<20))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return read, false, err // the header read in Open
	}
	for {
		row, err := r.Read()
		if err == io.EOF {
			return read, true, nil
		}
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return read, false, err
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			f.probs.add(f.name, line, "CSV: %v", csvMessage(err))
			if !errors.Is(err, csv.ErrFieldCount) {
				return read, true, nil
			}
			continue
		}
		if !fn(line, row) {
			return read, false, nil
		}
	}
}

// check streams the file for Open, reading each row and handing it to c.
func (f *csvFile) check(fsys fs.FS, c *checker) {
	var read summer
	var err error
	if f.nodes {
		read, _, err = stream(f, fsys,
			func(line int, row []string) (entityRec, bool) { return f.node(line, row), true },
			func(r *entityRec) bool { c.entity(r); return true })
	} else {
		type row struct {
			rec  relRec
			ends ends
		}
		read, _, err = stream(f, fsys,
			func(line int, cells []string) (row, bool) {
				rec := f.relationship(line, cells)
				return row{rec, c.lookup(&rec.rel)}, true
			},
			func(r *row) bool { c.relationship(&r.rec, r.ends); return true })
	}
	if err != nil {
		f.probs.add(f.name, 0, "cannot read: %v", err)
	}
	f.checked = read
}

// entities is one pass over a nodes file: it yields each entity as Open
// checked it. It returns false when yield did or the pass failed.
func (f *csvFile) entities(fsys fs.FS, q *quoteChecker, yield func(*entities.Entity, error) bool) bool {
	var probs problemList
	pass := *f
	pass.probs = &probs
	read, more, err := stream(&pass, fsys, func(line int, row []string) (entities.Entity, bool) {
		rec := pass.node(line, row)
		e := rec.ent
		e.Evidence = q.check(entitySubject(e.ID), rec.at, rec.evidence, &probs)
		return e, len(probs.items) == 0
	}, func(e *entities.Entity) bool { return yield(e, nil) })
	return f.endPass(read, more, err, &probs, func(err error) { yield(nil, err) })
}

// relationships is one pass over a relationships file, as entities is over a
// nodes file. The ends it yields are substrings of the rows' lines.
func (f *csvFile) relationships(fsys fs.FS, q *quoteChecker, yield func(*entities.Relationship, error) bool) bool {
	var probs problemList
	pass := *f
	pass.probs = &probs
	read, more, err := stream(&pass, fsys, func(line int, row []string) (entities.Relationship, bool) {
		rec := pass.relationship(line, row)
		r := rec.rel
		r.ID = entities.RelationshipID(r.From, r.Type, r.To)
		if r.Confidence == "" {
			r.Confidence = entities.Fact
		}
		r.Evidence = q.check(relSubject(&r), rec.at, rec.evidence, &probs)
		return r, len(probs.items) == 0
	}, func(r *entities.Relationship) bool { return yield(r, nil) })
	return f.endPass(read, more, err, &probs, func(err error) { yield(nil, err) })
}

// streamBatch is how many rows stream hands over at a time: enough that the
// handing over costs next to nothing, few enough to stay in cache.
const streamBatch = 256

// stream reads f's rows (see rows) in a goroutine of its own, making each a T
// with parse, and hands the Ts in order to take on the caller's goroutine, so
// that reading and parsing, most of a pass's work, run beside what takes the
// rows: the checks, or a store. parse returning false ends the stream after
// the rows before; take returning false ends it at once. It returns what rows
// returns, more false when take ended it.
func stream[T any](f *csvFile, fsys fs.FS, parse func(line int, row []string) (T, bool), take func(*T) bool) (read summer, more bool, err error) {
	full := make(chan []T, 4)
	free := make(chan []T, 4)
	stop := make(chan struct{})
	go func() {
		defer close(full)
		batch := make([]T, 0, streamBatch)
		send := func() bool {
			select {
			case full <- batch:
			case <-stop:
				return false
			}
			select {
			case batch = <-free:
				batch = batch[:0]
			default:
				batch = make([]T, 0, streamBatch)
			}
			return true
		}
		read, more, err = f.rows(fsys, func(line int, row []string) bool {
			t, ok := parse(line, row)
			if !ok {
				return false
			}
			batch = append(batch, t)
			return len(batch) < streamBatch || send()
		})
		if len(batch) > 0 {
			send()
		}
	}()
	taking := true
	for batch := range full {
		for i := 0; taking && i < len(batch); i++ {
			if !take(&batch[i]) {
				taking = false
				close(stop)
			}
		}
		clear(batch) // what the Ts point to is the taker's now, not the pool's
		select {
		case free <- batch:
		default:
		}
	}
	// full is closed: the reader has returned, and read, more and err are set.
	return read, more && taking, err
}

// endPass reports, through fail, a pass that could not read the file or found
// it changed since Open checked it. It returns whether the pass may go on.
func (f *csvFile) endPass(read summer, more bool, err error, probs *problemList, fail func(error)) bool {
	switch {
	case err != nil:
		fail(entities.Errorf(entities.EINTERNAL, "%s: cannot read: %v", f.name, err))
		return false
	case len(probs.items) > 0 || (more && read != f.checked):
		fail(entities.Errorf(entities.EINVALID, "%s changed since it was checked; load the seed again", f.name))
		return false
	}
	return more
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

var (
	nodeColumns = []string{"kind", "name", "aliases", "description", "founded", "dissolved", "attributes", "evidence", "claims"}
	relColumns  = []string{"since", "until", "confidence", "note", "evidence", "claims"}
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

// node reads one row of a nodes file.
func (f *csvFile) node(line int, row []string) entityRec {
	var e entities.Entity
	var ev []evidenceRec
	what := subject{name: "entity"}
	for i, c := range f.cols {
		v := row[i]
		switch {
		case c.role == "ID":
			e.ID = strings.Clone(v)
			what = entitySubject(v)
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
		case c.name == "claims":
			e.Claims = f.parseClaims(line, what, v)
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
	return entityRec{ent: e, at: at{f.name, line}, evidence: ev}
}

// relationship reads one row of a relationships file. Its ends are left
// substrings of the row's line: Open keeps none of them.
func (f *csvFile) relationship(line int, row []string) relRec {
	var r entities.Relationship
	var ev []evidenceRec
	for i, c := range f.cols {
		v := row[i]
		switch {
		case c.role == "START_ID":
			r.From = v
		case c.role == "END_ID":
			r.To = v
		case c.role == "TYPE":
			r.Type = relType(v)
		}
	}
	what := relSubject(&r)
	for i, c := range f.cols {
		v := row[i]
		switch c.name {
		case "since":
			r.Since = f.date(line, what, c.name, v)
		case "until":
			r.Until = f.date(line, what, c.name, v)
		case "confidence":
			r.Confidence = confidence(v)
		case "note":
			r.Note = strings.Clone(v)
		case "evidence":
			ev = f.parseEvidence(line, what, v)
		case "claims":
			r.Claims = f.parseClaims(line, what, v)
		}
	}
	return relRec{rel: r, at: at{f.name, line}, evidence: ev}
}

// relType returns the vocabulary's own string for a known type, so that
// millions of rows share it, and a copy of any other.
func relType(v string) entities.RelType {
	if i, ok := entities.RelTypeIndex(entities.RelType(v)); ok {
		return entities.RelTypes[i].Type
	}
	return entities.RelType(strings.Clone(v))
}

// confidence returns the constant for a known confidence, as relType does.
func confidence(v string) entities.Confidence {
	for _, c := range []entities.Confidence{entities.Fact, entities.Assessed, entities.Reported} {
		if string(c) == v {
			return c
		}
	}
	return entities.Confidence(strings.Clone(v))
}

func (f *csvFile) date(line int, what subject, name, v string) entities.Date {
	if v == "" {
		return entities.Date{}
	}
	d, err := entities.ParseDate(v)
	if err != nil {
		f.probs.add(f.name, line, "%s: %s: %s", what, name, entities.ErrorMessage(err))
	}
	return d
}

// parseClaims reads the claims column: a JSON list of {field, value, source}.
func (f *csvFile) parseClaims(line int, what subject, text string) []entities.Claim {
	if text == "" {
		return nil
	}
	var list []entities.Claim
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		f.probs.add(f.name, line, "%s: claims must be a JSON list of {field, value, source}: %v", what, err)
		return nil
	}
	return list
}

// parseEvidence reads a JSON list of evidence, sharing the result between rows
// with the same text (up to maxSharedEvidence texts). Shared records carry line 0
// so problems name the row, and so that quoteChecker shares their check.
func (f *csvFile) parseEvidence(line int, what subject, text string) []evidenceRec {
	if text == "" {
		return nil
	}
	if ev, ok := f.evidence[text]; ok {
		return ev
	}
	shared := len(f.evidence) < maxSharedEvidence
	var list []entities.Evidence
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		f.probs.add(f.name, line, "%s: evidence must be a JSON list of {source, quote, locator}: %v", what, err)
		return nil
	}
	recs := make([]evidenceRec, len(list))
	for i, e := range list {
		recs[i] = evidenceRec{ev: e, at: at{f.name, line}}
		if shared {
			recs[i].at.line = 0
		}
	}
	if shared {
		f.evidence[strings.Clone(text)] = recs
	}
	return recs
}

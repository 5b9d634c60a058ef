// Package loader reads a seed — YAML files, neo4j-admin import CSV files and
// STIX 2.1 bundles — checks all of it, and hands a store the checked graph.
// Nothing reaches a store unless the whole seed is sound: a broken seed is
// refused with every problem listed as file:line: message.
//
// CSV files may hold millions of rows, so they are never held whole: Open
// streams each once to check it, keeping only what checks across rows need
// (the entity ids, a key per relationship, the sources), and every later pass
// streams it again for the store. YAML files are small and are held, checked.
package loader

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"iter"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/graphapi/graphapi/internal/entities"
)

// Seed is a seed that Open has checked whole. It is an entities.GraphStream:
// each pass yields the entities (then the relationships) file by file in name
// order, YAML ones from memory, CSV ones read again row by row; a CSV file that
// no longer has the bytes Open checked ends the pass with an EINVALID error.
// Passes must not overlap.
type Seed struct {
	fsys     fs.FS
	files    []*seedFile
	sources  []entities.Source
	counts   entities.Counts
	quotes   *quoteChecker
	skipped  []string // STIX objects left out (stix.go)
	warnings Problems
}

var _ entities.GraphStream = (*Seed)(nil)

// seedFile is one file of a seed: a YAML file's records and, once checked, its
// entities and relationships; or a CSV file, to be streamed.
type seedFile struct {
	name    string
	probs   problemList // problems reading it; checks across files are the checker's
	recs    *records    // a YAML file's records, until they are checked
	ents    []entities.Entity
	rels    []entities.Relationship
	csv     *csvFile // nil for a YAML file
	skipped []string // a STIX bundle's objects left out (stix.go)
}

// Open reads and checks every seed file under fsys's root: *.yaml and *.yml
// files, *.csv files in the neo4j-admin import format and *.json STIX 2.1
// bundles (stix.go). It returns the checked seed, or Problems listing
// everything wrong with it. Its memory is that
// of the YAML files, the sources, and per CSV entity its id and where it stands,
// per CSV relationship a 20-byte key, and each distinct evidence list once.
func Open(fsys fs.FS) (*Seed, error) {
	rd := readSeed(fsys)
	c := newChecker(rd.names)
	var warns problemList
	mergeStatements(rd.files, &c.probs, &warns)
	return rd.check(c, &warns)
}

// reading is a seed's files as read, before the checks that span files.
type reading struct {
	fsys   fs.FS
	pre    problemList // problems with the directory, before any file's
	names  []string    // the files, in name order
	files  []*seedFile
	packOf map[string]*pack // by file name
}

// readSeed reads every seed file under fsys's root: *.yaml and *.yml files,
// *.csv files in the neo4j-admin import format and *.json STIX 2.1 bundles
// (stix.go).
func readSeed(fsys fs.FS) *reading {
	rd := &reading{fsys: fsys}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			rd.pre.add(p, 0, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		switch path.Ext(p) {
		case ".yaml", ".yml", ".csv", ".json":
			rd.names = append(rd.names, p)
		}
		return nil
	})
	if err != nil {
		rd.pre.add(".", 0, "cannot list the seed directory: %v", err)
	}
	sort.Strings(rd.names)
	if len(rd.names) == 0 {
		rd.pre.add(".", 0, "no seed files (*.yaml, *.yml, *.csv, *.json) found")
	}

	rd.packOf = findPacks(rd.names)
	for _, name := range rd.names {
		f := &seedFile{name: name}
		rd.files = append(rd.files, f)
		if path.Ext(name) == ".csv" {
			f.csv = scanCSV(fsys, name, &f.probs)
		} else if data, err := fs.ReadFile(fsys, name); err != nil {
			f.probs.add(name, 0, "cannot read: %v", err)
		} else if !isText(name, data, &f.probs) {
			f.probs.unreadable = true
		} else {
			f.recs = &records{}
			if path.Ext(name) == ".json" {
				f.skipped = readSTIX(name, data, f.recs, &f.probs)
			} else {
				(&yamlFile{name: name, probs: &f.probs, recs: f.recs, pack: rd.packOf[name]}).read(data)
			}
		}
	}
	// Each pack's statements are its source's.
	for _, f := range rd.files {
		if p := rd.packOf[f.name]; p != nil && f.name == p.file && f.recs != nil && len(f.recs.sources) == 1 {
			p.source, p.country = f.recs.sources[0].src.ID, f.recs.sources[0].src.Country
		}
	}
	return rd
}

// check runs c's checks over the merged records and returns the checked seed,
// or Problems listing everything wrong with it. Records that stand for the
// graph a pack is added to (add.go) are checked as the rest, their evidence
// excepted: it was checked when they were loaded.
func (rd *reading) check(c *checker, warns *problemList) (*Seed, error) {
	sd := &Seed{fsys: rd.fsys, files: rd.files}
	for _, f := range rd.files {
		c.unreadable = c.unreadable || f.probs.unreadable
		sd.skipped = append(sd.skipped, f.skipped...)
	}
	// The checks, in the order the problems are listed when more than
	// maxProblems are found: sources, then entities, then relationships.
	for _, f := range sd.files {
		if f.recs != nil {
			for i := range f.recs.sources {
				if s, ok := c.source(rd.fsys, &f.recs.sources[i]); ok {
					sd.sources = append(sd.sources, s)
				}
			}
		}
	}
	c.quotes.sources = c.sources
	for i, f := range sd.files {
		c.file = int32(i)
		switch {
		case f.recs != nil:
			for j := range f.recs.entities {
				if e, ok := c.entity(&f.recs.entities[j]); ok {
					f.ents = append(f.ents, e)
				}
			}
		case f.csv != nil && f.csv.nodes:
			f.csv.check(rd.fsys, c)
		}
	}
	for i, f := range sd.files {
		c.file = int32(i)
		switch {
		case f.recs != nil:
			for j := range f.recs.rels {
				r := &f.recs.rels[j]
				if r, ok := c.relationship(r, c.lookup(&r.rel)); ok {
					r.ID = entities.RelationshipID(r.From, r.Type, r.To)
					f.rels = append(f.rels, r)
				}
			}
			f.recs = nil
		case f.csv != nil && f.csv.rels:
			f.csv.check(rd.fsys, c)
		}
	}

	all := problemList{}
	all.addAll(&rd.pre)
	for _, f := range sd.files {
		all.addAll(&f.probs)
	}
	if c.counts.Entities == 0 && len(all.items) == 0 && len(c.probs.items) == 0 {
		c.probs.add(".", 0, "the seed defines no entities")
	}
	all.addAll(&c.probs)
	if err := all.err(); err != nil {
		return nil, err
	}
	sd.counts = c.counts
	sd.quotes = c.quotes
	warns.err() // sorts them
	sd.warnings = warns.items
	return sd, nil
}

// Warnings lists what Open accepted but an analyst should look at: sources
// that disagree (conflicts), a name two entities bear, a new entity whose
// name is another's ("did you mean jnim?"). `graphapi validate --strict`
// refuses a seed with any.
func (sd *Seed) Warnings() Problems { return sd.warnings }

// ReadDir reads and checks the seed in fsys as Open does and returns it whole,
// as a dataset: for seeds that fit in memory.
func ReadDir(fsys fs.FS) (*entities.Dataset, error) {
	sd, err := Open(fsys)
	if err != nil {
		return nil, err
	}
	return sd.Dataset()
}

// Load reads and checks the seed in fsys and, only when it is sound, replaces
// w's graph with it (see Seed.ReplaceIn). A refused seed leaves w untouched. It
// returns what the seed holds and what the store did.
func Load(ctx context.Context, fsys fs.FS, w entities.Writer) (entities.Counts, *entities.LoadStats, error) {
	sd, err := Open(fsys)
	if err != nil {
		return entities.Counts{}, nil, err
	}
	st, err := sd.ReplaceIn(ctx, w)
	if err != nil {
		return entities.Counts{}, nil, err
	}
	return sd.Counts(), st, nil
}

// ReplaceIn replaces w's graph with the seed: streamed when w is an
// entities.StreamWriter, else as a dataset built whole. It returns w's error,
// or the pass's when a CSV file changed since Open checked it; w then holds
// what it held before.
func (sd *Seed) ReplaceIn(ctx context.Context, w entities.Writer) (*entities.LoadStats, error) {
	if sw, ok := w.(entities.StreamWriter); ok {
		return sw.ReplaceStream(ctx, sd)
	}
	ds, err := sd.Dataset()
	if err != nil {
		return nil, err
	}
	return w.Replace(ctx, ds)
}

// Dataset returns the whole seed in memory, or the error of a pass over a CSV
// file that changed since Open checked it.
func (sd *Seed) Dataset() (*entities.Dataset, error) {
	ds := &entities.Dataset{
		Sources:       sd.sources,
		Entities:      make([]entities.Entity, 0, sd.counts.Entities),
		Relationships: make([]entities.Relationship, 0, sd.counts.Relationships),
	}
	for e, err := range sd.Entities() {
		if err != nil {
			return nil, err
		}
		ds.Entities = append(ds.Entities, *e)
	}
	for r, err := range sd.Relationships() {
		if err != nil {
			return nil, err
		}
		ds.Relationships = append(ds.Relationships, *r)
		// A CSV row's ends are substrings of its line, which they would keep.
		last := &ds.Relationships[len(ds.Relationships)-1]
		last.From, last.To = strings.Clone(last.From), strings.Clone(last.To)
	}
	return ds, nil
}

// Sources returns the checked sources in seed order, report texts included.
func (sd *Seed) Sources() []entities.Source { return sd.sources }

// Counts returns how many entities and relationships the seed defines.
func (sd *Seed) Counts() entities.Counts { return sd.counts }

// Entities returns a pass over the entities, file by file in name order; see
// entities.GraphStream.
func (sd *Seed) Entities() iter.Seq2[*entities.Entity, error] {
	return func(yield func(*entities.Entity, error) bool) {
		for _, f := range sd.files {
			switch {
			case f.csv == nil:
				for i := range f.ents {
					if !yield(&f.ents[i], nil) {
						return
					}
				}
			case f.csv.nodes:
				if !f.csv.entities(sd.fsys, sd.quotes, yield) {
					return
				}
			}
		}
	}
}

// Relationships returns a pass over the relationships, file by file in name
// order; see entities.GraphStream.
func (sd *Seed) Relationships() iter.Seq2[*entities.Relationship, error] {
	return func(yield func(*entities.Relationship, error) bool) {
		for _, f := range sd.files {
			switch {
			case f.csv == nil:
				for i := range f.rels {
					if !yield(&f.rels[i], nil) {
						return
					}
				}
			case f.csv.rels:
				if !f.csv.relationships(sd.fsys, sd.quotes, yield) {
					return
				}
			}
		}
	}
}

// isText refuses binary and non-UTF-8 files, naming the line of the first bad byte.
func isText(name string, data []byte, probs *problemList) bool {
	text, _ := scanText(name, bytes.NewReader(data), probs) // a bytes.Reader cannot fail
	return text
}

// scanText reads r through and reports, as isText does, a NUL byte (which
// makes the file binary, wherever it is) or else the first byte that is not
// UTF-8, in 1 MiB steps, so that a large file is never held whole. err is r's.
func scanText(name string, r io.Reader, probs *problemList) (text bool, err error) {
	nl := []byte("\n")
	buf := make([]byte, 1<<20)
	var (
		carry   int   // bytes at buf's start kept from the last read: a rune it cut
		off     int64 // the file offset of buf[0]
		lines   int   // line breaks before buf[0]
		badOff  = int64(-1)
		badByte byte
		badLine int
	)
	for {
		n, err := io.ReadFull(r, buf[carry:])
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return false, err
		}
		p := buf[:carry+n]
		if i := bytes.IndexByte(p, 0); i >= 0 {
			probs.add(name, 1+lines+bytes.Count(p[:i], nl), "binary file (NUL byte); seed files are UTF-8 text")
			return false, nil
		}
		cut := len(p)
		if !eof {
			cut = completeRunes(p)
		}
		if badOff < 0 && !utf8.Valid(p[:cut]) {
			i := invalidAt(p[:cut])
			badOff, badByte, badLine = off+int64(i), p[i], 1+lines+bytes.Count(p[:i], nl)
		}
		if eof {
			break
		}
		lines += bytes.Count(p[:cut], nl)
		off += int64(cut)
		carry = copy(buf, p[cut:])
	}
	if badOff >= 0 {
		probs.add(name, badLine, "not UTF-8 (byte 0x%02x at offset %d); save the file as UTF-8", badByte, badOff)
		return false, nil
	}
	return true, nil
}

// completeRunes returns the length of p less a rune that its end cuts short.
func completeRunes(p []byte) int {
	for i := len(p) - 1; i >= 0 && i > len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return i
			}
			break
		}
	}
	return len(p)
}

// invalidAt returns the offset of the first byte of data that is not UTF-8.
func invalidAt(data []byte) int {
	good := data
	for len(good) > 0 {
		r, size := utf8.DecodeRune(good)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		good = good[size:]
	}
	return len(data) - len(good)
}

// loc is where a record stands, compactly: an index into the checker's file
// names and a line.
type loc struct{ file, line int32 }

// relKey is a relationship's ends (as indexes into the checker's entity ids)
// and type: 12 bytes, the most a duplicate check over millions must keep.
type relKey struct {
	from, to int32
	t        uint8
}

// checker runs the checks that span records and files. It keeps, across the
// seed, only what those need: the sources, each entity id with where it is
// defined, and each relationship's key with where it is stated.
type checker struct {
	probs      problemList
	unreadable bool                // some file could not be parsed: dangling ends are not reported
	idsIn      string              // where entity ids are defined, for messages: "" in a seed
	near       map[string][]string // ids to suggest for an end that is no entity's (add.go)
	names      []string            // the seed's files, for loc
	file       int32               // the file being checked
	counts     entities.Counts
	sources    map[string]*entities.Source
	sourceAt   map[string]at
	quotes     *quoteChecker
	ids        idIndex // entity id → index into idAt
	idAt       []loc
	seen       map[relKey]loc
}

func newChecker(names []string) *checker {
	return &checker{
		names:    names,
		sources:  map[string]*entities.Source{},
		sourceAt: map[string]at{},
		quotes:   &quoteChecker{folded: map[string]string{}, shared: map[*evidenceRec][]entities.Evidence{}},
		ids:      idIndex{short: map[[16]byte]int32{}, long: map[string]int32{}},
		seen:     map[relKey]loc{},
	}
}

// source checks r and returns the source, its report text read, unless its id
// is unusable or taken.
func (c *checker) source(fsys fs.FS, r *sourceRec) (entities.Source, bool) {
	s := r.src
	switch {
	case !entities.ValidID(s.ID):
		c.probs.add(r.at.file, r.at.line, "source id %q must be letters, digits, '.', '_' or '-' (at most 200)", s.ID)
		return s, false
	case c.sources[s.ID] != nil:
		first := c.sourceAt[s.ID]
		c.probs.add(r.at.file, r.at.line, "duplicate source id %q (first at %s:%d)", s.ID, first.file, first.line)
		return s, false
	}
	if s.Title == "" {
		c.probs.add(r.at.file, r.at.line, "source %q needs a title", s.ID)
	}
	switch s.Kind {
	case entities.SourceReport:
		if s.Text == "" { // a STIX bundle carries its reports' texts
			s.Text = readSourceText(fsys, r, &c.probs)
		}
	case entities.SourceReference:
		if s.File != "" {
			c.probs.add(r.at.file, r.at.line, "source %q is a reference: it has no file; make it kind report to quote a text", s.ID)
		}
	default:
		c.probs.add(r.at.file, r.at.line, "source %q: kind must be report or reference, not %q", s.ID, s.Kind)
	}
	c.sources[s.ID] = &s
	c.sourceAt[s.ID] = r.at
	return s, true
}

// entity checks r and returns the entity with its checked evidence, unless its
// id is unusable or taken. The id is kept; r's other strings are not.
func (c *checker) entity(r *entityRec) (entities.Entity, bool) {
	c.counts.Entities++
	e := r.ent
	what := entitySubject(e.ID)
	switch {
	case !entities.ValidID(e.ID):
		c.probs.add(r.at.file, r.at.line, "entity id %q must be letters, digits, '.', '_' or '-' (at most 200)", e.ID)
		return e, false
	case c.ids.has(e.ID):
		first, _ := c.ids.get(e.ID)
		at := c.idAt[first]
		c.probs.add(r.at.file, r.at.line, "duplicate entity id %q (first at %s:%d)", e.ID, c.names[at.file], at.line)
		return e, false
	}
	c.ids.put(e.ID, int32(len(c.idAt)))
	c.idAt = append(c.idAt, loc{c.file, int32(r.at.line)})
	if !entities.ValidKind(e.Kind) {
		c.probs.add(r.at.file, r.at.line, "%s: unknown kind %q; kinds are %s", what, e.Kind, kindNames())
	}
	if strings.TrimSpace(e.Name) == "" {
		c.probs.add(r.at.file, r.at.line, "%s needs a name", what)
	}
	if !e.Founded.IsZero() && !e.Dissolved.IsZero() && e.Dissolved.Before(e.Founded) {
		c.probs.add(r.at.file, r.at.line, "%s: dissolved %s is before founded %s", what, e.Dissolved, e.Founded)
	}
	e.Evidence = c.quotes.check(what, r.at, r.evidence, &c.probs)
	return e, true
}

// idIndex maps entity ids to ints. Ids of up to 15 bytes, nearly all of them,
// are map keys of fixed size, held in the map itself: looking one up then
// reads no string elsewhere in memory, which for the millions of lookups of a
// large seed's relationship ends is most of their cost.
type idIndex struct {
	short map[[16]byte]int32
	long  map[string]int32
}

// shortKey returns id as a fixed-size key, its length in the last byte, or
// false when it is too long for one.
func shortKey(id string) (k [16]byte, ok bool) {
	if len(id) >= len(k) {
		return k, false
	}
	copy(k[:], id)
	k[len(k)-1] = byte(len(id))
	return k, true
}

func (x *idIndex) get(id string) (int32, bool) {
	if k, ok := shortKey(id); ok {
		i, ok := x.short[k]
		return i, ok
	}
	i, ok := x.long[id]
	return i, ok
}

func (x *idIndex) has(id string) bool {
	_, ok := x.get(id)
	return ok
}

func (x *idIndex) put(id string, i int32) {
	if k, ok := shortKey(id); ok {
		x.short[k] = i
		return
	}
	x.long[id] = i
}

// ends is where a relationship's ends stand among the checker's entity ids.
type ends struct {
	from, to     int32
	okFrom, okTo bool
}

// lookup finds r's ends. It only reads the entity ids, complete once every
// entity is checked, so a CSV pass looks them up on the goroutine that reads
// the rows, beside the checks.
func (c *checker) lookup(r *entities.Relationship) ends {
	var e ends
	e.from, e.okFrom = c.ids.get(r.From)
	e.to, e.okTo = c.ids.get(r.To)
	return e
}

// relationship checks r, whose ends e are, and returns the relationship,
// confidence defaulted and evidence checked, unless it states a link stated
// before. It leaves the ID to the caller: a CSV row's is not kept.
func (c *checker) relationship(r *relRec, e ends) (entities.Relationship, bool) {
	c.counts.Relationships++
	rel := r.rel
	what := relSubject(&rel)
	ti, okType := entities.RelTypeIndex(rel.Type)
	if !okType {
		c.probs.add(r.at.file, r.at.line, "%s: unknown type %q; types are %s", what, rel.Type, typeNames())
	}
	from, okFrom := e.from, e.okFrom
	if !okFrom && !c.unreadable {
		c.probs.add(r.at.file, r.at.line, "%s: from %q is not a defined entity id%s%s", what, rel.From, c.idsIn, c.didYouMean(rel.From))
	}
	to, okTo := e.to, e.okTo
	if !okTo && !c.unreadable {
		c.probs.add(r.at.file, r.at.line, "%s: to %q is not a defined entity id%s%s", what, rel.To, c.idsIn, c.didYouMean(rel.To))
	}
	if rel.Confidence == "" {
		rel.Confidence = entities.Fact
	} else if !entities.ValidConfidence(rel.Confidence) {
		c.probs.add(r.at.file, r.at.line, "%s: confidence must be fact, assessed or reported, not %q", what, rel.Confidence)
	}
	if !rel.Since.IsZero() && !rel.Until.IsZero() && rel.Until.Before(rel.Since) {
		c.probs.add(r.at.file, r.at.line, "%s: until %s is before since %s", what, rel.Until, rel.Since)
	}
	if okType && okFrom && okTo {
		k := relKey{from, to, uint8(ti)}
		if first, dup := c.seen[k]; dup {
			c.probs.add(r.at.file, r.at.line, "%s is stated twice (first at %s:%d); merge the evidence into one", what, c.names[first.file], first.line)
			return rel, false
		}
		c.seen[k] = loc{c.file, int32(r.at.line)}
	}
	rel.Evidence = c.quotes.check(what, r.at, r.evidence, &c.probs)
	return rel, true
}

// didYouMean suggests the ids that c.near holds for an end.
func (c *checker) didYouMean(end string) string {
	if ids := c.near[end]; len(ids) > 0 {
		return "; did you mean " + strings.Join(ids, " or ") + "?"
	}
	return ""
}

func quoteID(id string) string { return "\"" + id + "\"" }

// subject names a record in problems: an entity by its name, given whole, or a
// relationship by its ends and type, from which String builds its id only when
// a problem is reported, not for each of millions of sound rows.
type subject struct {
	name     string // "entity \"id\"", or "" for a relationship
	from, to string
	typ      entities.RelType
}

func entitySubject(id string) subject { return subject{name: "entity " + quoteID(id)} }

func relSubject(r *entities.Relationship) subject {
	return subject{from: r.From, to: r.To, typ: r.Type}
}

func (s subject) String() string {
	if s.name != "" {
		return s.name
	}
	return "relationship " + entities.RelationshipID(s.from, s.typ, s.to)
}

func readSourceText(fsys fs.FS, r *sourceRec, probs *problemList) string {
	if r.src.File == "" {
		probs.add(r.at.file, r.at.line, "source %q is a report: give its text as file: sources/NAME.txt", r.src.ID)
		return ""
	}
	name := path.Clean(r.src.File)
	if !fs.ValidPath(name) {
		probs.add(r.at.file, r.at.line, "source %q: file %q must be a path inside the seed directory", r.src.ID, r.src.File)
		return ""
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		probs.add(r.at.file, r.at.line, "source %q: cannot read file %q", r.src.ID, r.src.File)
		return ""
	}
	if !utf8.Valid(data) {
		probs.add(r.at.file, r.at.line, "source %q: file %q is not UTF-8 text", r.src.ID, r.src.File)
		return ""
	}
	return string(data)
}

// quoteChecker checks evidence against its sources, folding each source's text
// once.
type quoteChecker struct {
	sources map[string]*entities.Source
	folded  map[string]string
	shared  map[*evidenceRec][]entities.Evidence // checked lists that CSV rows share
}

func (q *quoteChecker) check(what subject, owner at, recs []evidenceRec, probs *problemList) []entities.Evidence {
	if len(recs) == 0 {
		probs.add(owner.file, owner.line, "%s has no evidence; cite a source for it", what)
		return nil
	}
	if out, ok := q.shared[&recs[0]]; ok {
		return out
	}
	before := len(probs.items)
	out := make([]entities.Evidence, 0, len(recs))
	for _, r := range recs {
		ev := r.ev
		out = append(out, ev)
		if r.checked {
			continue
		}
		if r.at.line == 0 {
			r.at = owner // shared between CSV rows: name the row at hand
		}
		src := q.sources[ev.Source]
		if src == nil {
			probs.add(r.at.file, r.at.line, "%s: evidence cites unknown source %q", what, ev.Source)
			continue
		}
		switch src.Kind {
		case entities.SourceReport:
			if ev.Quote == "" {
				probs.add(r.at.file, r.at.line, "%s: evidence from report %q needs the exact quote that supports it", what, src.ID)
				continue
			}
			text, ok := q.folded[src.ID]
			if !ok {
				text = entities.FoldQuote(src.Text)
				q.folded[src.ID] = text
			}
			if src.Text != "" && !strings.Contains(text, entities.FoldQuote(ev.Quote)) {
				probs.add(r.at.file, r.at.line, "%s: quote not found in source %q: %q", what, src.ID, ev.Quote)
			}
		case entities.SourceReference:
			if ev.Quote != "" {
				probs.add(r.at.file, r.at.line, "%s: source %q is a reference with no text here; give a locator, not a quote", what, src.ID)
			}
			if ev.Locator == "" {
				probs.add(r.at.file, r.at.line, "%s: evidence from reference %q needs a locator (where in it the fact stands)", what, src.ID)
			}
		}
	}
	if recs[0].at.line == 0 && len(probs.items) == before {
		q.shared[&recs[0]] = out
	}
	return out
}

func kindNames() string {
	names := make([]string, len(entities.Kinds))
	for i, k := range entities.Kinds {
		names[i] = string(k.Kind)
	}
	return strings.Join(names, ", ")
}

func typeNames() string {
	names := make([]string, len(entities.RelTypes))
	for i, t := range entities.RelTypes {
		names[i] = string(t.Type)
	}
	return strings.Join(names, ", ")
}

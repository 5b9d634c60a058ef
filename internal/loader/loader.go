// Package loader reads a seed — YAML files and neo4j-admin import CSV files —
// checks all of it, and hands a store a validated dataset. Nothing reaches a
// store unless the whole seed is sound: a broken seed is refused with every
// problem listed as file:line: message.
package loader

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"graphapi/internal/entities"
)

// ReadDir reads and checks every seed file under fsys's root: *.yaml and *.yml
// files, and *.csv files in the neo4j-admin import format. It returns the dataset,
// or Problems listing everything wrong with the seed.
func ReadDir(fsys fs.FS) (*entities.Dataset, error) {
	probs := &problemList{}
	recs := &records{}
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			probs.add(p, 0, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		switch path.Ext(p) {
		case ".yaml", ".yml", ".csv":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		probs.add(".", 0, "cannot list the seed directory: %v", err)
	}
	sort.Strings(files)
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs.add(name, 0, "cannot read: %v", err)
			continue
		}
		if !isText(name, data, probs) {
			probs.unreadable = true
			continue
		}
		if path.Ext(name) == ".csv" {
			readCSV(name, data, recs, probs)
		} else {
			(&yamlFile{name: name, probs: probs, recs: recs}).read(data)
		}
	}
	if len(files) == 0 {
		probs.add(".", 0, "no seed files (*.yaml, *.yml, *.csv) found")
	}
	ds := check(fsys, recs, probs)
	if err := probs.err(); err != nil {
		return nil, err
	}
	return ds, nil
}

// Load reads and checks the seed in fsys and, only when it is sound, replaces
// w's graph with it. A refused seed leaves w untouched.
func Load(ctx context.Context, fsys fs.FS, w entities.Writer) (*entities.Dataset, *entities.LoadStats, error) {
	ds, err := ReadDir(fsys)
	if err != nil {
		return nil, nil, err
	}
	stats, err := w.Replace(ctx, ds)
	if err != nil {
		return nil, nil, err
	}
	return ds, stats, nil
}

// isText refuses binary and non-UTF-8 files, naming the line of the first bad byte.
func isText(name string, data []byte, probs *problemList) bool {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		probs.add(name, 1+bytes.Count(data[:i], []byte("\n")), "binary file (NUL byte); seed files are UTF-8 text")
		return false
	}
	if !utf8.Valid(data) {
		good := data
		for len(good) > 0 {
			r, size := utf8.DecodeRune(good)
			if r == utf8.RuneError && size <= 1 {
				break
			}
			good = good[size:]
		}
		off := len(data) - len(good)
		probs.add(name, 1+bytes.Count(data[:off], []byte("\n")), "not UTF-8 (byte 0x%02x at offset %d); save the file as UTF-8", data[off], off)
		return false
	}
	return true
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$`)

// check runs the checks that span records and files, and builds the dataset.
func check(fsys fs.FS, recs *records, probs *problemList) *entities.Dataset {
	ds := &entities.Dataset{
		Entities:      make([]entities.Entity, 0, len(recs.entities)),
		Relationships: make([]entities.Relationship, 0, len(recs.rels)),
	}
	sources := map[string]*entities.Source{}
	sourceAt := map[string]at{}
	for i := range recs.sources {
		r := &recs.sources[i]
		s := r.src
		switch {
		case !idPattern.MatchString(s.ID):
			probs.add(r.at.file, r.at.line, "source id %q must be letters, digits, '.', '_' or '-' (at most 200)", s.ID)
			continue
		case sources[s.ID] != nil:
			first := sourceAt[s.ID]
			probs.add(r.at.file, r.at.line, "duplicate source id %q (first at %s:%d)", s.ID, first.file, first.line)
			continue
		}
		if s.Title == "" {
			probs.add(r.at.file, r.at.line, "source %q needs a title", s.ID)
		}
		switch s.Kind {
		case entities.SourceReport:
			s.Text = readSourceText(fsys, r, probs)
		case entities.SourceReference:
			if s.File != "" {
				probs.add(r.at.file, r.at.line, "source %q is a reference: it has no file; make it kind report to quote a text", s.ID)
			}
		default:
			probs.add(r.at.file, r.at.line, "source %q: kind must be report or reference, not %q", s.ID, s.Kind)
		}
		sources[s.ID] = &s
		sourceAt[s.ID] = r.at
		ds.Sources = append(ds.Sources, s)
	}
	quotes := quoteChecker{sources: sources, folded: map[string]string{}, shared: map[*evidenceRec][]entities.Evidence{}}

	ids := make(map[string]int32, len(recs.entities))
	for i := range recs.entities {
		r := &recs.entities[i]
		e := &r.ent
		what := "entity " + quoteID(e.ID)
		switch {
		case !idPattern.MatchString(e.ID):
			probs.add(r.at.file, r.at.line, "entity id %q must be letters, digits, '.', '_' or '-' (at most 200)", e.ID)
			continue
		case ids[e.ID] > 0:
			first := recs.entities[ids[e.ID]-1].at
			probs.add(r.at.file, r.at.line, "duplicate entity id %q (first at %s:%d)", e.ID, first.file, first.line)
			continue
		}
		ids[e.ID] = int32(i + 1)
		if !entities.ValidKind(e.Kind) {
			probs.add(r.at.file, r.at.line, "%s: unknown kind %q; kinds are %s", what, e.Kind, kindNames())
		}
		if strings.TrimSpace(e.Name) == "" {
			probs.add(r.at.file, r.at.line, "%s needs a name", what)
		}
		if !e.Founded.IsZero() && !e.Dissolved.IsZero() && e.Dissolved.Before(e.Founded) {
			probs.add(r.at.file, r.at.line, "%s: dissolved %s is before founded %s", what, e.Dissolved, e.Founded)
		}
		e.Evidence = quotes.check(what, r.at, r.evidence, probs)
		ds.Entities = append(ds.Entities, *e)
	}

	type relKey struct {
		from, to int32
		t        int
	}
	seen := make(map[relKey]at, len(recs.rels))
	for i := range recs.rels {
		r := &recs.rels[i]
		rel := &r.rel
		rel.ID = entities.RelationshipID(rel.From, rel.Type, rel.To)
		what := "relationship " + rel.ID
		ti, okType := entities.RelTypeIndex(rel.Type)
		if !okType {
			probs.add(r.at.file, r.at.line, "%s: unknown type %q; types are %s", what, rel.Type, typeNames())
		}
		from, okFrom := ids[rel.From]
		if !okFrom && !probs.unreadable {
			probs.add(r.at.file, r.at.line, "%s: from %q is not a defined entity id", what, rel.From)
		}
		to, okTo := ids[rel.To]
		if !okTo && !probs.unreadable {
			probs.add(r.at.file, r.at.line, "%s: to %q is not a defined entity id", what, rel.To)
		}
		if rel.Confidence == "" {
			rel.Confidence = entities.Fact
		} else if !entities.ValidConfidence(rel.Confidence) {
			probs.add(r.at.file, r.at.line, "%s: confidence must be fact, assessed or reported, not %q", what, rel.Confidence)
		}
		if !rel.Since.IsZero() && !rel.Until.IsZero() && rel.Until.Before(rel.Since) {
			probs.add(r.at.file, r.at.line, "%s: until %s is before since %s", what, rel.Until, rel.Since)
		}
		if okType && okFrom && okTo {
			k := relKey{from, to, ti}
			if first, dup := seen[k]; dup {
				probs.add(r.at.file, r.at.line, "%s is stated twice (first at %s:%d); merge the evidence into one", what, first.file, first.line)
				continue
			}
			seen[k] = r.at
		}
		rel.Evidence = quotes.check(what, r.at, r.evidence, probs)
		ds.Relationships = append(ds.Relationships, *rel)
	}
	if len(recs.entities) == 0 && len(probs.items) == 0 {
		probs.add(".", 0, "the seed defines no entities")
	}
	return ds
}

func quoteID(id string) string { return "\"" + id + "\"" }

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

func (q *quoteChecker) check(what string, owner at, recs []evidenceRec, probs *problemList) []entities.Evidence {
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

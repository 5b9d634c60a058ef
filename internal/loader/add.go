package loader

import (
	"context"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/graphapi/graphapi/internal/entities"
)

// Adding one source pack to a graph already loaded. The pack is read and
// checked as a seed's pack is, and merged by the same rules (packs.go,
// identity.go) with what the graph holds of what it touches, read through
// Graph: the entities it names by id or by name, its relationships' ends, the
// relationships among those, and the sources. Those stand in as the records of
// one more file, "the graph", read before the pack, as the packs loaded before
// it were; their evidence is not checked again. What the pack states, new or
// merged with what was stored, is the addition a store writes (neo4jstore's
// Add); the rest of the graph is neither read nor written.

// Graph is what adding a pack reads of the graph it is added to: the
// entities it names by id (Export, KnownOnly) or by name (EntitiesNamed), and
// for an end that is nowhere, names that start like it (Search).
type Graph interface {
	entities.Exporter
	// EntitiesNamed returns the ids of the entities one of whose names or
	// aliases folds (entities.FoldName) as one of names does.
	EntitiesNamed(ctx context.Context, names []string) ([]string, error)
	Search(ctx context.Context, q entities.SearchQuery) (*entities.SearchResult, error)
}

// graphFile names, in problems, the records that stand for the graph.
const graphFile = "the graph"

// maxSuggestions bounds the "did you mean" of an end that is nowhere.
const maxSuggestions = 3

// Addition is a pack merged with the part of a graph it touches, checked.
type Addition struct {
	dataset  *entities.Dataset
	warnings Problems
}

// Dataset holds what adding the pack writes: its source, and each entity and
// relationship it states, merged with the graph's when the graph holds it.
// Relationship ends outside it are in the graph.
func (a *Addition) Dataset() *entities.Dataset { return a.dataset }

// Warnings lists what an analyst should look at, all in the pack's files:
// conflicts with the graph's claims, shared names, near duplicates.
func (a *Addition) Warnings() Problems { return a.warnings }

// OpenAddition reads the source pack at fsys's root (its pack.yaml and its
// other *.yaml files), reads from g what the pack touches, and merges and
// checks the two as Open would the packs loaded into g and this one. It
// returns Problems, every one at a file:line of the pack, when the pack is
// unsound: a relationship end neither in the pack nor in g, a name that is
// ambiguous, a quotation not in its text, a source id g holds with other
// content. It returns g's error when reading g fails.
func OpenAddition(ctx context.Context, fsys fs.FS, g Graph) (*Addition, error) {
	rd := readSeed(fsys)
	rd.onePack()
	stored, sources, near, err := readTouched(ctx, g, rd.files)
	if err != nil {
		return nil, err
	}
	c := newChecker(append([]string{graphFile}, rd.names...))
	c.idsIn = " in the pack or the graph"
	c.near = near
	rd.files = append([]*seedFile{stored}, rd.files...)
	var warns problemList
	mergeStatements(rd.files, &c.probs, &warns)
	keepEnts, keepRels := map[string]bool{}, map[string]bool{}
	for _, r := range stored.recs.entities {
		keepEnts[r.ent.ID] = r.restated
	}
	for _, r := range stored.recs.rels {
		keepRels[relKeyOf(&r.rel)] = r.restated
	}
	srcs := packSources(rd.files[1:])
	sd, err := rd.check(c, &warns)
	if err != nil {
		return nil, err
	}
	if err := sourceClash(sd.sources, srcs, sources); err != nil {
		return nil, err
	}

	ds := &entities.Dataset{Sources: sd.sources}
	for _, f := range sd.files {
		for _, e := range f.ents {
			if f != stored || keepEnts[e.ID] {
				ds.Entities = append(ds.Entities, e)
			}
		}
		for _, r := range f.rels {
			if f != stored || keepRels[r.ID] {
				ds.Relationships = append(ds.Relationships, r)
			}
		}
	}
	a := &Addition{dataset: ds}
	for _, w := range sd.warnings {
		if w.File != graphFile { // the graph's own, not the pack's to answer for
			a.warnings = append(a.warnings, w)
		}
	}
	return a, nil
}

// onePack refuses what is not one pack at the root: a folder without
// pack.yaml, a second pack inside it, a file that is not YAML.
func (rd *reading) onePack() {
	root := rd.packOf["pack.yaml"]
	if root == nil {
		rd.pre.add(".", 0, "not a source pack: give the folder that holds the pack's pack.yaml (its source:) and statements")
		return
	}
	for _, n := range rd.names {
		switch {
		case path.Ext(n) != ".yaml" && path.Ext(n) != ".yml":
			rd.pre.add(n, 0, "a pack added to a graph states in YAML only; load CSV and STIX files with the whole seed")
		case rd.packOf[n] != root:
			rd.pre.add(n, 0, "belongs to another pack (%s); add one pack at a time", rd.packOf[n].dir)
		}
	}
}

// packSources returns where each source the files define is stated.
func packSources(files []*seedFile) map[string]at {
	out := map[string]at{}
	for _, f := range files {
		if f.recs != nil {
			for _, s := range f.recs.sources {
				out[s.src.ID] = s.at
			}
		}
	}
	return out
}

// sourceClash refuses a pack whose source the graph holds with other content:
// a pack is its source, so an edited pack is loaded again with the whole
// seed. Where the text lies (File) is no content: it depends on the folder
// the pack was loaded from.
func sourceClash(added []entities.Source, where map[string]at, graph map[string]entities.Source) error {
	var probs problemList
	for _, s := range added {
		held, ok := graph[s.ID]
		if !ok {
			continue
		}
		a, b := s, held
		a.File, b.File = "", ""
		if a != b {
			w := where[s.ID]
			probs.add(w.file, w.line, "source %q is in the graph already with other content (%s); a pack adds a new source: give it a new id, or load the whole seed to change this one",
				s.ID, sourceDiff(a, b))
		}
	}
	return probs.err()
}

// sourceDiff names the fields in which a differs from the graph's b.
func sourceDiff(a, b entities.Source) string {
	var out []string
	add := func(field string, differ bool) {
		if differ {
			out = append(out, field)
		}
	}
	add("kind", a.Kind != b.Kind)
	add("title", a.Title != b.Title)
	add("publisher", a.Publisher != b.Publisher)
	add("published", a.Published != b.Published)
	add("url", a.URL != b.URL)
	add("country", a.Country != b.Country)
	add("text", a.Text != b.Text)
	return "differs in " + joinList(out)
}

func joinList(s []string) string {
	switch len(s) {
	case 0:
		return "nothing"
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// readTouched reads from g what the records of files touch, as the records of
// one file, "the graph"; g's sources by id; and for each relationship end that
// is nowhere, the ids of a few entities whose names start like it, for "did
// you mean".
func readTouched(ctx context.Context, g Graph, files []*seedFile) (*seedFile, map[string]entities.Source, map[string][]string, error) {
	ids, names := touched(files)
	named, err := g.EntitiesNamed(ctx, names)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, id := range named {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	sink := &touchedSink{file: &seedFile{name: graphFile, recs: &records{}}, sources: map[string]entities.Source{}}
	if len(ids) > 0 {
		if err := g.Export(ctx, entities.ExportQuery{IDs: ids, KnownOnly: true}, sink); err != nil {
			return nil, nil, nil, err
		}
	}
	known := map[string]bool{} // ids and folded names the pack or the graph defines
	for _, f := range append([]*seedFile{sink.file}, files...) {
		if f.recs == nil {
			continue
		}
		for i := range f.recs.entities {
			r := &f.recs.entities[i]
			known[r.ent.ID] = true
			for _, n := range r.names() {
				known[entities.FoldName(n)] = true
			}
			for _, ev := range r.evidence {
				if c := sink.sources[ev.ev.Source].Country; r.stored && r.storedCountry == "" && c != "" {
					r.storedCountry = c
				}
			}
		}
	}
	near := map[string][]string{}
	for _, f := range files {
		if f.recs == nil {
			continue
		}
		for _, r := range f.recs.rels {
			for _, end := range []string{r.rel.From, r.rel.To} {
				if end == "" || known[end] || known[entities.FoldName(end)] || near[end] != nil {
					continue
				}
				if near[end], err = startingLike(ctx, g, end); err != nil {
					return nil, nil, nil, err
				}
			}
		}
	}
	return sink.file, sink.sources, near, nil
}

// touched returns the entity ids that the records of files name, or may take
// (an entity without an id takes its name's), and the names that may be a
// stored entity's: every entity's names and every relationship end.
func touched(files []*seedFile) (ids, names []string) {
	seenID, seenName := map[string]bool{}, map[string]bool{}
	id := func(s string) {
		if s != "" && entities.ValidID(s) && !seenID[s] {
			seenID[s] = true
			ids = append(ids, s)
		}
	}
	name := func(s string) {
		if s != "" && !seenName[s] {
			seenName[s] = true
			names = append(names, s)
		}
	}
	for _, f := range files {
		if f.recs == nil {
			continue
		}
		for i := range f.recs.entities {
			r := &f.recs.entities[i]
			id(r.ent.ID)
			if r.ent.ID == "" && r.ent.Name != "" {
				id(entities.NewEntityID(r.ent.Name, ""))
				if c := r.country(); c != "" && entities.IsGenericStateBody(r.ent.Name) {
					id(entities.NewEntityID(r.ent.Name, c))
				}
			}
			for _, n := range r.names() {
				name(n)
			}
		}
		for i := range f.recs.rels {
			r := &f.recs.rels[i]
			for _, end := range []string{r.rel.From, r.rel.To} {
				id(end)
				name(end)
			}
		}
	}
	return ids, names
}

// startingLike returns the ids of a few of g's entities whose names start
// like name, which names none.
func startingLike(ctx context.Context, g Graph, name string) ([]string, error) {
	if utf8.RuneCountInString(name) > entities.DefaultLimits.MaxSearchChars || entities.FoldName(name) == "" {
		return nil, nil // nothing to search for
	}
	res, err := g.Search(ctx, entities.SearchQuery{Text: name, Limit: maxSuggestions})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Items))
	for i, e := range res.Items {
		ids[i] = e.ID
	}
	return ids, nil
}

// touchedSink keeps an export as the records of the graph's file.
type touchedSink struct {
	file    *seedFile
	sources map[string]entities.Source
}

func (s *touchedSink) Sources(sources []entities.Source) error {
	for _, src := range sources {
		s.sources[src.ID] = src
	}
	return nil
}

// Entity keeps a copy: the export may reuse what e points to.
func (s *touchedSink) Entity(e *entities.Entity) error {
	ent := *e
	ent.Aliases = slices.Clone(e.Aliases)
	ent.Attributes = maps.Clone(e.Attributes)
	ent.Claims = slices.Clone(e.Claims)
	ent.Evidence = nil
	s.file.recs.entities = append(s.file.recs.entities, entityRec{
		ent: ent, at: at{file: graphFile}, evidence: storedEvidence(e.Evidence), statement: statement{stored: true},
	})
	return nil
}

func (s *touchedSink) Relationship(r *entities.Relationship) error {
	rel := *r
	rel.Claims = slices.Clone(r.Claims)
	rel.Evidence = nil
	s.file.recs.rels = append(s.file.recs.rels, relRec{
		rel: rel, at: at{file: graphFile}, evidence: storedEvidence(r.Evidence), statement: statement{stored: true},
	})
	return nil
}

func storedEvidence(ev []entities.Evidence) []evidenceRec {
	out := make([]evidenceRec, len(ev))
	for i, e := range ev {
		out[i] = evidenceRec{ev: e, at: at{file: graphFile}, checked: true}
	}
	return out
}

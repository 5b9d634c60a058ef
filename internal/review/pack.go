package review

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing/fstest"
	"time"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

// PackFiles are the files a reviewed draft puts into the seed, by name inside
// its pack folder: pack.yaml, the text, and statements.yaml holding the
// accepted items. draft.review stays in the drafts folder: the seed holds what
// was accepted, not the proposals.
type PackFiles struct {
	Folder string // the pack folder's name in the seed: the source id
	Files  map[string][]byte
}

// Pack makes the files the draft's accepted items give. EINVALID when nothing
// is accepted, or when an accepted relationship has an end that cannot stand
// (draft.Statements says which).
func Pack(p *draft.Pack) (*PackFiles, error) { return pack(p, nil) }

// PackApplied is Pack with its pack.yaml recording who applied it and when
// (applied: {by, at}), as an apply writes it into the seed.
func PackApplied(p *draft.Pack, a entities.Applied) (*PackFiles, error) { return pack(p, &a) }

// appliedYAML is pack.yaml's applied: as the loader reads it.
type appliedYAML struct {
	By string `yaml:"by"`
	At string `yaml:"at"`
}

func pack(p *draft.Pack, applied *entities.Applied) (*PackFiles, error) {
	// The source id names the pack's folder in the seed: it must stay one
	// folder name, whatever the draft's pack.yaml was edited to say.
	if !entities.ValidNewSourceID(p.Source.ID) || strings.Contains(p.Source.ID, "..") {
		return nil, entities.Errorf(entities.EINVALID, "the draft's source id %q cannot name a pack folder: use lower-case letters, digits, '.', '_' and '-'", p.Source.ID)
	}
	st, err := p.Draft.Statements()
	if err != nil {
		return nil, entities.Errorf(entities.EINVALID, "accepting this draft would write a relationship without both ends: %v", err)
	}
	if len(st.Entities) == 0 && len(st.Relationships) == 0 {
		return nil, entities.Errorf(entities.ECONFLICT, "nothing in the draft is accepted yet: accept the items to write first")
	}
	statements, err := draft.MarshalYAML(st)
	if err != nil {
		return nil, err
	}
	var stamp *appliedYAML
	if applied != nil {
		stamp = &appliedYAML{By: applied.By, At: applied.At.UTC().Format(time.RFC3339Nano)}
	}
	packYAML, err := draft.MarshalYAML(struct {
		Source  draft.SourceInfo `yaml:"source"`
		Applied *appliedYAML     `yaml:"applied,omitempty"`
	}{p.Source, stamp})
	if err != nil {
		return nil, err
	}
	return &PackFiles{Folder: p.Source.ID, Files: map[string][]byte{
		draft.PackFile:       packYAML,
		p.Draft.Text:         p.Text,
		draft.StatementsFile: statements,
	}}, nil
}

// Check loads the seed with the pack in place, through the loader, as the next
// reload would, and returns the graph it gives. The seed on disk is not
// touched. A pack the loader refuses is EINVALID listing every problem as
// file:line.
func Check(seed fs.FS, pf *PackFiles) (*entities.Dataset, error) {
	ds, err := loader.ReadDir(withPack(seed, pf))
	if err != nil {
		return nil, refused(err)
	}
	return ds, nil
}

// refused makes the loader's problems the message: the reviewer must see them.
func refused(err error) error {
	var ps loader.Problems
	if errors.As(err, &ps) {
		return entities.Errorf(entities.EINVALID, "the seed with this pack would not load: %s", ps.Error())
	}
	return err
}

// withPack is seed with the pack's folder in it (replacing any folder of that
// name), held in memory. fstest.MapFS is the standard library's in-memory file
// system; it gives the pack folder its directory entries and file infos.
func withPack(seed fs.FS, pf *PackFiles) fs.FS {
	m := fstest.MapFS{}
	for name, data := range pf.Files {
		m[path.Join(pf.Folder, name)] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return overlay{base: seed, folder: pf.Folder, pack: m}
}

type overlay struct {
	base   fs.FS
	folder string
	pack   fstest.MapFS
}

func (o overlay) inPack(name string) bool {
	return name == o.folder || strings.HasPrefix(name, o.folder+"/")
}

func (o overlay) Open(name string) (fs.File, error) {
	if o.inPack(name) {
		return o.pack.Open(name)
	}
	return o.base.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	if o.inPack(name) {
		return o.pack.ReadDir(name)
	}
	entries, err := fs.ReadDir(o.base, name)
	if err != nil || name != "." {
		return entries, err
	}
	out := entries[:0:0]
	for _, e := range entries {
		if e.Name() != o.folder {
			out = append(out, e)
		}
	}
	packRoot, err := o.pack.ReadDir(".")
	if err != nil {
		return nil, err
	}
	out = append(out, packRoot...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

package ucdp

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/draft"
)

// The files of a pack an import writes. The review holds what waits for a
// person and what a person decided; its .review extension keeps the loader
// from reading it as statements (a draft's review is kept the same way).
const (
	PackFile          = "pack.yaml"
	EntitiesFile      = "actors.yaml"
	RelationshipsFile = "links.yaml"
	ReviewFile        = "resolve.review"
	reviewFormat      = "graphapi-ucdp-resolve/1"
)

// citations are what each version's codebook asks users to cite.
var citations = map[string]string{
	"22.1": "Davies, Shawn, Therese Pettersson & Magnus Öberg (2022). Organized violence 1989-2021 and drone warfare. Journal of Peace Research 59(4).\n" +
		"#   and, when appropriate, the codebook: Pettersson, Therese (2022) UCDP Actor Dataset Codebook v 22.1 (https://ucdp.uu.se/downloads/).",
}

// review is the review file: what waits first, then what was decided.
type review struct {
	Format  string    `yaml:"format"`
	Version string    `yaml:"dataset_version"`
	Pending []Pending `yaml:"pending"`
}

const reviewHeader = `# UCDP actors the import could not match to the graph alone. For each, set
# decision: to the id of the entity it is (one of the candidates, or any id the graph
# holds), or to "new" for a new entity, then import again with the same --out: the next
# import reads this file, and keeps every decision here. Nothing is guessed.
`

// ReadDecisions reads the review file at path; a file that does not exist
// holds no decisions.
func ReadDecisions(path string) (Decisions, error) {
	dec := Decisions{Actors: map[int]string{}, Countries: map[string]string{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return dec, nil
	}
	if err != nil {
		return dec, err
	}
	var r review
	yd := yaml.NewDecoder(bytes.NewReader(data))
	yd.KnownFields(true)
	if err := yd.Decode(&r); err != nil {
		return dec, fmt.Errorf("%s: %w", path, err)
	}
	if r.Format != reviewFormat {
		return dec, fmt.Errorf("%s: format %q, want %q", path, r.Format, reviewFormat)
	}
	for _, p := range r.Pending {
		d := strings.TrimSpace(p.Decision)
		switch {
		case p.ActorID != 0 && p.Country != "":
			return dec, fmt.Errorf("%s: an entry names both actor_id %d and country %q; one of them", path, p.ActorID, p.Country)
		case p.ActorID != 0:
			dec.Actors[p.ActorID] = d
		case p.Country != "":
			dec.Countries[p.Country] = d
		default:
			return dec, fmt.Errorf("%s: an entry (name %q) names no actor_id and no country", path, p.Name)
		}
	}
	return dec, nil
}

// Write writes the pack into dir, which must not exist, be empty, or hold a
// pack an import wrote before (replaced whole). The pack is written into a
// new folder beside dir first and renamed into place: a reader never sees
// half a pack, and a failed import leaves dir as it was.
func (p *Pack) Write(dir, from string) error {
	dir = filepath.Clean(dir)
	if err := replaceable(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".ucdp-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	files, err := p.files(from)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	old := tmp + ".old"
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return err
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(old); statErr == nil {
			_ = os.Rename(old, dir) // put the earlier pack back
		}
		return err
	}
	return nil
}

// replaceable reports why dir may not be written, if it may not.
func replaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(dir, PackFile))
	if err != nil || !bytes.Contains(data, []byte("\n  id: "+SourcePrefix)) {
		return fmt.Errorf("%s holds something else than a UCDP actor pack; import into a new directory", dir)
	}
	for _, e := range entries {
		switch e.Name() {
		case PackFile, EntitiesFile, RelationshipsFile, ReviewFile:
		default:
			return fmt.Errorf("%s holds %s, which an import did not write; import into a new directory", dir, e.Name())
		}
	}
	return nil
}

type file struct {
	name string
	data []byte
}

func (p *Pack) files(from string) ([]file, error) {
	src := map[string]any{"source": map[string]string{
		"id": p.Source.ID, "kind": string(p.Source.Kind), "title": p.Source.Title,
		"publisher": p.Source.Publisher, "url": p.Source.URL,
	}}
	srcYAML, err := draft.MarshalYAML(src)
	if err != nil {
		return nil, err
	}
	version := p.Version
	cite, ok := citations[version]
	if !ok {
		cite = "the paper and codebook that version " + version + "'s codebook asks to be cited (https://ucdp.uu.se/downloads/)."
	}
	header := fmt.Sprintf(`# %s, imported by graphapi import --format ucdp-actors from %s.
# Uppsala Conflict Data Program (UCDP), Department of Peace and Conflict Research, Uppsala University.
# Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
# Cite: %s
# A reference source: every statement's evidence is a locator naming the row (ActorId) and
# its fields, never a quotation. Do not edit: import again, deciding in %s what waits.
`, p.Source.Title, filepath.Base(from), cite, ReviewFile)
	ents, err := draft.MarshalYAML(map[string]any{"entities": p.Entities})
	if err != nil {
		return nil, err
	}
	rels, err := draft.MarshalYAML(map[string]any{"relationships": p.Relationships})
	if err != nil {
		return nil, err
	}
	rev, err := draft.MarshalYAML(review{Format: reviewFormat, Version: version, Pending: append(append([]Pending{}, p.Pending...), p.Decided...)})
	if err != nil {
		return nil, err
	}
	return []file{
		{PackFile, append([]byte(header), srcYAML...)},
		{EntitiesFile, ents},
		{RelationshipsFile, rels},
		{ReviewFile, append([]byte(reviewHeader), rev...)},
	}, nil
}

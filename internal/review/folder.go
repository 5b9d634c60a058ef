// Package review is what happens to a draft (internal/draft) after the
// extractor: a person accepts, rejects or edits its items, sees what accepting
// would change in the graph, and applies it, which writes the accepted items as
// an ordinary source pack into the seed folder and reloads the graph, all or
// nothing. The HTTP API and the command line both go through this package, so
// they write the same YAML.
package review

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
)

// Folder is a folder of drafts: each subfolder holding a draft.review is one,
// named by the subfolder.
type Folder struct{ Dir string }

// Summary is one draft in a listing.
type Summary struct {
	ID            string `json:"id"`
	Source        string `json:"source"`
	Title         string `json:"title"`
	Published     string `json:"published,omitempty"`
	Mentions      Counts `json:"mentions"`
	Entities      Counts `json:"entities"`
	Relationships Counts `json:"relationships"`
	// Problem says why the draft cannot be read (its text changed, say); the
	// other fields are then empty.
	Problem string `json:"problem,omitempty"`
}

// Counts counts items by status.
type Counts struct {
	Proposed int `json:"proposed"`
	Accepted int `json:"accepted"`
	Rejected int `json:"rejected"`
}

func (c *Counts) add(s draft.Status) {
	switch s {
	case draft.Accepted:
		c.Accepted++
	case draft.Rejected:
		c.Rejected++
	default:
		c.Proposed++
	}
}

// List returns the drafts in the folder, by name.
func (f Folder) List() ([]Summary, error) {
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		return nil, entities.Errorf(entities.EUNAVAILABLE, "cannot read the drafts folder: %v", err)
	}
	out := []Summary{}
	for _, e := range entries {
		if !e.IsDir() || !entities.ValidNewSourceID(e.Name()) {
			continue
		}
		if _, err := os.Stat(filepath.Join(f.Dir, e.Name(), draft.ReviewFile)); err != nil {
			continue
		}
		p, err := f.Read(e.Name())
		if err != nil {
			out = append(out, Summary{ID: e.Name(), Problem: entities.ErrorMessage(err)})
			continue
		}
		out = append(out, summarize(e.Name(), p))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func summarize(id string, p *draft.Pack) Summary {
	s := Summary{ID: id, Source: p.Source.ID, Title: p.Source.Title, Published: p.Source.Published}
	for _, m := range p.Draft.Mentions {
		s.Mentions.add(m.Status)
	}
	for _, c := range p.Draft.Entities {
		s.Entities.add(c.Status)
	}
	for _, r := range p.Draft.Relationships {
		s.Relationships.add(r.Status)
	}
	return s
}

// Path is the folder of the draft named id; EINVALID for a name that is not
// one folder name.
func (f Folder) Path(id string) (string, error) {
	if !entities.ValidNewSourceID(id) {
		return "", entities.Errorf(entities.EINVALID, "draft %q: a draft is named by its folder: lower-case letters, digits, '.', '_' and '-'", id)
	}
	return filepath.Join(f.Dir, id), nil
}

// Read reads the draft named id: ENOTFOUND when the folder has none by that
// name, EINVALID when it cannot be read as a draft.
func (f Folder) Read(id string) (*draft.Pack, error) {
	dir, err := f.Path(id)
	if err != nil {
		return nil, err
	}
	return ReadDir(dir, id)
}

// ReadDir reads the draft in dir, naming it id in errors.
func ReadDir(dir, id string) (*draft.Pack, error) {
	if _, err := os.Stat(filepath.Join(dir, draft.ReviewFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, entities.Errorf(entities.ENOTFOUND, "no draft %q: %s has no %s", id, dir, draft.ReviewFile)
	}
	p, err := draft.Read(dir)
	if err != nil {
		return nil, entities.Errorf(entities.EINVALID, "draft %q cannot be read: %v", id, err)
	}
	return p, nil
}

// Save writes the draft back into the folder named id.
func (f Folder) Save(id string, p *draft.Pack) error {
	dir, err := f.Path(id)
	if err != nil {
		return err
	}
	if err := draft.Write(dir, p); err != nil {
		return entities.Errorf(entities.EUNAVAILABLE, "cannot write draft %q: %v", id, err)
	}
	return nil
}

package review

import (
	"context"
	"os"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

// Graph is the store a review reads and reloads: the graph now (Export, for
// the preview; Entity, to resolve ids) and its all-or-nothing Replace.
type Graph interface {
	entities.Exporter
	entities.Writer
	Entity(ctx context.Context, id string) (*entities.EntityDetail, error)
}

// Service reviews the drafts of one folder against one seed folder and the
// graph loaded from it. Changes are serialized: two reviewers' writes never
// interleave, and a preview never sees half an apply.
type Service struct {
	drafts  Folder
	seedDir string
	graph   Graph
	mu      sync.Mutex
}

// NewService reviews the drafts in draftsDir; applying one writes its pack into
// seedDir and reloads graph from seedDir.
func NewService(draftsDir, seedDir string, graph Graph) *Service {
	return &Service{drafts: Folder{Dir: draftsDir}, seedDir: seedDir, graph: graph}
}

// View is one draft as the page shows it: its source, its text, and the draft
// itself with the field names of draft.review.
type View struct {
	ID     string         `json:"id"`
	Source map[string]any `json:"source"`
	Text   string         `json:"text"`
	Draft  map[string]any `json:"draft"`
}

// Applied is what an apply wrote and what it changed.
type Applied struct {
	Pack    string   `json:"pack"` // the pack folder in the seed
	Preview *Preview `json:"changes"`
}

// List lists the drafts.
func (s *Service) List(ctx context.Context) ([]Summary, error) { return s.drafts.List() }

// Get returns the draft named id.
func (s *Service) Get(ctx context.Context, id string) (*View, error) {
	p, err := s.drafts.Read(id)
	if err != nil {
		return nil, err
	}
	return view(id, p)
}

// Edit changes one item of the draft and saves it; it returns the draft as it
// now stands.
func (s *Service) Edit(ctx context.Context, id, item string, c Change) (*View, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.drafts.Read(id)
	if err != nil {
		return nil, err
	}
	if err := Edit(ctx, p.Draft, item, c, s.lookup); err != nil {
		return nil, err
	}
	if err := s.drafts.Save(id, p); err != nil {
		return nil, err
	}
	return view(id, p)
}

// Preview says what applying the draft would change, without changing it.
func (s *Service) Preview(ctx context.Context, id string) (*Preview, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, pf, after, err := s.check(id)
	if err != nil {
		return nil, err
	}
	return s.diff(ctx, pf, after)
}

// Apply writes the draft's pack into the seed and reloads the graph, all or
// nothing; it returns what changed.
func (s *Service) Apply(ctx context.Context, id string) (*Applied, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, pf, after, err := s.check(id)
	if err != nil {
		return nil, err
	}
	changes, err := s.diff(ctx, pf, after)
	if err != nil {
		return nil, err
	}
	reload := func(ctx context.Context) error {
		_, _, err := loader.Load(ctx, os.DirFS(s.seedDir), s.graph)
		return refused(err)
	}
	if err := Place(ctx, s.seedDir, pf, reload); err != nil {
		return nil, err
	}
	return &Applied{Pack: pf.Folder, Preview: changes}, nil
}

func (s *Service) check(id string) (*draft.Pack, *PackFiles, *entities.Dataset, error) {
	p, err := s.drafts.Read(id)
	if err != nil {
		return nil, nil, nil, err
	}
	pf, err := Pack(p)
	if err != nil {
		return nil, nil, nil, err
	}
	after, err := Check(os.DirFS(s.seedDir), pf)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, pf, after, nil
}

func (s *Service) diff(ctx context.Context, pf *PackFiles, after *entities.Dataset) (*Preview, error) {
	changes, err := Diff(ctx, s.graph, after)
	if err != nil {
		return nil, err
	}
	changes.Pack, changes.Statements = pf.Folder, string(pf.Files[draft.StatementsFile])
	return changes, nil
}

func (s *Service) lookup(ctx context.Context, id string) (*entities.Entity, error) {
	d, err := s.graph.Entity(ctx, id)
	if err != nil {
		return nil, err
	}
	return &d.Entity, nil
}

// view gives the draft the field names of its file: the YAML is decoded into
// plain maps, which encode to JSON as they are, so the API cannot drift from
// the format.
func view(id string, p *draft.Pack) (*View, error) {
	v := &View{ID: id, Text: string(p.Text)}
	for _, f := range []struct {
		from any
		to   *map[string]any
	}{{p.Source, &v.Source}, {p.Draft, &v.Draft}} {
		data, err := yaml.Marshal(f.from)
		if err != nil {
			return nil, err
		}
		if err := yaml.Unmarshal(data, f.to); err != nil {
			return nil, err
		}
	}
	return v, nil
}

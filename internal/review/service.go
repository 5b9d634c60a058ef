package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/audit"
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
	trail   Recorder // nil: no audit trail
	now     func() time.Time
	mu      sync.Mutex
}

// Recorder keeps the audit trail: internal/audit.Log. Append must have made
// the entry durable when it returns nil.
type Recorder interface {
	Append(e audit.Entry) error
}

// NewService reviews the drafts in draftsDir; applying one writes its pack into
// seedDir and reloads graph from seedDir.
func NewService(draftsDir, seedDir string, graph Graph) *Service {
	return &Service{drafts: Folder{Dir: draftsDir}, seedDir: seedDir, graph: graph, now: time.Now}
}

// RecordingTo makes every write of s append to trail: an edit, accept,
// reject, apply or revert whose entry cannot be appended is not made. It
// returns s.
func (s *Service) RecordingTo(trail Recorder) *Service {
	s.trail = trail
	return s
}

// record appends one entry for the write ctx's user makes, before the write
// is acknowledged, so that nothing acknowledged is missing from the trail. A
// draft's edit is recorded before it is saved (if the save then fails, the
// trail holds an entry for a write the client was told failed, never the
// reverse); a change of the seed, once the graph has taken it and before the
// journal lets it go (journal.go), so that its entry is what decides, after a
// crash, whether it stands.
func (s *Service) record(ctx context.Context, e audit.Entry) error {
	if s.trail == nil {
		return nil
	}
	u, ok := entities.UserFrom(ctx)
	if !ok {
		return entities.Errorf(entities.EINTERNAL, "a write with no user cannot be audited")
	}
	e.User, e.Time = u.Name, s.now()
	if e.RequestID == "" { // a seed change names its own (journal.go)
		e.RequestID = audit.RequestIDFrom(ctx)
	}
	if err := s.trail.Append(e); err != nil {
		return fmt.Errorf("%w: %v", entities.Errorf(entities.EUNAVAILABLE,
			"the audit trail could not be written, so nothing was changed; retry later, and tell the server's operator (its log says why)"), err)
	}
	return nil
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
	Pack    string           `json:"pack"` // the pack folder in the seed
	Applied entities.Applied `json:"applied"`
	Preview *Preview         `json:"changes"`
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
	before, err := itemJSON(p.Draft, item)
	if err != nil {
		return nil, err
	}
	if err := Edit(ctx, p.Draft, item, c, s.lookup); err != nil {
		return nil, err
	}
	s.stamp(ctx, p.Draft, item, c)
	after, err := itemJSON(p.Draft, item)
	if err != nil {
		return nil, err
	}
	if err := s.record(ctx, audit.Entry{Action: editAction(c), Draft: id, Item: item, Before: before, After: after}); err != nil {
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
// The pack.yaml it writes records who applied it and when, and the apply is
// appended to the audit log (see journal.go for the order of the steps).
func (s *Service) Apply(ctx context.Context, id string) (*Applied, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, pf, after, err := s.check(id)
	if err != nil {
		return nil, err
	}
	changes, err := s.diff(ctx, pf, after)
	if err != nil {
		return nil, err
	}
	stamp := entities.Applied{By: actor(ctx), At: s.now().UTC()}
	if pf, err = PackApplied(p, stamp); err != nil {
		return nil, err
	}
	seed := os.DirFS(s.seedDir)
	if _, err := Check(seed, pf); err != nil {
		return nil, err
	}
	statements, err := json.Marshal(changes)
	if err != nil {
		return nil, err
	}
	c := change{Action: audit.ActionPackApply, Pack: pf.Folder, Folder: pf.Folder, RequestID: requestID(ctx)}
	entry := audit.Entry{Action: c.Action, Draft: id, Pack: pf.Folder, After: statements, RequestID: c.RequestID}
	if err := s.commit(ctx, c, pf.Files, entry); err != nil {
		return nil, err
	}
	return &Applied{Pack: pf.Folder, Applied: stamp, Preview: changes}, nil
}

// commit makes change c of the seed, reloads the graph and appends entry to
// the log, in the steps journal.go lists; on an error the seed and the graph
// are as they were.
func (s *Service) commit(ctx context.Context, c change, files map[string][]byte, entry audit.Entry) error {
	if _, ok := entities.UserFrom(ctx); s.trail != nil && !ok {
		return entities.Errorf(entities.EINTERNAL, "a write with no user cannot be audited")
	}
	j := journal{seed: s.seedDir}
	c.Began, c.By = s.now().UTC(), actor(ctx)
	if err := j.begin(c, files); err != nil {
		if errors.Is(err, errPending) {
			return entities.Errorf(entities.EUNAVAILABLE, "%v", err)
		}
		_ = j.end()
		return entities.Errorf(entities.EUNAVAILABLE, "cannot write into the seed folder: %v", err)
	}
	faultPoint("begun")
	if err := j.swap(c); err != nil {
		if uerr := j.undo(c); uerr != nil {
			return entities.Errorf(entities.EUNAVAILABLE, "cannot change the seed folder (%v), nor put it back (%v): restart the server to recover", err, uerr)
		}
		return entities.Errorf(entities.EUNAVAILABLE, "cannot change the seed folder: %v", err)
	}
	faultPoint("swapped")
	if err := s.reload(ctx); err != nil {
		if uerr := j.undo(c); uerr != nil {
			return entities.Errorf(entities.EUNAVAILABLE, "the graph did not reload (%v), and the seed folder cannot be put back (%v): restart the server to recover", err, uerr)
		}
		return err
	}
	faultPoint("reloaded")
	if err := s.record(ctx, entry); err != nil {
		// Not recorded, so not done: the seed and the graph go back.
		uerr := j.undo(c)
		if uerr == nil {
			uerr = s.reload(context.WithoutCancel(ctx))
		}
		if uerr != nil {
			return entities.Errorf(entities.EUNAVAILABLE, "the audit trail refused the entry (%v), and undoing the change failed (%v): restart the server to recover", err, uerr)
		}
		return err
	}
	faultPoint("logged")
	// Done, and recorded: a journal left behind is finished by the next start.
	_ = j.finish(c)
	return nil
}

// reload loads the seed folder on disk into the graph, all or nothing.
func (s *Service) reload(ctx context.Context) error {
	_, _, err := loader.Load(ctx, os.DirFS(s.seedDir), s.graph)
	return refused(err)
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

// editAction names an edit for the trail: a change of status alone is an
// accept or a reject; anything else (a resolve, a new type) is an edit.
func editAction(c Change) string {
	switch c {
	case Change{Status: draft.Accepted}:
		return audit.ActionItemAccept
	case Change{Status: draft.Rejected}:
		return audit.ActionItemReject
	}
	return audit.ActionItemEdit
}

// stamp records on the item who decided it and when, once its status is
// accepted or rejected; a proposed item carries neither.
func (s *Service) stamp(ctx context.Context, d *draft.Draft, id string, c Change) {
	_, it := findItem(d, id)
	if it == nil || c.Status == "" && c.Resolve == "" {
		return
	}
	it.By, it.At = "", ""
	if u, ok := entities.UserFrom(ctx); ok && it.Status != draft.Proposed {
		it.By, it.At = u.Name, s.now().UTC().Format(time.RFC3339)
	}
}

// itemJSON is the item with the given id as the trail records it: the field
// names of draft.review, in JSON; null when the draft has no such item.
func itemJSON(d *draft.Draft, id string) (json.RawMessage, error) {
	whole, _ := findItem(d, id)
	if whole == nil {
		return json.RawMessage("null"), nil
	}
	data, err := yaml.Marshal(whole)
	if err != nil {
		return nil, err
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// findItem finds the proposal (relationship, candidate or mention) with the
// given id, and the Item it carries; nil, nil when none has it.
func findItem(d *draft.Draft, id string) (any, *draft.Item) {
	for i := range d.Relationships {
		if r := &d.Relationships[i]; r.ID == id {
			return r, &r.Item
		}
	}
	for i := range d.Entities {
		if e := &d.Entities[i]; e.ID == id {
			return e, &e.Item
		}
	}
	for i := range d.Mentions {
		if m := &d.Mentions[i]; m.ID == id {
			return m, &m.Item
		}
	}
	return nil, nil
}

package review

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/history"
	"github.com/graphapi/graphapi/internal/loader"
)

// Reverting a pack takes its folder out of the seed and reloads the graph, the
// loader's merge deciding what stays: an entity or relationship another pack
// also states stays with that pack's evidence and claims, and loses the
// reverted pack's. A revert is refused while a statement of another pack names
// an entity only the reverted pack states: the other pack would be left
// pointing at nothing.

// Reverted is what a revert took out.
type Reverted struct {
	Pack    string   `json:"pack"`    // the pack's source id
	Folder  string   `json:"folder"`  // the folder it had in the seed
	Preview *Preview `json:"changes"` // what left the graph
	DryRun  bool     `json:"dry_run"` // nothing changed: the preview of a revert
}

// Dependant is a statement of another pack that names an entity only the
// pack to revert states.
type Dependant struct {
	Pack         string `json:"pack"`         // the other pack's source id
	Relationship string `json:"relationship"` // its statement
	Entity       string `json:"entity"`       // the entity it names
}

// DependedOn is the ECONFLICT refusing a revert that would leave other
// packs' statements without an end.
type DependedOn struct {
	Pack       string
	Dependants []Dependant
}

func (e *DependedOn) Error() string { return e.Unwrap().Error() }

// Unwrap makes the refusal an ECONFLICT for whoever answers it.
func (e *DependedOn) Unwrap() error {
	var names []string
	for _, d := range e.Dependants {
		names = append(names, fmt.Sprintf("%s (pack %s, on %s)", d.Relationship, d.Pack, d.Entity))
	}
	return entities.Errorf(entities.ECONFLICT, "pack %q cannot be reverted: other packs state relationships with entities only it introduces: %s; revert those packs first",
		e.Pack, strings.Join(names, ", "))
}

// RevertPreview says what reverting the pack (by its source id) would take
// out of the graph, without changing anything: ENOTFOUND for no such pack,
// ECONFLICT (a *DependedOn) when other packs depend on it.
func (s *Service) RevertPreview(ctx context.Context, pack string) (*Reverted, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	folder, pv, _, err := s.checkRevert(ctx, pack)
	if err != nil {
		return nil, err
	}
	return &Reverted{Pack: pack, Folder: folder, Preview: pv, DryRun: true}, nil
}

// Revert takes the pack out of the seed and reloads the graph without it, all
// or nothing, and records it in the audit log (see journal.go).
func (s *Service) Revert(ctx context.Context, pack string) (*Reverted, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	folder, pv, before, err := s.checkRevert(ctx, pack)
	if err != nil {
		return nil, err
	}
	c := change{Action: audit.ActionPackRevert, Pack: pack, Folder: folder, RequestID: requestID(ctx)}
	after, err := json.Marshal(pv)
	if err != nil {
		return nil, err
	}
	entry := audit.Entry{Action: c.Action, Pack: pack, Before: before, After: after, RequestID: c.RequestID}
	if err := s.commit(ctx, c, nil, entry); err != nil {
		return nil, err
	}
	return &Reverted{Pack: pack, Folder: folder, Preview: pv}, nil
}

// checkRevert finds the pack's folder, refuses a revert others depend on,
// loads the seed without it (in memory) and compares that with the graph. It
// returns the folder, the preview and the pack's files as the audit records
// them (its "before").
func (s *Service) checkRevert(ctx context.Context, pack string) (string, *Preview, json.RawMessage, error) {
	seed := os.DirFS(s.seedDir)
	packs, err := history.Packs(seed)
	if err != nil {
		return "", nil, nil, err
	}
	found, err := history.Find(packs, pack)
	if err != nil {
		return "", nil, nil, err
	}
	folder := found.Folder
	g, err := readGraph(ctx, s.graph)
	if err != nil {
		return "", nil, nil, err
	}
	if deps := g.dependants(pack); len(deps) > 0 {
		return "", nil, nil, &DependedOn{Pack: pack, Dependants: deps}
	}
	after, err := loader.ReadDir(history.Without(seed, folder))
	if err != nil {
		return "", nil, nil, refused(err)
	}
	pv := g.compare(after)
	pv.Pack = pack
	before, err := packContents(seed, folder)
	if err != nil {
		return "", nil, nil, err
	}
	return folder, pv, before, nil
}

// dependants lists the relationships that a pack other than pack states
// (its source in their evidence or claims) with an end that pack alone states.
func (g *graphNow) dependants(pack string) []Dependant {
	onlyBy := func(ev []entities.Evidence, cs []entities.Claim) bool {
		if len(ev) == 0 && len(cs) == 0 {
			return false
		}
		for _, e := range ev {
			if e.Source != pack {
				return false
			}
		}
		for _, c := range cs {
			if c.Source != pack {
				return false
			}
		}
		return true
	}
	var out []Dependant
	for _, r := range g.rels {
		for _, end := range []string{r.From, r.To} {
			e := g.entities[end]
			if e == nil || !onlyBy(e.Evidence, e.Claims) {
				continue
			}
			others := map[string]bool{}
			for _, ev := range r.Evidence {
				if ev.Source != pack {
					others[ev.Source] = true
				}
			}
			for other := range others {
				out = append(out, Dependant{Pack: other, Relationship: r.ID, Entity: end})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Pack+"\x00"+a.Relationship+"\x00"+a.Entity < b.Pack+"\x00"+b.Relationship+"\x00"+b.Entity
	})
	return out
}

// packContents is the pack's files as one JSON object of name: text, which the
// audit log keeps as what the revert took out.
func packContents(seed fs.FS, folder string) (json.RawMessage, error) {
	out := map[string]string{}
	err := fs.WalkDir(seed, folder, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(seed, p)
		out[strings.TrimPrefix(p, folder+"/")] = string(data)
		return err
	})
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

// requestID is the id of the request the change is made for, which the audit
// entry and the journal share; a change made outside a request gets one.
func requestID(ctx context.Context) string {
	if id := audit.RequestIDFrom(ctx); id != "" {
		return id
	}
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// actor is who the change is made for.
func actor(ctx context.Context) string {
	if u, ok := entities.UserFrom(ctx); ok && u.Name != "" {
		return u.Name
	}
	return UnnamedUser
}

// UnnamedUser is whom a change is recorded for when the request carries no
// signed-in user (a server guarded by one write token).
const UnnamedUser = "unnamed"

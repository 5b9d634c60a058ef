// Package history is the graph's past by pack: which packs a seed folder holds
// and when each entered (entities.History states the order), and the graph as
// it stood at a moment, built from the packs known then (entities.KnownAt) on
// the embedded store, whichever store serves the present.
package history

import (
	"container/list"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

// Pack is one pack folder at the top of a seed.
type Pack struct {
	Folder  string
	Source  string            // its source's id
	Applied *entities.Applied // nil: it entered with the seed
	stamp   time.Time         // pack.yaml's modification time, to tell an edited pack
}

// Packs lists the pack folders at the top of seed, by folder name. Its
// pack.yaml is read for the source id and the applied: record only; the
// loader checks the rest.
func Packs(seed fs.FS) ([]Pack, error) {
	entries, err := fs.ReadDir(seed, ".")
	if err != nil {
		return nil, entities.Errorf(entities.EUNAVAILABLE, "cannot read the seed folder: %v", err)
	}
	var out []Pack
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		name := path.Join(e.Name(), "pack.yaml")
		data, err := fs.ReadFile(seed, name)
		if err != nil {
			continue // not a pack
		}
		var head struct {
			Source struct {
				ID string `yaml:"id"`
			} `yaml:"source"`
			Applied *struct {
				By string `yaml:"by"`
				At string `yaml:"at"`
			} `yaml:"applied"`
		}
		if err := yaml.Unmarshal(data, &head); err != nil {
			return nil, entities.Errorf(entities.EINVALID, "%s: %v", name, err)
		}
		p := Pack{Folder: e.Name(), Source: head.Source.ID}
		if head.Applied != nil {
			at, err := time.Parse(time.RFC3339, head.Applied.At)
			if err != nil {
				return nil, entities.Errorf(entities.EINVALID, "%s: applied: at: %q is not a time like 2006-01-02T15:04:05Z", name, head.Applied.At)
			}
			p.Applied = &entities.Applied{By: head.Applied.By, At: at.UTC()}
		}
		if info, err := fs.Stat(seed, name); err == nil {
			p.stamp = info.ModTime()
		}
		out = append(out, p)
	}
	return out, nil
}

// Find returns the pack whose source is id: ENOTFOUND when none is.
func Find(packs []Pack, id string) (Pack, error) {
	for _, p := range packs {
		if p.Source == id {
			return p, nil
		}
	}
	return Pack{}, entities.Errorf(entities.ENOTFOUND, "no pack %q in the seed folder: give a source id that GET /api/v1/history lists", id)
}

// Without is seed without the folders named, at its top.
func Without(seed fs.FS, folders ...string) fs.FS {
	return hiding{base: seed, folders: folders}
}

type hiding struct {
	base    fs.FS
	folders []string
}

func (h hiding) hidden(name string) bool {
	top, _, _ := strings.Cut(name, "/")
	return slices.Contains(h.folders, top)
}

func (h hiding) Open(name string) (fs.File, error) {
	if h.hidden(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := h.base.Open(name)
	if err != nil || name != "." {
		return f, err
	}
	dir, ok := f.(fs.ReadDirFile)
	if !ok {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return hidingDir{ReadDirFile: dir, h: h}, nil
}

// hidingDir is the seed's root, listed without the hidden folders.
type hidingDir struct {
	fs.ReadDirFile
	h hiding
}

func (d hidingDir) ReadDir(n int) ([]fs.DirEntry, error) {
	for {
		entries, err := d.ReadDirFile.ReadDir(n)
		kept := slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return slices.Contains(d.h.folders, e.Name()) })
		if len(kept) > 0 || err != nil || n <= 0 {
			return kept, err
		}
	}
}

func (h hiding) ReadDir(name string) ([]fs.DirEntry, error) {
	if h.hidden(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := fs.ReadDir(h.base, name)
	if err != nil || name != "." {
		return entries, err
	}
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return slices.Contains(h.folders, e.Name()) }), nil
}

var _ fs.ReadDirFS = hiding{}

// Known answers as_known: the graph as it stood at a moment, from the seed
// folder on disk. The graphs of the last few sets of packs asked for are kept,
// so that a page reading one day pays the load once.
type Known struct {
	seedDir string
	limits  entities.Limits
	keep    int

	mu    sync.Mutex
	order *list.List               // of *known, the most recently used first
	byKey map[string]*list.Element // by the set of packs a graph holds
}

type known struct {
	key   string
	ready chan struct{} // closed once store or err is set
	store *memstore.Store
	err   error
}

// NewKnown answers as_known from the seed folder seedDir, keeping the graphs
// of up to keep sets of packs (at least one).
func NewKnown(seedDir string, limits entities.Limits, keep int) *Known {
	return &Known{seedDir: seedDir, limits: limits, keep: max(keep, 1), order: list.New(), byKey: map[string]*list.Element{}}
}

// At returns the graph as it stood at t: the seed with only the packs known
// then (entities.KnownAt). live, when not nil, answers instead when every
// pack of the seed was known at t: the graph now is that graph.
func (k *Known) At(ctx context.Context, t time.Time, live entities.Store) (entities.Store, error) {
	seed := os.DirFS(k.seedDir)
	packs, err := Packs(seed)
	if err != nil {
		return nil, err
	}
	var hide []string
	var key strings.Builder
	for _, p := range packs {
		if !entities.KnownAt(p.Applied, t) {
			hide = append(hide, p.Folder)
			continue
		}
		fmt.Fprintf(&key, "%s@%d\n", p.Folder, p.stamp.UnixNano())
	}
	if len(hide) == 0 && live != nil {
		return live, nil
	}
	return k.graph(ctx, key.String(), Without(seed, hide...))
}

// graph returns the cached graph of key, building it from seed when missing;
// one build per key at a time, the others waiting for it.
func (k *Known) graph(ctx context.Context, key string, seed fs.FS) (entities.Store, error) {
	k.mu.Lock()
	if el, ok := k.byKey[key]; ok {
		k.order.MoveToFront(el)
		g := el.Value.(*known)
		k.mu.Unlock()
		select {
		case <-g.ready:
		case <-ctx.Done():
			return nil, entities.ContextError(ctx)
		}
		return g.store, g.err
	}
	g := &known{key: key, ready: make(chan struct{})}
	k.byKey[key] = k.order.PushFront(g)
	for k.order.Len() > k.keep {
		last := k.order.Back()
		k.order.Remove(last)
		delete(k.byKey, last.Value.(*known).key)
	}
	k.mu.Unlock()

	mem := memstore.NewWithLimits(k.limits)
	_, _, err := loader.Load(context.WithoutCancel(ctx), seed, mem)
	g.store = mem
	if err != nil {
		g.err = entities.Errorf(entities.ECONFLICT, "the seed folder with only the packs known then does not load: %s", loaderMessage(err))
		g.store = nil
		k.mu.Lock()
		if el, ok := k.byKey[key]; ok && el.Value == g {
			k.order.Remove(el)
			delete(k.byKey, key)
		}
		k.mu.Unlock()
	}
	close(g.ready)
	return g.store, g.err
}

// loaderMessage is the loader's problems, or the message of another error.
func loaderMessage(err error) string {
	if entities.ErrorCode(err) != entities.EINTERNAL {
		return entities.ErrorMessage(err)
	}
	return err.Error()
}

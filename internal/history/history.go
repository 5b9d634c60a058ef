// Package history is the graph's past by pack: which packs a seed folder holds
// and when each entered (entities.History states the order), and the graph as
// it stood at a moment, built from the packs known then (entities.KnownAt) on
// the embedded store, whichever store serves the present.
package history

import (
	"container/list"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
)

// Pack is one pack folder of a seed.
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
		if _, err := fs.Stat(seed, path.Join(e.Name(), "pack.yaml")); err != nil {
			continue // not a pack
		}
		p, err := readPack(seed, e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, nil
}

// readPack reads the head of the pack in dir.
func readPack(seed fs.FS, dir string) (*Pack, error) {
	name := path.Join(dir, "pack.yaml")
	data, err := fs.ReadFile(seed, name)
	if err != nil {
		return nil, entities.Errorf(entities.EUNAVAILABLE, "cannot read %s: %v", name, err)
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
	p := &Pack{Folder: dir, Source: head.Source.ID}
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
	return p, nil
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
	return view{base: seed, hide: folders}
}

// view is a seed with some of its top folders hidden and retired pack folders
// shown in their place, by their folder names: the seed as it stood at a
// moment.
type view struct {
	base  fs.FS
	hide  []string
	mount map[string]string // folder name → its retired folder in base
}

// resolve is where name lies in base; ok is false for a hidden folder.
func (v view) resolve(name string) (string, bool) {
	top, rest, _ := strings.Cut(name, "/")
	if dir, ok := v.mount[top]; ok {
		return path.Join(dir, rest), true
	}
	return name, !slices.Contains(v.hide, top)
}

func (v view) Open(name string) (fs.File, error) {
	at, ok := v.resolve(name)
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := v.base.Open(at)
	if err != nil || name != "." {
		return f, err
	}
	entries, err := v.ReadDir(".")
	if err != nil {
		f.Close()
		return nil, err
	}
	return &viewRoot{File: f, entries: entries}, nil
}

func (v view) ReadDir(name string) ([]fs.DirEntry, error) {
	at, ok := v.resolve(name)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := fs.ReadDir(v.base, at)
	if err != nil || name != "." {
		return entries, err
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool {
		_, mounted := v.mount[e.Name()]
		return mounted || slices.Contains(v.hide, e.Name())
	})
	for folder, dir := range v.mount {
		info, err := fs.Stat(v.base, dir)
		if err != nil {
			return nil, err
		}
		entries = append(entries, fs.FileInfoToDirEntry(renamed{info, folder}))
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// renamed is a retired folder's info under the name it had in the seed.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// viewRoot is the root of a view, listed as the view lists it.
type viewRoot struct {
	fs.File
	entries []fs.DirEntry
}

func (d *viewRoot) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	k := min(n, len(d.entries))
	out := d.entries[:k]
	d.entries = d.entries[k:]
	return out, nil
}

var _ fs.ReadDirFS = view{}

// Retired pack folders: a pack reverted, or the version of a pack that an
// apply replaced, leaves the seed for RetiredDir (hidden from the loader by its
// dot), as RetiredName, beside its record RetiredName+".json" (a Retirement),
// so that as_known can show the graph as it stood while the pack was in.
const RetiredDir = ".graphapi-retired"

// RetiredName is the folder a pack folder retires into, in RetiredDir.
func RetiredName(folder string, at time.Time) string {
	return folder + "@" + strconv.FormatInt(at.UnixNano(), 10)
}

// Retirement is who took a pack folder out of the seed, when, and how
// (pack.revert, or pack.apply for a version replaced).
type Retirement struct {
	Action string    `json:"action"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// retired is one retired pack folder.
type retired struct {
	Pack
	dir     string // its folder under RetiredDir, in the seed
	retired Retirement
}

// retiredPacks lists the retired pack folders of seed, oldest retirement
// first.
func retiredPacks(seed fs.FS) ([]retired, error) {
	entries, err := fs.ReadDir(seed, RetiredDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, entities.Errorf(entities.EUNAVAILABLE, "cannot read %s: %v", RetiredDir, err)
	}
	var out []retired
	for _, e := range entries {
		folder, _, ok := strings.Cut(e.Name(), "@")
		if !e.IsDir() || !ok {
			continue
		}
		dir := path.Join(RetiredDir, e.Name())
		data, err := fs.ReadFile(seed, dir+".json")
		if err != nil {
			return nil, entities.Errorf(entities.EUNAVAILABLE, "%s has no record %s.json: %v", dir, dir, err)
		}
		var r retired
		if err := json.Unmarshal(data, &r.retired); err != nil {
			return nil, entities.Errorf(entities.EINVALID, "%s.json: %v", dir, err)
		}
		p, err := readPack(seed, dir)
		if err != nil {
			return nil, err
		}
		r.Pack, r.dir = *p, dir
		r.Folder = folder
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b retired) int { return a.retired.At.Compare(b.retired.At) })
	return out, nil
}

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
	gone, err := retiredPacks(seed)
	if err != nil {
		return nil, err
	}
	v := view{base: seed, mount: map[string]string{}}
	in := map[string]bool{}
	var key strings.Builder
	for _, p := range packs {
		if !entities.KnownAt(p.Applied, t) {
			v.hide = append(v.hide, p.Folder)
			continue
		}
		in[p.Folder] = true
		fmt.Fprintf(&key, "%s@%d\n", p.Folder, p.stamp.UnixNano())
	}
	// A retired folder was in the graph from its apply until it retired; of
	// the versions of one folder then in, the earliest retired is the one
	// that stood at t.
	for _, r := range gone {
		if entities.KnownAt(r.Applied, t) && t.Before(r.retired.At) && !in[r.Folder] {
			in[r.Folder] = true
			v.mount[r.Folder] = r.dir
			fmt.Fprintf(&key, "%s\n", r.dir)
		}
	}
	if len(v.hide) == 0 && len(v.mount) == 0 && live != nil {
		return live, nil
	}
	return k.graph(ctx, key.String(), v)
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

// loaderMessage is the loader's problems, each at its file:line, or the
// message of another error.
func loaderMessage(err error) string {
	var ps loader.Problems
	if errors.As(err, &ps) {
		return ps.Error()
	}
	return entities.ErrorMessage(err)
}

package review

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/graphapi/graphapi/internal/draft"
)

// Reload loads the seed folder on disk into the graph, all or nothing: on an
// error the graph must hold what it held before.
type Reload func(ctx context.Context) error

// Place writes the pack folder into seedDir after Check has passed, then calls
// reload (when not nil). If reload fails, the files are put back as they were
// (the folder removed if Place made it), so the seed on disk and the graph
// still agree; the error is reload's.
func Place(ctx context.Context, seedDir string, pf *PackFiles, reload Reload) error {
	if _, err := Check(os.DirFS(seedDir), pf); err != nil {
		return err
	}
	dir := filepath.Join(seedDir, pf.Folder)
	undo, err := writeFiles(dir, pf.Files)
	if err != nil {
		undo()
		return fmt.Errorf("writing the pack into %s: %w", dir, err)
	}
	if reload == nil {
		return nil
	}
	if err := reload(ctx); err != nil {
		undo()
		return err
	}
	return nil
}

// writeFiles writes each file whole (draft.WriteFile) and returns what puts the folder back as it was.
func writeFiles(dir string, files map[string][]byte) (undo func(), err error) {
	var steps []func()
	undo = func() {
		for i := len(steps) - 1; i >= 0; i-- {
			steps[i]()
		}
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return undo, err
		}
		steps = append(steps, func() { os.RemoveAll(dir) })
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(dir, name)
		old, readErr := os.ReadFile(target)
		switch {
		case readErr == nil:
			steps = append(steps, func() { draft.WriteFile(target, old) })
		case errors.Is(readErr, fs.ErrNotExist):
			steps = append(steps, func() { os.Remove(target) })
		default:
			return undo, readErr
		}
		if err := draft.WriteFile(target, files[name]); err != nil {
			return undo, err
		}
	}
	return undo, nil
}

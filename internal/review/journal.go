package review

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/history"
)

// A change of the seed folder (an apply puts a pack folder in, a revert takes
// one out) must leave the seed, the graph and the audit log agreeing even when
// the server is killed half-way. Each change goes through a journal folder in
// the seed, hidden from the loader by its leading dot:
//
//  1. the new pack's files are written into pendingDir/new/FOLDER (apply) and
//     the intent into pendingDir/change.json, synced: nothing in the seed has
//     changed yet;
//  2. the seed's FOLDER, if any, is renamed to pendingDir/old/FOLDER, and the
//     new one renamed into its place (apply): the seed has changed;
//  3. the graph is reloaded from the seed, all or nothing;
//  4. the change is appended to the audit log, synced: the change is done;
//  5. the folder set aside in 2 (the pack reverted, or the version an apply
//     replaced) is retired into history.RetiredDir with who retired it and
//     when, for as_known; pendingDir is removed, and the request answered.
//
// An error in 2-4 puts the files back (and, after 3, reloads the graph as it
// was). A server killed before 5 finds pendingDir when it starts (Recover):
// if the log holds the change's request id the change is kept, otherwise it
// is undone; then the graph is reloaded from the seed. The log entry is
// appended after the reload, not before, so that it never records a change the
// graph could not take.
const pendingDir = ".graphapi-pending"

// change is the journal's record of one change in flight.
type change struct {
	Action    string `json:"action"` // audit.ActionPackApply or audit.ActionPackRevert
	Pack      string `json:"pack"`   // the pack's source id
	Folder    string `json:"folder"` // its folder in the seed
	RequestID string `json:"request_id"`
	// Began is when the change began: a log entry with its request id from
	// before then is another change's (a client may reuse an id).
	Began time.Time `json:"began"`
	By    string    `json:"by"` // who makes it
}

var errPending = errors.New("a change of the seed is pending")

type journal struct{ seed string }

func (j journal) dir() string                 { return filepath.Join(j.seed, pendingDir) }
func (j journal) staged(folder string) string { return filepath.Join(j.dir(), "new", folder) }
func (j journal) aside(folder string) string  { return filepath.Join(j.dir(), "old", folder) }
func (j journal) live(folder string) string   { return filepath.Join(j.seed, folder) }

// begin records c (step 1), after files, when not nil, are written as the new
// pack folder. It refuses when another change is pending.
func (j journal) begin(c change, files map[string][]byte) error {
	if _, err := os.Stat(j.dir()); err == nil {
		return fmt.Errorf("%w in %s: restart the server to finish or undo it", errPending, j.dir())
	}
	for _, d := range []string{filepath.Join(j.dir(), "new"), filepath.Join(j.dir(), "old")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if files != nil {
		if _, err := writeFiles(j.staged(c.Folder), files); err != nil {
			return err
		}
	}
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := writeSynced(filepath.Join(j.dir(), "change.json"), data); err != nil {
		return err
	}
	return syncDir(j.dir())
}

// swap makes the change in the seed (step 2).
func (j journal) swap(c change) error {
	if _, err := os.Stat(j.live(c.Folder)); err == nil {
		if err := os.Rename(j.live(c.Folder), j.aside(c.Folder)); err != nil {
			return err
		}
	}
	if c.Action == audit.ActionPackApply {
		if err := os.Rename(j.staged(c.Folder), j.live(c.Folder)); err != nil {
			return err
		}
	}
	return syncDir(j.seed)
}

// undo puts the seed back as it was before c, whichever step it reached.
func (j journal) undo(c change) error {
	if c.Action == audit.ActionPackApply {
		if _, err := os.Stat(j.staged(c.Folder)); errors.Is(err, fs.ErrNotExist) {
			// The staged folder is gone: it is the live one now.
			if err := os.RemoveAll(j.live(c.Folder)); err != nil {
				return err
			}
		}
	}
	if _, err := os.Stat(j.aside(c.Folder)); err == nil {
		if err := os.Rename(j.aside(c.Folder), j.live(c.Folder)); err != nil {
			return err
		}
	}
	if err := syncDir(j.seed); err != nil {
		return err
	}
	return j.end()
}

// finish retires the folder c set aside, if any, and ends the journal (step
// 5). Run again after a crash it does what is left: the record is written
// before the folder moves beside it.
func (j journal) finish(c change) error {
	aside := j.aside(c.Folder)
	if _, err := os.Stat(aside); err == nil {
		record, err := json.Marshal(history.Retirement{Action: c.Action, By: c.By, At: c.Began})
		if err != nil {
			return err
		}
		retired := filepath.Join(j.seed, history.RetiredDir)
		if err := os.MkdirAll(retired, 0o755); err != nil {
			return err
		}
		to := filepath.Join(retired, history.RetiredName(c.Folder, c.Began))
		if err := writeSynced(to+".json", record); err != nil {
			return err
		}
		if err := os.Rename(aside, to); err != nil {
			return err
		}
		if err := syncDir(retired); err != nil {
			return err
		}
	}
	return j.end()
}

// end removes the journal (step 5, or after undo).
func (j journal) end() error {
	if err := os.RemoveAll(j.dir()); err != nil {
		return err
	}
	return syncDir(j.seed)
}

// pending reads the change in flight: nil when there is none. A journal folder
// without its change.json was left before step 1 ended: nothing changed.
func (j journal) pending() (*change, error) {
	data, err := os.ReadFile(filepath.Join(j.dir(), "change.json"))
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(j.dir()); err == nil {
			return nil, j.end()
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c change
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(j.dir(), "change.json"), err)
	}
	return &c, nil
}

// Recover finishes or undoes a change of seedDir that a killed server left
// pending: kept when the audit log at auditFile ("": no log) holds its request
// id, undone otherwise. It reports whether there was one, in which case the
// graph must be reloaded from the seed. serve calls it before it loads the
// seed.
func Recover(seedDir, auditFile string) (bool, error) {
	j := journal{seed: seedDir}
	c, err := j.pending()
	if err != nil || c == nil {
		return false, err
	}
	done := false
	if auditFile != "" {
		entries, err := audit.ReadFile(auditFile, audit.Filter{Pack: c.Pack})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		for _, e := range entries {
			done = done || (e.RequestID == c.RequestID && e.Action == c.Action && !e.Time.Before(c.Began))
		}
	}
	if done {
		return true, j.finish(*c)
	}
	return true, j.undo(*c)
}

func writeSynced(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Package audit is the append-only trail of every write to the graph: one JSON
// line per write, fsync'd before the write is acknowledged. A line torn by a
// crash is reported, never silently dropped.
package audit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
)

// Entry is one write: who, what, when, and the statements before and after.
type Entry struct {
	Time      time.Time       `json:"time"`
	User      string          `json:"user"`
	Action    string          `json:"action"` // one of the Action* constants
	Draft     string          `json:"draft,omitempty"`
	Pack      string          `json:"pack,omitempty"`
	Item      string          `json:"item,omitempty"`
	Before    json.RawMessage `json:"before,omitempty"` // the statements before
	After     json.RawMessage `json:"after,omitempty"`  // and after
	RequestID string          `json:"request_id,omitempty"`
}

// The actions an entry records.
const (
	ActionItemEdit   = "item.edit"
	ActionItemAccept = "item.accept"
	ActionItemReject = "item.reject"
	ActionPackApply  = "pack.apply"
	ActionPackRevert = "pack.revert"
	ActionUserAdd    = "user.add"
	ActionUserRemove = "user.remove"
)

// Actions lists every action, in the order above.
var Actions = []string{ActionItemEdit, ActionItemAccept, ActionItemReject, ActionPackApply, ActionPackRevert, ActionUserAdd, ActionUserRemove}

// Filter selects entries: each set field must match (Since: at or after).
type Filter struct {
	User, Pack string
	Since      time.Time
}

func (f Filter) match(e Entry) bool {
	return (f.User == "" || e.User == f.User) &&
		(f.Pack == "" || e.Pack == f.Pack) &&
		(f.Since.IsZero() || !e.Time.Before(f.Since))
}

// TornError is a log whose last line is incomplete: a crash during an append
// left bytes with no newline, or a line that is not an entry. Nothing after
// Offset was acknowledged; Repair moves those bytes aside.
type TornError struct {
	File   string
	Offset int64 // where the torn line begins
	Bytes  int64 // how long it is
}

func (e *TornError) Error() string {
	return fmt.Sprintf("%s: the last line (byte offset %d, %d bytes) is torn, likely by a crash during a write; "+
		"nothing after offset %d was acknowledged: run `graphapi audit --repair %s` to move it to %s.torn",
		e.File, e.Offset, e.Bytes, e.Offset, e.File, e.File)
}

// file is what Log needs of an *os.File; tests put a failing one in.
type file interface {
	io.Writer
	Sync() error
	Truncate(size int64) error
	Stat() (os.FileInfo, error)
	Close() error
}

// Log is an open audit file. Its methods are safe for concurrent use, and
// other processes (graphapi user add --audit) may append to the same file
// meanwhile: every entry is one write to a file opened O_APPEND.
type Log struct {
	path string

	mu     sync.Mutex
	f      file
	broken error // set when a failed append could not be undone
}

// Open opens the log at path, creating it (and syncing its directory, so that
// the file itself survives a crash) when missing. Every line is checked: a
// torn last line is a *TornError, any other bad line an error naming its line.
func Open(path string) (*Log, error) {
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, os.ErrNotExist)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	if created {
		if err := syncDir(filepath.Dir(path)); err != nil {
			f.Close()
			return nil, fmt.Errorf("audit log %s: %w", path, err)
		}
	}
	if _, err := scan(path, f, false, nil); err != nil {
		f.Close()
		return nil, err
	}
	return &Log{path: path, f: f}, nil
}

// Path is the file the log writes.
func (l *Log) Path() string { return l.path }

// tokenLike matches a token graphapi issues, wherever it sits in an entry.
var tokenLike = regexp.MustCompile(regexp.QuoteMeta(entities.TokenPrefix) + `[A-Za-z0-9]`)

// Append writes e as one line and syncs it to disk before returning, so that a
// write acknowledged after Append is in the log. A zero Time is now. An entry
// with no user, an unknown action, or anything shaped like a token is refused.
func (l *Log) Append(e Entry) error {
	if e.User == "" {
		return errors.New("audit entry: no user")
	}
	if !slices.Contains(Actions, e.Action) {
		return fmt.Errorf("audit entry: action %q is not one of %v", e.Action, Actions)
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Time = e.Time.UTC()
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit entry: %w", err)
	}
	if tokenLike.Match(line) {
		return fmt.Errorf("audit entry: it holds something shaped like a token (%s...); a token never goes into the log", entities.TokenPrefix)
	}
	line = append(line, '\n')

	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return errors.New("audit log: closed")
	}
	if l.broken != nil {
		return l.broken
	}
	info, err := l.f.Stat()
	if err != nil {
		return fmt.Errorf("audit log %s: %w", l.path, err)
	}
	end := info.Size()
	if _, err := l.f.Write(line); err != nil {
		return l.undo(end, fmt.Errorf("audit log %s: %w", l.path, err))
	}
	if err := l.f.Sync(); err != nil {
		// After a failed fsync the kernel may have dropped the dirty pages and
		// a retry can report success for data that never reached the disk, so
		// the log takes no more writes until the server is restarted.
		err = l.undo(end, fmt.Errorf("audit log %s: sync: %w", l.path, err))
		if l.broken == nil {
			l.broken = fmt.Errorf("%w; the log refuses further writes until the server restarts", err)
		}
		return err
	}
	return nil
}

// undo cuts a failed append off the file, so that the next one starts on a
// line of its own; when even that fails, the log refuses every later append
// rather than write after a torn line.
func (l *Log) undo(end int64, cause error) error {
	if err := l.f.Truncate(end); err != nil {
		l.broken = fmt.Errorf("%w; cutting it back to %d bytes failed too (%v): the log refuses further writes until the server restarts", cause, end, err)
		return l.broken
	}
	return cause
}

// Read returns the entries f selects, oldest first, as of the call: lines
// appended meanwhile may or may not be in, and a last line still without its
// newline is taken for an append in flight (Open, at the next start, would
// report it torn if it stayed so).
func (l *Log) Read(f Filter) ([]Entry, error) {
	return readFile(l.path, f, true)
}

// Close closes the file; later appends fail.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// ReadFile reads the entries of the log at path that f selects, without
// opening it for writing. A torn last line is a *TornError.
func ReadFile(path string, f Filter) ([]Entry, error) {
	return readFile(path, f, false)
}

func readFile(path string, f Filter, inFlight bool) ([]Entry, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer r.Close()
	var out []Entry
	_, err = scan(path, r, inFlight, func(e Entry) {
		if f.match(e) {
			out = append(out, e)
		}
	})
	return out, err
}

// scan reads every line of r, handing each entry to each (when not nil), and
// returns the offset after the last line. A bad last line is a *TornError,
// except one without its newline when inFlight says it may be an append
// under way: it is then left out.
func scan(path string, r io.Reader, inFlight bool, each func(Entry)) (int64, error) {
	br := bufio.NewReader(r)
	var offset int64
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err == io.EOF {
			if len(line) > 0 && !inFlight {
				return offset, &TornError{File: path, Offset: offset, Bytes: int64(len(line))}
			}
			return offset, nil
		}
		if err != nil {
			return offset, fmt.Errorf("audit log %s: %w", path, err)
		}
		var e Entry
		if err := json.Unmarshal(bytes.TrimSuffix(line, []byte{'\n'}), &e); err != nil {
			if _, peek := br.Peek(1); peek == io.EOF {
				return offset, &TornError{File: path, Offset: offset, Bytes: int64(len(line))}
			}
			return offset, fmt.Errorf("%s:%d: not an audit entry (%v); the log was changed by hand or damaged", path, n, err)
		}
		if each != nil {
			each(e)
		}
		offset += int64(len(line))
	}
}

// Repair moves a torn last line of the log at path to path+".torn" (appended,
// synced) and cuts it off the log. It returns what it moved, or nil when the
// log was whole. The bytes reach the .torn file before the log loses them, so
// a crash during Repair loses nothing.
func Repair(path string) (*TornError, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer f.Close()
	_, err = scan(path, f, false, nil)
	var torn *TornError
	if !errors.As(err, &torn) {
		return nil, err // nil when whole; another damage is not ours to cut
	}
	tail := make([]byte, torn.Bytes)
	if _, err := f.ReadAt(tail, torn.Offset); err != nil {
		return nil, fmt.Errorf("audit log %s: %w", path, err)
	}
	aside, err := os.OpenFile(path+".torn", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	_, err = aside.Write(tail)
	if err == nil {
		err = aside.Sync()
	}
	if cerr := aside.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("audit log %s.torn: %w", path, err)
	}
	if err := f.Truncate(torn.Offset); err != nil {
		return nil, fmt.Errorf("audit log %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("audit log %s: sync: %w", path, err)
	}
	return torn, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the id of the request it serves, which
// the entries appended for that request record.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom is the request id ctx carries, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// ParseSince reads a Filter's Since: an RFC 3339 time (2026-12-07T20:00:00Z)
// or a day (2026-12-07, from its start in UTC).
func ParseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("since %q: give a day (2026-12-07) or a time (2026-12-07T20:00:00Z)", s)
}

package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func openTemp(tb testing.TB) (*Log, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "audit.jsonl")
	l, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { l.Close() })
	return l, path
}

func TestAppendRead(t *testing.T) {
	l, path := openTemp(t)
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	entries := []Entry{
		{Time: t0, User: "ana", Action: ActionItemAccept, Draft: "d1", Item: "r1", After: json.RawMessage(`{"status":"accepted"}`), RequestID: "req-1"},
		{Time: t0.Add(time.Hour), User: "bo", Action: ActionPackApply, Draft: "d1", Pack: "p1"},
		{Time: t0.Add(2 * time.Hour), User: "ana", Action: ActionPackRevert, Pack: "p1"},
		{Time: t0.Add(3 * time.Hour), User: "admin", Action: ActionUserAdd, Item: "cy"},
	}
	for _, e := range entries {
		if err := l.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		f    Filter
		want []int
	}{
		{"all", Filter{}, []int{0, 1, 2, 3}},
		{"user", Filter{User: "ana"}, []int{0, 2}},
		{"pack", Filter{Pack: "p1"}, []int{1, 2}},
		{"since is inclusive", Filter{Since: t0.Add(time.Hour)}, []int{1, 2, 3}},
		{"user and since", Filter{User: "ana", Since: t0.Add(time.Minute)}, []int{2}},
		{"nobody", Filter{User: "zed"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := l.Read(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var want []Entry
			for _, i := range tc.want {
				want = append(want, entries[i])
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("Read(%+v) =\n%v\nwant\n%v", tc.f, got, want)
			}
			fromFile, err := ReadFile(path, tc.f)
			if err != nil || fmt.Sprint(fromFile) != fmt.Sprint(want) {
				t.Errorf("ReadFile = %v, %v; want %v", fromFile, err, want)
			}
		})
	}
	// Reopening finds the same lines and appends after them.
	l.Close()
	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if err := again.Append(Entry{User: "ana", Action: ActionItemReject}); err != nil {
		t.Fatal(err)
	}
	all, err := again.Read(Filter{})
	if err != nil || len(all) != 5 || all[4].Time.IsZero() {
		t.Fatalf("after reopen: %v, %v; want 5 entries, the last stamped now", all, err)
	}
}

func TestAppendRefuses(t *testing.T) {
	l, path := openTemp(t)
	for _, tc := range []struct {
		name string
		e    Entry
		want string
	}{
		{"no user", Entry{Action: ActionItemEdit}, "no user"},
		{"unknown action", Entry{User: "ana", Action: "item.delete"}, `action "item.delete"`},
		{"token in a field", Entry{User: "ana", Action: ActionUserAdd, Item: "gak_abc123_secret"}, "shaped like a token"},
		{"token in the statements", Entry{User: "ana", Action: ActionItemEdit, After: json.RawMessage(`{"note":"gak_Q1w2e3_x"}`)}, "shaped like a token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := l.Append(tc.e)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Append = %v; want an error saying %q", err, tc.want)
			}
		})
	}
	if b, _ := os.ReadFile(path); len(b) != 0 {
		t.Errorf("refused entries reached the log: %q", b)
	}
}

func TestTornLastLine(t *testing.T) {
	good := `{"time":"2026-12-01T10:00:00Z","user":"ana","action":"item.accept"}` + "\n"
	for _, tc := range []struct {
		name, tail string
	}{
		{"no newline", `{"time":"2026-12-01T11:00:00Z","user":"bo","act`},
		{"bad json with newline", `{"time":"2026-12-01T11:00:00Z","us` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "audit.jsonl")
			if err := os.WriteFile(path, []byte(good+tc.tail), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Open(path)
			var torn *TornError
			if !errors.As(err, &torn) {
				t.Fatalf("Open = %v; want a *TornError", err)
			}
			if torn.File != path || torn.Offset != int64(len(good)) || torn.Bytes != int64(len(tc.tail)) {
				t.Errorf("torn = %+v; want file %s offset %d bytes %d", torn, path, len(good), len(tc.tail))
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("byte offset %d", len(good))) || !strings.Contains(err.Error(), "--repair") {
				t.Errorf("message %q does not name the offset and the repair", err)
			}
			if _, err := ReadFile(path, Filter{}); !errors.As(err, &torn) {
				t.Errorf("ReadFile = %v; want the torn line reported", err)
			}

			moved, err := Repair(path)
			if err != nil || moved == nil || moved.Offset != int64(len(good)) {
				t.Fatalf("Repair = %+v, %v", moved, err)
			}
			if b, _ := os.ReadFile(path); string(b) != good {
				t.Errorf("after repair the log is %q; want only the whole line", b)
			}
			if b, _ := os.ReadFile(path + ".torn"); string(b) != tc.tail {
				t.Errorf("the .torn file holds %q; want %q", b, tc.tail)
			}
			l, err := Open(path)
			if err != nil {
				t.Fatalf("Open after repair: %v", err)
			}
			defer l.Close()
			if again, err := Repair(path); again != nil || err != nil {
				t.Errorf("Repair of a whole log = %+v, %v; want nothing to do", again, err)
			}
		})
	}
}

func TestBadMiddleLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	body := `{"time":"2026-12-01T10:00:00Z","user":"ana","action":"item.accept"}` + "\n" +
		"not json\n" +
		`{"time":"2026-12-01T10:00:00Z","user":"ana","action":"item.reject"}` + "\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	var torn *TornError
	if err == nil || errors.As(err, &torn) || !strings.Contains(err.Error(), path+":2:") {
		t.Fatalf("Open = %v; want an error naming %s:2 (not a torn tail)", err, path)
	}
	if moved, err := Repair(path); moved != nil || err == nil {
		t.Errorf("Repair = %+v, %v; want it to refuse damage that is not a torn tail", moved, err)
	}
}

// failingFile stands in for the log's file to show what Append does when the
// disk fails: the write is not acknowledged and leaves no partial line.
type failingFile struct {
	*os.File
	failWrite, failSync, failTruncate bool
	syncs                             int
}

func (f *failingFile) Write(p []byte) (int, error) {
	if f.failWrite {
		n, _ := f.File.Write(p[:len(p)/2]) // half a line, as a full disk would leave
		return n, errors.New("no space left on device")
	}
	return f.File.Write(p)
}

func (f *failingFile) Sync() error {
	f.syncs++
	if f.failSync {
		return errors.New("input/output error")
	}
	return f.File.Sync()
}

func (f *failingFile) Truncate(size int64) error {
	if f.failTruncate {
		return errors.New("read-only file system")
	}
	return f.File.Truncate(size)
}

func TestFsyncPath(t *testing.T) {
	ok := Entry{User: "ana", Action: ActionItemEdit}
	for _, tc := range []struct {
		name       string
		ff         failingFile
		want       string
		thenWorks  bool
		wantSyncs  int
		wantLength int // lines in the file afterwards
	}{
		{"synced", failingFile{}, "", true, 2, 2},
		{"write fails, the half line is cut off", failingFile{failWrite: true}, "no space left", true, 1, 1},
		{"sync fails", failingFile{failSync: true}, "sync: input/output error", false, 1, 0},
		{"sync and cut fail", failingFile{failSync: true, failTruncate: true}, "refuses further writes", false, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, path := openTemp(t)
			real := l.f.(*os.File)
			tc.ff.File = real
			l.f = &tc.ff
			err := l.Append(ok)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("Append = %v; want %q", err, tc.want)
			}
			tc.ff.failWrite = false
			err = l.Append(ok)
			if tc.thenWorks != (err == nil) {
				t.Fatalf("the next Append = %v; want it to work: %v", err, tc.thenWorks)
			}
			if tc.ff.syncs != tc.wantSyncs {
				t.Errorf("%d syncs; want %d", tc.ff.syncs, tc.wantSyncs)
			}
			b, _ := os.ReadFile(path)
			if n := strings.Count(string(b), "\n"); n != tc.wantLength {
				t.Errorf("%d lines in the file; want %d:\n%s", n, tc.wantLength, b)
			}
			if _, err := ReadFile(path, Filter{}); err != nil {
				t.Errorf("the log is not whole after the failure: %v", err)
			}
		})
	}
}

func TestConcurrentAppends(t *testing.T) {
	l, path := openTemp(t)
	const writers, each = 8, 50
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := l.Append(Entry{User: fmt.Sprintf("u%d", w), Action: ActionItemEdit, Item: fmt.Sprintf("i%d", i)}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	// Readers meanwhile see only whole lines.
	for range 20 {
		if _, err := l.Read(Filter{}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	all, err := ReadFile(path, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != writers*each {
		t.Fatalf("%d entries; want %d", len(all), writers*each)
	}
	seen := map[string]int{}
	for _, e := range all {
		seen[e.User+"/"+e.Item]++
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct entries; want %d (some were lost or doubled)", len(seen), writers*each)
	}
	mine, _ := l.Read(Filter{User: "u3"})
	for i, e := range mine {
		if e.Item != fmt.Sprintf("i%d", i) {
			t.Fatalf("u3's entries out of order at %d: %s", i, e.Item)
		}
	}
}

// TestTwoWriters: the server's log and a command's (graphapi user add
// --audit) append to one file; each reads the other's entries, a line in
// flight is left out of a live read but reported torn by ReadFile, and a
// failed append of one cuts only its own half line.
func TestTwoWriters(t *testing.T) {
	server, path := openTemp(t)
	cli, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	for i, l := range []*Log{server, cli, server, cli} {
		if err := l.Append(Entry{User: fmt.Sprintf("w%d", i), Action: ActionUserAdd}); err != nil {
			t.Fatal(err)
		}
	}
	if all, err := server.Read(Filter{}); err != nil || len(all) != 4 {
		t.Fatalf("the server reads %d entries, %v; want all 4", len(all), err)
	}
	ff := &failingFile{File: server.f.(*os.File), failWrite: true}
	server.f = ff
	if err := server.Append(Entry{User: "w4", Action: ActionUserAdd}); err == nil {
		t.Fatal("a failed write was acknowledged")
	}
	if all, err := ReadFile(path, Filter{}); err != nil || len(all) != 4 || all[3].User != "w3" {
		t.Fatalf("after the failed append: %v, %v; want the 4 whole entries", all, err)
	}

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2026-12-07T21:00:00Z","us`) // an append half done
	f.Close()
	if all, err := cli.Read(Filter{}); err != nil || len(all) != 4 {
		t.Errorf("a live read with a line in flight: %d entries, %v; want the 4 whole ones", len(all), err)
	}
	var torn *TornError
	if _, err := ReadFile(path, Filter{}); !errors.As(err, &torn) {
		t.Errorf("ReadFile with a half line: %v; want it reported torn", err)
	}
}

// BenchmarkAppend: what the trail adds to each write, against the same line
// written without the fsync that makes it durable (the baseline).
func BenchmarkAppend(b *testing.B) {
	e := Entry{User: "bo", Action: ActionItemAccept, Draft: "crt2019-niger", Item: "r-21d71cb3cb",
		Before: json.RawMessage(`{"status":"proposed"}`), After: json.RawMessage(`{"status":"accepted","by":"bo"}`), RequestID: "ab12cd34-1"}
	b.Run("append and fsync", func(b *testing.B) {
		l, _ := openTemp(b)
		for b.Loop() {
			if err := l.Append(e); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("write only (baseline)", func(b *testing.B) {
		f, err := os.OpenFile(filepath.Join(b.TempDir(), "plain.jsonl"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		line, _ := json.Marshal(e)
		line = append(line, '\n')
		for b.Loop() {
			if _, err := f.Write(line); err != nil {
				b.Fatal(err)
			}
		}
	})
}

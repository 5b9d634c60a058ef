package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Off a terminal, a long command logs each phase's start and end, and its
// advance every few seconds, as JSON lines on stderr.
func TestProgressLogsOffTerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "seed")
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), []string{"gen", "--entities", "2000", "--relationships", "6000", "--out", dir}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"validate", "--seed", dir}, noEnv, io.Discard, &stderr); err != nil {
		t.Fatal(err)
	}
	var phases []string
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec struct{ Msg, Phase, Unit string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("stderr line %q is not a log record: %v", line, err)
		}
		phases = append(phases, rec.Msg+" "+rec.Phase)
	}
	if want := []string{"started checking the seed", "finished checking the seed"}; strings.Join(phases, "|") != strings.Join(want, "|") {
		t.Errorf("validate logged %q, want %q", phases, want)
	}
}

// The log line every few seconds names the phase, what is done of the total,
// the rate and the time left.
func TestProgressLogLine(t *testing.T) {
	var stderr bytes.Buffer
	p := &progress{logger: slog.New(slog.NewJSONHandler(&stderr, nil)), every: 20 * time.Millisecond}
	ph := p.start("reading", 1000, false)
	ph.add(250)
	time.Sleep(70 * time.Millisecond)
	ph.end(nil)
	for _, want := range []string{`"msg":"progress","phase":"reading","done":250,"unit":"rows","per_second":`, `"total":1000,"left":`, `"msg":"finished"`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, stderr.String())
		}
	}
}

// On a terminal the phase is a bar: its name, the count against the total and
// the rate.
func TestProgressBarOnTerminal(t *testing.T) {
	var tty bytes.Buffer
	p := &progress{tty: &tty, logger: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	ph := p.start("exporting", 300, false)
	ph.add(300)
	ph.end(nil)
	for _, want := range []string{"exporting", "100%", "(300/300", "rows/s"} {
		if !strings.Contains(tty.String(), want) {
			t.Errorf("bar lacks %q: %q", want, tty.String())
		}
	}
}

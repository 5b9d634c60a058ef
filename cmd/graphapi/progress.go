package main

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

// progress shows how far a command's long phases are, on stderr: a bar (phase,
// done, rate, time left) when stderr is a terminal, else a log line every few
// seconds, so that a large seed is not minutes of silence.
type progress struct {
	tty    io.Writer // stderr when it is a terminal; nil otherwise
	logger *slog.Logger
	every  time.Duration // between log lines
}

func newProgress(stderr io.Writer, logger *slog.Logger) *progress {
	p := &progress{logger: logger, every: 5 * time.Second}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = stderr
	}
	return p
}

// phase is one step of a command, counted in rows or bytes.
type phase struct {
	name  string
	bytes bool  // counted in bytes, not rows
	total int64 // < 0: not known ahead
	done  atomic.Int64
	start time.Time

	bar  *progressbar.ProgressBar
	stop chan struct{}
	wg   sync.WaitGroup
	p    *progress
}

// start begins a phase of total rows (or bytes); total < 0 when not known.
func (p *progress) start(name string, total int64, bytes bool) *phase {
	return p.begin(name, total, bytes, true)
}

// wait begins a phase that has nothing to count (a transaction on the
// server, say): it shows only that it runs, and for how long.
func (p *progress) wait(name string) *phase { return p.begin(name, -1, false, false) }

func (p *progress) begin(name string, total int64, bytes, counted bool) *phase {
	ph := &phase{name: name, bytes: bytes, total: total, start: time.Now(), stop: make(chan struct{}), p: p}
	if p.tty != nil {
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(p.tty),
			progressbar.OptionSetDescription(name),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(200 * time.Millisecond),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionOnCompletion(func() { io.WriteString(p.tty, "\n") }),
		}
		switch {
		case !counted:
			opts = append(opts, progressbar.OptionSetElapsedTime(true))
		case bytes:
			opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionShowBytes(true))
		default:
			opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"))
		}
		ph.bar = progressbar.NewOptions64(total, opts...)
		if !counted { // nothing advances the bar: keep its clock going
			ph.wg.Add(1)
			go ph.tick()
		}
		return ph
	}
	p.logger.Info("started", "phase", name, "total", total)
	ph.wg.Add(1)
	go ph.logEvery()
	return ph
}

func (ph *phase) add(n int64) {
	ph.done.Add(n)
	if ph.bar != nil {
		ph.bar.Add64(n)
	}
}

// tick redraws the bar every half second until the phase ends.
func (ph *phase) tick() {
	defer ph.wg.Done()
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ph.stop:
			return
		case <-t.C:
			ph.bar.RenderBlank()
		}
	}
}

// logEvery logs the phase's advance until it ends.
func (ph *phase) logEvery() {
	defer ph.wg.Done()
	tick := time.NewTicker(ph.p.every)
	defer tick.Stop()
	for {
		select {
		case <-ph.stop:
			return
		case <-tick.C:
			done, elapsed := ph.done.Load(), time.Since(ph.start)
			attrs := []any{"phase", ph.name, "done", done, "unit", ph.unit(), "per_second", int64(float64(done) / elapsed.Seconds())}
			if ph.total > 0 {
				attrs = append(attrs, "total", ph.total)
				if done > 0 {
					left := time.Duration(float64(elapsed) * float64(ph.total-done) / float64(done))
					attrs = append(attrs, "left", left.Round(time.Second).String())
				}
			}
			ph.p.logger.Info("progress", attrs...)
		}
	}
}

func (ph *phase) unit() string {
	if ph.bytes {
		return "bytes"
	}
	return "rows"
}

// end ends the phase; err is how it ended (nil: done).
func (ph *phase) end(err error) {
	close(ph.stop)
	ph.wg.Wait()
	took := time.Since(ph.start).Round(time.Millisecond).String()
	if ph.bar != nil {
		if err == nil {
			ph.bar.Finish()
		} else {
			ph.bar.Exit()
			io.WriteString(ph.p.tty, "\n")
		}
		return
	}
	if err != nil {
		ph.p.logger.Info("stopped", "phase", ph.name, "done", ph.done.Load(), "unit", ph.unit(), "took", took)
		return
	}
	ph.p.logger.Info("finished", "phase", ph.name, "done", ph.done.Load(), "unit", ph.unit(), "took", took)
}

// openSeed reads and checks the seed named (see seedFS), showing how much of
// it is read; the seed returned reads its files through the same counter.
func openSeed(name string, prog *progress) (*loader.Seed, *countingFS, error) {
	cfs := &countingFS{fsys: seedFS(name)}
	// The loader reads every file once and each CSV file twice (its text is
	// checked before its rows).
	ph := prog.start("checking the seed", seedBytes(cfs.fsys, "")+seedBytes(cfs.fsys, ".csv"), true)
	cfs.count(ph)
	sd, err := loader.Open(cfs)
	cfs.count(nil)
	ph.end(err)
	return sd, cfs, err
}

// replaceIn replaces w's graph with sd as sd.ReplaceIn does, showing the pass
// that reads the seed's CSV files again.
func replaceIn(ctx context.Context, sd *loader.Seed, cfs *countingFS, w entities.Writer, prog *progress) (*entities.LoadStats, error) {
	ph := prog.start("building the graph", seedBytes(cfs.fsys, ".csv"), true)
	cfs.count(ph)
	st, err := sd.ReplaceIn(ctx, w)
	cfs.count(nil)
	ph.end(err)
	return st, err
}

// seedBytes is the size of the seed files in fsys whose names end in ext (""
// for all): the total of a pass that reads them.
func seedBytes(fsys fs.FS, ext string) int64 {
	var n int64
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ext) {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// countingFS is a seed directory whose file reads advance the current phase:
// the loader reads the seed through it, so its passes show without a hook in
// the loader.
type countingFS struct {
	fsys fs.FS
	at   atomic.Pointer[phase]
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return countingFile{File: f, c: c}, nil
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.fsys, name) }

func (c *countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.fsys, name) }

// count makes reads advance ph (nil: none).
func (c *countingFS) count(ph *phase) { c.at.Store(ph) }

type countingFile struct {
	fs.File
	c *countingFS
}

func (f countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	if ph := f.c.at.Load(); ph != nil && n > 0 {
		ph.add(int64(n))
	}
	return n, err
}

package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/seed"
)

const usage = `graphapi — a citable graph of armed groups and the institutions around them

Usage:
  graphapi serve    [--addr 127.0.0.1:8080] [--seed DIR|FILE] [--backend embedded|neo4j]
                    [--drafts DIR --write-token-file F]   (review drafts on the page; needs --seed DIR)
                    [--users FILE] [--open-reads=false] [--audit FILE]   (a team: users, roles, audit trail)
  graphapi validate [--seed DIR|FILE] [--strict]      (--strict: warnings refuse the seed)
  graphapi load     [--seed DIR|FILE] [--dry-run | --bulk DIR | --schema-only]   (into Neo4j)
  graphapi load     --add PACK [--dry-run]   (one more source pack into the graph in Neo4j)
  graphapi gen      --entities N --relationships M --out DIR [--rand-seed S]
  graphapi export   --format graphml|csv|stix|cytoscape --out PATH [--seed DIR|FILE] [--ids a,b] [--as-of D]
  graphapi import   --format stix --in FILE --out DIR
  graphapi import   --format ucdp-actors --in ucdp-actor-221.csv --out PACKDIR [--seed DIR] [--resolve FILE]
  graphapi draft    REPORT --source-id ID --title T [--published D] [--country C] [--seed DIR] --out DIR
  graphapi draft    accept|reject DRAFTDIR --item ID ... [--all] [--seed DIR]
  graphapi pack     revert ID --seed DIR [--dry-run] [--audit FILE]   (take one pack out)
  graphapi pack     history --seed DIR   (the packs in the order they entered)
  graphapi user     add NAME --role reader|editor|admin --users FILE [--audit FILE]   (prints the token once)
  graphapi user     list --users FILE | remove NAME --users FILE [--audit FILE]
  graphapi audit    [--user U] [--pack P] [--since D] [--repair] FILE

Without --seed the Mali 2018 seed compiled into the binary is used. A seed is a
directory of source packs (folders with a pack.yaml) and of *.yaml, *.csv and *.json
(STIX 2.1 bundle) files, or one such file.
Every flag can also be set in the environment as GRAPHAPI_<FLAG> (GRAPHAPI_ADDR …);
Neo4j is configured by NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE.
`

// run is the whole program; main only hands it the process's context, arguments,
// environment and output, so tests can run it as a user would.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	m := NewMain(getenv, stdout, stderr)
	err := m.ParseFlags(ctx, args)
	if err == nil {
		err = m.Run(ctx)
	}
	if closeErr := m.Close(); err == nil {
		err = closeErr
	}
	var help *helpRequested
	if errors.As(err, &help) {
		fmt.Fprint(stdout, help.text)
		return nil
	}
	return err
}

func envName(flagName string) string {
	out := []byte(flagName)
	for i, c := range out {
		switch {
		case c == '-':
			out[i] = '_'
		case c >= 'a' && c <= 'z':
			out[i] = c - 'a' + 'A'
		}
	}
	return string(out)
}

func parse(fset *flagSet, args []string) error {
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &helpRequested{text: fset.Output().(*bytes.Buffer).String()}
		}
		return fmt.Errorf("%s: %w", fset.Name(), err)
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fset.Name(), fset.Arg(0))
	}
	return errors.Join(fset.envErrs...)
}

// seedFS is the seed named: a directory, or a single file (a STIX bundle, say)
// read as a seed of its own; without a name, the Mali seed compiled in.
func seedFS(name string) fs.FS {
	if name == "" {
		return seed.FS
	}
	if info, err := os.Stat(name); err == nil && !info.IsDir() {
		return oneFile{FS: os.DirFS(filepath.Dir(name)), name: filepath.Base(name)}
	}
	return os.DirFS(name)
}

// oneFile is a directory that shows only one of its files: the seed that is
// just that file. Anything else it names (a report's text) does not exist.
type oneFile struct {
	fs.FS
	name string
}

func (o oneFile) Open(name string) (fs.File, error) {
	if name != "." && name != o.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.FS.Open(name)
}

func (o oneFile) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	info, err := fs.Stat(o.FS, o.name)
	if err != nil {
		return nil, err
	}
	return []fs.DirEntry{fs.FileInfoToDirEntry(info)}, nil
}

// printSkipped lists what the loader skipped (STIX objects graphapi cannot
// map): the seed loads without them, but the analyst should know.
func printSkipped(w io.Writer, skipped []string) {
	for _, s := range skipped {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
}

// printWarnings lists the seed's warnings as file:line: warning: message.
func printWarnings(w io.Writer, warnings loader.Problems) {
	for _, p := range warnings {
		fmt.Fprintf(w, "%s:%d: warning: %s\n", p.File, p.Line, p.Message)
	}
}

// logSkipped is printSkipped for the commands whose output is not a report
// (serve, and export, whose output may be the export itself).
func logSkipped(logger *slog.Logger, skipped []string) {
	if len(skipped) > 0 {
		logger.Warn("seed objects skipped: graphapi cannot map them", "count", len(skipped), "objects", skipped)
	}
}

// logWarnings logs what validate prints as warnings: sources that disagree,
// shared names, a new entity named like another.
func logWarnings(logger *slog.Logger, warnings loader.Problems) {
	for _, w := range warnings {
		logger.Warn("seed warning", "at", fmt.Sprintf("%s:%d", w.File, w.Line), "warning", w.Message)
	}
}

func validate(args []string, getenv func(string) string, stdout io.Writer, prog *progress) error {
	fset, env := newFlags("validate", getenv)
	dir := fset.String("seed", env("seed", ""), "seed directory or file (default: the compiled-in Mali seed)")
	strict := boolFlag(fset, "strict", false, "refuse the seed when it has warnings (sources that disagree, shared names, a new entity named like another)", env)
	if err := parse(fset, args); err != nil {
		return err
	}
	sd, _, err := openSeed(*dir, prog)
	if err != nil {
		return err
	}
	printSkipped(stdout, sd.Skipped())
	printWarnings(stdout, sd.Warnings())
	if *strict && len(sd.Warnings()) > 0 {
		return fmt.Errorf("seed refused (--strict): %d warning(s)", len(sd.Warnings()))
	}
	n := sd.Counts()
	fmt.Fprintf(stdout, "seed ok: %d sources, %d entities, %d relationships\n", len(sd.Sources()), n.Entities, n.Relationships)
	return nil
}

func generate(args []string, getenv func(string) string, stdout io.Writer, prog *progress) error {
	fset, env := newFlags("gen", getenv)
	n := intFlag(fset, "entities", 0, "number of entities", env)
	m := intFlag(fset, "relationships", 0, "number of relationships", env)
	out := fset.String("out", env("out", ""), "directory to write the seed into")
	randSeed := intFlag(fset, "rand-seed", 1, "seed of the random generator; the same seed gives the same graph", env)
	if err := parse(fset, args); err != nil {
		return err
	}
	if *n < 1 || *m < 0 || *out == "" {
		return errors.New("gen: give --entities N (at least 1), --relationships M and --out DIR")
	}
	ph := prog.wait("generating")
	ds := gen.Generate(int64(*randSeed), *n, *m)
	ph.end(nil)
	ph = prog.wait("writing the seed")
	err := loader.WriteSeed(*out, ds)
	ph.end(err)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d entities and %d relationships to %s\n", len(ds.Entities), len(ds.Relationships), *out)
	return nil
}

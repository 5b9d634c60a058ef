package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

const draftUsage = `Usage: graphapi draft REPORT --source-id ID --title T [--published D] [--country C] [--seed DIR] --out DIR

Drafts a source pack from a report (plain text, HTML, or PDF read with
poppler-utils' pdftotext): OUT/pack.yaml, OUT/report.txt (the extracted text,
byte for byte) and OUT/draft.review, the proposed mentions, new entities and
relationships, each with its sentence, score and reason. Nothing enters the
graph until it is accepted. Names are resolved against the graph of --seed.
The same report, flags and seed give the same draft, byte for byte.

Flags (each also GRAPHAPI_<FLAG> in the environment, e.g. GRAPHAPI_SOURCE_ID):
`

// draftSubcommands are the steps that act on a drafted pack (accept, reject);
// "graphapi draft NAME ..." runs one, any other first argument is a report.
var draftSubcommands = map[string]func(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error{}

func draftCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 {
		if sub, ok := draftSubcommands[args[0]]; ok {
			return sub(ctx, args[1:], getenv, stdout)
		}
	}
	fset, env := newFlags("draft", getenv)
	sourceID := fset.String("source-id", env("source-id", ""), "id of the new source, e.g. crt2019-niger (required)")
	title := fset.String("title", env("title", ""), "title of the report (required)")
	published := fset.String("published", env("published", ""), "publication date: YYYY, YYYY-MM or YYYY-MM-DD; also the year of dates the text gives without one")
	country := fset.String("country", env("country", ""), "country in scope for generic state-body names (National Gendarmerie ...)")
	seedDir := fset.String("seed", env("seed", ""), "seed whose graph names are resolved against (default: the compiled-in Mali seed)")
	out := fset.String("out", env("out", ""), "folder to write the draft pack into (required; must not hold a draft already)")
	report, helped, err := parseWithArg(fset, args, draftUsage, stdout)
	if helped || err != nil {
		return err
	}
	if err := checkDraftFlags(report, *sourceID, *title, *published, *out); err != nil {
		return fmt.Errorf("draft: %w (see graphapi draft -h)", err)
	}
	if _, err := os.Stat(filepath.Join(*out, draft.ReviewFile)); err == nil {
		return fmt.Errorf("draft: %s already holds a draft (%s); choose another --out, or remove it first: drafting again would lose its review", *out, draft.ReviewFile)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	text, err := draft.Extract(ctx, report, data)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	ds, err := loader.ReadDir(seedFS(*seedDir))
	if err != nil {
		return fmt.Errorf("draft: reading the seed: %w", err)
	}
	opts := draft.Options{SourceID: *sourceID, Title: *title, Published: *published, Country: *country}
	d := draft.Make(text, opts, draft.NewIndex(ds))
	pack := &draft.Pack{
		Source: draft.SourceInfo{ID: *sourceID, Kind: "report", Title: *title, Published: *published, File: draft.TextFile, Country: *country},
		Text:   []byte(text),
		Draft:  d,
	}
	if err := draft.Write(*out, pack); err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	fmt.Fprintf(stdout, "drafted %s into %s: %d mentions of known entities, %d new entity candidates, %d relationship candidates, all proposed\n",
		report, *out, len(d.Mentions), len(d.Entities), len(d.Relationships))
	return nil
}

func checkDraftFlags(report, sourceID, title, published, out string) error {
	switch {
	case report == "":
		return errors.New("no REPORT given")
	case sourceID == "":
		return errors.New("--source-id is required")
	case !entities.ValidNewSourceID(sourceID):
		return fmt.Errorf("--source-id %q: use lower-case letters, digits, '.', '_' and '-'", sourceID)
	case strings.TrimSpace(title) == "":
		return errors.New("--title is required")
	case out == "":
		return errors.New("--out is required")
	}
	if published != "" {
		if _, err := entities.ParseDate(published); err != nil {
			return fmt.Errorf("--published: %w", err)
		}
	}
	return nil
}

// parseWithArg parses the flags of a command that takes one argument (a file
// or a folder), given before or after its flags, and returns the argument.
// On -h it prints usage and the flags to stdout and reports helped.
func parseWithArg(fset *flagSet, args []string, usage string, stdout io.Writer) (arg string, helped bool, err error) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		arg, args = args[0], args[1:]
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			fset.SetOutput(stdout)
			fset.PrintDefaults()
			return "", true, nil
		}
		return "", false, fmt.Errorf("%s: %w", fset.Name(), err)
	}
	if arg == "" && fset.NArg() > 0 {
		arg = fset.Arg(0)
	} else if fset.NArg() > 0 {
		return "", false, fmt.Errorf("%s: unexpected argument %q", fset.Name(), fset.Arg(0))
	}
	return arg, false, errors.Join(fset.envErrs...)
}

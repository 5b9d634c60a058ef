package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

const draftSynopsis = `graphapi draft REPORT --source-id ID --title T [--published D] [--country C] [--seed DIR] --out DIR

Drafts a source pack from a report (plain text, HTML, or PDF read with
poppler-utils' pdftotext): OUT/pack.yaml, OUT/report.txt (the extracted text,
byte for byte) and OUT/draft.review, the proposed mentions, new entities and
relationships, each with its sentence, score and reason. Nothing enters the
graph until it is accepted. Names are resolved against the graph of --seed.
The same report, flags and seed give the same draft, byte for byte.
Each flag can also be set in the environment as GRAPHAPI_<FLAG>.`

// draftCommand drafts a pack from a report. The steps that act on a drafted
// pack (accept, reject) are its subcommands in the command table.
func draftCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fset, env := newFlags("draft", getenv)
	sourceID := fset.String("source-id", env("source-id", ""), "id of the new source, e.g. crt2019-niger (required)")
	title := fset.String("title", env("title", ""), "title of the report (required)")
	published := fset.String("published", env("published", ""), "publication date: YYYY, YYYY-MM or YYYY-MM-DD; also the year of dates the text gives without one")
	country := fset.String("country", env("country", ""), "country in scope for generic state-body names (National Gendarmerie ...)")
	seedDir := fset.String("seed", env("seed", ""), "seed whose graph names are resolved against (default: the compiled-in Mali seed)")
	out := fset.String("out", env("out", ""), "folder to write the draft pack into (required; must not hold a draft already)")
	report, err := parseWithArg(fset, args)
	if err != nil {
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
// -h is parse's: the command's help.
func parseWithArg(fset *flagSet, args []string) (string, error) {
	var arg string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		arg, args = args[0], args[1:]
	}
	if err := fset.Parse(args); err != nil {
		return "", parse(fset, args) // the same error, or help
	}
	if arg == "" && fset.NArg() > 0 {
		arg, args = fset.Arg(0), fset.Args()[1:]
	} else {
		args = fset.Args()
	}
	return arg, parse(fset, args)
}

// Command evaldraft measures `graphapi draft` (internal/draft): it drafts the
// Mali chapter against an empty graph and compares the draft with the curated
// Mali statements (those that quote crt2018-mali), drafts it again against the
// full graph to measure linking, and does the same for each hand-labelled test
// document (DOCS/*.txt with DOCS/*.labels.yaml). It prints the figures as
// Markdown (EXTRACTION.md holds a run).
//
// Usage:
//
//	go run ./cmd/evaldraft [-seed DIR] [-docs DIR] [-v]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/drafteval"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/seed"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "evaldraft:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fset := flag.NewFlagSet("evaldraft", flag.ContinueOnError)
	seedDir := fset.String("seed", "", "seed folder to read the curated statements from (default: the embedded seed)")
	docs := fset.String("docs", "internal/draft/testdata/eval", "folder of test documents (*.txt) and their hand labels (*.labels.yaml)")
	verbose := fset.Bool("v", false, "list every wrong and missed item")
	if err := fset.Parse(args); err != nil {
		return err
	}
	var fsys fs.FS = seed.FS
	if *seedDir != "" {
		fsys = os.DirFS(*seedDir)
	}
	ds, err := loader.ReadDir(fsys)
	if err != nil {
		return err
	}
	empty := draft.NewIndex(nil)
	full := draft.NewIndex(ds)

	type doc struct {
		name, text, country, published string
		gold                           *drafteval.Gold
	}
	var all []doc
	for _, s := range ds.Sources {
		if s.ID == "crt2018-mali" {
			all = append(all, doc{"Mali chapter (crt2018-mali) vs the curated seed", s.Text, "Mali", s.Published.String(), drafteval.FromDataset(ds, s.ID)})
		}
	}
	if len(all) == 0 {
		return fmt.Errorf("the seed has no source crt2018-mali")
	}
	labels, _ := filepath.Glob(filepath.Join(*docs, "*.labels.yaml"))
	sort.Strings(labels)
	for _, l := range labels {
		g, country, err := drafteval.ReadLabels(l)
		if err != nil {
			return err
		}
		text, err := os.ReadFile(strings.TrimSuffix(l, ".labels.yaml") + ".txt")
		if err != nil {
			return err
		}
		all = append(all, doc{filepath.Base(strings.TrimSuffix(l, ".labels.yaml")) + ".txt vs its hand labels", string(text), country, "", g})
	}

	fmt.Fprintf(out, "Command: `go run ./cmd/evaldraft%s`\n\n", strings.Join(append([]string{""}, args...), " "))
	for _, d := range all {
		opts := draft.Options{Country: d.country, Published: d.published}
		dr := draft.Make(d.text, opts, empty)
		f := drafteval.Evaluate(dr, d.text, d.gold)
		drafteval.EvaluateLinks(draft.Make(d.text, opts, full), d.gold, f)
		report(out, d.name, f, *verbose)
	}
	return nil
}

func ratio(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f (%d/%d)", float64(a)/float64(b), a, b)
}

func report(out io.Writer, name string, f *drafteval.Figures, verbose bool) {
	fmt.Fprintf(out, "## %s\n\n", name)
	fmt.Fprintf(out, "| figure | value |\n|---|---|\n")
	fmt.Fprintf(out, "| entity recall (empty graph) | %s |\n", ratio(f.FoundEntities, f.GoldEntities))
	fmt.Fprintf(out, "| kind right, of the entities found | %s |\n", ratio(f.KindRight, f.FoundEntities))
	fmt.Fprintf(out, "| relationship precision (empty graph) | %s |\n", ratio(f.Correct, f.Proposed))
	fmt.Fprintf(out, "| relationship recall (empty graph) | %s |\n", ratio(f.Recalled, f.GoldRels))
	fmt.Fprintf(out, "| relationships with an unresolved end (not counted above) | %d |\n", f.Unresolved)
	fmt.Fprintf(out, "| dates right, of the proposed dates of matched items | %s |\n", ratio(f.DatesRight, f.Dates))
	fmt.Fprintf(out, "| known-entity linking precision (full graph) | %s |\n", ratio(f.MentionsRight, f.Mentions))
	fmt.Fprintf(out, "| entity candidates made of a common word | %d %v |\n\n", len(f.CommonWordCandidates), f.CommonWordCandidates)
	fmt.Fprintf(out, "| type | precision | recall |\n|---|---|---|\n")
	for _, t := range f.Types() {
		tf := f.ByType[t]
		fmt.Fprintf(out, "| %s | %s | %s |\n", t, ratio(tf.Correct, tf.Proposed), ratio(tf.Recalled, tf.Gold))
	}
	fmt.Fprintf(out, "| **all** | %s | %s |\n\n", ratio(f.Correct, f.Proposed), ratio(f.Recalled, f.GoldRels))
	if verbose {
		list := func(title string, items []string) {
			if len(items) == 0 {
				return
			}
			fmt.Fprintf(out, "%s:\n\n", title)
			for _, it := range items {
				fmt.Fprintf(out, "- %s\n", it)
			}
			fmt.Fprintln(out)
		}
		list("Entities missed", f.MissedEntities)
		list("Relationships proposed that the gold does not hold", f.Wrong)
		list("Relationships missed", drafteval.SortedMissing(f.Missed))
		list("Wrong dates", f.WrongDates)
		list("Wrong links", f.WrongMentions)
	}
}

var _ = entities.Fact

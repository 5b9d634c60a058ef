// Command evaldraft measures `graphapi draft` (internal/draft) on three halves
// of documents, kept apart (EXTRACTION.md):
//
//   - tuned-on: the Mali chapter, drafted against an empty graph and compared
//     with the curated Mali statements (those that quote crt2018-mali), and the
//     documents the rules were tuned on (DOCS/*.txt with DOCS/*.labels.yaml);
//   - dev: CORPUS/dev, documents rules may be written while reading;
//   - test: CORPUS/test, documents no one writing rules reads. This command is
//     the only code that opens them, and for them it prints figures only:
//     per document its overall figures, for the half its figures by type and
//     the confusion as counts. -v lists items of the tuned-on and dev halves
//     and is refused with -half test.
//
// Each document is drafted again against the full graph to measure linking.
// The figures are printed as Markdown (EXTRACTION.md holds a run).
//
// Usage:
//
//	go run ./cmd/evaldraft [-seed DIR] [-docs DIR] [-corpus DIR] [-half all|tuned|dev|test] [-v]
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
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/seed"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "evaldraft:", err)
		os.Exit(1)
	}
}

// The halves, in the order they are printed.
const (
	halfTuned = "tuned"
	halfDev   = "dev"
	halfTest  = "test"
)

var halfTitles = map[string]string{
	halfTuned: "tuned-on (the rules were written while reading these)",
	halfDev:   "dev (held out from tuning until issue 18; rules may be written while reading these)",
	halfTest:  "test (held out: scored only, never read)",
}

type doc struct {
	half, name, text, country, published string
	gold                                 *drafteval.Gold
}

func run(args []string, out io.Writer) error {
	fset := flag.NewFlagSet("evaldraft", flag.ContinueOnError)
	fset.SetOutput(out)
	seedDir := fset.String("seed", "", "seed folder to read the curated statements from (default: the embedded seed)")
	docs := fset.String("docs", "internal/draft/testdata/eval", "folder of the tuned-on documents (*.txt) and their hand labels (*.labels.yaml)")
	corpus := fset.String("corpus", "internal/draft/testdata/corpus", "folder of the held-out corpus: dev/ and test/, documents with their hand labels")
	half := fset.String("half", "all", "which half to score: all, tuned, dev or test")
	verbose := fset.Bool("v", false, "list every wrong and missed item (tuned-on and dev documents only; refused with -half test)")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "Usage: evaldraft [flags]\n\nScores drafting per document and per half (tuned-on, dev, test). No environment variables.\n\nFlags:")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fset.Arg(0))
	}
	switch *half {
	case "all", halfTuned, halfDev, halfTest:
	default:
		return fmt.Errorf("-half %q: want all, tuned, dev or test", *half)
	}
	if *verbose && *half == halfTest {
		return errors.New("-v lists items, and the test half's items are never listed: score it without -v")
	}
	want := func(h string) bool { return *half == "all" || *half == h }

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

	var all []doc
	if want(halfTuned) {
		for _, s := range ds.Sources {
			if s.ID == "crt2018-mali" {
				all = append(all, doc{halfTuned, "Mali chapter (crt2018-mali) vs the curated seed", s.Text, "Mali", s.Published.String(), drafteval.FromDataset(ds, s.ID)})
			}
		}
		if len(all) == 0 {
			return fmt.Errorf("the seed has no source crt2018-mali")
		}
		tuned, err := readDocs(halfTuned, *docs)
		if err != nil {
			return err
		}
		all = append(all, tuned...)
	}
	for _, h := range []string{halfDev, halfTest} {
		if !want(h) {
			continue
		}
		ds, err := readDocs(h, filepath.Join(*corpus, h))
		if err != nil {
			return err
		}
		all = append(all, ds...)
	}

	fmt.Fprintf(out, "Command: `go run ./cmd/evaldraft%s`\n\n", strings.Join(append([]string{""}, args...), " "))
	sums := map[string]*drafteval.Figures{}
	var perDoc = map[string][]docLine{}
	for _, d := range all {
		opts := draft.Options{Country: d.country, Published: d.published}
		dr := draft.Make(d.text, opts, empty)
		f := drafteval.Evaluate(dr, d.text, d.gold)
		drafteval.EvaluateLinks(draft.Make(d.text, opts, full), d.gold, f)
		if sums[d.half] == nil {
			sums[d.half] = &drafteval.Figures{}
		}
		sums[d.half].Add(f)
		perDoc[d.half] = append(perDoc[d.half], docLine{d.name, f})
		if d.half != halfTest {
			report(out, d.name, f, *verbose)
		}
	}
	for _, h := range []string{halfTuned, halfDev, halfTest} {
		f := sums[h]
		if f == nil {
			if h != halfTuned && want(h) {
				fmt.Fprintf(out, "# Half: %s\n\nno documents\n\n", halfTitles[h])
			}
			continue
		}
		fmt.Fprintf(out, "# Half: %s — %d documents\n\n", halfTitles[h], len(perDoc[h]))
		docTable(out, perDoc[h])
		report(out, "all documents of the half", f, false)
		confusion(out, f)
	}
	return nil
}

type docLine struct {
	name string
	f    *drafteval.Figures
}

// readDocs reads the documents of dir: each NAME.labels.yaml with its NAME.txt.
func readDocs(half, dir string) ([]doc, error) {
	labels, err := filepath.Glob(filepath.Join(dir, "*.labels.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(labels)
	var out []doc
	for _, l := range labels {
		g, country, err := drafteval.ReadLabels(l)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(l, ".labels.yaml") + ".txt"
		text, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("%s: its text: %w", l, err)
		}
		out = append(out, doc{half, filepath.Base(name) + " vs its hand labels", string(text), country, "", g})
	}
	return out, nil
}

func ratio(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f (%d/%d)", float64(a)/float64(b), a, b)
}

// docTable prints one line of overall figures per document of a half.
func docTable(out io.Writer, docs []docLine) {
	fmt.Fprintf(out, "| document | entity recall | rel. precision | rel. recall | dates right | linking precision |\n|---|---|---|---|---|---|\n")
	under := 0
	for _, d := range docs {
		f := d.f
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", strings.TrimSuffix(d.name, " vs its hand labels"),
			ratio(f.FoundEntities, f.GoldEntities), ratio(f.Correct, f.Proposed), ratio(f.Recalled, f.GoldRels),
			ratio(f.DatesRight, f.Dates), ratio(f.MentionsRight, f.Mentions))
		if f.GoldRels > 0 && 2*f.Recalled < f.GoldRels {
			under++
		}
	}
	fmt.Fprintf(out, "\ndocuments under relationship recall 0.5: %d of %d\n\n", under, len(docs))
}

// confusion prints, as counts, which types are missed, which are proposed
// wrongly, and which gold type a wrong proposal's ends had.
func confusion(out io.Writer, f *drafteval.Figures) {
	fmt.Fprintf(out, "| type | missed (gold not proposed) | proposed wrongly |\n|---|---|---|\n")
	for _, t := range f.Types() {
		tf := f.ByType[t]
		fmt.Fprintf(out, "| %s | %d | %d |\n", t, tf.Gold-tf.Recalled, tf.Proposed-tf.Correct)
	}
	fmt.Fprintln(out)
	cells := f.Confusions()
	if len(cells) == 0 {
		return
	}
	fmt.Fprintf(out, "| gold type between the two ends | proposed type | count |\n|---|---|---|\n")
	for _, c := range cells {
		p := string(c.Proposed)
		if c.Reversed {
			p += " (ends reversed)"
		}
		fmt.Fprintf(out, "| %s | %s | %d |\n", c.Gold, p, f.Confusion[c])
	}
	fmt.Fprintln(out)
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
	fmt.Fprintf(out, "| entity candidates made of a common word | %d |\n\n", len(f.CommonWordCandidates))
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
		list("Entity candidates made of a common word", f.CommonWordCandidates)
		list("Relationships proposed that the gold does not hold", f.Wrong)
		list("Relationships missed", drafteval.SortedMissing(f.Missed))
		list("Wrong dates", f.WrongDates)
		list("Wrong links", f.WrongMentions)
	}
}

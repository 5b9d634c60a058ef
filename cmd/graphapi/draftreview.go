package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/graphapi/graphapi/internal/draft"
	"github.com/graphapi/graphapi/internal/review"
)

const draftReviewSynopsis = `graphapi draft accept DRAFTDIR (--item ID ... | --all) [--seed DIR]
       graphapi draft reject DRAFTDIR --item ID ... [--seed DIR]

Marks items of a draft (graphapi draft --out DRAFTDIR) accepted or rejected, as
the review on the page does, and saves DRAFTDIR/draft.review. --all accepts
every proposed item that can stand (a relationship needs both ends to be an
entity or an accepted candidate). With --seed, the accepted items are then
written as a source pack into the seed folder (DIR/<source id>/: pack.yaml, the
text, statements.yaml), after the seed with that pack is checked to load whole;
nothing is written if it does not. Without --seed the statements are written
to DRAFTDIR/statements.yaml, making DRAFTDIR a pack to copy into a seed.`

// itemList is a repeatable --item flag; each may also be a comma-separated list.
type itemList []string

func (l *itemList) String() string { return strings.Join(*l, ",") }

func (l *itemList) Set(v string) error {
	for id := range strings.SplitSeq(v, ",") {
		if id = strings.TrimSpace(id); id != "" {
			*l = append(*l, id)
		}
	}
	return nil
}

func reviewDraft(ctx context.Context, verb string, status draft.Status, args []string, getenv func(string) string, stdout io.Writer) error {
	name := "draft " + verb
	fset, env := newFlags(name, getenv)
	var items itemList
	fset.Var(&items, "item", "id of an item to "+verb+" (repeat, or comma-separated)")
	all := false
	if status == draft.Accepted {
		fset.BoolVar(&all, "all", false, "accept every proposed item that can stand")
	}
	seedDir := fset.String("seed", env("seed", ""), "seed folder to write the accepted pack into (default: write DRAFTDIR/statements.yaml only)")
	dir, err := parseWithArg(fset, args)
	if err != nil {
		return err
	}
	switch {
	case dir == "":
		return fmt.Errorf("%s: no DRAFTDIR given (see graphapi draft %s -h)", name, verb)
	case len(items) == 0 && !all:
		return fmt.Errorf("%s: name the items with --item ID (see graphapi draft %s -h)", name, verb)
	case len(items) > 0 && all:
		return fmt.Errorf("%s: give --item or --all, not both", name)
	}
	p, err := review.ReadDir(dir, filepath.Base(dir))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var leftProposed []string
	if all {
		leftProposed = p.Draft.AcceptAll()
	} else if err := p.Draft.SetStatuses(items, status); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	mentions, candidates, relationships := p.Draft.Count()
	accepted := mentions.Accepted + candidates.Accepted + relationships.Accepted
	if accepted == 0 { // a reject before anything is accepted: only the draft changes
		if err := draft.Write(dir, p); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(stdout, "%s: saved; nothing is accepted yet, so no pack was written\n", dir)
		return nil
	}
	pf, err := review.Pack(p)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was saved", name, err)
	}
	where := filepath.Join(dir, draft.StatementsFile)
	if *seedDir != "" {
		where = filepath.Join(*seedDir, pf.Folder)
		if err := review.Place(ctx, *seedDir, pf, nil); err != nil {
			return fmt.Errorf("%s: %w; nothing was saved", name, err)
		}
	} else if err := draft.WriteFile(where, pf.Files[draft.StatementsFile]); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := draft.Write(dir, p); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, id := range leftProposed {
		fmt.Fprintf(stdout, "left proposed: %s (an end is unresolved or a candidate not accepted; set it on the page)\n", id)
	}
	fmt.Fprintf(stdout, "%s: saved; %d item(s) accepted in all, written as statements to %s\n", dir, accepted, where)
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/history"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/review"
)

const packSynopsis = `graphapi pack revert ID --seed DIR [--dry-run] [--audit FILE] [--user NAME]
       graphapi pack history --seed DIR

revert takes the pack whose source is ID out of the seed folder and reloads the
graph without it, all or nothing: what other packs state stays, with their
evidence. The graph is Neo4j's when NEO4J_URI is set; otherwise the seed is
checked on the embedded store, and a server serving it picks the change up when
restarted. Refused, naming them, when other packs' statements name an entity
only this pack states. --dry-run lists what would leave and changes nothing.
The revert is appended to --audit as pack.revert, for --user.

history lists the packs in the order they entered the graph: those that came
with the seed, by source id, then those applied through review, by time.`

// packCommand runs `graphapi pack revert|history` (sub).
func packCommand(ctx context.Context, sub string, args []string, getenv func(string) string, stdout io.Writer, logger *slog.Logger) error {
	fset, env := newFlags("pack "+sub, getenv)
	seedDir := fset.String("seed", env("seed", ""), "the seed folder the pack is in (required)")
	dryRun := fset.Bool("dry-run", false, "revert: list what would leave the graph; change nothing")
	auditFile := fset.String("audit", env("audit", ""), "revert: the audit log to append the revert to (the server's --audit)")
	user := fset.String("user", env("user", getenv("USER")), "revert: who the audit log records as reverting (default: $USER)")
	id, err := parseWithArg(fset, args)
	if err != nil {
		return err
	}
	if *seedDir == "" {
		return fmt.Errorf("pack %s: --seed DIR is required: the folder the packs are in", sub)
	}
	if info, err := os.Stat(*seedDir); err != nil || !info.IsDir() {
		return fmt.Errorf("pack %s: --seed %s is not a folder", sub, *seedDir)
	}
	if sub == "history" {
		return printHistory(*seedDir, stdout)
	}
	if id == "" {
		return errors.New("pack revert: give the pack's source id: graphapi pack revert ID --seed DIR")
	}
	var graph review.Graph
	if getenv("NEO4J_URI") != "" {
		neo, closeNeo, err := openNeo4j(ctx, getenv, entities.DefaultLimits, logger)
		if err != nil {
			return err
		}
		defer closeNeo()
		graph = neo
	} else {
		mem := memstore.New()
		if _, _, err := loader.Load(ctx, os.DirFS(*seedDir), mem); err != nil {
			return fmt.Errorf("pack revert: the seed folder does not load: %w", err)
		}
		graph = mem
	}
	svc := review.NewService("", *seedDir, graph)
	if *auditFile != "" {
		log, err := audit.Open(*auditFile)
		if err != nil {
			return fmt.Errorf("pack revert: --audit: %w", err)
		}
		defer log.Close()
		svc.RecordingTo(log)
		if *user == "" {
			return errors.New("pack revert: --audit needs --user NAME (or $USER): the log records who reverted")
		}
	}
	if *user != "" {
		ctx = entities.WithUser(ctx, entities.User{Name: *user, Role: entities.RoleAdmin})
	}
	revert := svc.Revert
	if *dryRun {
		revert = svc.RevertPreview
	}
	rv, err := revert(ctx, id)
	if err != nil {
		var deps *review.DependedOn
		if errors.As(err, &deps) {
			for _, d := range deps.Dependants {
				fmt.Fprintf(stdout, "depends on it: pack %s states %s, which names %s\n", d.Pack, d.Relationship, d.Entity)
			}
		}
		return fmt.Errorf("pack revert: %s", entities.ErrorMessage(err))
	}
	pv := rv.Preview
	verb := "reverted"
	if rv.DryRun {
		verb = "dry run: reverting would take out"
	}
	fmt.Fprintf(stdout, "%s pack %s (folder %s): %d entities, %d relationships and evidence on %d others leave\n",
		verb, rv.Pack, rv.Folder, len(pv.RemovedEntities), len(pv.RemovedRelationships), len(pv.EvidenceRemoved))
	for _, e := range pv.RemovedEntities {
		fmt.Fprintf(stdout, "  entity %s (%s)\n", e.ID, e.Name)
	}
	for _, r := range pv.RemovedRelationships {
		fmt.Fprintf(stdout, "  relationship %s\n", r.ID)
	}
	for _, ev := range pv.EvidenceRemoved {
		fmt.Fprintf(stdout, "  evidence on %s: %d item(s)\n", ev.Subject, len(ev.Evidence))
	}
	return nil
}

// printHistory prints the packs in the order they entered, one a line, as
// JSON (entities.History).
func printHistory(seedDir string, stdout io.Writer) error {
	ds, err := loader.ReadDir(os.DirFS(seedDir))
	if err != nil {
		return fmt.Errorf("pack history: the seed folder does not load: %w", err)
	}
	packs, err := history.Packs(os.DirFS(seedDir))
	if err != nil {
		return fmt.Errorf("pack history: %w", err)
	}
	folder := map[string]string{}
	for _, p := range packs {
		folder[p.Source] = p.Folder
	}
	enc := json.NewEncoder(stdout)
	for _, s := range entities.History(ds.Sources) {
		line := struct {
			Pack    string            `json:"pack"`
			Folder  string            `json:"folder,omitempty"`
			Title   string            `json:"title"`
			Applied *entities.Applied `json:"applied,omitempty"`
		}{s.ID, folder[s.ID], s.Title, s.Applied}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}

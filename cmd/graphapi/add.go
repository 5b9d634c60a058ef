package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

// addPack adds the source pack in dir to the graph loaded in Neo4j: it reads
// the pack and what the pack touches in the graph, merges and checks them by
// the rules of a whole load (loader.OpenAddition), and writes the pack's
// source and what it states, created or updated, in one transaction.
func addPack(ctx context.Context, dir string, dryRun bool, getenv func(string) string, stdout io.Writer, logger *slog.Logger, prog *progress) error {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("load --add: %q is not a folder: give a source pack's folder, the one that holds its pack.yaml", dir)
	}
	store, closeStore, err := openNeo4j(ctx, getenv, entities.DefaultLimits, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	start := time.Now()
	// A graph loaded by an older graphapi may lack the index of names the
	// reading looks entities up in.
	if err := store.EnsureSchema(ctx); err != nil {
		if ctx.Err() != nil {
			return addInterrupted(stdout)
		}
		return fmt.Errorf("load --add: %s; nothing was written", entities.ErrorMessage(err))
	}
	ph := prog.wait("reading the pack and what it touches in Neo4j")
	a, err := loader.OpenAddition(ctx, os.DirFS(dir), store)
	ph.end(err)
	var probs loader.Problems
	switch {
	case ctx.Err() != nil:
		return addInterrupted(stdout)
	case errors.As(err, &probs):
		lines := make([]string, len(probs))
		for i, p := range probs {
			lines[i] = p.String()
		}
		return fmt.Errorf("load --add: pack %s refused, %d problem(s); nothing was written:\n%s", dir, len(probs), strings.Join(lines, "\n"))
	case err != nil:
		return fmt.Errorf("load --add: reading the graph in Neo4j: %s; nothing was written", entities.ErrorMessage(err))
	}
	printWarnings(stdout, a.Warnings())
	ds := a.Dataset()
	if dryRun {
		fmt.Fprintf(stdout, "dry run: the pack is sound (source %s states %d entities and %d relationships, merged with the graph's); nothing written\n",
			sourceIDs(ds), len(ds.Entities), len(ds.Relationships))
		return nil
	}
	ph = prog.wait("writing to Neo4j (one transaction)")
	stats, err := store.Add(ctx, ds)
	ph.end(err)
	if err != nil {
		if ctx.Err() != nil {
			return addInterrupted(stdout)
		}
		return fmt.Errorf("load --add: %s (the graph in Neo4j is as it was)", entities.ErrorMessage(err))
	}
	took := time.Since(start)
	out, _ := json.Marshal(stats)
	fmt.Fprintf(stdout, "added %s in %s: %s\n", sourceIDs(ds), took.Round(time.Millisecond), out)
	logger.Info("added a pack to Neo4j", "source", sourceIDs(ds), "entities", len(ds.Entities), "relationships", len(ds.Relationships), "took", took.String())
	return nil
}

func addInterrupted(stdout io.Writer) error {
	fmt.Fprintln(stdout, "load --add interrupted: nothing was written; the graph in Neo4j is as it was")
	return errors.New("load --add: interrupted before the commit; the graph in Neo4j is as it was")
}

func sourceIDs(ds *entities.Dataset) string {
	ids := make([]string, len(ds.Sources))
	for i, s := range ds.Sources {
		ids[i] = s.ID
	}
	return strings.Join(ids, ", ")
}

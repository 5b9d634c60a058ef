package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/neo4jstore"
)

// openNeo4j opens the Neo4j store named by the NEO4J_* environment. It does not
// wait for Neo4j: a server that is down now makes /readyz say so, and requests
// answer 503 until it is back.
func openNeo4j(ctx context.Context, getenv func(string) string, limits entities.Limits, logger *slog.Logger) (*neo4jstore.Store, func(), error) {
	cfg := neo4jstore.ConfigFromEnv(getenv)
	cfg.Limits = limits
	store, err := neo4jstore.Open(cfg)
	if err != nil {
		return nil, nil, err
	}
	if err := store.Ping(ctx); err != nil {
		logger.Warn("Neo4j does not answer yet; serving 503 until it does", "uri", redactURI(cfg.URI), "error", entities.ErrorMessage(err))
	}
	closeStore := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = store.Close(ctx)
	}
	return store, closeStore, nil
}

// load validates a seed and writes it into Neo4j, all or nothing.
func load(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, logger *slog.Logger, prog *progress) error {
	fset, env := newFlags("load", getenv)
	dir := fset.String("seed", env("seed", ""), "seed directory or file (default: the compiled-in Mali seed)")
	dryRun := boolFlag(fset, "dry-run", false, "validate only (with --add: against the graph in Neo4j); write nothing", env)
	bulk := fset.String("bulk", env("bulk", ""), "write neo4j-admin import files for a first load of an empty database into this new directory, instead of loading (scripts/neo4j-bulk-load.sh runs the import)")
	schemaOnly := boolFlag(fset, "schema-only", false, "create the constraints and indexes (after a bulk import) and wait for them; load nothing", env)
	add := fset.String("add", env("add", ""), "add this source pack (a folder with pack.yaml) to the graph loaded in Neo4j, merged with what it touches there; the rest of the graph is left as it is")
	if err := parse(fset, args); err != nil {
		return err
	}
	if *add != "" {
		if *dir != "" || *bulk != "" || *schemaOnly {
			return fmt.Errorf("load: --add adds one pack to the loaded graph; it takes no --seed, --bulk or --schema-only")
		}
		return addPack(ctx, *add, *dryRun, getenv, stdout, logger, prog)
	}
	if *schemaOnly {
		return createSchema(ctx, getenv, stdout, logger)
	}
	sd, cfs, err := openSeed(*dir, prog)
	if err != nil {
		return err
	}
	printSkipped(stdout, sd.Skipped())
	printWarnings(stdout, sd.Warnings())
	n := sd.Counts()
	if *dryRun {
		fmt.Fprintf(stdout, "dry run: the seed is sound (%d sources, %d entities, %d relationships); nothing written\n", len(sd.Sources()), n.Entities, n.Relationships)
		return nil
	}
	if *bulk != "" {
		return writeImport(ctx, *bulk, getenv("NEO4J_DATABASE"), sd, cfs, stdout, prog)
	}
	store, closeStore, err := openNeo4j(ctx, getenv, entities.DefaultLimits, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	start := time.Now()
	stats, err := replaceInNeo4j(ctx, sd, cfs, store, prog)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stdout, "load interrupted: nothing was written; the graph in Neo4j is as it was")
			return fmt.Errorf("load: interrupted before the commit; the graph in Neo4j is as it was")
		}
		return fmt.Errorf("load: %s (the graph in Neo4j is as it was)", entities.ErrorMessage(err))
	}
	took := time.Since(start)
	out, _ := json.Marshal(stats)
	fmt.Fprintf(stdout, "loaded in %s: %s\n", took.Round(time.Millisecond), out)
	logger.Info("loaded into Neo4j", "entities", n.Entities, "relationships", n.Relationships, "took", took.String())
	return nil
}

// redactURI drops any user:password@ from a Neo4j URI before it is logged.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(unparseable NEO4J_URI)"
	}
	u.User = nil
	return u.String()
}

// replaceInNeo4j replaces the graph in Neo4j with sd, all or nothing, in two
// phases: reading the seed's CSV files into a dataset, and the transaction.
func replaceInNeo4j(ctx context.Context, sd *loader.Seed, cfs *countingFS, store *neo4jstore.Store, prog *progress) (*entities.LoadStats, error) {
	ph := prog.start("reading the seed", seedBytes(cfs.fsys, ".csv"), true)
	cfs.count(ph)
	ds, err := sd.Dataset()
	cfs.count(nil)
	ph.end(err)
	if err != nil {
		return nil, err
	}
	ph = prog.wait("writing to Neo4j (one transaction)")
	st, err := store.Replace(ctx, ds)
	ph.end(err)
	return st, err
}

// writeImport writes the checked seed sd as neo4j-admin import files into dir.
func writeImport(ctx context.Context, dir, database string, sd *loader.Seed, cfs *countingFS, stdout io.Writer, prog *progress) error {
	start := time.Now()
	ph := prog.start("writing import files", seedBytes(cfs.fsys, ".csv"), true)
	cfs.count(ph)
	files, err := neo4jstore.WriteImport(ctx, dir, database, sd)
	cfs.count(nil)
	ph.end(err)
	if ctx.Err() != nil {
		return fmt.Errorf("load --bulk: interrupted; the files in %s are incomplete: remove them; nothing was imported", dir)
	}
	if err != nil {
		return fmt.Errorf("load --bulk: %s", entities.ErrorMessage(err))
	}
	fmt.Fprintf(stdout, "wrote import files for %d entities and %d relationships to %s in %s\n",
		files.Counts.Entities, files.Counts.Relationships, files.Dir, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "import them into the stopped database: neo4j-admin database import full @%s\n", filepath.Join(files.Dir, "import.args"))
	return nil
}

// createSchema creates graphapi's constraints and indexes in the database at
// NEO4J_URI, as a bulk import leaves it without them, and waits until they are
// online.
func createSchema(ctx context.Context, getenv func(string) string, stdout io.Writer, logger *slog.Logger) error {
	store, closeStore, err := openNeo4j(ctx, getenv, entities.DefaultLimits, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	start := time.Now()
	if err := store.EnsureSchema(ctx); err != nil {
		return fmt.Errorf("load --schema-only: %s", entities.ErrorMessage(err))
	}
	fmt.Fprintf(stdout, "schema online in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

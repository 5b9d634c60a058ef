package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"graphapi/internal/entities"
	"graphapi/internal/export"
	"graphapi/internal/loader"
	"graphapi/internal/memstore"
)

// exportGraph writes the graph, or part of it, in an interchange format: from
// Neo4j when NEO4J_URI is set, else from the embedded store loaded from the seed.
func exportGraph(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, logger *slog.Logger) error {
	fset, env := newFlags("export", getenv)
	format := fset.String("format", env("format", ""), "graphml, csv, stix or cytoscape")
	out := fset.String("out", env("out", ""), "file to write (- for standard output); for csv, a directory")
	dir := fset.String("seed", env("seed", ""), "seed directory or file (default: the compiled-in Mali seed); not used with NEO4J_URI")
	ids := fset.String("ids", env("ids", ""), "comma-separated entity ids (default: the whole graph)")
	asOf := fset.String("as-of", env("as-of", ""), "keep what existed on this date (YYYY, YYYY-MM or YYYY-MM-DD)")
	if err := parse(fset, args); err != nil {
		return err
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("export: %s", entities.ErrorMessage(err))
	}
	if *out == "" {
		return errors.New("export: give --out PATH (a directory for csv)")
	}
	q := entities.ExportQuery{}
	if *ids != "" {
		for _, id := range strings.Split(*ids, ",") {
			q.IDs = append(q.IDs, strings.TrimSpace(id))
		}
	}
	if q.AsOf, err = entities.ParseAsOf(*asOf); err != nil {
		return fmt.Errorf("export: %s", entities.ErrorMessage(err))
	}

	var ex entities.Exporter
	if getenv("NEO4J_URI") != "" {
		neo, closeNeo, err := openNeo4j(ctx, getenv, entities.DefaultLimits, logger)
		if err != nil {
			return err
		}
		defer closeNeo()
		ex = neo
	} else {
		mem := memstore.New()
		sd, err := loader.Open(seedFS(*dir))
		if err != nil {
			return err
		}
		if _, err := sd.ReplaceIn(ctx, mem); err != nil {
			return err
		}
		logSkipped(logger, sd.Skipped())
		ex = mem
	}

	if f == export.CSV && *out != "-" {
		if err := export.Run(ctx, ex, q, export.NewCSVWriter(export.DirFiles(*out))); err != nil {
			return fmt.Errorf("export: %s", entities.ErrorMessage(err))
		}
		fmt.Fprintf(stdout, "wrote the %s export to %s\n", f, *out)
		return nil
	}
	w := stdout
	if *out != "-" {
		file, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer file.Close()
		w = file
	}
	if err := export.Write(ctx, ex, q, f, w); err != nil {
		return fmt.Errorf("export: %s", entities.ErrorMessage(err))
	}
	if *out != "-" {
		fmt.Fprintf(stdout, "wrote the %s export to %s\n", f, *out)
	}
	return nil
}

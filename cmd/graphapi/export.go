package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/export"
	"github.com/graphapi/graphapi/internal/memstore"
)

// exportGraph writes the graph, or part of it, in an interchange format: from
// Neo4j when NEO4J_URI is set, else from the embedded store loaded from the seed.
func exportGraph(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, logger *slog.Logger, prog *progress) error {
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
	total := int64(-1) // rows the export writes, when known
	if getenv("NEO4J_URI") != "" {
		neo, closeNeo, err := openNeo4j(ctx, getenv, entities.DefaultLimits, logger)
		if err != nil {
			return err
		}
		defer closeNeo()
		ex = neo
	} else {
		mem := memstore.New()
		sd, cfs, err := openSeed(*dir, prog)
		if err != nil {
			return err
		}
		if _, err := replaceIn(ctx, sd, cfs, mem, prog); err != nil {
			return err
		}
		if len(q.IDs) == 0 && !q.AsOf.Set {
			n := sd.Counts()
			total = int64(n.Entities + n.Relationships)
		}
		logSkipped(logger, sd.Skipped())
		logWarnings(logger, sd.Warnings())
		ex = mem
	}

	ph := prog.start("exporting", total, false)
	ex = countingExporter{Exporter: ex, ph: ph}
	err = writeExport(ctx, ex, q, f, *out, stdout)
	ph.end(err)
	return err
}

// writeExport writes the export of q from ex in format f to out: a file, a
// directory for csv, or - for stdout.
func writeExport(ctx context.Context, ex entities.Exporter, q entities.ExportQuery, f export.Format, out string, stdout io.Writer) error {
	if f == export.CSV && out != "-" {
		if err := export.Run(ctx, ex, q, export.NewCSVWriter(export.DirFiles(out))); err != nil {
			return fmt.Errorf("export: %s", entities.ErrorMessage(err))
		}
		fmt.Fprintf(stdout, "wrote the %s export to %s\n", f, out)
		return nil
	}
	w := stdout
	if out != "-" {
		file, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer file.Close()
		w = file
	}
	if err := export.Write(ctx, ex, q, f, w); err != nil {
		return fmt.Errorf("export: %s", entities.ErrorMessage(err))
	}
	if out != "-" {
		fmt.Fprintf(stdout, "wrote the %s export to %s\n", f, out)
	}
	return nil
}

// countingExporter is an export that advances a phase by each row it yields.
type countingExporter struct {
	entities.Exporter
	ph *phase
}

func (c countingExporter) Export(ctx context.Context, q entities.ExportQuery, sink entities.ExportSink) error {
	return c.Exporter.Export(ctx, q, countingSink{ExportSink: sink, ph: c.ph})
}

type countingSink struct {
	entities.ExportSink
	ph *phase
}

func (c countingSink) Entity(e *entities.Entity) error {
	c.ph.add(1)
	return c.ExportSink.Entity(e)
}

func (c countingSink) Relationship(r *entities.Relationship) error {
	c.ph.add(1)
	return c.ExportSink.Relationship(r)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/ucdp"
)

// importGraph turns a STIX 2.1 bundle into a seed directory, all or nothing.
// The loader reads the bundle as `--seed FILE` would (the same mapping and
// checks); only a sound one is written, beside the target first and then
// renamed to it. A UCDP actor file becomes a source pack (importUCDP).
func importGraph(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, logger *slog.Logger) error {
	fset, env := newFlags("import", getenv)
	format := fset.String("format", env("format", "stix"), "the input format: stix (a STIX 2.1 bundle) or ucdp-actors (the UCDP Actor Dataset's CSV)")
	in := fset.String("in", env("in", ""), "the file to read")
	out := fset.String("out", env("out", ""), "the directory to write (new or empty; for ucdp-actors, or the pack an earlier import wrote)")
	against := fset.String("seed", env("seed", ""), "ucdp-actors: the graph the actors are resolved against, a seed DIR|FILE (default: the compiled-in Mali seed); not used with NEO4J_URI, whose graph it is then")
	resolve := fset.String("resolve", env("resolve", ""), "ucdp-actors: the decisions to read (default: OUT/"+ucdp.ReviewFile+", the earlier import's)")
	if err := parse(fset, args); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		return errors.New("import: give --in FILE and --out DIR")
	}
	switch *format {
	case "stix":
	case "ucdp-actors":
		return importUCDP(ctx, *in, *out, *against, *resolve, getenv, stdout, logger)
	default:
		return fmt.Errorf("import: --format must be stix or ucdp-actors, not %q", *format)
	}
	if info, err := os.Stat(*in); err != nil || info.IsDir() || filepath.Ext(*in) != ".json" {
		return fmt.Errorf("import: --in must be a STIX bundle file, *.json")
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		return fmt.Errorf("import: %s is not empty; import into a new directory", *out)
	}
	sd, err := loader.Open(seedFS(*in))
	if err != nil {
		return fmt.Errorf("import: %w\nnothing written", err)
	}
	printSkipped(stdout, sd.Skipped())
	ds, err := sd.Dataset()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(*out)), ".import-")
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := loader.WriteSeed(tmp, ds); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	_ = os.Remove(*out) // an empty directory is replaced
	if err := os.Rename(tmp, *out); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	fmt.Fprintf(stdout, "imported %d sources, %d entities, %d relationships into %s\n", len(ds.Sources), len(ds.Entities), len(ds.Relationships), *out)
	return nil
}

// importUCDP turns a UCDP actor file into a source pack resolved against the
// graph (Neo4j's when NEO4J_URI is set, else the seed's) with the decisions
// of resolve: actors that are the graph's entities merge into them, the rest
// are new or wait for a person.
func importUCDP(ctx context.Context, in, out, seedName, resolve string, getenv func(string) string, stdout io.Writer, logger *slog.Logger) error {
	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	d, err := ucdp.Read(f, in)
	if err != nil {
		return fmt.Errorf("import: %w\nnothing written", err)
	}
	graph, err := graphEntities(ctx, seedName, getenv, logger)
	if err != nil {
		return fmt.Errorf("import: the graph to resolve against: %w\nnothing written", err)
	}
	if resolve == "" {
		resolve = filepath.Join(out, ucdp.ReviewFile)
	}
	dec, err := ucdp.ReadDecisions(resolve)
	if err != nil {
		return fmt.Errorf("import: %w\nnothing written", err)
	}
	p, err := ucdp.Build(d, graph, dec)
	if err != nil {
		return fmt.Errorf("import: %w\nnothing written", err)
	}
	if err := p.Write(out, in); err != nil {
		return fmt.Errorf("import: %w\nnothing written", err)
	}
	for _, r := range p.Reported {
		fmt.Fprintf(stdout, "%s:%d: reported: %s\n", in, r.Line, r.Message)
	}
	fmt.Fprintf(stdout, "imported %s: %d actors; %d merged into the graph's entities, %d new, %d waiting for a decision (%s); %d entities, %d relationships (%d held for what waits) into %s\n",
		p.Source.Title, len(d.Actors), p.Merged, p.New, p.Waiting, filepath.Join(out, ucdp.ReviewFile), len(p.Entities), len(p.Relationships), p.Held, out)
	return nil
}

// graphEntities are the entities of the graph in Neo4j when NEO4J_URI is
// set, else of the seed named.
func graphEntities(ctx context.Context, seedName string, getenv func(string) string, logger *slog.Logger) ([]entities.Entity, error) {
	if getenv("NEO4J_URI") == "" {
		sd, err := loader.Open(seedFS(seedName))
		if err != nil {
			return nil, err
		}
		ds, err := sd.Dataset()
		if err != nil {
			return nil, err
		}
		return ds.Entities, nil
	}
	neo, closeNeo, err := openNeo4j(ctx, getenv, entities.DefaultLimits, logger)
	if err != nil {
		return nil, err
	}
	defer closeNeo()
	var sink entityCopies
	if err := neo.Export(ctx, entities.ExportQuery{}, &sink); err != nil {
		return nil, errors.New(entities.ErrorMessage(err))
	}
	return sink.entities, nil
}

// entityCopies keeps a copy of every entity an export streams (the store may
// reuse what each points to) and nothing else.
type entityCopies struct{ entities []entities.Entity }

func (c *entityCopies) Sources([]entities.Source) error { return nil }

func (c *entityCopies) Entity(e *entities.Entity) error {
	c.entities = append(c.entities, e.Clone())
	return nil
}

func (c *entityCopies) Relationship(*entities.Relationship) error { return nil }

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/graphapi/graphapi/internal/loader"
)

// importGraph turns a STIX 2.1 bundle into a seed directory, all or nothing.
// The loader reads the bundle as `--seed FILE` would (the same mapping and
// checks); only a sound one is written, beside the target first and then
// renamed to it.
func importGraph(args []string, getenv func(string) string, stdout io.Writer) error {
	fset, env := newFlags("import", getenv)
	format := fset.String("format", env("format", "stix"), "the input format; only stix")
	in := fset.String("in", env("in", ""), "the bundle to read")
	out := fset.String("out", env("out", ""), "the seed directory to write (new or empty)")
	if err := parse(fset, args); err != nil {
		return err
	}
	if *format != "stix" {
		return fmt.Errorf("import: --format must be stix, not %q", *format)
	}
	if *in == "" || *out == "" {
		return errors.New("import: give --in FILE and --out DIR")
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

package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"graphapi/internal/export"
)

// importGraph turns a STIX 2.1 bundle into a seed directory, all or nothing.
func importGraph(args []string, getenv func(string) string, stdout io.Writer) error {
	fset, _ := newFlags("import", getenv)
	format := fset.String("format", "stix", "the input format; only stix")
	in := fset.String("in", "", "the bundle to read")
	out := fset.String("out", "", "the seed directory to write (new or empty)")
	if err := parse(fset, args); err != nil {
		return err
	}
	if *format != "stix" {
		return fmt.Errorf("import: --format must be stix, not %q", *format)
	}
	if *in == "" || *out == "" {
		return errors.New("import: give --in FILE and --out DIR")
	}
	f, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	ds, skipped, err := export.ImportSTIX(f, *out)
	for _, s := range skipped {
		fmt.Fprintf(stdout, "skipped %s\n", s)
	}
	if err != nil {
		return fmt.Errorf("import: %w (nothing written)", err)
	}
	fmt.Fprintf(stdout, "imported %d sources, %d entities, %d relationships into %s\n", len(ds.Sources), len(ds.Entities), len(ds.Relationships), *out)
	return nil
}

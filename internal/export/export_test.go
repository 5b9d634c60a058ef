package export_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/export"
	"github.com/graphapi/graphapi/internal/gen"
	"github.com/graphapi/graphapi/internal/loader"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/pycheck"
	"github.com/graphapi/graphapi/internal/testseed"
)

// mustStore returns an embedded store holding ds.
func mustStore(tb testing.TB, ds *entities.Dataset) *memstore.Store {
	tb.Helper()
	s := memstore.New()
	if _, err := s.Replace(context.Background(), ds); err != nil {
		tb.Fatal(err)
	}
	return s
}

// mali returns the Mali seed as a dataset.
func mali(tb testing.TB) *entities.Dataset {
	tb.Helper()
	ds := testseed.Mali(tb)
	return ds
}

// mustExport writes one export of ex to a byte slice.
func mustExport(tb testing.TB, ex entities.Exporter, q entities.ExportQuery, f export.Format) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := export.Write(context.Background(), ex, q, f, &b); err != nil {
		tb.Fatalf("export %s: %v", f, err)
	}
	return b.Bytes()
}

func asOf(tb testing.TB, s string) entities.AsOf {
	tb.Helper()
	a, err := entities.ParseAsOf(s)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// queries are the parts of the Mali graph every format is checked on.
func queries(tb testing.TB) []struct {
	name string
	q    entities.ExportQuery
} {
	tb.Helper()
	return []struct {
		name string
		q    entities.ExportQuery
	}{
		{"whole", entities.ExportQuery{}},
		{"as-of-2016", entities.ExportQuery{AsOf: asOf(tb, "2016")}},
		{"jnim-family", entities.ExportQuery{IDs: []string{"jnim", "aqim", "al-murabitoun", "ansar-al-dine", "mali"}}},
	}
}

func allowedRelTypes() string {
	names := make([]string, len(entities.RelTypes))
	for i, t := range entities.RelTypes {
		names[i] = export.STIXRelationshipType(t.Type)
	}
	return strings.Join(names, ",")
}

// TestSTIXPassesTheOASISValidator: every STIX export passes stix2-validator
// with no error, and its only warnings are for the documented custom
// relationship types.
func TestSTIXPassesTheOASISValidator(t *testing.T) {
	store := mustStore(t, mali(t))
	generated := mustStore(t, gen.Generate(3, 300, 900))
	dir := t.TempDir()
	var files []string
	for _, tc := range queries(t) {
		p := filepath.Join(dir, tc.name+".json")
		if err := os.WriteFile(p, mustExport(t, store, tc.q, export.STIX), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	p := filepath.Join(dir, "generated.json")
	if err := os.WriteFile(p, mustExport(t, generated, entities.ExportQuery{}, export.STIX), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, p)
	out := pycheck.Run(t, "check_stix.py", append([]string{allowedRelTypes()}, files...)...)
	t.Logf("%s", out)
}

// TestSTIXRoundTrip: export → loader → export gives the same bytes: the
// loader reads an exported bundle back into exactly the graph exported.
func TestSTIXRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		ds   *entities.Dataset
		q    entities.ExportQuery
	}{
		{"mali", mali(t), entities.ExportQuery{}},
		{"mali-as-of-2016", mali(t), entities.ExportQuery{AsOf: asOf(t, "2016")}},
		{"generated", gen.Generate(5, 500, 2000), entities.ExportQuery{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			first := mustExport(t, mustStore(t, tc.ds), tc.q, export.STIX)
			sd, err := loader.Open(fstest.MapFS{"bundle.json": {Data: first}})
			if err != nil {
				t.Fatal(err)
			}
			if skipped := sd.Skipped(); len(skipped) > 0 {
				t.Errorf("skipped %v", skipped)
			}
			ds, err := sd.Dataset()
			if err != nil {
				t.Fatal(err)
			}
			second := mustExport(t, mustStore(t, ds), entities.ExportQuery{}, export.STIX)
			if tc.q.AsOf.Set {
				// The bundle of a part names the part; the re-export is of the whole import.
				first = first[bytes.IndexByte(first, '\n'):]
				second = second[bytes.IndexByte(second, '\n'):]
			}
			if !bytes.Equal(first, second) {
				t.Fatalf("the second export differs from the first\nfirst:  %.300s\nsecond: %.300s", diffAt(first, second), diffAt(second, first))
			}
		})
	}
}

// diffAt returns a from the first byte where it differs from b.
func diffAt(a, b []byte) []byte {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-100):]
}

// TestCSVRoundTrip: the CSV export loads back through the loader, and the
// graph loaded gives the same files again.
func TestCSVRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		ds   *entities.Dataset
	}{
		{"mali", mali(t)},
		{"generated", gen.Generate(7, 2000, 8000)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			first, second := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
			ctx := context.Background()
			if err := export.Run(ctx, mustStore(t, tc.ds), entities.ExportQuery{}, export.NewCSVWriter(export.DirFiles(first))); err != nil {
				t.Fatal(err)
			}
			back, err := loader.ReadDir(os.DirFS(first))
			if err != nil {
				t.Fatal(err)
			}
			if err := export.Run(ctx, mustStore(t, back), entities.ExportQuery{}, export.NewCSVWriter(export.DirFiles(second))); err != nil {
				t.Fatal(err)
			}
			sameTree(t, first, second)
			// The header is the one loader.WriteSeed writes.
			seedDir := t.TempDir()
			if err := loader.WriteSeed(seedDir, tc.ds); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"entities.csv", "relationships.csv"} {
				if a, b := firstLine(t, filepath.Join(first, name)), firstLine(t, filepath.Join(seedDir, name)); a != b {
					t.Errorf("%s header %q, WriteSeed writes %q", name, a, b)
				}
			}
		})
	}
}

func firstLine(tb testing.TB, path string) string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	return line
}

// sameTree fails unless directories a and b hold the same files with the same bytes.
func sameTree(tb testing.TB, a, b string) {
	tb.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		files[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	err = filepath.WalkDir(b, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(b, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		want, ok := files[rel]
		switch {
		case !ok:
			tb.Errorf("%s is only in the second export", rel)
		case !bytes.Equal(want, data):
			tb.Errorf("%s differs between the exports", rel)
		}
		n++
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if n != len(files) {
		tb.Errorf("the first export has %d files, the second %d", len(files), n)
	}
}

package neo4jstore

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

// A first load of a large graph into an empty database goes through Neo4j's
// offline importer (`neo4j-admin database import full`) instead of
// transactions: WriteImport turns the graph into its CSV files, holding one
// row at a time. The nodes and relationships it describes are exactly those
// Replace writes (the same rows: entityCreateRow, relCreateRow, sourceProps),
// so a Replace of the same graph afterwards finds everything unchanged, and
// later transactional loads write only what differs.

// importArrayDelimiter separates the items of a list property (aliases).
// Unit Separator: text never holds it (WriteImport refuses an item that does).
const importArrayDelimiter = "\x1f"

// ImportFiles are the files WriteImport wrote and what they hold.
type ImportFiles struct {
	Dir    string
	Counts entities.Counts
	// Args are the arguments of `neo4j-admin database import full` after the
	// command, the database name last; also written, one a line, to
	// import.args in Dir, which neo4j-admin reads as @Dir/import.args.
	Args []string
}

// WriteImport writes g as neo4j-admin import files into dir (created; it must
// not hold files already): sources.csv, entities.csv and relationships.csv,
// and import.args, the importer's arguments for database. It reads each pass
// of g once and holds one row at a time. It returns g's error should a pass
// fail, and ctx's when it ends first.
func WriteImport(ctx context.Context, dir, database string, g entities.GraphStream) (*ImportFiles, error) {
	if database == "" {
		database = "neo4j"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(dir); err != nil {
		return nil, err
	} else if len(entries) > 0 {
		return nil, entities.Errorf(entities.EINVALID, "%s is not empty; give a new directory for the import files", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	out := &ImportFiles{Dir: abs}
	multiline := false

	srcKeys := []string{"kind", "title", "publisher", "published", "url", "file", "country", "text", "hash"}
	err = writeImportFile(filepath.Join(abs, "sources.csv"), append([]string{"id:ID(Source)"}, srcKeys...), func(w *importCSV) error {
		for i := range g.Sources() {
			p := sourceProps(&g.Sources()[i])
			w.field(p["id"])
			for _, k := range srcKeys {
				w.field(p[k])
			}
			if err := w.endRow(); err != nil {
				return err
			}
		}
		multiline = multiline || w.multiline
		return nil
	})
	if err != nil {
		return nil, err
	}

	entHeader := []string{"id:ID(Entity)", ":LABEL"}
	for _, k := range entityCreateKeys[1:] {
		entHeader = append(entHeader, k+importType(k))
	}
	err = writeImportFile(filepath.Join(abs, "entities.csv"), entHeader, func(w *importCSV) error {
		for e, err := range g.Entities() {
			if err != nil {
				return err
			}
			if out.Counts.Entities%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			label, err := cypher.KindLabel(e.Kind)
			if err != nil {
				return err
			}
			row := entityCreateRow(e)
			w.field(row[0])
			w.field([]string{"Entity", label}) // labels are a list too
			for _, v := range row[1:] {
				w.field(v)
			}
			if err := w.endRow(); err != nil {
				return fmt.Errorf("entity %q: %w", e.ID, err)
			}
			out.Counts.Entities++
		}
		multiline = multiline || w.multiline
		return nil
	})
	if err != nil {
		return nil, err
	}

	evidence := newEvidenceJSON()
	relHeader := []string{":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"}
	for _, k := range relCreateKeys {
		relHeader = append(relHeader, k+importType(k))
	}
	err = writeImportFile(filepath.Join(abs, "relationships.csv"), relHeader, func(w *importCSV) error {
		for r, err := range g.Relationships() {
			if err != nil {
				return err
			}
			if out.Counts.Relationships%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if _, ok := entities.RelTypeIndex(r.Type); !ok {
				return entities.Errorf(entities.EINVALID, "relationship %q has unknown type %q", r.ID, r.Type)
			}
			w.field(r.From)
			w.field(r.To)
			w.field(string(r.Type))
			for _, v := range relCreateRow(r, evidence)[2:] {
				w.field(v)
			}
			if err := w.endRow(); err != nil {
				return fmt.Errorf("relationship %q: %w", r.ID, err)
			}
			out.Counts.Relationships++
		}
		multiline = multiline || w.multiline
		return nil
	})
	if err != nil {
		return nil, err
	}

	out.Args = []string{
		"--nodes=Source=" + filepath.Join(abs, "sources.csv"),
		"--nodes=" + filepath.Join(abs, "entities.csv"),
		"--relationships=" + filepath.Join(abs, "relationships.csv"),
		"--array-delimiter=U+001F",
		// Slower parsing, so only when some field spans lines.
		"--multiline-fields=" + strconv.FormatBool(multiline),
		"--report-file=" + filepath.Join(abs, "import.report"),
		database,
	}
	var args strings.Builder
	for _, a := range out.Args {
		args.WriteString(strconv.Quote(a) + "\n")
	}
	if err := os.WriteFile(filepath.Join(abs, "import.args"), []byte(args.String()), 0o644); err != nil {
		return nil, err
	}
	return out, nil
}

// importType is a property's type in the import header: strings need none.
func importType(key string) string {
	switch key {
	case "vfrom", "vto":
		return ":long"
	case "aliases", "aliases_fold":
		return ":string[]"
	case "conflicted":
		return ":boolean"
	}
	return ""
}

func writeImportFile(name string, header []string, rows func(*importCSV) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	w := &importCSV{w: bufio.NewWriterSize(f, 1<<20)}
	for _, h := range header {
		w.field(h)
	}
	if err := w.endRow(); err != nil {
		return err
	}
	if err := rows(w); err != nil {
		return err
	}
	if err := w.w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// importCSV writes rows as the importer reads them: a nil value as an empty
// field (no property), any string, the empty one too, quoted when it must be
// (RFC 4180: a quote doubled), lists joined by importArrayDelimiter.
type importCSV struct {
	w         *bufio.Writer
	n         int   // fields in the row so far
	err       error // the row's first bad value
	multiline bool  // some field held a line break
}

func (c *importCSV) field(v any) {
	if c.n > 0 {
		c.w.WriteByte(',')
	}
	c.n++
	switch v := v.(type) {
	case nil:
	case string:
		c.str(v)
	case int64:
		c.w.WriteString(strconv.FormatInt(v, 10))
	case bool:
		c.w.WriteString(strconv.FormatBool(v))
	case []string:
		for _, item := range v {
			if strings.Contains(item, importArrayDelimiter) && c.err == nil {
				c.err = entities.Errorf(entities.EINVALID, "the list item %q holds U+001F, which the import uses between items", item)
			}
		}
		c.str(strings.Join(v, importArrayDelimiter))
	default:
		c.err = entities.Errorf(entities.EINTERNAL, "no import form for a %T", v)
	}
}

// str writes s straight into the buffer, a quote doubled as it goes: every
// evidence list is JSON, full of quotes, and millions of rows hold one.
func (c *importCSV) str(s string) {
	if s != "" && !strings.ContainsAny(s, "\",\r\n") {
		c.w.WriteString(s)
		return
	}
	if strings.ContainsAny(s, "\r\n") {
		c.multiline = true
	}
	c.w.WriteByte('"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		c.w.WriteString(s[:i+1])
		c.w.WriteByte('"')
		s = s[i+1:]
	}
	c.w.WriteString(s)
	c.w.WriteByte('"')
}

func (c *importCSV) endRow() error {
	c.n = 0
	if err := c.err; err != nil {
		c.err = nil
		return err
	}
	_, err := c.w.WriteString("\n")
	return err
}

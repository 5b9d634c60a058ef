package export

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/loader"
)

// Files receives the files of a multi-file export one after another: creating
// a file finishes the one before it, and Close finishes the last.
type Files interface {
	Create(name string) (io.Writer, error)
	Close() error
}

// DirFiles writes files into dir, which it creates.
func DirFiles(dir string) Files { return &dirFiles{dir: dir} }

type dirFiles struct {
	dir string
	f   *os.File
	buf *bufio.Writer
}

func (d *dirFiles) Create(name string) (io.Writer, error) {
	if err := d.Close(); err != nil {
		return nil, err
	}
	p := filepath.Join(d.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	d.f, d.buf = f, bufio.NewWriterSize(f, 1<<20)
	return d.buf, nil
}

func (d *dirFiles) Close() error {
	if d.f == nil {
		return nil
	}
	err := errors.Join(d.buf.Flush(), d.f.Close())
	d.f, d.buf = nil, nil
	return err
}

// ZipFiles writes files into a zip archive streamed to w.
func ZipFiles(w io.Writer) Files { return &zipFiles{z: zip.NewWriter(w)} }

type zipFiles struct{ z *zip.Writer }

func (z *zipFiles) Create(name string) (io.Writer, error) {
	// No modification time: two exports of one graph are byte-identical.
	return z.z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
}

func (z *zipFiles) Close() error { return z.z.Close() }

// csvWriter writes the seed WriteSeed writes (sources.yaml, the report texts,
// entities.csv, relationships.csv) with the loader's own header and row
// functions, so the export loads back through loader.ReadDir and neo4j-admin
// import reads the two CSV files (--nodes entities.csv --relationships
// relationships.csv --array-delimiter ';').
type csvWriter struct {
	files  Files
	w      *csv.Writer
	row    []string
	inRels bool
	closed bool
}

// NewCSVWriter returns a writer of the seed files to files.
func NewCSVWriter(files Files) Writer { return &csvWriter{files: files} }

func (c *csvWriter) Sources(sources []entities.Source) error {
	data, err := loader.SourcesYAML(sources)
	if err != nil {
		return err
	}
	if err := c.file("sources.yaml", data); err != nil {
		return err
	}
	for _, s := range sources {
		if s.Kind == entities.SourceReport && s.File != "" {
			if err := c.file(path.Clean(s.File), []byte(s.Text)); err != nil {
				return err
			}
		}
	}
	return c.table("entities.csv", loader.EntityCSVHeader())
}

func (c *csvWriter) file(name string, data []byte) error {
	w, err := c.files.Create(name)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// table starts a CSV file with its header.
func (c *csvWriter) table(name string, header []string) error {
	if c.w != nil {
		if err := c.flush(); err != nil {
			return err
		}
	}
	w, err := c.files.Create(name)
	if err != nil {
		return err
	}
	c.w, c.row = csv.NewWriter(w), make([]string, len(header))
	return c.w.Write(header)
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

func (c *csvWriter) Entity(e *entities.Entity) error {
	if err := loader.EntityCSVRow(e, c.row); err != nil {
		return err
	}
	return c.w.Write(c.row)
}

func (c *csvWriter) Relationship(r *entities.Relationship) error {
	if !c.inRels {
		c.inRels = true
		if err := c.table("relationships.csv", loader.RelationshipCSVHeader()); err != nil {
			return err
		}
	}
	if err := loader.RelationshipCSVRow(r, c.row); err != nil {
		return err
	}
	return c.w.Write(c.row)
}

func (c *csvWriter) Close() error {
	if c.closed {
		return errClosed
	}
	c.closed = true
	if !c.inRels {
		c.inRels = true
		if err := c.table("relationships.csv", loader.RelationshipCSVHeader()); err != nil {
			return err
		}
	}
	return errors.Join(c.flush(), c.files.Close())
}

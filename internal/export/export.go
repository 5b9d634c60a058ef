// Package export writes graphs in the formats other tools read: GraphML
// (networkx, Gephi, Cytoscape desktop), the neo4j-admin import CSV that the
// loader reads, STIX 2.1 bundles (OpenCTI and other threat-intelligence
// platforms) and Cytoscape.js JSON (what graphapi's page draws). Every writer is
// an entities.ExportSink: it writes each item as it receives it, so an export
// of a million entities holds one entity in memory, not the graph. (STIX keeps
// a little per entity and per citation: see stix.go.)
package export

import (
	"context"
	"errors"
	"io"

	"github.com/graphapi/graphapi/internal/entities"
)

// Format is an export format.
type Format string

const (
	GraphML   Format = "graphml"
	CSV       Format = "csv"
	STIX      Format = "stix"
	Cytoscape Format = "cytoscape"
)

// Formats lists every format in the order the documentation gives them.
var Formats = []Format{GraphML, CSV, STIX, Cytoscape}

// ParseFormat returns the format named s; EINVALID for any other name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", entities.Errorf(entities.EINVALID, "format must be graphml, csv, stix or cytoscape, not %q", s)
}

// ContentType is the media type of one export in format f sent as one stream;
// CSV travels as a zip of the seed files.
func (f Format) ContentType() string {
	switch f {
	case GraphML:
		return "application/graphml+xml"
	case CSV:
		return "application/zip"
	case STIX:
		return "application/stix+json;version=2.1"
	default:
		return "application/json"
	}
}

// FileName is the name an export in format f is saved under.
func (f Format) FileName() string {
	switch f {
	case GraphML:
		return "graphapi.graphml"
	case CSV:
		return "graphapi-csv.zip"
	case STIX:
		return "graphapi-stix.json"
	default:
		return "graphapi-cytoscape.json"
	}
}

// Writer is a sink that writes one format; Close finishes the document (closing
// tags, the last file) but not what it writes to.
type Writer interface {
	entities.ExportSink
	Close() error
}

// NewWriter returns a writer of format f to w. CSV goes to w as a zip archive
// of the seed files (see NewCSVWriter for a directory).
func NewWriter(f Format, w io.Writer, q entities.ExportQuery) (Writer, error) {
	switch f {
	case GraphML:
		return NewGraphMLWriter(w), nil
	case CSV:
		return NewCSVWriter(ZipFiles(w)), nil
	case STIX:
		return NewSTIXWriter(w, q), nil
	case Cytoscape:
		return NewCytoscapeWriter(w), nil
	}
	_, err := ParseFormat(string(f))
	return nil, err
}

// Write exports what q asks of ex into w in format f.
func Write(ctx context.Context, ex entities.Exporter, q entities.ExportQuery, f Format, w io.Writer) error {
	wr, err := NewWriter(f, w, q)
	if err != nil {
		return err
	}
	return Run(ctx, ex, q, wr)
}

// Run exports what q asks of ex into wr and closes wr; on an error the output
// is incomplete and says so by being malformed (no closing tags).
func Run(ctx context.Context, ex entities.Exporter, q entities.ExportQuery, wr Writer) error {
	if err := ex.Export(ctx, q, wr); err != nil {
		return err
	}
	return wr.Close()
}

// errWriter keeps the first write error, so that writers can write a whole
// item and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) WriteString(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

var errClosed = errors.New("export: the writer is closed")

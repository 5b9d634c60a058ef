package export

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/graphapi/graphapi/internal/entities"
)

// Cytoscape.js JSON, the elements object cy.add() and cytoscape({elements})
// take, with the data fields graphapi's page reads: a node's label is the name
// and it carries the whole entity; an edge carries the whole relationship.
type cytoscapeWriter struct {
	buf     *bufio.Writer
	w       errWriter
	enc     *json.Encoder
	opened  bool
	inEdges bool
	first   bool
	closed  bool
}

type cyNode struct {
	Data struct {
		ID        string           `json:"id"`
		Label     string           `json:"label"`
		Name      string           `json:"name"`
		Kind      entities.Kind    `json:"kind"`
		Founded   string           `json:"founded"`
		Dissolved string           `json:"dissolved"`
		Entity    *entities.Entity `json:"entity"`
	} `json:"data"`
}

type cyEdge struct {
	Data struct {
		ID           string                 `json:"id"`
		Source       string                 `json:"source"`
		Target       string                 `json:"target"`
		Type         entities.RelType       `json:"type"`
		Confidence   entities.Confidence    `json:"confidence"`
		Since        string                 `json:"since"`
		Until        string                 `json:"until"`
		Relationship *entities.Relationship `json:"relationship"`
	} `json:"data"`
}

// NewCytoscapeWriter returns a writer of Cytoscape.js JSON to w.
func NewCytoscapeWriter(w io.Writer) Writer {
	c := &cytoscapeWriter{buf: bufio.NewWriterSize(w, 64<<10), first: true}
	c.w.w = c.buf
	c.enc = json.NewEncoder(&c.w)
	c.enc.SetEscapeHTML(false)
	return c
}

func (c *cytoscapeWriter) open() {
	if !c.opened {
		c.opened = true
		c.w.WriteString("{\"elements\":{\"nodes\":[\n")
	}
}

func (c *cytoscapeWriter) edges() {
	c.open()
	if !c.inEdges {
		c.inEdges = true
		c.first = true
		c.w.WriteString("],\"edges\":[\n")
	}
}

func (c *cytoscapeWriter) item(v any) error {
	if !c.first {
		c.w.WriteString(",")
	}
	c.first = false
	if c.w.err == nil {
		// Encode ends each item with a newline: one element a line, each
		// after the first starting with its separating comma.
		if err := c.enc.Encode(v); err != nil && c.w.err == nil {
			c.w.err = err
		}
	}
	return c.w.err
}

func (c *cytoscapeWriter) Sources([]entities.Source) error {
	c.open()
	return c.w.err
}

func (c *cytoscapeWriter) Entity(e *entities.Entity) error {
	c.open()
	var n cyNode
	n.Data.ID, n.Data.Label, n.Data.Name, n.Data.Kind = e.ID, e.Name, e.Name, e.Kind
	n.Data.Founded, n.Data.Dissolved, n.Data.Entity = e.Founded.String(), e.Dissolved.String(), e
	return c.item(&n)
}

func (c *cytoscapeWriter) Relationship(r *entities.Relationship) error {
	c.edges()
	var e cyEdge
	e.Data.ID, e.Data.Source, e.Data.Target, e.Data.Type = r.ID, r.From, r.To, r.Type
	e.Data.Confidence, e.Data.Since, e.Data.Until, e.Data.Relationship = r.Confidence, r.Since.String(), r.Until.String(), r
	return c.item(&e)
}

func (c *cytoscapeWriter) Close() error {
	if c.closed {
		return errClosed
	}
	c.closed = true
	c.edges()
	c.w.WriteString("]}}\n")
	if c.w.err != nil {
		return c.w.err
	}
	return c.buf.Flush()
}

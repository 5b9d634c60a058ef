package export

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/graphapi/graphapi/internal/entities"
)

// GraphML: one <key> per property, each typed, declared before the graph as the
// schema requires (so attributes and evidence, whose names and shape vary, travel
// as JSON text in one key each). Node ids are entity ids and edge ids are
// relationship ids; the graph is directed, and parallel edges (two types between
// the same pair) stay separate edges, which networkx reads as a MultiDiGraph.
// "label" is the name, which Gephi shows as the node label. "claims" (nodes
// and edges) is every value each source gives, as the API's JSON list of
// {field, value, source}: founded, dissolved, since and the rest hold the value
// the graph shows, and "conflict" is true where the claims disagree.
var graphMLKeys = []struct{ id, domain, name, typ string }{
	{"label", "node", "label", "string"},
	{"kind", "node", "kind", "string"},
	{"name", "node", "name", "string"},
	{"aliases", "node", "aliases", "string"},
	{"description", "node", "description", "string"},
	{"founded", "node", "founded", "string"},
	{"dissolved", "node", "dissolved", "string"},
	{"attributes", "node", "attributes", "string"},
	{"evidence", "node", "evidence", "string"},
	{"evidence_count", "node", "evidence_count", "int"},
	{"claims", "node", "claims", "string"},
	{"conflict", "node", "conflict", "boolean"},
	{"type", "edge", "type", "string"},
	{"since", "edge", "since", "string"},
	{"until", "edge", "until", "string"},
	{"confidence", "edge", "confidence", "string"},
	{"note", "edge", "note", "string"},
	{"e_evidence", "edge", "evidence", "string"},
	{"e_evidence_count", "edge", "evidence_count", "int"},
	{"e_claims", "edge", "claims", "string"},
	{"e_conflict", "edge", "conflict", "boolean"},
}

type graphMLWriter struct {
	buf    *bufio.Writer
	w      errWriter
	opened bool
	closed bool
}

// NewGraphMLWriter returns a writer of GraphML to w.
func NewGraphMLWriter(w io.Writer) Writer {
	g := &graphMLWriter{buf: bufio.NewWriterSize(w, 64<<10)}
	g.w.w = g.buf
	return g
}

func (g *graphMLWriter) open() {
	if g.opened {
		return
	}
	g.opened = true
	g.w.WriteString(xml.Header)
	g.w.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphMLKeys {
		g.w.WriteString(`  <key id="` + k.id + `" for="` + k.domain + `" attr.name="` + k.name + `" attr.type="` + k.typ + `"/>` + "\n")
	}
	g.w.WriteString(`  <graph id="graphapi" edgedefault="directed">` + "\n")
}

func (g *graphMLWriter) Sources([]entities.Source) error {
	g.open()
	return g.w.err
}

func (g *graphMLWriter) Entity(e *entities.Entity) error {
	g.open()
	g.w.WriteString(`    <node id="`)
	g.escape(e.ID)
	g.w.WriteString("\">\n")
	g.data("label", e.Name)
	g.data("kind", string(e.Kind))
	g.data("name", e.Name)
	g.data("aliases", strings.Join(e.Aliases, "; "))
	g.data("description", e.Description)
	g.data("founded", e.Founded.String())
	g.data("dissolved", e.Dissolved.String())
	if len(e.Attributes) > 0 {
		g.data("attributes", jsonText(e.Attributes))
	}
	g.data("evidence", jsonText(e.Evidence))
	g.data("evidence_count", strconv.Itoa(len(e.Evidence)))
	g.claims("claims", "conflict", e.Claims)
	g.w.WriteString("    </node>\n")
	return g.w.err
}

func (g *graphMLWriter) Relationship(r *entities.Relationship) error {
	g.open()
	g.w.WriteString(`    <edge id="`)
	g.escape(r.ID)
	g.w.WriteString(`" source="`)
	g.escape(r.From)
	g.w.WriteString(`" target="`)
	g.escape(r.To)
	g.w.WriteString("\">\n")
	g.data("type", string(r.Type))
	g.data("since", r.Since.String())
	g.data("until", r.Until.String())
	g.data("confidence", string(r.Confidence))
	g.data("note", r.Note)
	g.data("e_evidence", jsonText(r.Evidence))
	g.data("e_evidence_count", strconv.Itoa(len(r.Evidence)))
	g.claims("e_claims", "e_conflict", r.Claims)
	g.w.WriteString("    </edge>\n")
	return g.w.err
}

func (g *graphMLWriter) Close() error {
	if g.closed {
		return errClosed
	}
	g.closed = true
	g.open()
	g.w.WriteString("  </graph>\n</graphml>\n")
	if g.w.err != nil {
		return g.w.err
	}
	return g.buf.Flush()
}

// claims writes the claims and whether they disagree; nothing when there are
// none.
func (g *graphMLWriter) claims(key, conflictKey string, cs []entities.Claim) {
	if len(cs) == 0 {
		return
	}
	g.data(key, jsonText(cs))
	g.data(conflictKey, strconv.FormatBool(entities.HasConflict(cs)))
}

// data writes one <data> element; empty values are left out, as GraphML's
// "no value" is the absence of the element.
func (g *graphMLWriter) data(key, v string) {
	if v == "" {
		return
	}
	g.w.WriteString(`      <data key="` + key + `">`)
	g.escape(v)
	g.w.WriteString("</data>\n")
}

func (g *graphMLWriter) escape(s string) {
	if g.w.err == nil {
		g.w.err = xml.EscapeText(&g.w, []byte(s))
	}
}

// jsonText is v as compact JSON, without HTML escaping (the XML escaper does
// what is needed, and the text should read as the API's JSON does).
func jsonText(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // maps of strings and evidence always encode
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

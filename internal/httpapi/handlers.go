package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/metrics"
)

// handleHealthz answers 200 whenever the process serves HTTP. It does not touch
// the store, so that a slow or absent database never gets the process restarted;
// /readyz is the one that asks the store.
func handleHealthz() gin.HandlerFunc {
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ok"})
	}
}

// handleReadyz says whether the store can answer: 503 while it cannot, so a load
// balancer stops sending traffic without the process being restarted.
func handleReadyz(store entities.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		if err := store.Ping(c.Request.Context()); err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
	}
}

func handleSearch(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "q", "kind", "limit", "offset")
		q := entities.SearchQuery{
			Text:   p.str("q"),
			Kind:   entities.Kind(p.str("kind")),
			Limit:  p.int("limit", 1),
			Offset: p.int("offset", 0),
		}
		if err := checkQuery(p, &q, limits); err != nil {
			writeError(c, err)
			return
		}
		res, err := store.Search(c.Request.Context(), q)
		if err != nil {
			writeError(c, err)
			return
		}
		if res.Items == nil {
			res.Items = []entities.Entity{}
		}
		c.JSON(http.StatusOK, res)
	}
}

func handleEntity(store entities.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		e, err := store.Entity(c.Request.Context(), c.Param("id"))
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, e)
	}
}

func handleNeighbors(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "depth", "types", "direction", "as_of", "limit")
		q := entities.NeighborQuery{
			ID:        c.Param("id"),
			Depth:     p.int("depth", 1),
			Types:     p.relTypes("types"),
			Direction: entities.Direction(p.str("direction")),
			AsOf:      p.asOf("as_of"),
			Limit:     p.int("limit", 1),
		}
		if err := checkQuery(p, &q, limits); err != nil {
			writeError(c, err)
			return
		}
		g, err := store.Neighbors(c.Request.Context(), q)
		writeGraph(c, g, err)
	}
}

func handleLineage(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "direction", "as_of", "limit")
		q := entities.LineageQuery{
			ID:        c.Param("id"),
			Direction: entities.LineageDirection(p.str("direction")),
			AsOf:      p.asOf("as_of"),
			Limit:     p.int("limit", 1),
		}
		if err := checkQuery(p, &q, limits); err != nil {
			writeError(c, err)
			return
		}
		g, err := store.Lineage(c.Request.Context(), q)
		writeGraph(c, g, err)
	}
}

func handlePaths(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "from", "to", "types", "direction", "max_depth", "as_of", "limit")
		q := entities.PathQuery{
			From:      p.str("from"),
			To:        p.str("to"),
			Types:     p.relTypes("types"),
			Direction: entities.Direction(p.str("direction")),
			MaxDepth:  p.int("max_depth", 1),
			AsOf:      p.asOf("as_of"),
			Limit:     p.int("limit", 1),
		}
		if err := checkQuery(p, &q, limits); err != nil {
			writeError(c, err)
			return
		}
		res, err := store.Paths(c.Request.Context(), q)
		if err != nil {
			writeError(c, err)
			return
		}
		if res.Paths == nil {
			res.Paths = []entities.Path{}
		}
		if res.Nodes == nil {
			res.Nodes = []entities.Entity{}
		}
		writeJSONPaths(c, res)
	}
}

func handleSubgraph(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "ids")
		q := entities.SubgraphQuery{IDs: p.list("ids")}
		if err := checkQuery(p, &q, limits); err != nil {
			writeError(c, err)
			return
		}
		g, err := store.Subgraph(c.Request.Context(), q)
		writeGraph(c, g, err)
	}
}

func handleSchema(store entities.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		s, err := store.Schema(c.Request.Context())
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, s)
	}
}

func handleConflicts(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "limit", "offset")
		q := entities.ConflictQuery{Limit: p.int("limit", 1), Offset: p.int("offset", 0)}
		if err := checkQuery(p, &q, limits); err != nil {
			writeError(c, err)
			return
		}
		res, err := store.Conflicts(c.Request.Context(), q)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, res)
	}
}

// handleHistory lists the sources in the order their packs entered the
// graph (entities.History).
func handleHistory(store entities.Store) gin.HandlerFunc {
	return sourcesAs(store, func(s []entities.Source) any { return gin.H{"items": entities.History(s)} })
}

// handleSources lists the sources by id.
func handleSources(store entities.Store) gin.HandlerFunc {
	return sourcesAs(store, func(s []entities.Source) any {
		if s == nil {
			s = []entities.Source{}
		}
		return s
	})
}

// sourcesAs answers the store's sources in the shape answer gives them.
func sourcesAs(store entities.Store, answer func([]entities.Source) any) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		s, err := store.Sources(c.Request.Context())
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, answer(s))
	}
}

// handleOpenAPI serves the document built once from the configured limits, so
// its minimums and maximums are the ones this server enforces.
func handleOpenAPI(limits entities.Limits, maxBodyBytes int64) gin.HandlerFunc {
	doc, err := json.MarshalIndent(openAPI(limits, maxBodyBytes), "", "  ")
	if err != nil { // the document is maps, slices, strings and numbers
		panic(err)
	}
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		c.Data(http.StatusOK, "application/json; charset=utf-8", doc)
	}
}

// cypherRequest is the body of POST /api/v1/cypher.
type cypherRequest struct {
	Query  string         `json:"query"`
	Params map[string]any `json:"params"`
}

// cypherResponse is the answer of POST /api/v1/cypher.
type cypherResponse struct {
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// handleCypher hands a power user's read-only query to the store's CypherRunner,
// which guards it; the API's part is the body cap and a strict decode.
func handleCypher(cypher entities.CypherRunner, maxRows int, maxBodyBytes int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		if cypher == nil {
			// Off, not failing: graphapi serve --backend neo4j turns it on.
			writeError(c, entities.Errorf(entities.ENOTFOUND,
				"Cypher is off on this server: it runs on the embedded store, which has no Cypher; use the traversal endpoints (neighbors, lineage, paths, subgraph), or start it with graphapi serve --backend neo4j for POST /api/v1/cypher"))
			return
		}
		// limitBody has already capped the body at maxBodyBytes.
		req, err := decodeCypher(c.Request.Body)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.Header("Connection", "close") // the rest of the body is still unread
			writeProblem(c, http.StatusRequestEntityTooLarge, codeTooLarge, tooLargeDetail(tooBig.Limit))
			return
		}
		if err != nil {
			writeError(c, err)
			return
		}
		cols, rows, err := cypher.ReadCypher(c.Request.Context(), req.Query, req.Params, maxRows)
		if err != nil {
			writeError(c, err)
			return
		}
		if cols == nil {
			cols = []string{}
		}
		if rows == nil {
			rows = [][]any{}
		}
		c.JSON(http.StatusOK, cypherResponse{Columns: cols, Rows: rows})
	}
}

const cypherBodyForm = `{"query": "MATCH … RETURN …", "params": {…}}`

// decodeCypher reads exactly one JSON object with a non-empty query. Numbers in
// params are kept exact (json.Number) and then made int64 where whole, because
// Cypher tells 1 from 1.0 and a driver takes no json.Number.
func decodeCypher(body io.Reader) (*cypherRequest, error) {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var req cypherRequest
	err := dec.Decode(&req)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, tooBig // answered 413 by handleCypher
	case errors.Is(err, io.EOF):
		return nil, entities.Errorf(entities.EINVALID, "the request body is empty; send %s", cypherBodyForm)
	case err != nil:
		return nil, entities.Errorf(entities.EINVALID, "the request body must be %s: %v", cypherBodyForm, err)
	case strings.TrimSpace(req.Query) == "":
		return nil, entities.Errorf(entities.EINVALID, "query must be a Cypher query; send %s", cypherBodyForm)
	}
	for k, v := range req.Params {
		req.Params[k] = plainNumbers(v)
	}
	return &req, nil
}

// plainNumbers replaces every json.Number in v by an int64 or a float64.
func plainNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64() // the decoder only makes valid numbers
		return f
	case []any:
		for i, x := range v {
			v[i] = plainNumbers(x)
		}
	case map[string]any:
		for k, x := range v {
			v[k] = plainNumbers(x)
		}
	}
	return v
}

// checkQuery returns the first decoding error, else the query's own validation, which
// also fills in its defaults.
func checkQuery(p *params, q interface{ Validate(entities.Limits) error }, limits entities.Limits) error {
	if p.err != nil {
		return p.err
	}
	return q.Validate(limits)
}

// writeGraph answers with a graph or the error that prevented it; empty lists
// are written as [] so that clients need not tell null from none.
func writeGraph(c *gin.Context, g *entities.Graph, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	if g.Nodes == nil {
		g.Nodes = []entities.Entity{}
	}
	if g.Edges == nil {
		g.Edges = []entities.Relationship{}
	}
	writeJSONGraph(c, g)
}

// noPage is the answer at / of a binary built without the page, as `go
// install` builds it: the page's bundle is built by npm, not by Go, and is not
// in the module.
const noPage = "this graphapi was built without the explorer page (go install builds it so: the page is built by npm and is not part of the Go module); " +
	"the API is at /api/v1 (its OpenAPI document at /api/v1/openapi.json). " +
	"For the page, build graphapi from a clone of https://github.com/graphapi/graphapi with make build (npm ci and esbuild in web/)"

// handlePage serves the explorer page's files, or says how to build them.
func handlePage(page fs.FS) gin.HandlerFunc {
	if page == nil {
		return func(c *gin.Context) {
			writeError(c, entities.Errorf(entities.ENOTFOUND, noPage))
		}
	}
	files := http.FileServerFS(page)
	return func(c *gin.Context) {
		c.Header("Content-Security-Policy", pageCSP)
		files.ServeHTTP(c.Writer, c.Request)
	}
}

// handleMetrics serves the Prometheus text format. Like every route it refuses
// query parameters it does not know (it knows none).
func handleMetrics(m *metrics.Metrics) gin.HandlerFunc {
	h := m.Handler()
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		h.ServeHTTP(c.Writer, c.Request)
	}
}

func noRoute(c *gin.Context) {
	writeError(c, entities.Errorf(entities.ENOTFOUND,
		"no endpoint %s %s; the endpoints are listed in /api/v1/openapi.json", c.Request.Method, c.Request.URL.Path))
}

// noMethod answers 405, which has no domain error code: a route that exists but
// not for this method is purely an HTTP matter. gin has set the Allow header.
func noMethod(c *gin.Context) {
	writeProblem(c, http.StatusMethodNotAllowed, "method_not_allowed",
		fmt.Sprintf("%s is not allowed on %s; use %s", c.Request.Method, c.Request.URL.Path, c.Writer.Header().Get("Allow")))
}

package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/analytics"
	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/export"
)

// exporter returns the store's Exporter, or answers 501 when it has none.
func exporter(c *gin.Context, store entities.Store) (entities.Exporter, bool) {
	ex, ok := store.(entities.Exporter)
	if !ok {
		writeError(c, entities.Errorf(entities.ENOTIMPLEMENTED, "this store cannot export or analyse whole graphs"))
	}
	return ex, ok
}

// readExportQuery reads ids and as_of, shared by export and analytics.
func readExportQuery(p *params) entities.ExportQuery {
	q := entities.ExportQuery{IDs: p.list("ids"), AsOf: p.asOf("as_of")}
	if p.err == nil {
		p.fail(q.Validate())
	}
	return q
}

// handleExport streams the graph, or the part ids and as_of select, in one
// interchange format. Errors found before the first byte are problems; one
// after it (the store failing mid-stream) can only cut the body short, which
// the format's missing end shows, and is logged.
func handleExport(store entities.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "format", "ids", "as_of")
		q := readExportQuery(p)
		f, err := export.ParseFormat(p.str("format"))
		if p.err != nil {
			writeError(c, p.err)
			return
		}
		if err != nil {
			writeError(c, err)
			return
		}
		ex, ok := exporter(c, store)
		if !ok {
			return
		}
		w := &lazyHeader{c: c, format: f}
		wr, err := export.NewWriter(f, w, q)
		if err != nil {
			writeError(c, err)
			return
		}
		if err := export.Run(c.Request.Context(), ex, q, wr); err != nil {
			if !w.started {
				writeError(c, err)
				return
			}
			_ = c.Error(err)
		}
	}
}

// lazyHeader sends the status and headers with the first byte of the body, so
// that an error found first (an unknown id) still gets a problem answer.
type lazyHeader struct {
	c       *gin.Context
	format  export.Format
	started bool
}

func (l *lazyHeader) Write(b []byte) (int, error) {
	if !l.started {
		l.started = true
		h := l.c.Writer.Header()
		h.Set("Content-Type", l.format.ContentType())
		h.Set("Content-Disposition", `attachment; filename="`+l.format.FileName()+`"`)
		l.c.Status(http.StatusOK)
	}
	return l.c.Writer.Write(b)
}

// centralityResponse is the top of each measure.
type centralityResponse struct {
	Nodes       int               `json:"nodes"`
	Degree      []analytics.Score `json:"degree"`
	Betweenness []analytics.Score `json:"betweenness"`
}

// analyticsGraph loads the graph, or the part ids and as_of select, for
// analytics, refusing one larger than the limits allow; it writes the problem
// and returns false when it cannot.
func analyticsGraph(c *gin.Context, store entities.Store, limits entities.Limits, p *params) (*analytics.Graph, bool) {
	q := readExportQuery(p)
	if p.err != nil {
		writeError(c, p.err)
		return nil, false
	}
	ex, ok := exporter(c, store)
	if !ok {
		return nil, false
	}
	g, err := analytics.Load(c.Request.Context(), ex, q,
		analytics.Cap{Entities: limits.MaxAnalyticsEntities, Relationships: limits.MaxAnalyticsRelationships})
	var tooLarge *analytics.TooLargeError
	if errors.As(err, &tooLarge) {
		err = entities.Errorf(entities.EINVALID, "%s: ask for a part of it with ids= or as_of=, or have the server started with a higher --max-analytics-%s",
			tooLarge.Error(), tooLarge.What)
	}
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	return g, true
}

// analyse runs f, an analysis of a loaded graph, and writes its answer or,
// when the request's deadline passes first, a 504. gonum's algorithms take no
// context and cannot be stopped, so f runs on in the background after a 504
// and its answer is dropped; the size cap analyticsGraph checks before is
// what bounds that work.
func analyse[T any](c *gin.Context, f func() T) {
	done := make(chan T, 1) // buffered: an abandoned f must not block
	go func() { done <- f() }()
	ctx := c.Request.Context()
	select {
	case out := <-done:
		c.JSON(http.StatusOK, out)
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			writeError(c, entities.Errorf(entities.ETIMEOUT, "the analysis ran past the server's deadline; ask for a part of the graph with ids= or as_of="))
			return
		}
		writeError(c, fmt.Errorf("analysis: %w", ctx.Err()))
	}
}

// handleCentrality answers the top entities by degree and by betweenness
// centrality (normalized as networkx's default) over the graph or part.
func handleCentrality(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "top", "ids", "as_of")
		top, err := analytics.TopCount(p.int("top", 1))
		if err != nil {
			p.fail(err)
		}
		g, ok := analyticsGraph(c, store, limits, p)
		if !ok {
			return
		}
		analyse(c, func() centralityResponse {
			return centralityResponse{
				Nodes:       len(g.IDs),
				Degree:      g.Top(g.Degree(), top),
				Betweenness: g.Top(g.Betweenness(), top),
			}
		})
	}
}

// componentsResponse lists the connected components, largest first.
type componentsResponse struct {
	Count      int         `json:"count"`
	Components []component `json:"components"`
}

type component struct {
	Size int      `json:"size"`
	IDs  []string `json:"ids"`
}

// handleComponents answers the connected components of the graph or part.
func handleComponents(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "ids", "as_of")
		g, ok := analyticsGraph(c, store, limits, p)
		if !ok {
			return
		}
		analyse(c, func() componentsResponse {
			out := componentsResponse{Components: []component{}}
			for _, ids := range g.Components() {
				out.Components = append(out.Components, component{Size: len(ids), IDs: ids})
			}
			out.Count = len(out.Components)
			return out
		})
	}
}

// brokersResponse lists the articulation points and bridges.
type brokersResponse struct {
	ArticulationPoints []brokerEntity `json:"articulation_points"`
	Bridges            []bridge       `json:"bridges"`
}

type brokerEntity struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type bridge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// handleBrokers answers the articulation points (entities whose removal
// splits their component) and bridges (relationships whose removal does) of
// the undirected graph or part, ids sorted, each bridge's from before its to.
func handleBrokers(store entities.Store, limits entities.Limits) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c, "ids", "as_of")
		g, ok := analyticsGraph(c, store, limits, p)
		if !ok {
			return
		}
		analyse(c, func() brokersResponse {
			b := g.Brokers()
			out := brokersResponse{
				ArticulationPoints: make([]brokerEntity, len(b.ArticulationPoints)),
				Bridges:            make([]bridge, len(b.Bridges)),
			}
			for i, id := range b.ArticulationPoints {
				out.ArticulationPoints[i] = brokerEntity{ID: id, Name: g.Name(id)}
			}
			for i, e := range b.Bridges {
				out.Bridges[i] = bridge{From: e[0], To: e[1]}
			}
			return out
		})
	}
}

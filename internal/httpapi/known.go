package httpapi

import (
	"context"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
)

// KnownGraphs answers as_known: the graph as it stood at t, or live itself
// when every pack was known by then (internal/history.Known).
type KnownGraphs interface {
	At(ctx context.Context, t time.Time, live entities.Store) (entities.Store, error)
}

const noKnown = "the graph has packs applied after that moment, and this server has no seed folder to rebuild the graph from: start it with --seed DIR to read it as_known then"

type knownKey struct{}

// asKnown reads as_known on a read route: it finds the graph as it stood then
// and hands it to the handler through the request's context (knownStore), and
// takes the parameter out of the query so that the route's own parameters
// are read as without it. 400 for a malformed moment, 404 on a server with no
// seed folder to read history from.
func asKnown(known KnownGraphs, live entities.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		values, err := url.ParseQuery(c.Request.URL.RawQuery)
		if err != nil || !values.Has("as_known") {
			c.Next() // a malformed query is the handler's to refuse
			return
		}
		if len(values["as_known"]) > 1 {
			writeError(c, entities.Errorf(entities.EINVALID, "query parameter as_known is given more than once; give it once"))
			return
		}
		t, err := entities.ParseKnown(values.Get("as_known"))
		if err != nil {
			writeError(c, err)
			return
		}
		g, err := knownAt(c.Request.Context(), known, t, live)
		if err != nil {
			writeError(c, err)
			return
		}
		values.Del("as_known")
		u := *c.Request.URL
		u.RawQuery = values.Encode()
		c.Request.URL = &u
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), knownKey{}, g))
		c.Next()
	}
}

// knownAt is the graph as it stood at t. A server without a seed folder to
// rebuild it from can still answer when every pack its graph holds was known
// at t (the compiled-in seed always is): the graph now is that graph.
func knownAt(ctx context.Context, known KnownGraphs, t time.Time, live entities.Store) (entities.Store, error) {
	if known != nil {
		return known.At(ctx, t, live)
	}
	sources, err := live.Sources(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range sources {
		if !entities.KnownAt(s.Applied, t) {
			return nil, entities.Errorf(entities.ENOTFOUND, noKnown)
		}
	}
	return live, nil
}

// knownStore answers each query from the graph asKnown chose for the request,
// or from live.
type knownStore struct{ live entities.Store }

func (k knownStore) of(ctx context.Context) entities.Store {
	if g, ok := ctx.Value(knownKey{}).(entities.Store); ok {
		return g
	}
	return k.live
}

func (k knownStore) Entity(ctx context.Context, id string) (*entities.EntityDetail, error) {
	return k.of(ctx).Entity(ctx, id)
}
func (k knownStore) Search(ctx context.Context, q entities.SearchQuery) (*entities.SearchResult, error) {
	return k.of(ctx).Search(ctx, q)
}
func (k knownStore) Neighbors(ctx context.Context, q entities.NeighborQuery) (*entities.Graph, error) {
	return k.of(ctx).Neighbors(ctx, q)
}
func (k knownStore) Lineage(ctx context.Context, q entities.LineageQuery) (*entities.Graph, error) {
	return k.of(ctx).Lineage(ctx, q)
}
func (k knownStore) Paths(ctx context.Context, q entities.PathQuery) (*entities.PathResult, error) {
	return k.of(ctx).Paths(ctx, q)
}
func (k knownStore) Subgraph(ctx context.Context, q entities.SubgraphQuery) (*entities.Graph, error) {
	return k.of(ctx).Subgraph(ctx, q)
}
func (k knownStore) Schema(ctx context.Context) (*entities.Schema, error) {
	return k.of(ctx).Schema(ctx)
}
func (k knownStore) Conflicts(ctx context.Context, q entities.ConflictQuery) (*entities.ConflictList, error) {
	return k.of(ctx).Conflicts(ctx, q)
}
func (k knownStore) Sources(ctx context.Context) ([]entities.Source, error) {
	return k.of(ctx).Sources(ctx)
}
func (k knownStore) Ping(ctx context.Context) error { return k.live.Ping(ctx) }

// Export exports from the chosen graph, for the export and analytics routes.
func (k knownStore) Export(ctx context.Context, q entities.ExportQuery, sink entities.ExportSink) error {
	ex, ok := k.of(ctx).(entities.Exporter)
	if !ok {
		return entities.Errorf(entities.ENOTIMPLEMENTED, "this store cannot export or analyse whole graphs")
	}
	return ex.Export(ctx, q, sink)
}

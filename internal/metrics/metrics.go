// Package metrics counts what graphapi does, in the Prometheus text format: HTTP
// requests by route and status, store queries by operation, and seed loads. It
// wraps the store from outside (InstrumentStore) so that neither store knows it
// is measured, and owns its own registry so that tests and several handlers in
// one process never collide on the global one.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/graphapi/graphapi/internal/entities"
)

// Metrics holds graphapi's collectors and the registry that serves them.
type Metrics struct {
	reg          *prometheus.Registry
	requests     *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	storeLatency *prometheus.HistogramVec
	rateLimited  prometheus.Counter
	loaded       *prometheus.GaugeVec
	loadDuration prometheus.Gauge
	loads        *prometheus.CounterVec
}

// New returns a fresh set of collectors with the Go runtime's and the process's
// own, in a registry of its own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "graphapi_http_requests_total",
			Help: "HTTP requests answered, by method, route (the route pattern, not the URL) and status code.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "graphapi_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route pattern and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route", "status"}),
		storeLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "graphapi_store_query_duration_seconds",
			Help:    "Time the store took to answer one query, by operation and outcome (ok or the domain error code).",
			Buckets: []float64{.0001, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation", "outcome"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "graphapi_http_rate_limited_total",
			Help: "Requests refused with 429 because their client exceeded the per-client rate limit.",
		}),
		loaded: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "graphapi_load_items",
			Help: "Items in the last seed loaded by this process, by kind (entities, relationships).",
		}, []string{"kind"}),
		loadDuration: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "graphapi_load_duration_seconds",
			Help: "How long the last seed load of this process took.",
		}),
		loads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "graphapi_loads_total",
			Help: "Seed loads by this process, by outcome (ok, failed).",
		}, []string{"outcome"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.storeLatency, m.rateLimited, m.loaded, m.loadDuration, m.loads,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format (or OpenMetrics
// when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is the registry behind Handler, for callers that add collectors of
// their own.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ObserveRequest counts one answered request. route must be the route pattern
// (gin's FullPath), never the raw URL, so that label values stay few whatever
// clients send.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, code).Inc()
	m.latency.WithLabelValues(method, route, code).Observe(d.Seconds())
}

// RateLimited counts one request refused by the rate limit.
func (m *Metrics) RateLimited() { m.rateLimited.Inc() }

// ObserveLoad records a seed load: what it held and how long it took, or that
// it failed.
func (m *Metrics) ObserveLoad(entityCount, relationshipCount int, d time.Duration, err error) {
	if err != nil {
		m.loads.WithLabelValues("failed").Inc()
		return
	}
	m.loads.WithLabelValues("ok").Inc()
	m.loaded.WithLabelValues("entities").Set(float64(entityCount))
	m.loaded.WithLabelValues("relationships").Set(float64(relationshipCount))
	m.loadDuration.Set(d.Seconds())
}

// observeStore times one store call.
func (m *Metrics) observeStore(op string, start time.Time, err error) {
	outcome := "ok"
	if err != nil {
		outcome = entities.ErrorCode(err)
	}
	m.storeLatency.WithLabelValues(op, outcome).Observe(time.Since(start).Seconds())
}

// InstrumentStore returns s with every query timed. When s also exports
// (entities.Exporter), so does the result, so that a handler that asks the store
// for that interface still finds it.
func (m *Metrics) InstrumentStore(s entities.Store) entities.Store {
	in := &store{inner: s, m: m}
	if ex, ok := s.(entities.Exporter); ok {
		return &exportingStore{store: in, ex: ex}
	}
	return in
}

// store times each method of the store it wraps.
type store struct {
	inner entities.Store
	m     *Metrics
}

func (s *store) Entity(ctx context.Context, id string) (_ *entities.EntityDetail, err error) {
	defer func(start time.Time) { s.m.observeStore("entity", start, err) }(time.Now())
	return s.inner.Entity(ctx, id)
}

func (s *store) Search(ctx context.Context, q entities.SearchQuery) (_ *entities.SearchResult, err error) {
	defer func(start time.Time) { s.m.observeStore("search", start, err) }(time.Now())
	return s.inner.Search(ctx, q)
}

func (s *store) Neighbors(ctx context.Context, q entities.NeighborQuery) (_ *entities.Graph, err error) {
	defer func(start time.Time) { s.m.observeStore("neighbors", start, err) }(time.Now())
	return s.inner.Neighbors(ctx, q)
}

func (s *store) Lineage(ctx context.Context, q entities.LineageQuery) (_ *entities.Graph, err error) {
	defer func(start time.Time) { s.m.observeStore("lineage", start, err) }(time.Now())
	return s.inner.Lineage(ctx, q)
}

func (s *store) Paths(ctx context.Context, q entities.PathQuery) (_ *entities.PathResult, err error) {
	defer func(start time.Time) { s.m.observeStore("paths", start, err) }(time.Now())
	return s.inner.Paths(ctx, q)
}

func (s *store) Subgraph(ctx context.Context, q entities.SubgraphQuery) (_ *entities.Graph, err error) {
	defer func(start time.Time) { s.m.observeStore("subgraph", start, err) }(time.Now())
	return s.inner.Subgraph(ctx, q)
}

func (s *store) Schema(ctx context.Context) (_ *entities.Schema, err error) {
	defer func(start time.Time) { s.m.observeStore("schema", start, err) }(time.Now())
	return s.inner.Schema(ctx)
}

func (s *store) Conflicts(ctx context.Context, q entities.ConflictQuery) (_ *entities.ConflictList, err error) {
	defer func(start time.Time) { s.m.observeStore("conflicts", start, err) }(time.Now())
	return s.inner.Conflicts(ctx, q)
}

func (s *store) Sources(ctx context.Context) (_ []entities.Source, err error) {
	defer func(start time.Time) { s.m.observeStore("sources", start, err) }(time.Now())
	return s.inner.Sources(ctx)
}

func (s *store) Ping(ctx context.Context) (err error) {
	defer func(start time.Time) { s.m.observeStore("ping", start, err) }(time.Now())
	return s.inner.Ping(ctx)
}

// exportingStore is a store that also exports.
type exportingStore struct {
	*store
	ex entities.Exporter
}

func (s *exportingStore) Export(ctx context.Context, q entities.ExportQuery, sink entities.ExportSink) (err error) {
	defer func(start time.Time) { s.m.observeStore("export", start, err) }(time.Now())
	return s.ex.Export(ctx, q, sink)
}

// InstrumentCypher returns c with every query timed as operation "cypher"; nil
// stays nil, so that the API still answers 501 for a store without Cypher.
func (m *Metrics) InstrumentCypher(c entities.CypherRunner) entities.CypherRunner {
	if c == nil {
		return nil
	}
	return &cypher{inner: c, m: m}
}

type cypher struct {
	inner entities.CypherRunner
	m     *Metrics
}

func (c *cypher) ReadCypher(ctx context.Context, query string, params map[string]any, maxRows int) (_ []string, _ [][]any, err error) {
	defer func(start time.Time) { c.m.observeStore("cypher", start, err) }(time.Now())
	return c.inner.ReadCypher(ctx, query, params, maxRows)
}

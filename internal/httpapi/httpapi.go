// Package httpapi serves graphapi's queries over HTTP with gin. The graph it
// serves is any entities.Store, with the capabilities a store may offer
// (entities.Exporter, entities.CypherRunner) found or given as the entities
// interfaces, so nothing here knows which store it is. Besides the domain
// package it uses the packages that give the answers it serves: export (the
// export formats), analytics (centrality, components, brokers over an export),
// review (the drafts routes, through the Reviewer it is given) and metrics
// (the /metrics figures).
package httpapi

import (
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/metrics"
)

// Config holds what the API needs besides the store. The zero Config is usable:
// every zero field takes the default named on it.
type Config struct {
	// Limits caps every query; the zero value means entities.DefaultLimits.
	Limits entities.Limits
	// Timeout bounds each request; zero means 10 seconds.
	Timeout time.Duration
	// Cypher runs POST /api/v1/cypher; nil (the embedded store) answers 501.
	Cypher entities.CypherRunner
	// MaxCypherRows caps the rows of a Cypher answer; zero means 1,000.
	MaxCypherRows int
	// MaxBodyBytes caps a request body; zero means 64 KiB.
	MaxBodyBytes int64
	// Page is the explorer page's files (index.html, assets/), served at /;
	// nil when the binary was built without it.
	Page fs.FS

	// RateLimit is each client's sustained rate in requests a second; zero
	// turns the limit off. RateBurst is how many it may send at once (zero
	// means RateLimit rounded up). Loopback clients are not limited unless
	// RateLimitLoopback is set.
	RateLimit         float64
	RateBurst         int
	RateLimitLoopback bool
	// CORSOrigins are the origins whose pages may call the API from a browser
	// ("*" for any); none means no cross-origin access.
	CORSOrigins []string
	// Drafts serves the review of drafts; nil answers its routes 501.
	Drafts Reviewer
	// Users says whose a bearer token is; nil means the server knows no one
	// and writing is off (403). ReadsNeedToken makes the read routes need a
	// signed-in reader too; by default they are open to all.
	// AuthFailuresPerMinute is how many wrong tokens a client IP may send a
	// minute (after a burst of 10) before it is answered 429; zero means 10.
	Users                 Authenticator
	ReadsNeedToken        bool
	AuthFailuresPerMinute float64
	// Audit serves GET /api/v1/audit; nil answers it 404 (the trail is off).
	Audit AuditReader
	// Known answers as_known on the read routes; nil answers it from the
	// graph now while every pack it holds was known then, else 404.
	Known KnownGraphs
	// Metrics receives the request and store measurements served at /metrics;
	// nil makes a fresh set for this handler.
	Metrics *metrics.Metrics
}

const (
	defaultTimeout       = 10 * time.Second
	defaultMaxCypherRows = 1000
	defaultMaxBodyBytes  = 64 << 10
)

func (c Config) withDefaults() Config {
	if c.Limits == (entities.Limits{}) {
		c.Limits = entities.DefaultLimits
	}
	if c.Timeout <= 0 {
		c.Timeout = defaultTimeout
	}
	if c.MaxCypherRows <= 0 {
		c.MaxCypherRows = defaultMaxCypherRows
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = defaultMaxBodyBytes
	}
	if c.AuthFailuresPerMinute <= 0 {
		c.AuthFailuresPerMinute = defaultAuthFailuresPerMinute
	}
	if c.Metrics == nil {
		c.Metrics = metrics.New()
	}
	return c
}

// NewHandler returns the whole API as one http.Handler (a *gin.Engine, which the
// route test walks). A nil logger discards the request log.
func NewHandler(store entities.Store, cfg Config, logger *slog.Logger) http.Handler {
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// A request for /schema/ or /Schema is an error to fix, not something to
	// redirect: clients of a JSON API should see the problem, not a 301.
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleMethodNotAllowed = true
	// The client is the connection's peer: with gin's default every proxy is
	// trusted, and any client could pick its own address for the rate limit by
	// sending X-Forwarded-For.
	if err := r.SetTrustedProxies(nil); err != nil { // nil is always accepted
		panic(err)
	}
	// Order matters: the security headers go on every answer, even a 429 or a
	// panic's 500; observe and logRequests see the final status; the body cap
	// and the rate limit act before any handler reads or queries.
	r.Use(requestID(), securityHeaders(), observe(cfg.Metrics), logRequests(logger), recoverProblem(logger))
	if len(cfg.CORSOrigins) > 0 {
		r.Use(cors(cfg.CORSOrigins))
	}
	if cfg.RateLimit > 0 {
		r.Use(rateLimit(newRateLimiter(cfg.RateLimit, cfg.RateBurst, cfg.RateLimitLoopback), cfg.Metrics))
	}
	r.Use(limitBody(cfg.MaxBodyBytes), deadline(cfg.Timeout), carryRequestID(),
		identify(cfg.Users, newRateLimiter(cfg.AuthFailuresPerMinute/60, authFailureBurst, true)))
	store = cfg.Metrics.InstrumentStore(store)
	if cfg.Cypher != nil {
		cfg.Cypher = cfg.Metrics.InstrumentCypher(cfg.Cypher)
	}
	addRoutes(r, store, cfg)
	return r
}

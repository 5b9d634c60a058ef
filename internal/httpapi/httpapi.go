// Package httpapi serves graphapi's traversal queries over HTTP with gin. It
// depends only on the domain package: any entities.Store can sit behind it, and
// nothing here knows which one does.
package httpapi

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"graphapi/internal/entities"
)

// Config holds what the API needs besides the store. The zero Config is usable:
// every zero field takes the default named on it.
type Config struct {
	// Limits caps every query; the zero value means entities.DefaultLimits.
	Limits entities.Limits
	// Timeout bounds each request; zero means 10 seconds.
	Timeout time.Duration
	// Cypher runs POST /api/v1/cypher; nil (the embedded store) answers 501.
	Cypher CypherRunner
	// MaxCypherRows caps the rows of a Cypher answer; zero means 1,000.
	MaxCypherRows int
	// MaxBodyBytes caps a request body; zero means 64 KiB.
	MaxBodyBytes int64
	// Page is the explorer page's files (index.html, assets/), served at /;
	// nil when the binary was built without it.
	Page fs.FS
}

// CypherRunner runs one read-only Cypher query for a power user and returns its
// columns and at most maxRows rows. It is the only Cypher the API sees, so that a
// store offering it (Neo4j) guards it (read access mode, query checks) itself and
// the API never imports a driver. Errors carry entities error codes: EINVALID for
// a refused or malformed query, ETIMEOUT, EUNAVAILABLE.
type CypherRunner interface {
	ReadCypher(ctx context.Context, query string, params map[string]any, maxRows int) (columns []string, rows [][]any, err error)
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
	r.Use(requestID(), logRequests(logger), recoverProblem(logger), deadline(cfg.Timeout))
	addRoutes(r, store, cfg)
	return r
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/history"
	"github.com/graphapi/graphapi/internal/httpapi"
	"github.com/graphapi/graphapi/internal/memstore"
	"github.com/graphapi/graphapi/internal/metrics"
	"github.com/graphapi/graphapi/internal/review"
	"github.com/graphapi/graphapi/internal/users"
	"github.com/graphapi/graphapi/web"
)

// serveConfig is what serve's flags and environment ask for.
type serveConfig struct {
	addr, backend string
	limits        entities.Limits
	review        reviewFlags // seedDir is --seed
	api           httpapi.Config
	// Server limits: a slow or greedy client must not hold a connection or
	// memory for long.
	readHeaderTimeout, readTimeout, writeTimeout, idleTimeout time.Duration
	maxHeaderBytes                                            int
}

// servedStore is the store serve answers from, in the roles its parts take it in.
type servedStore struct {
	store  entities.Store
	graph  review.Graph // the same store, as the review of drafts reloads it
	cypher entities.CypherRunner
}

// serve serves the graph until ctx ends; what it opens, m closes.
func serve(ctx context.Context, m *Main, args []string) error {
	cfg, err := parseServeFlags(args, m.getenv)
	if err != nil {
		return err
	}
	// The password is in the environment, not in flags; make sure nothing the
	// server or the driver logs can carry it, whatever a future log line holds.
	logger := slog.New(redactingHandler{Handler: m.logger.Handler(), secret: m.getenv("NEO4J_PASSWORD")})
	cfg.api.Metrics = metrics.New()
	st, err := openServedStore(ctx, m, cfg, logger)
	if err != nil {
		return err
	}
	handler, logger, err := buildHandler(m, cfg, st, logger)
	if err != nil {
		return err
	}
	return listenAndServe(ctx, cfg, handler, m.stdout, logger)
}

// parseServeFlags reads serve's flags and their GRAPHAPI_<FLAG> variables, and
// refuses values out of range.
func parseServeFlags(args []string, getenv func(string) string) (*serveConfig, error) {
	fset, env := newFlags("serve", getenv)
	addr := fset.String("addr", env("addr", "127.0.0.1:8080"), "address to listen on")
	dir := fset.String("seed", env("seed", ""), "seed directory or file (default: the compiled-in Mali seed)")
	backend := fset.String("backend", env("backend", ""), "embedded or neo4j (default: neo4j when NEO4J_URI is set)")
	timeout := durationFlag(fset, "timeout", 10*time.Second, "deadline of each request", env)
	maxDepth := intFlag(fset, "max-depth", entities.DefaultLimits.MaxDepth, "deepest neighbourhood or path a request may ask for", env)
	maxAnalyticsEntities := intFlag(fset, "max-analytics-entities", entities.DefaultLimits.MaxAnalyticsEntities, "most entities the analytics take in one graph (more: 400)", env)
	maxAnalyticsRels := intFlag(fset, "max-analytics-relationships", entities.DefaultLimits.MaxAnalyticsRelationships, "most relationships the analytics take in one graph (more: 400)", env)
	// The write timeout defaults to the request deadline plus time to send the answer.
	readHeaderTimeout := durationFlag(fset, "read-header-timeout", 5*time.Second, "time a client has to send the request line and headers (slowloris guard)", env)
	readTimeout := durationFlag(fset, "read-timeout", 15*time.Second, "time a client has to send the whole request, body included", env)
	writeTimeout := durationFlag(fset, "write-timeout", 0, "time to answer a request once its headers are read (default: --timeout plus 5s)", env)
	idleTimeout := durationFlag(fset, "idle-timeout", 120*time.Second, "how long an idle keep-alive connection stays open", env)
	maxHeaderBytes := intFlag(fset, "max-header-bytes", 64<<10, "largest request line and headers accepted, in bytes (larger: 431)", env)
	maxBodyBytes := intFlag(fset, "max-body-bytes", 64<<10, "largest request body accepted, in bytes (larger: 413)", env)
	rateLimit := floatFlag(fset, "rate-limit", 0, "requests a second each client IP may sustain; 0 turns the limit off", env)
	rateBurst := intFlag(fset, "rate-burst", 0, "requests a client may send at once under --rate-limit (default: the rate, rounded up)", env)
	rateLoopback := boolFlag(fset, "rate-limit-loopback", false, "apply --rate-limit to loopback clients too (they are exempt otherwise)", env)
	draftsDir := fset.String("drafts", env("drafts", ""), "folder of drafts (graphapi draft --out) to review on the page; needs --seed DIR, which accepted packs are written into")
	tokenFile := fset.String("write-token-file", env("write-token-file", ""), "file holding the token a request must send (Authorization: Bearer) to change a draft or apply it; GRAPHAPI_WRITE_TOKEN gives the token itself. Without one, writing is off")
	usersFile := fset.String("users", env("users", ""), "users file (graphapi user add writes it): who may use the API, in which role; read again when it changes")
	openReads := boolFlag(fset, "open-reads", true, "let anyone use the read routes; false: they need a reader's token too", env)
	auditFile := fset.String("audit", env("audit", ""), "append-only audit trail (JSON lines) of every write; a write whose entry cannot be appended is refused")
	authFailures := floatFlag(fset, "auth-failures-per-minute", 10, "wrong tokens a client IP may send a minute, after a burst of 10, before it is answered 429", env)
	corsOrigins := fset.String("cors-origins", env("cors-origins", ""), "comma-separated origins whose pages may call the API (\"*\" for any); empty: no cross-origin access")
	if err := parse(fset, args); err != nil {
		return nil, err
	}
	if *writeTimeout <= 0 {
		*writeTimeout = *timeout + 5*time.Second
	}
	if *rateLimit < 0 || *rateBurst < 0 || *maxHeaderBytes < 1 || *maxBodyBytes < 1 {
		return nil, errors.New("serve: --rate-limit and --rate-burst must not be negative, --max-header-bytes and --max-body-bytes must be positive")
	}
	if *authFailures <= 0 {
		return nil, errors.New("serve: --auth-failures-per-minute must be positive")
	}
	if *maxAnalyticsEntities < 1 || *maxAnalyticsRels < 1 {
		return nil, errors.New("serve: --max-analytics-entities and --max-analytics-relationships must be positive")
	}
	if *backend == "" {
		*backend = "embedded"
		if getenv("NEO4J_URI") != "" {
			*backend = "neo4j"
		}
	}
	limits := entities.DefaultLimits
	limits.MaxDepth = *maxDepth
	limits.MaxAnalyticsEntities, limits.MaxAnalyticsRelationships = *maxAnalyticsEntities, *maxAnalyticsRels
	return &serveConfig{
		addr: *addr, backend: *backend, limits: limits,
		review: reviewFlags{draftsDir: *draftsDir, seedDir: *dir, tokenFile: *tokenFile,
			usersFile: *usersFile, auditFile: *auditFile, openReads: *openReads},
		api: httpapi.Config{
			Limits:                limits,
			Timeout:               *timeout,
			MaxBodyBytes:          int64(*maxBodyBytes),
			RateLimit:             *rateLimit,
			RateBurst:             *rateBurst,
			RateLimitLoopback:     *rateLoopback,
			CORSOrigins:           splitList(*corsOrigins),
			ReadsNeedToken:        !*openReads,
			AuthFailuresPerMinute: *authFailures,
		},
		readHeaderTimeout: *readHeaderTimeout, readTimeout: *readTimeout,
		writeTimeout: *writeTimeout, idleTimeout: *idleTimeout, maxHeaderBytes: *maxHeaderBytes,
	}, nil
}

// openServedStore opens the store cfg names: the embedded store loaded from
// the seed, or Neo4j (which m closes).
func openServedStore(ctx context.Context, m *Main, cfg *serveConfig, logger *slog.Logger) (servedStore, error) {
	dir := cfg.review.seedDir
	// A change of the seed that a killed server left half-done is finished or
	// undone before the seed is read, so that the graph loads what the log says.
	recovered, err := recoverSeed(cfg.review.auditFile, cfg.review.draftsDir, dir)
	if err != nil {
		return servedStore{}, err
	}
	switch cfg.backend {
	case "embedded":
		mem := memstore.NewWithLimits(cfg.limits)
		start := time.Now()
		sd, cfs, err := openSeed(dir, m.prog)
		if err == nil {
			_, err = replaceIn(ctx, sd, cfs, mem, m.prog)
		}
		if err != nil {
			cfg.api.Metrics.ObserveLoad(0, 0, time.Since(start), err)
			return servedStore{}, err
		}
		logSkipped(logger, sd.Skipped())
		logWarnings(logger, sd.Warnings())
		n := sd.Counts()
		cfg.api.Metrics.ObserveLoad(n.Entities, n.Relationships, time.Since(start), nil)
		logger.Info("graph loaded", "store", "embedded", "entities", n.Entities, "relationships", n.Relationships, "took", time.Since(start).String())
		return servedStore{store: mem, graph: mem}, nil
	case "neo4j":
		neo, closeNeo, err := openNeo4j(ctx, m.getenv, cfg.limits, logger)
		if err != nil {
			return servedStore{}, err
		}
		m.onClose(func() error { closeNeo(); return nil })
		if recovered {
			if err := reloadRecovered(ctx, dir, neo, logger); err != nil {
				return servedStore{}, err
			}
		}
		return servedStore{store: neo, graph: neo, cypher: neo}, nil
	default:
		return servedStore{}, fmt.Errorf("serve: --backend must be embedded or neo4j, not %q", cfg.backend)
	}
}

// buildHandler builds the API on st with the features cfg turns on: the
// review of drafts, users, the audit trail (which m closes), as_known, the
// page. It returns the logger the server logs with from then on.
func buildHandler(m *Main, cfg *serveConfig, st servedStore, logger *slog.Logger) (http.Handler, *slog.Logger, error) {
	rv, err := setUpReview(cfg.review, m.getenv, st.graph)
	if err != nil {
		return nil, nil, err
	}
	if rv.trail != nil {
		m.onClose(rv.trail.Close)
	}
	// The write token must no more reach a log line than the database password.
	// Nor may a user's token, should one come in where it should not (a query
	// string, a pasted URL).
	logger = slog.New(redactingHandler{Handler: logger.Handler(), secret: string(rv.token), tokens: true})
	api := cfg.api
	api.Cypher = st.cypher
	// Interfaces stay nil, not typed nils, when there is nothing to hand in.
	dir := cfg.review.seedDir
	if info, err := os.Stat(dir); dir != "" && err == nil && info.IsDir() {
		// as_known rebuilds the graph of a past moment from the seed folder;
		// a few such graphs are kept (each as big as the graph).
		api.Known = history.NewKnown(dir, cfg.limits, knownGraphsKept)
	}
	if rv.drafts != nil {
		api.Drafts = rv.drafts
	}
	if rv.users != nil {
		rv.users.OnReloadError = func(err error) {
			logger.Warn("the users file changed and does not read; keeping the users it had", "error", err.Error())
		}
		api.Users = rv.users
	}
	if rv.trail != nil {
		api.Audit = rv.trail
	}
	if web.Built() {
		api.Page = web.Assets()
	} else {
		logger.Warn("the explorer page is not built into this binary; serving the API only (make build adds it)")
	}
	return httpapi.NewHandler(st.store, api, logger), logger, nil
}

// listenAndServe serves handler on cfg's address until ctx ends, then lets
// the requests in flight finish.
func listenAndServe(ctx context.Context, cfg *serveConfig, handler http.Handler, stdout io.Writer, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.readHeaderTimeout,
		ReadTimeout:       cfg.readTimeout,
		WriteTimeout:      cfg.writeTimeout,
		IdleTimeout:       cfg.idleTimeout,
		MaxHeaderBytes:    cfg.maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// Tests and scripts read this line to learn the port when --addr ends in :0.
	fmt.Fprintf(stdout, "graphapi listening on http://%s\n", ln.Addr())
	logger.Info("listening", "addr", ln.Addr().String(), "backend", cfg.backend,
		"rate_limit", cfg.api.RateLimit, "cors_origins", cfg.api.CORSOrigins)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// splitList reads a comma-separated flag, dropping blanks.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// redactingHandler replaces a secret wherever it would appear in a log record:
// the message and every string, error or other value, groups included. A
// secret shorter than 4 bytes is not searched for: it would blank common text
// and is no password worth the name.
type redactingHandler struct {
	slog.Handler
	secret string
	tokens bool // also redact whatever is shaped like a token graphapi issues
}

const redacted = "[redacted]"

func (h redactingHandler) active() bool { return len(h.secret) >= 4 || h.tokens }

func (h redactingHandler) redact(s string) string {
	if len(h.secret) >= 4 {
		s = strings.ReplaceAll(s, h.secret, redacted)
	}
	if h.tokens {
		s = users.TokenPattern.ReplaceAllString(s, redacted)
	}
	return s
}

func (h redactingHandler) Handle(ctx context.Context, r slog.Record) error {
	if !h.active() {
		return h.Handler.Handle(ctx, r)
	}
	out := slog.NewRecord(r.Time, r.Level, h.redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.Handler.Handle(ctx, out)
}

func (h redactingHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.redact(v.String()))
	case slog.KindGroup:
		attrs := v.Group()
		out := make([]any, len(attrs))
		for i, g := range attrs {
			out[i] = h.attr(g)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny: // errors and structs: redact their text
		s := fmt.Sprint(v.Any())
		if clean := h.redact(s); clean != s {
			return slog.String(a.Key, clean)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func (h redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if h.active() {
		for i, a := range attrs {
			attrs[i] = h.attr(a)
		}
	}
	return redactingHandler{Handler: h.Handler.WithAttrs(attrs), secret: h.secret, tokens: h.tokens}
}

func (h redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{Handler: h.Handler.WithGroup(name), secret: h.secret, tokens: h.tokens}
}

// knownGraphsKept is how many past graphs as_known keeps built.
const knownGraphsKept = 4

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"graphapi/internal/entities"
	"graphapi/internal/httpapi"
	"graphapi/internal/loader"
	"graphapi/internal/memstore"
	"graphapi/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, logger *slog.Logger) error {
	fset, env := newFlags("serve", getenv)
	addr := fset.String("addr", env("addr", "127.0.0.1:8080"), "address to listen on")
	dir := fset.String("seed", env("seed", ""), "seed directory (default: the compiled-in Mali seed)")
	backend := fset.String("backend", env("backend", ""), "embedded or neo4j (default: neo4j when NEO4J_URI is set)")
	timeout := fset.Duration("timeout", 10*time.Second, "deadline of each request")
	maxDepth := intFlag(fset, "max-depth", entities.DefaultLimits.MaxDepth, "deepest neighbourhood or path a request may ask for", env)
	if err := parse(fset, args); err != nil {
		return err
	}
	if *backend == "" {
		*backend = "embedded"
		if getenv("NEO4J_URI") != "" {
			*backend = "neo4j"
		}
	}
	limits := entities.DefaultLimits
	limits.MaxDepth = *maxDepth

	var store entities.Store
	var cypher httpapi.CypherRunner
	switch *backend {
	case "embedded":
		mem := memstore.NewWithLimits(limits)
		start := time.Now()
		ds, _, err := loader.Load(ctx, seedFS(*dir), mem)
		if err != nil {
			return err
		}
		logger.Info("graph loaded", "store", "embedded", "entities", len(ds.Entities), "relationships", len(ds.Relationships), "took", time.Since(start).String())
		store = mem
	case "neo4j":
		neo, closeNeo, err := openNeo4j(ctx, getenv, limits, logger)
		if err != nil {
			return err
		}
		defer closeNeo()
		store, cypher = neo, neo
	default:
		return fmt.Errorf("serve: --backend must be embedded or neo4j, not %q", *backend)
	}

	cfg := httpapi.Config{Limits: limits, Timeout: *timeout, Cypher: cypher}
	if web.Built() {
		cfg.Page = web.Assets()
	} else {
		logger.Warn("the explorer page is not built into this binary; serving the API only (make build adds it)")
	}
	handler := httpapi.NewHandler(store, cfg, logger)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      *timeout + 5*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// Tests and scripts read this line to learn the port when --addr ends in :0.
	fmt.Fprintf(stdout, "graphapi listening on http://%s\n", ln.Addr())
	logger.Info("listening", "addr", ln.Addr().String(), "backend", *backend)

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

// Package neo4jstore is graphapi's Neo4j backend: an entities.Store and
// entities.Writer over a Neo4j 5 server (a single server, a cluster or Aura)
// through neo4j-go-driver v5. Every statement comes from package cypher. Answers
// are byte-identical to the embedded store's: Cypher fetches, Go orders and cuts
// exactly as entities/semantics.go says.
package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/graphapi/graphapi/cypher"
	"github.com/graphapi/graphapi/internal/entities"
)

var (
	_ entities.Store  = (*Store)(nil)
	_ entities.Writer = (*Store)(nil)
)

// Config says where Neo4j is and how long graphapi waits for it.
type Config struct {
	URI      string // bolt://host:7687 (one server) or neo4j://host (routing: clusters, Aura)
	User     string
	Password string
	Database string // default "neo4j"

	QueryTimeout   time.Duration // per traversal query, also sent as the server-side transaction timeout; default 30 s
	LoadTimeout    time.Duration // for one whole Replace; default 30 min
	CypherTimeout  time.Duration // per user Cypher query (ReadCypher); default 10 s
	ConnectTimeout time.Duration // per socket connect; default 3 s
	AcquireTimeout time.Duration // waiting for a pooled connection; default 5 s
	RetryTime      time.Duration // retrying transient failures in a transaction function; default off (see fill)
	MaxPoolSize    int           // connections per server; default 50
	BatchSize      int           // rows per UNWIND batch in Replace; default 10,000

	Limits entities.Limits // default entities.DefaultLimits
}

// ConfigFromEnv reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE.
func ConfigFromEnv(getenv func(string) string) Config {
	c := Config{
		URI:      getenv("NEO4J_URI"),
		User:     getenv("NEO4J_USER"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: getenv("NEO4J_DATABASE"),
	}
	if c.User == "" {
		c.User = "neo4j"
	}
	return c
}

func (c *Config) fill() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Database == "" {
		c.Database = "neo4j"
	}
	if c.User == "" {
		c.User = "neo4j"
	}
	def(&c.QueryTimeout, 30*time.Second)
	def(&c.LoadTimeout, 30*time.Minute)
	def(&c.CypherTimeout, 10*time.Second)
	def(&c.ConnectTimeout, 3*time.Second)
	def(&c.AcquireTimeout, 5*time.Second)
	// The driver waits about 2 s before its first retry however short this is,
	// so any retry budget makes every read against a stopped Neo4j take 2 s.
	// Requests must fail fast with 503 instead; clients retry.
	def(&c.RetryTime, time.Nanosecond)
	if c.MaxPoolSize <= 0 {
		c.MaxPoolSize = 50
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 10000
	}
	if c.Limits == (entities.Limits{}) {
		c.Limits = entities.DefaultLimits
	}
}

// The store answers every query of entities.Store.
var _ entities.Store = (*Store)(nil)

// Store is the Neo4j store. It is safe for concurrent use.
//
// Every session the store opens, for writes and reads alike, shares one
// bookmark manager: a read names the bookmarks of the writes before it, so on a
// cluster or Aura it waits until the member it is routed to (a reader, for
// reads) has applied the last load instead of answering from an older graph.
type Store struct {
	cfg       Config
	driver    neo4j.DriverWithContext
	bookmarks neo4j.BookmarkManager
}

// Open makes a store for cfg. It does not contact the server (use Ping): a
// store opened while Neo4j is down answers EUNAVAILABLE and recovers by itself
// once Neo4j is back. It returns EINVALID for a malformed URI.
func Open(cfg Config) (*Store, error) {
	cfg.fill()
	if cfg.URI == "" {
		return nil, entities.Errorf(entities.EINVALID, "NEO4J_URI is not set; give a bolt:// or neo4j:// URI")
	}
	scheme, _, _ := strings.Cut(cfg.URI, "://")
	switch scheme {
	case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
	default:
		return nil, entities.Errorf(entities.EINVALID, "NEO4J_URI must start with bolt://, neo4j:// (or +s, +ssc), not %q", scheme+"://")
	}
	d, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""), func(c *config.Config) {
		c.MaxConnectionPoolSize = cfg.MaxPoolSize
		c.ConnectionAcquisitionTimeout = cfg.AcquireTimeout
		c.SocketConnectTimeout = cfg.ConnectTimeout
		c.SocketKeepalive = true
		c.MaxTransactionRetryTime = cfg.RetryTime
		c.MaxConnectionLifetime = time.Hour
		// Idle connections older than this are checked before use, so that a
		// restarted server costs no failed request.
		c.ConnectionLivenessCheckTimeout = 30 * time.Second
		c.FetchSize = 1000
	})
	if err != nil {
		return nil, entities.Errorf(entities.EINVALID, "NEO4J_URI %q is not a valid Neo4j URI", cfg.URI)
	}
	return &Store{cfg: cfg, driver: d, bookmarks: neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{})}, nil
}

// session opens a session on the configured database with the store's
// bookmark manager; mode routes it to a writer or, on a cluster, a reader.
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode, fetchSize int) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{
		AccessMode: mode, DatabaseName: s.cfg.Database, BookmarkManager: s.bookmarks, FetchSize: fetchSize,
	})
}

// Close closes the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Limits returns the caps queries are validated against.
func (s *Store) Limits() entities.Limits { return s.cfg.Limits }

// Ping returns nil when Neo4j answers a query on the configured database,
// EUNAVAILABLE otherwise.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ConnectTimeout+s.cfg.AcquireTimeout)
	defer cancel()
	err := retryBriefly(ctx, func() error {
		_, err := neo4j.ExecuteQuery(ctx, s.driver, cypher.Get("ping"), nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.cfg.Database),
			neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.cfg.ConnectTimeout)))
		return err
	})
	if err != nil {
		err = s.mapErr(ctx, err, 0)
		if entities.ErrorCode(err) == entities.ETIMEOUT {
			return entities.Errorf(entities.EUNAVAILABLE, "Neo4j did not answer in time")
		}
		return err
	}
	return nil
}

// read runs fn in one read transaction (read routing, the named database, a
// server-side timeout), retried on transient failures; fn must start afresh on
// every call.
func (s *Store) read(ctx context.Context, fn func(tx neo4j.ManagedTransaction) error) error {
	if err := ctx.Err(); err != nil {
		return s.mapErr(ctx, err, s.cfg.QueryTimeout)
	}
	d := entities.TimeLeft(ctx, s.cfg.QueryTimeout)
	ctx, cancel := context.WithTimeout(ctx, d+time.Second) // the server's timeout fires first
	defer cancel()
	attempt := func() error {
		sess := s.session(ctx, neo4j.AccessModeRead, 0)
		defer sess.Close(context.WithoutCancel(ctx))
		_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return nil, fn(tx)
		}, neo4j.WithTxTimeout(d))
		return err
	}
	return s.mapErr(ctx, retryBriefly(ctx, attempt), d)
}

// retryOnce runs attempt and, while it fails in a way worth retrying (a pooled
// connection to a server that has since restarted — the pool may hold several —
// or a leader that moved), up to four more times after a short pause. The
// driver's own retry is off (see fill): it waits 2 s first, and a stopped
// Neo4j must cost a request a few hundred milliseconds at most.
func retryBriefly(ctx context.Context, attempt func() error) error {
	err := attempt()
	for i := 0; i < 4 && err != nil && retryable(err); i++ {
		select {
		case <-ctx.Done():
			return err
		case <-time.After(50 * time.Millisecond):
		}
		err = attempt()
	}
	return err
}

func retryable(err error) bool {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for _, e := range limit.Errors {
			if retryable(e) {
				return true
			}
		}
		return false
	}
	// A pooled connection to a server that was killed reads EOF or a reset,
	// which the driver does not count as retryable.
	var netErr net.Error
	return neo4j.IsRetryable(err) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.As(err, &netErr)
}

// run runs one statement in tx and returns all its records.
func run(ctx context.Context, tx neo4j.ManagedTransaction, stmt string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, stmt, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// storeError is a domain error that keeps the driver's error for logs; its
// message and code are the domain error's, so driver text never reaches a user.
type storeError struct {
	domain *entities.Error
	cause  error
}

func (e *storeError) Error() string { return e.domain.Message }
func (e *storeError) Unwrap() error { return e.domain }

// Cause returns the underlying driver error, for logs only.
func (e *storeError) Cause() error { return e.cause }

func wrap(cause error, code, format string, args ...any) error {
	return &storeError{domain: entities.Errorf(code, format, args...), cause: cause}
}

// mapErr turns a driver error into an entities error code.
func (s *Store) mapErr(ctx context.Context, err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	var de *entities.Error
	if errors.As(err, &de) {
		return err
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		if mapped := s.mapErr(ctx, limit.Errors[len(limit.Errors)-1], d); entities.ErrorCode(mapped) != entities.EINTERNAL {
			return mapped
		}
		return wrap(err, entities.EUNAVAILABLE, "Neo4j kept failing to answer; try again later")
	}
	timedOut := func() error { return &storeError{domain: entities.TimedOut(d), cause: err} }
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		code := ne.Code
		switch {
		case strings.HasPrefix(code, "Neo.ClientError.Transaction.TransactionTimedOut"),
			code == "Neo.TransientError.Transaction.LockClientStopped" && ctx.Err() != nil,
			code == "Neo.ClientError.Transaction.TransactionMarkedAsFailed" && ctx.Err() != nil:
			return timedOut()
		case strings.HasPrefix(code, "Neo.ClientError.Security."):
			return wrap(err, entities.EUNAVAILABLE, "Neo4j refused graphapi's credentials or rights (%s); check NEO4J_USER and NEO4J_PASSWORD", code)
		case code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			// Only a load writes; it read the graph, then another load created
			// the same entities and committed first.
			return wrap(err, entities.EUNAVAILABLE, "another load wrote the same entities at the same time and committed first; this one wrote nothing: run it again")
		case code == "Neo.ClientError.Database.DatabaseNotFound":
			return wrap(err, entities.EUNAVAILABLE, "Neo4j has no database %q; check NEO4J_DATABASE", s.cfg.Database)
		case strings.Contains(code, "MemoryPoolOutOfMemoryError") || strings.Contains(code, "TransactionMemoryLimit") || strings.Contains(code, "MemoryLimitExceeded"):
			return wrap(err, entities.EINVALID, "the query needs more memory than Neo4j allows it; narrow it")
		case code == "Neo.ClientError.Transaction.Terminated" || code == "Neo.TransientError.Transaction.Terminated":
			if ctx.Err() != nil {
				return timedOut()
			}
			return wrap(err, entities.EUNAVAILABLE, "Neo4j ended the transaction; try again")
		case strings.HasPrefix(code, "Neo.TransientError.") || strings.HasPrefix(code, "Neo.ClientError.Cluster."):
			return wrap(err, entities.EUNAVAILABLE, "Neo4j cannot answer right now (%s); try again later", code)
		}
		return wrap(err, entities.EINTERNAL, "Neo4j failed the query (%s)", code)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return timedOut()
	}
	if errors.Is(err, context.Canceled) {
		return &storeError{domain: entities.Cancelled(), cause: err}
	}
	var ce *neo4j.ConnectivityError
	var opErr *net.OpError
	var te *neo4j.TokenExpiredError
	if errors.As(err, &ce) || errors.As(err, &opErr) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.As(err, &te) || isPoolError(err) {
		return wrap(err, entities.EUNAVAILABLE, "Neo4j at %s cannot be reached", redactURI(s.cfg.URI))
	}
	return wrap(err, entities.EINTERNAL, "Neo4j failed the query")
}

// isPoolError recognises the pool's own errors (no server, pool full, timed out
// waiting), whose types the driver keeps internal.
func isPoolError(err error) bool {
	t := fmt.Sprintf("%T", err)
	return strings.Contains(t, "errorutil.Pool") || strings.Contains(t, "errorutil.Router") ||
		strings.Contains(t, "errorutil.ReadRoutingTableError")
}

func redactURI(uri string) string {
	if at := strings.LastIndex(uri, "@"); at >= 0 {
		if scheme, _, ok := strings.Cut(uri, "://"); ok {
			return scheme + "://" + uri[at+1:]
		}
	}
	return uri
}

package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
)

const (
	requestIDKey    = "request_id"
	requestIDHeader = "X-Request-Id"
)

// requestID names every request: the client's X-Request-Id when it is a short
// token (so a proxy's id follows the request through), else a process prefix and
// a counter, which is unique per run and costs no system call per request.
func requestID() gin.HandlerFunc {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	prefix := hex.EncodeToString(b[:]) + "-"
	var n atomic.Uint64
	return func(c *gin.Context) {
		id := c.GetHeader(requestIDHeader)
		if !validRequestID(id) {
			id = prefix + strconv.FormatUint(n.Add(1), 10)
		}
		c.Set(requestIDKey, id)
		c.Header(requestIDHeader, id)
		c.Next()
	}
}

// validRequestID accepts 1 to 64 letters, digits, '-', '_' and '.', so that a
// client's id cannot forge log fields or headers.
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// logRequests writes one structured line per request, at error level when the
// server failed, with the errors that writeError recorded (which the client
// never sees).
func logRequests(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= http.StatusInternalServerError {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("request_id", c.GetString(requestIDKey)),
			slog.String("method", c.Request.Method),
			slog.String("path", c.Request.URL.Path),
			slog.String("query", c.Request.URL.RawQuery),
			slog.Int("status", status),
			slog.Int("bytes", c.Writer.Size()),
			slog.Duration("duration", time.Since(start)),
		}
		if err := c.Errors.Last(); err != nil { // writeError records one per request
			attrs = append(attrs, slog.String("error", err.Error()))
		}
		logger.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}
}

// recoverProblem turns a panic in a handler into a logged stack and a 500
// problem, so that no stack trace ever reaches a client.
func recoverProblem(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { // net/http's own way to drop a connection
				panic(v)
			}
			logger.ErrorContext(c.Request.Context(), "panic",
				slog.String("request_id", c.GetString(requestIDKey)),
				slog.Any("panic", v),
				slog.String("stack", string(debug.Stack())))
			if c.Writer.Written() {
				c.Abort()
				return
			}
			writeProblem(c, http.StatusInternalServerError, entities.EINTERNAL, internalDetail)
		}()
		c.Next()
	}
}

// deadline runs every request under a context that ends after d; stores honour it
// and answer ETIMEOUT, so a heavy query cannot hold the server.
func deadline(d time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

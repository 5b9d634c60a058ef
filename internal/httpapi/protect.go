package httpapi

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/graphapi/graphapi/internal/metrics"
)

// apiCSP is the Content-Security-Policy of every answer that is not the page:
// JSON is never a document to run, so it may load and embed nothing.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// pageCSP lets the explorer page load only its own bundle and stylesheet, and
// talk only to this server. Two exceptions, each the least the page needs:
//   - the hash is Cytoscape's one injected <style> element
//     (".__________cytoscape_container { position: relative; }"): allowing that
//     text alone beats 'unsafe-inline'. If a Cytoscape upgrade changes it, the
//     page's end-to-end tests fail on the CSP violation it logs;
//   - img-src data: blob: for the favicon (href="data:,") and the PNG export.
//
// Style attributes the page sets through element.style (CSSOM) are not inline
// styles in CSP's sense and need nothing.
const pageCSP = "default-src 'self'; script-src 'self'; " +
	"style-src 'self' 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='; " +
	"img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets, before anything else can answer, the headers every
// response carries, problems and 404s included. The page's handler replaces the
// CSP with pageCSP.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Content-Security-Policy", apiCSP)
		c.Next()
	}
}

// observe counts every request in the metrics by gin's route pattern. Requests
// that match no route share the label "unmatched", so that a scanner walking
// random URLs cannot grow the series without bound.
func observe(m *metrics.Metrics) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		m.ObserveRequest(c.Request.Method, route, c.Writer.Status(), time.Since(start))
	}
}

// limitBody caps every request body, not only the Cypher route's: a body no
// handler reads still costs the server its transfer. A declared length over the
// cap is refused before any of it is read; a body that turns out longer (chunked)
// fails the handler's read, which answers 413 too.
func limitBody(maxBytes int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > maxBytes {
			// The connection must close: the unread body is still on the wire.
			c.Header("Connection", "close")
			writeProblem(c, http.StatusRequestEntityTooLarge, codeTooLarge, tooLargeDetail(maxBytes))
			return
		}
		if c.Request.Body != nil && c.Request.Body != http.NoBody {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBytes)
		}
		c.Next()
	}
}

const (
	codeTooLarge    = "too_large"
	codeRateLimited = "rate_limited"
)

func tooLargeDetail(maxBytes int64) string {
	return fmt.Sprintf("the request body is larger than %d bytes; send a shorter query and fewer params", maxBytes)
}

// cors answers cross-origin requests only from the configured origins; with
// none configured it is not installed at all, and browsers keep other sites'
// pages from reading the API. "*" allows any origin (no credentials are ever
// involved: the API has no cookies). A preflight from an allowed origin is
// answered here with 204, before routing, since no route takes OPTIONS.
func cors(origins []string) gin.HandlerFunc {
	any := slices.Contains(origins, "*")
	return func(c *gin.Context) {
		c.Writer.Header().Add("Vary", "Origin")
		origin := c.GetHeader("Origin")
		if origin == "" || !(any || slices.Contains(origins, origin)) {
			c.Next()
			return
		}
		h := c.Writer.Header()
		if any {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", origin)
		}
		h.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After")
		if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			h.Set("Access-Control-Allow-Methods", "GET, POST")
			h.Set("Access-Control-Allow-Headers", "Content-Type, X-Request-Id")
			h.Set("Access-Control-Max-Age", "600")
			c.AbortWithStatus(http.StatusNoContent)
			return
		}
		c.Next()
	}
}

// rateLimiter is a token bucket per client IP. Buckets idle long enough to be
// full again are dropped, so that memory follows the clients of the last few
// minutes, not every address ever seen.
type rateLimiter struct {
	limit    rate.Limit
	burst    int
	loopback bool // limit loopback clients too

	mu      sync.Mutex
	clients map[string]*client
	swept   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

// rateIdle is how long a client's bucket is kept after its last request.
const rateIdle = 3 * time.Minute

func newRateLimiter(perSecond float64, burst int, loopback bool) *rateLimiter {
	if burst < 1 {
		burst = max(1, int(math.Ceil(perSecond)))
	}
	return &rateLimiter{limit: rate.Limit(perSecond), burst: burst, loopback: loopback, clients: map[string]*client{}}
}

// wait returns how long the client at ip must wait before its next request, 0
// when it may go now (and then takes a token).
func (l *rateLimiter) wait(ip string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, cl := range l.clients {
			if now.Sub(cl.seen) > rateIdle {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	cl, ok := l.clients[ip]
	if !ok {
		cl = &client{lim: rate.NewLimiter(l.limit, l.burst)}
		l.clients[ip] = cl
	}
	cl.seen = now
	r := cl.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now) // a refused request spends no token
		return d
	}
	return 0
}

// peek returns how long the client at ip must wait before its next request,
// without taking a token: for the failed sign-ins, where only a failure spends.
func (l *rateLimiter) peek(ip string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	cl, ok := l.clients[ip]
	if !ok {
		return 0
	}
	tokens := cl.lim.TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / float64(l.limit) * float64(time.Second))
}

// exempt says whether the request skips the limit: probes and scrapes, which a
// load balancer or Prometheus sends on a schedule, and loopback clients (the
// analyst's own browser, local scripts) unless they are limited too.
func (l *rateLimiter) exempt(c *gin.Context, ip net.IP) bool {
	switch c.Request.URL.Path {
	case "/healthz", "/readyz", "/metrics":
		return true
	}
	return !l.loopback && ip != nil && ip.IsLoopback()
}

// rateLimit answers 429 with Retry-After (whole seconds, rounded up) to a client
// over its rate. The client is the connection's address (gin trusts no proxy
// headers here; see NewHandler), so X-Forwarded-For cannot dodge the limit.
func rateLimit(l *rateLimiter, m *metrics.Metrics) gin.HandlerFunc {
	return func(c *gin.Context) {
		ipText := c.ClientIP()
		if l.exempt(c, net.ParseIP(ipText)) {
			c.Next()
			return
		}
		if d := l.wait(ipText, time.Now()); d > 0 {
			m.RateLimited()
			secs := int(math.Ceil(d.Seconds()))
			c.Header("Retry-After", strconv.Itoa(secs))
			writeProblem(c, http.StatusTooManyRequests, codeRateLimited,
				fmt.Sprintf("this client sent more than %s requests a second; retry after %d s", strings.TrimSuffix(strconv.FormatFloat(float64(l.limit), 'f', 2, 64), ".00"), secs))
			return
		}
		c.Next()
	}
}

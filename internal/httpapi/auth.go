package httpapi

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
)

// Authenticator says whose a bearer token is: internal/users.Directory, handed
// in by the command. It must compare in constant time.
type Authenticator interface {
	Authenticate(token string) (entities.User, bool)
}

const (
	codeUnauthorized = "unauthorized"
	codeForbidden    = "forbidden"
)

// Failed sign-ins a client IP may make: a burst, then one every few seconds.
// The bucket is separate from --rate-limit and covers loopback clients too,
// since guessing tokens from the same machine is guessing all the same.
const (
	defaultAuthFailuresPerMinute = 10
	authFailureBurst             = 10
)

// identify reads the bearer token, when a request sends one, and puts its user
// on the request's context (entities.WithUser), where requireRole and the audit
// trail find it. A token the server does not know is 401 whatever the route:
// the client means to be someone and is not. A server that knows no one (no
// users, no write token) ignores tokens: its writes are off anyway. A client that failed too often
// is 429 before its token is even looked at.
func identify(auth Authenticator, failures *rateLimiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		header := c.GetHeader("Authorization")
		if header == "" || auth == nil { // a server that knows no one reads no token
			c.Next()
			return
		}
		scheme, token, _ := strings.Cut(header, " ")
		token = strings.TrimSpace(token)
		if !strings.EqualFold(scheme, "Bearer") || token == "" {
			unauthorized(c, "send a token as Authorization: Bearer <token>")
			return
		}
		ip, now := c.ClientIP(), time.Now()
		if d := failures.peek(ip, now); d > 0 {
			secs := int(math.Ceil(d.Seconds()))
			c.Header("Retry-After", strconv.Itoa(secs))
			writeProblem(c, http.StatusTooManyRequests, codeRateLimited,
				fmt.Sprintf("too many wrong tokens from this client; retry after %d s", secs))
			return
		}
		u, ok := auth.Authenticate(token)
		if !ok {
			failures.wait(ip, now)
			unauthorized(c, "the token is not one this server knows, or its user was removed; ask an admin for a new one (graphapi user add)")
			return
		}
		c.Request = c.Request.WithContext(entities.WithUser(c.Request.Context(), u))
		c.Next()
	}
}

func unauthorized(c *gin.Context, detail string) {
	c.Header("WWW-Authenticate", `Bearer realm="graphapi"`)
	writeProblem(c, http.StatusUnauthorized, codeUnauthorized, detail)
}

// roleGuard makes requireRole for one server: readsNeedToken says whether
// reader routes need a signed-in user (else they are open to all), and
// writable whether the server knows any user at all (else writing is off).
func roleGuard(readsNeedToken, writable bool) func(need entities.Role) gin.HandlerFunc {
	return func(need entities.Role) gin.HandlerFunc {
		if need == entities.RoleReader && !readsNeedToken {
			return func(c *gin.Context) { c.Next() }
		}
		return func(c *gin.Context) {
			u, ok := entities.UserFrom(c.Request.Context())
			switch {
			case !writable:
				writeProblem(c, http.StatusForbidden, codeForbidden,
					"writing is off on this server: start it with --users FILE (or --write-token-file FILE) and --drafts DIR")
			case !ok:
				unauthorized(c, fmt.Sprintf("this route needs role %s: send your token as Authorization: Bearer <token>", need))
			case !u.Role.Allows(need):
				writeProblem(c, http.StatusForbidden, codeForbidden,
					fmt.Sprintf("this route needs role %s; you are %s (%s)", need, u.Role, u.Name))
			default:
				c.Next()
			}
		}
	}
}

// carryRequestID puts the request id on the request's context, for the audit
// entries a write appends.
func carryRequestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request = c.Request.WithContext(audit.WithRequestID(c.Request.Context(), c.GetString(requestIDKey)))
		c.Next()
	}
}

// whoami is who the request acts for, and what the server asks of anyone: the
// page reads it to show the signed-in user and to offer only what they may do.
type whoami struct {
	User           *entities.User `json:"user"` // null: no token sent
	Writing        bool           `json:"writing"`
	ReadsNeedToken bool           `json:"reads_need_token"`
}

func handleWhoami(writing, readsNeedToken bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p := readParams(c); p.err != nil {
			writeError(c, p.err)
			return
		}
		w := whoami{Writing: writing, ReadsNeedToken: readsNeedToken}
		if u, ok := entities.UserFrom(c.Request.Context()); ok {
			w.User = &u
		}
		c.JSON(http.StatusOK, w)
	}
}

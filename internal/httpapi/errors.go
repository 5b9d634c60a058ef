package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
	"github.com/graphapi/graphapi/internal/review"
)

// statusOf is the one table from domain error codes to HTTP status codes.
var statusOf = map[string]int{
	entities.ENOTFOUND:       http.StatusNotFound,
	entities.EINVALID:        http.StatusBadRequest,
	entities.ETIMEOUT:        http.StatusGatewayTimeout,
	entities.EUNAVAILABLE:    http.StatusServiceUnavailable,
	entities.ENOTIMPLEMENTED: http.StatusNotImplemented,
	entities.ECONFLICT:       http.StatusConflict,
	entities.EINTERNAL:       http.StatusInternalServerError,
}

// statusClientClosed is logged, never seen, when the client hung up before its
// answer was ready (nginx's 499): there is no one to send a problem to.
const statusClientClosed = 499

const problemContentType = "application/problem+json"

// internalDetail is all a client learns of a failure inside the server.
const internalDetail = "the server failed on this request; retry, and if it fails again report the request id"

// problem is an RFC 9457 problem detail. Type is about:blank, so Title is the
// status text; Code carries the domain error code for programs, and RequestID
// ties the answer to the server's log line.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	Code      string `json:"code"`
	RequestID string `json:"request_id"`
	// Dependants lists, for a revert refused because other packs depend on
	// the pack, the statements that do.
	Dependants []review.Dependant `json:"dependants,omitempty"`
}

// writeError answers a request that failed with err. Only the domain message of
// an *entities.Error reaches the client; anything else (a driver error, a bug) is
// logged through c.Error and answered with a generic text.
func writeError(c *gin.Context, err error) {
	_ = c.Error(err) // for logRequests
	code, msg := entities.ErrorCode(err), entities.ErrorMessage(err)
	if code == entities.EINTERNAL {
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			code = entities.ETIMEOUT
			msg = "the query ran past the server's deadline; ask for less: a lower depth, max_depth or limit, or fewer relationship types"
		case errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil:
			c.AbortWithStatus(statusClientClosed)
			return
		default:
			msg = internalDetail
		}
	}
	status, ok := statusOf[code]
	if !ok { // a store inventing a code is a bug; the client still gets a problem
		status, code = http.StatusInternalServerError, entities.EINTERNAL
	}
	var deps *review.DependedOn
	if errors.As(err, &deps) {
		writeProblemOf(c, status, code, msg, deps.Dependants)
		return
	}
	writeProblem(c, status, code, msg)
}

// writeProblem writes one problem+json answer and stops the handler chain.
func writeProblem(c *gin.Context, status int, code, detail string) {
	writeProblemOf(c, status, code, detail, nil)
}

func writeProblemOf(c *gin.Context, status int, code, detail string, deps []review.Dependant) {
	body, err := json.Marshal(problem{
		Type:       "about:blank",
		Title:      http.StatusText(status),
		Status:     status,
		Detail:     detail,
		Instance:   c.Request.URL.RequestURI(),
		Code:       code,
		RequestID:  c.GetString(requestIDKey),
		Dependants: deps,
	})
	if err != nil { // a struct of strings and an int always marshals
		panic(err)
	}
	c.Abort()
	c.Data(status, problemContentType, body)
}

package entities

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP API maps each to one status code; stores and the loader
// return them so callers never inspect driver or parser errors.
const (
	ENOTFOUND       = "not_found"       // the entity (or other named thing) does not exist
	EINVALID        = "invalid"         // the request or the seed is wrong; the message says how
	ETIMEOUT        = "timeout"         // the query ran past its deadline
	EUNAVAILABLE    = "unavailable"     // the backing store cannot be reached right now
	ENOTIMPLEMENTED = "not_implemented" // this store does not offer the operation
	ECONFLICT       = "conflict"        // the request is sound, but what it names is not in a state that allows it
	EINTERNAL       = "internal"        // a bug or an unexpected failure
)

// Error is a domain error: a code for machines and a message for people.
// The message is safe to show to a user; it never carries driver internals.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the message of the first *Error in err's chain, or a generic
// text for other errors so that internals never reach a user.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "internal error"
	}
}

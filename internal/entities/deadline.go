package entities

import (
	"context"
	"time"
)

// The deadline rule both stores apply: a query runs for its store's limit or
// until the caller's deadline, whichever comes first, and a query stopped by
// either is ETIMEOUT, whether the deadline passed or the caller went away.

// TimeLeft returns how long a query may run: limit, or what is left of ctx's
// deadline when that is sooner. It is never below a millisecond, so that a
// store can pass it on as a backend's timeout, where zero means none.
func TimeLeft(ctx context.Context, limit time.Duration) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < limit {
			return max(left, time.Millisecond)
		}
	}
	return limit
}

// ContextError returns nil while ctx runs, and the ETIMEOUT error for the way
// it ended once it has: its deadline passed, or it was cancelled (the request
// went away). Either way the query stopped before it finished.
func ContextError(ctx context.Context) error {
	switch ctx.Err() {
	case nil:
		return nil
	case context.DeadlineExceeded:
		return TimedOut(0)
	default:
		return Cancelled()
	}
}

// Cancelled returns the ETIMEOUT error for a query whose caller went away.
func Cancelled() *Error { return Errorf(ETIMEOUT, "the query was cancelled before it finished") }

// TimedOut returns the ETIMEOUT error for a query stopped by its limit of d,
// or by the caller's deadline when d is 0, with what to do about it.
func TimedOut(d time.Duration) *Error {
	if d > 0 {
		return Errorf(ETIMEOUT, "the query ran past its %s limit; narrow it (a lower depth, fewer types, a smaller limit)", d.Round(time.Millisecond))
	}
	return Errorf(ETIMEOUT, "the query ran past its deadline; narrow it (a lower depth, fewer types, a smaller limit)")
}

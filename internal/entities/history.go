package entities

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The graph's history is the order in which its packs entered it. A pack that
// carries an Applied record entered when that record says; a pack without one
// (the shipped seed, a pack added by hand) entered with the seed, before every
// applied pack. History lists the seed's packs first, by source id, then the
// applied ones by the time they were applied, ties by source id.
//
// as_known=T asks what the graph said at T: the graph the seed gives with only
// the packs known at T, those that entered with the seed and those applied at
// or before T, and not yet taken out at T (a pack reverted, or the version of
// a pack an apply replaced, was known from its apply until then). It is not
// as_of, which asks what existed in the world at a date whatever the graph
// learnt of it and when.

// History returns the sources in the order their packs entered the graph.
func History(sources []Source) []Source {
	out := append([]Source{}, sources...)
	slices.SortStableFunc(out, func(a, b Source) int {
		switch {
		case a.Applied == nil && b.Applied == nil:
			return strings.Compare(a.ID, b.ID)
		case a.Applied == nil:
			return -1
		case b.Applied == nil:
			return 1
		}
		return cmp.Or(a.Applied.At.Compare(b.Applied.At), strings.Compare(a.ID, b.ID))
	})
	return out
}

// KnownAt reports whether a pack with the record a (nil: it entered with the
// seed) was in the graph at t.
func KnownAt(a *Applied, t time.Time) bool { return a == nil || !a.At.After(t) }

// ParseKnown reads an as_known value: a day, YYYY-MM-DD, meaning the end of
// that day in UTC, or an RFC 3339 time. EINVALID otherwise.
func ParseKnown(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.Add(24*time.Hour - time.Nanosecond), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, Errorf(EINVALID, "as_known=%q is not a day (2026-12-07) nor a time (2026-12-07T20:40:00Z): give when the graph should be read as it stood", s)
}

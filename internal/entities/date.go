package entities

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date at the precision a source gives: a year, a month or a day.
// "2013-08" stays a month; it is never widened to a made-up day. The zero Date means
// "not known" and is left out of JSON.
//
// The fields are as small as their ranges: a Date is in every Entity and twice
// in every Relationship, and one answer can hold thousands of those.
type Date struct {
	Year  int16 // 1..9999; 0 means unknown
	Month int8  // 1..12, or 0 when only the year is known
	Day   int8  // 1..31, or 0 when only the year or month is known
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD. It returns EINVALID for any other
// form and for impossible dates such as 2018-02-30.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, Errorf(EINVALID, "date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	var n [3]int
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || !allDigits(p) {
			return Date{}, Errorf(EINVALID, "date %q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n[i], _ = strconv.Atoi(p)
	}
	d := Date{Year: int16(n[0]), Month: int8(n[1]), Day: int8(n[2])} // ParseDate read at most 4 and 2 digits
	if d.Year == 0 {
		return Date{}, Errorf(EINVALID, "date %q has year 0000", s)
	}
	if len(parts) >= 2 && (d.Month < 1 || d.Month > 12) {
		return Date{}, Errorf(EINVALID, "date %q has no month %d", s, d.Month)
	}
	if len(parts) == 3 && (d.Day < 1 || int(d.Day) > DaysIn(int(d.Year), int(d.Month))) {
		return Date{}, Errorf(EINVALID, "date %q does not exist: %d-%02d has %d days", s, d.Year, d.Month, DaysIn(int(d.Year), int(d.Month)))
	}
	return d, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// DaysIn returns how many days the month has in the year (1..12).
func DaysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Valid reports whether d is a date ParseDate could have made, or the zero
// Date. It checks the fields themselves, without formatting: stores check every
// date of a whole graph with it.
func (d Date) Valid() bool {
	switch {
	case d.IsZero():
		return d.Month == 0 && d.Day == 0
	case d.Year < 1 || d.Year > 9999 || d.Month < 0 || d.Month > 12 || d.Day < 0:
		return false
	case d.Month == 0:
		return d.Day == 0
	}
	return int(d.Day) <= DaysIn(int(d.Year), int(d.Month))
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats the date at its own precision: 2017, 2017-03 or 2017-03-02.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

// First returns the first day the date covers as days since 1970-01-01:
// 2013-08 → 2013-08-01. A partial "since" means its first day.
func (d Date) First() int32 {
	m, day := int(d.Month), int(d.Day)
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return dayNumber(int(d.Year), m, day)
}

// Last returns the last day the date covers as days since 1970-01-01:
// 2013-08 → 2013-08-31. A partial "until" or "as_of" means its last day.
func (d Date) Last() int32 {
	m, day := int(d.Month), int(d.Day)
	if m == 0 {
		m = 12
	}
	if day == 0 {
		day = DaysIn(int(d.Year), m)
	}
	return dayNumber(int(d.Year), m, day)
}

func dayNumber(y, m, d int) int32 {
	return int32(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Before reports whether d lies wholly before e (d's last day precedes e's first).
func (d Date) Before(e Date) bool { return d.Last() < e.First() }

// MarshalText writes the date at its precision.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written by MarshalText; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	*d = v
	return err
}

// Period is when something existed or held: from Start's first day to End's last
// day; a zero end is open.
type Period struct {
	Start Date
	End   Date
}

// HoldsOn reports whether the period covers day (days since 1970-01-01). An unknown
// start counts as "always has been": the sources simply do not say.
func (p Period) HoldsOn(day int32) bool {
	if !p.Start.IsZero() && p.Start.First() > day {
		return false
	}
	return p.End.IsZero() || p.End.Last() >= day
}

// AsOf is the optional as_of filter of a query. A partial as_of (2016, 2017-03)
// means its last day: the state of the world by the end of that year or month.
// Neighbourhoods and paths keep what held on that day (Keeps); lineage keeps
// what was known by it (KnownBy). semantics.go states both rules.
type AsOf struct {
	Set  bool
	Date Date
}

// Keeps reports whether something existing over p held on the as_of day: the
// rule for neighbourhoods and paths.
func (a AsOf) Keeps(p Period) bool { return !a.Set || p.HoldsOn(a.Date.Last()) }

// KnownBy reports whether something existing over p had begun by the as_of
// day, whether or not it had also ended: the rule for lineage, where a group
// that merged away before the day is still an ancestor. An unknown start counts
// as always.
func (a AsOf) KnownBy(p Period) bool {
	return !a.Set || p.Start.IsZero() || p.Start.First() <= a.Date.Last()
}

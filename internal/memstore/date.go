package memstore

import "github.com/graphapi/graphapi/internal/entities"

// date is an entities.Date packed into 32 bits as year<<9 | month<<5 | day, so
// that packed dates keep their precision and order chronologically; 0 is the
// unknown date.
type date uint32

// openEnd is the key of an unknown end: it holds on every day.
const openEnd = ^uint32(0)

// packDate packs d, reporting false for a date no source can give (month 13,
// 2018-02-30, a day without a month), which the loader should have refused.
func packDate(d entities.Date) (date, bool) {
	if !d.Valid() {
		return 0, false
	}
	return date(int(d.Year)<<9 | int(d.Month)<<5 | int(d.Day)), true
}

func (d date) unpack() entities.Date {
	return entities.Date{Year: int16(d >> 9), Month: int8(d >> 5 & 15), Day: int8(d & 31)}
}

// first is the key of the first day d covers (as a start); 0 for an unknown
// start, which semantics.go reads as "always has been".
func (d date) first() uint32 {
	if d == 0 {
		return 0
	}
	if d>>5&15 == 0 {
		d |= 1 << 5
	}
	if d&31 == 0 {
		d |= 1
	}
	return uint32(d)
}

// last is the key of the last day d covers (as an end). A partial end takes day
// 31 rather than the month's true length: every real as_of day in that month is
// still ≤ it, so comparisons come out as with Date.Last.
func (d date) last() uint32 {
	if d == 0 {
		return openEnd
	}
	if d>>5&15 == 0 {
		d |= 12 << 5
	}
	if d&31 == 0 {
		d |= 31
	}
	return uint32(d)
}

// holds reports whether the period start..end covers the day with key day.
func holds(start, end date, day uint32) bool {
	return start.first() <= day && end.last() >= day
}

// asOfKey is the key of the last day an as_of date covers. Unlike last, it
// needs the month's true length: an end of 2017-02-28 holds on as_of 2017-02.
func asOfKey(d entities.Date) (uint32, bool) {
	p, ok := packDate(d)
	if !ok || p == 0 {
		return 0, false
	}
	if d.Month == 0 {
		return uint32(p) | 12<<5 | 31, true
	}
	if d.Day == 0 {
		return uint32(p) | uint32(entities.DaysIn(int(d.Year), int(d.Month))), true
	}
	return uint32(p), true
}

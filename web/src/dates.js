// Dates as the API writes them: "2017", "2017-03" or "2017-03-02", at the
// precision the source gives. These follow internal/entities/date.go: a partial
// start covers its first day, a partial end or as_of its last day.

function parts(s) {
  const [y, m, d] = String(s).split('-').map(Number);
  return { y, m: m || 0, d: d || 0 };
}

// first returns the first day (UTC ms) a date covers.
export function first(s) {
  const { y, m, d } = parts(s);
  return Date.UTC(y, m ? m - 1 : 0, d || 1);
}

// last returns the last day (UTC ms) a date covers.
export function last(s) {
  const { y, m, d } = parts(s);
  if (d) return Date.UTC(y, m - 1, d);
  if (m) return Date.UTC(y, m, 0);
  return Date.UTC(y, 11, 31);
}

// holdsOn says whether the period start..end covers the as_of date; an unknown
// start means "always has been", an unknown end "still holds".
export function holdsOn(start, end, asOf) {
  if (!asOf) return true;
  const day = last(asOf);
  if (start && first(start) > day) return false;
  return !end || last(end) >= day;
}

// knownBy says whether something that started on start is known by asOf, the
// lineage rule (internal/entities/semantics.go): dated on or before asOf's
// last day; undated counts as always; ends are not looked at.
export function knownBy(start, asOf) {
  return !asOf || !start || first(start) <= last(asOf);
}

// endedBy says whether an end date falls on or before asOf (any end, without asOf).
export function endedBy(end, asOf) {
  return !!end && (!asOf || first(end) <= last(asOf));
}

export function year(s) {
  return s ? parts(s).y : 0;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
  'August', 'September', 'October', 'November', 'December'];

// human writes a date at its own precision: "2 March 2017", "August 2013", "2011".
export function human(s) {
  if (!s) return '';
  const { y, m, d } = parts(s);
  if (d) return `${d} ${MONTHS[m - 1]} ${y}`;
  if (m) return `${MONTHS[m - 1]} ${y}`;
  return String(y);
}

// span writes a period: "since August 2013", "2011 – 2013", "".
export function span(start, end) {
  if (start && end) return `${human(start)} – ${human(end)}`;
  if (start) return `since ${human(start)}`;
  if (end) return `until ${human(end)}`;
  return '';
}

// Claims: the value each source gives for a field of an entity or a
// relationship. The agreement rule is internal/entities/claims.go's
// ClaimsAgree: dates agree when one is the other at a coarser precision
// (2011-12 and 2011 agree; 2011-12 and 2012 do not), confidences when equal,
// other values when equal once case and accents are folded.

const DATE_FIELDS = new Set(['founded', 'dissolved', 'since', 'until']);

const fold = (s) => String(s).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

export function claimsAgree(field, a, b) {
  if (DATE_FIELDS.has(field)) {
    if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(a) || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(b)) return a === b;
    return a === b || a.startsWith(`${b}-`) || b.startsWith(`${a}-`);
  }
  if (field === 'confidence') return a === b;
  return fold(a) === fold(b);
}

// byField groups claims by field, in the order the API sorts them.
export function byField(claims) {
  const out = new Map();
  for (const c of claims || []) {
    if (!out.has(c.field)) out.set(c.field, []);
    out.get(c.field).push(c);
  }
  return out;
}

// conflictingFields returns the fields whose claims do not all agree.
export function conflictingFields(claims) {
  const out = new Set();
  for (const [field, list] of byField(claims)) {
    for (let i = 0; i < list.length && !out.has(field); i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (!claimsAgree(field, list[i].value, list[j].value)) { out.add(field); break; }
      }
    }
  }
  return out;
}

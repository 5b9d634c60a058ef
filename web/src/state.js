// The view as a URL: what is shown (entity and view, or a path's two ends), the
// steps taken since (expansions, removals), the as_of date and the filters. A
// URL read back gives the same view, so a view can be shared and reloaded.
//
//   ?entity=jnim&view=lineage&as_of=2016&hide_types=TARGETED&hide_kinds=place
//   ?entity=jnim&view=timeline&as_of=2016
//   ?view=path&from=gsign&to=mos
//   ?entity=jnim&view=neighbors&steps=x:aqim:BRANCH_OF:in~r:mali

export const VIEWS = ['neighbors', 'lineage', 'timeline', 'path'];

export function emptyState() {
  return {
    view: 'neighbors',
    entity: '',
    from: '',
    to: '',
    depth: 1,
    limit: 0, // nodes in a neighbourhood; 0 for the server's default
    asOf: '',
    hideTypes: new Set(),
    hideKinds: new Set(),
    steps: [],
  };
}

// A step is {op: 'expand', id, type ('' for every type), direction} or
// {op: 'remove', id} or {op: 'collapse', id}.
function encodeStep(s) {
  switch (s.op) {
    case 'expand': return `x:${s.id}:${s.type || '*'}:${s.direction}`;
    case 'remove': return `r:${s.id}`;
    case 'collapse': return `c:${s.id}`;
    default: return '';
  }
}

function decodeStep(text) {
  const parts = text.split(':');
  const op = parts[0];
  if (op === 'x' && parts.length >= 4) {
    const direction = parts.pop();
    const type = parts.pop();
    return { op: 'expand', id: parts.slice(1).join(':'), type: type === '*' ? '' : type, direction };
  }
  if (op === 'r' && parts.length >= 2) return { op: 'remove', id: parts.slice(1).join(':') };
  if (op === 'c' && parts.length >= 2) return { op: 'collapse', id: parts.slice(1).join(':') };
  return null;
}

const list = (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function parse(search) {
  const q = new URLSearchParams(search);
  const st = emptyState();
  st.view = VIEWS.includes(q.get('view')) ? q.get('view') : 'neighbors';
  st.entity = q.get('entity') || '';
  st.from = q.get('from') || '';
  st.to = q.get('to') || '';
  const depth = Number(q.get('depth'));
  st.depth = Number.isInteger(depth) && depth >= 1 && depth <= 6 ? depth : 1;
  const limit = Number(q.get('limit'));
  st.limit = Number.isInteger(limit) && limit > 0 ? limit : 0;
  const asOf = q.get('as_of') || '';
  st.asOf = /^\d{4}(-\d{2}(-\d{2})?)?$/.test(asOf) ? asOf : '';
  st.hideTypes = new Set(list(q.get('hide_types')));
  st.hideKinds = new Set(list(q.get('hide_kinds')));
  st.steps = (q.get('steps') || '').split('~').filter(Boolean).map(decodeStep).filter(Boolean);
  return st;
}

export function serialize(st) {
  const q = new URLSearchParams();
  if (st.view === 'path') {
    q.set('view', 'path');
    if (st.from) q.set('from', st.from);
    if (st.to) q.set('to', st.to);
  } else {
    if (st.entity) q.set('entity', st.entity);
    q.set('view', st.view);
    if (st.view === 'neighbors' && st.depth !== 1) q.set('depth', String(st.depth));
    if (st.view === 'neighbors' && st.limit) q.set('limit', String(st.limit));
  }
  if (st.asOf) q.set('as_of', st.asOf);
  if (st.hideTypes.size) q.set('hide_types', [...st.hideTypes].sort().join(','));
  if (st.hideKinds.size) q.set('hide_kinds', [...st.hideKinds].sort().join(','));
  if (st.steps.length) q.set('steps', st.steps.map(encodeStep).join('~'));
  // Keep ':' and ',' readable in a shared link; both are legal in a query.
  return `?${q.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`;
}

export function clone(st) {
  return {
    ...st,
    hideTypes: new Set(st.hideTypes),
    hideKinds: new Set(st.hideKinds),
    steps: st.steps.map((s) => ({ ...s })),
  };
}

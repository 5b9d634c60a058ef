// The client of graphapi's public HTTP API (/api/v1, same origin). Every call
// returns the decoded JSON or throws an ApiError carrying the problem+json detail.

import { authHeaders } from './session.js';

const BASE = 'api/v1';

export class ApiError extends Error {
  constructor(status, detail, code) {
    super(detail || `request failed with status ${status}`);
    this.status = status;
    this.code = code || '';
  }
}

async function get(path, params = {}, { signal } = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const url = `${BASE}${path}${qs.toString() ? `?${qs}` : ''}`;
  const res = await fetch(url, { signal, headers: { Accept: 'application/json', ...authHeaders() } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, body && body.detail, body && body.code);
  }
  return body;
}

const enc = encodeURIComponent;

// search returns {items, total}: entities a word of whose name or alias starts with q, folded as for identity.
export const search = (q, { kind, limit = 10, signal } = {}) =>
  get('/entities', { q, kind, limit }, { signal });

// entity returns an entity with its relationship_counts by type and direction.
export const entity = (id) => get(`/entities/${enc(id)}`);

// neighbors returns a Graph {nodes, edges, truncated}.
export const neighbors = (id, { depth = 1, types, direction, asOf, limit } = {}) =>
  get(`/entities/${enc(id)}/neighbors`, { depth, types, direction, as_of: asOf, limit });

// lineage returns a Graph of ancestors and/or descendants over the lineage types.
export const lineage = (id, { direction = 'both', asOf, limit } = {}) =>
  get(`/entities/${enc(id)}/lineage`, { direction, as_of: asOf, limit });

// paths returns a PathResult {paths: [{nodes, edges}], nodes, length, truncated}.
export const paths = (from, to, { types, direction, maxDepth, asOf, limit } = {}) =>
  get('/paths', { from, to, types, direction, max_depth: maxDepth, as_of: asOf, limit });

// subgraph returns the named entities and every relationship among them.
export const subgraph = (ids) => get('/subgraph', { ids });

// schema returns {entity_kinds, relationship_types} with counts.
export const schema = () => get('/schema');

// sources returns the source documents evidence cites.
export const sources = () => get('/sources');

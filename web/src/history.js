// The History view: the packs in the order they entered the graph (GET
// /api/v1/history), each saying who applied it and when, or that it came with
// the seed. An admin previews what reverting one would take out (the
// entities, relationships and evidence that leave; or, when other packs
// depend on it, which) and reverts it. The server decides who may; the page
// offers the buttons to admins only.
//
// The view lives behind #history, beside the Drafts view's #drafts.
import { ApiError } from './api.js';
import { h } from './panels.js';
import { authHeaders, may, onSession } from './session.js';

// Test hook: the end-to-end test waits on it.
const hx = { open: false, busy: 0, draws: 0, previews: 0, preview: null, reverted: null, lastError: '' };
window.__history = hx;

const enc = encodeURIComponent;

async function call(method, path) {
  const res = await fetch(`api/v1${path}`, { method, headers: { Accept: 'application/json', ...authHeaders() } });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new ApiError(res.status, data && data.detail, data && data.code);
    err.dependants = (data && data.dependants) || [];
    throw err;
  }
  return data;
}

const ui = { root: null, body: null, status: null, packs: [], preview: null, refused: null };

function status(text, error = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', error);
  if (error) hx.lastError = text;
}

async function busy(fn) {
  hx.busy++;
  try {
    return await fn();
  } catch (err) {
    status(err.message || String(err), true);
    return undefined;
  } finally {
    hx.busy--;
  }
}

// --- opening and closing --------------------------------------------------------

function route() {
  if (window.location.hash !== '#history') { close(); return; }
  ui.root.hidden = false;
  document.body.classList.add('history-open');
  hx.open = true;
  document.getElementById('view-history').setAttribute('aria-pressed', 'true');
  load();
}

function close() {
  ui.root.hidden = true;
  document.body.classList.remove('history-open');
  hx.open = false;
  document.getElementById('view-history').setAttribute('aria-pressed', 'false');
}

async function load() {
  await busy(async () => {
    const { items } = await call('GET', '/history');
    ui.packs = items;
    draw();
    status(`${items.length} pack(s), in the order they entered the graph`);
  });
}

// --- drawing -----------------------------------------------------------------------

const entered = (s) => (s.applied
  ? h('span', { class: 'note', 'data-by': s.applied.by }, ` applied by ${s.applied.by} on ${s.applied.at.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC')}`)
  : h('span', { class: 'note' }, ' came with the seed'));

function draw() {
  hx.draws++;
  const admin = may('admin');
  const list = h('ol', { id: 'history-list', class: 'draft-list' }, ui.packs.map((s) => h('li', { 'data-pack': s.id },
    h('b', {}, s.title || s.id), ` (${s.id})`, entered(s),
    admin ? h('button', { type: 'button', class: 'revert-preview', 'data-pack': s.id, onclick: () => preview(s.id) }, 'Preview revert') : '')));
  const children = [h('h2', {}, 'History: the packs, in the order they entered the graph'), list];
  if (!admin) children.push(h('p', { id: 'history-readonly', class: 'note' }, 'Sign in as an admin to take a pack back out.'));
  if (ui.refused) children.push(refusedBlock());
  if (ui.preview) children.push(previewBlock());
  ui.body.replaceChildren(...children);
}

function refusedBlock() {
  const { pack, message, dependants } = ui.refused;
  return h('section', { id: 'history-refused', class: 'preview' },
    h('h2', {}, `${pack} cannot be reverted`),
    h('p', { class: 'error' }, message),
    h('ul', { id: 'revert-dependants' }, dependants.map((d) => h('li', { 'data-pack': d.pack },
      `pack ${d.pack} states ${d.relationship}, which names ${d.entity}`))));
}

function previewBlock() {
  const rv = ui.preview;
  const pv = rv.changes;
  const name = (id) => pv.names[id] || id;
  return h('section', { id: 'history-preview', class: 'preview' },
    h('h2', {}, `What reverting ${rv.pack} takes out`),
    h('h3', {}, `Entities (${pv.removed_entities.length})`),
    h('ul', { id: 'revert-removed-entities' }, pv.removed_entities.map((e) => h('li', { 'data-id': e.id }, h('b', {}, e.name), ` — ${e.kind}, ${e.id}`))),
    h('h3', {}, `Relationships (${pv.removed_relationships.length})`),
    h('ul', { id: 'revert-removed-relationships' }, pv.removed_relationships.map((r) => h('li', { 'data-id': r.id, title: r.id },
      h('b', {}, name(r.from)), ` —${r.type}→ `, h('b', {}, name(r.to))))),
    h('h3', {}, `Evidence taken from what stays (${pv.evidence_removed.length})`),
    h('ul', { id: 'revert-evidence-removed' }, pv.evidence_removed.map((ev) => h('li', { 'data-id': ev.subject },
      h('b', {}, ev.name), ` (${ev.subject_kind})`,
      h('ul', {}, ev.evidence.map((e) => h('li', {}, h('q', {}, e.quote || e.locator), ` — ${e.source}`)))))),
    rv.dry_run
      ? h('div', { class: 'buttons' }, h('button', { type: 'button', id: 'history-revert', onclick: () => revert(rv.pack) },
        `Revert ${rv.pack}`))
      : h('p', { id: 'history-reverted', class: 'applied' }, `Reverted: ${rv.folder}/ left the seed and the graph was reloaded without it.`));
}

// --- preview and revert -------------------------------------------------------------

async function preview(pack) {
  ui.preview = null;
  ui.refused = null;
  await busy(async () => {
    try {
      ui.preview = await call('POST', `/packs/${enc(pack)}/revert?dry_run=true`);
      hx.preview = ui.preview;
      status(`Preview of reverting ${pack}: nothing changes until you revert.`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 409) throw err;
      ui.refused = { pack, message: err.message, dependants: err.dependants };
      hx.preview = ui.refused;
      status(`${pack} cannot be reverted: other packs depend on it.`, true);
    }
    hx.previews++;
    draw();
  });
}

async function revert(pack) {
  await busy(async () => {
    const res = await call('POST', `/packs/${enc(pack)}/revert`);
    hx.reverted = res;
    const { items } = await call('GET', '/history');
    ui.packs = items;
    ui.preview = res;
    draw();
    status(`Reverted ${pack}: the graph no longer holds it.`);
  });
}

// --- wiring -------------------------------------------------------------------------

// attachHistory adds the History button and view to the page.
export function attachHistory() {
  const button = h('button', { type: 'button', id: 'view-history', 'aria-pressed': 'false', title: 'The packs in the order they entered the graph' }, 'History');
  button.addEventListener('click', () => {
    window.location.hash = ui.root.hidden ? '#history' : '';
  });
  document.querySelector('.topbar .views').append(button);
  ui.status = h('span', { id: 'history-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  ui.body = h('div', { id: 'history-body', class: 'drafts-body' });
  ui.root = h('section', { id: 'history', class: 'drafts history-view', hidden: true, 'aria-label': 'History' },
    h('div', { class: 'drafts-bar' }, ui.status,
      h('button', { type: 'button', class: 'drafts-close', 'aria-label': 'Close history', onclick: () => { window.location.hash = ''; } }, '×')),
    ui.body);
  document.querySelector('.main').append(ui.root);
  window.addEventListener('hashchange', route);
  route();
  onSession(() => { if (hx.open) draw(); }); // a sign-in shows or hides the revert buttons
}

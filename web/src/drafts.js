// The Drafts view: a drafted report (graphapi draft) reviewed sentence by
// sentence. Each sentence that gave items is shown highlighted in its
// paragraph, with its items under it: mentions of entities the graph has, new
// entity candidates and relationship candidates, each with its score and
// reason. The analyst accepts, rejects or edits them, resolves a candidate to
// an entity the graph has, previews what accepting changes in the graph, and
// applies it. Calls carry the signed-in user's token (session.js); a user who
// may not write (a reader, or no one signed in) sees no write buttons, and
// the server refuses such writes anyway. Each decided item says who decided it
// and when.
//
// The view lives behind #drafts (the list) and #drafts/ID (one draft), so it
// can be linked to and reloaded without touching the explorer's own URL state.
import { ApiError, schema as fetchSchema } from './api.js';
import { h } from './panels.js';
import { attachSearch } from './search.js';
import { authHeaders, may, onSession } from './session.js';

// Test hook: the end-to-end test waits on it.
const dx = { open: false, busy: 0, draft: '', draws: 0, edits: 0, previews: 0, applied: null, lastError: '' };
window.__drafts = dx;

const utf8 = new TextEncoder();
const fromUTF8 = new TextDecoder();

// --- the API of drafts ---------------------------------------------------------

async function call(method, path, body) {
  const headers = { Accept: 'application/json', ...authHeaders() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`api/v1/drafts${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data && data.detail, data && data.code);
  return data;
}

const enc = encodeURIComponent;
const listDrafts = () => call('GET', '');
const getDraft = (id) => call('GET', `/${enc(id)}`);
const editItem = (id, item, change) => call('PATCH', `/${enc(id)}/items/${enc(item)}`, change);
const previewDraft = (id) => call('GET', `/${enc(id)}/preview`);
const applyDraft = (id) => call('POST', `/${enc(id)}/apply`);

// --- state -----------------------------------------------------------------------

const ui = {
  root: null, // the view's section
  body: null, // where a draft or the list is drawn
  status: null,
  vocabulary: null, // Promise<schema>
  current: null, // {id, view, bytes}
  preview: null,
};

function status(text, error = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', error);
  if (error) dx.lastError = text;
}

async function busy(fn) {
  dx.busy++;
  try {
    return await fn();
  } catch (err) {
    const msg = err.message || String(err);
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      status(`${msg} — sign in above as a user who may.`, true);
      const signin = document.getElementById('signin-token');
      if (signin) signin.focus();
    } else {
      status(msg, true);
    }
    return undefined;
  } finally {
    dx.busy--;
  }
}

// slice returns text[start:end] for byte offsets: the draft's offsets count the
// UTF-8 bytes of the report, JavaScript strings count UTF-16 units.
const slice = (bytes, start, end) => fromUTF8.decode(bytes.subarray(start, end));

// --- opening and closing --------------------------------------------------------

function route() {
  const m = /^#drafts(?:\/(.+))?$/.exec(window.location.hash);
  if (!m) { close(); return; }
  open(m[1] ? decodeURIComponent(m[1]) : '');
}

function open(id) {
  ui.root.hidden = false;
  document.body.classList.add('drafts-open');
  dx.open = true;
  document.getElementById('view-drafts').setAttribute('aria-pressed', 'true');
  if (id) showDraft(id); else showList();
}

function close() {
  ui.root.hidden = true;
  document.body.classList.remove('drafts-open');
  dx.open = false;
  const b = document.getElementById('view-drafts');
  if (b) b.setAttribute('aria-pressed', 'false');
}

// --- the list of drafts -----------------------------------------------------------

async function showList() {
  ui.current = null;
  dx.draft = '';
  await busy(async () => {
    const { items } = await listDrafts();
    status(items.length ? `${items.length} draft(s)` : 'No drafts: run graphapi draft REPORT --out DRAFTS/NAME …');
    ui.body.replaceChildren(h('ul', { class: 'draft-list' }, items.map((d) => h('li', {},
      h('a', { href: `#drafts/${enc(d.id)}`, 'data-id': d.id }, d.title || d.id),
      d.problem ? h('span', { class: 'error' }, ` ${d.problem}`) : h('span', { class: 'note' },
        ` ${d.source} · ${counts('mentions', d.mentions)} · ${counts('entities', d.entities)} · ${counts('relationships', d.relationships)}`)))));
  });
}

const counts = (what, c) => `${what}: ${c.accepted} accepted, ${c.rejected} rejected, ${c.proposed} proposed`;

// --- one draft ----------------------------------------------------------------------

async function showDraft(id) {
  await busy(async () => {
    const view = await getDraft(id);
    setDraft(view);
    status(`${view.source.title} — review the items, then preview and apply.`);
  });
}

function setDraft(view) {
  ui.current = { id: view.id, view, bytes: utf8.encode(view.text) };
  ui.preview = null;
  dx.draft = view.id;
  draw();
}

// items returns every item with what it is, in sentence order.
function items(d) {
  const all = [
    ...(d.mentions || []).map((x) => ({ ...x, what: 'mention' })),
    ...(d.entities || []).map((x) => ({ ...x, what: 'entity' })),
    ...(d.relationships || []).map((x) => ({ ...x, what: 'relationship' })),
  ];
  const order = { entity: 0, relationship: 1, mention: 2 };
  return all.sort((a, b) => a.sentence.start - b.sentence.start || order[a.what] - order[b.what] || a.id.localeCompare(b.id));
}

function draw() {
  dx.draws++;
  const { view } = ui.current;
  const d = view.draft;
  const scrollY = ui.body.scrollTop;
  const showMentions = ui.root.querySelector('#drafts-show-mentions').checked;
  const groups = [];
  for (const it of items(d)) {
    if (it.what === 'mention' && !showMentions) continue;
    const last = groups[groups.length - 1];
    if (last && last.start === it.sentence.start && last.end === it.sentence.end) last.items.push(it);
    else groups.push({ start: it.sentence.start, end: it.sentence.end, paragraph: it.sentence.paragraph, items: [it] });
  }
  ui.body.replaceChildren(
    h('h2', {}, view.source.title, ' ', h('span', { class: 'note' }, `${view.source.id}${view.source.published ? `, ${view.source.published}` : ''}`)),
    ...groups.map((g) => sentenceBlock(d, g)),
    previewBlock(),
  );
  ui.body.scrollTop = scrollY;
}

function sentenceBlock(d, g) {
  const p = d.paragraphs[g.paragraph - 1] || { start: g.start, end: g.end };
  const { bytes } = ui.current;
  return h('article', { class: 'sentence', 'data-start': g.start },
    h('p', { class: 'paragraph' },
      slice(bytes, p.start, g.start),
      h('mark', {}, slice(bytes, g.start, g.end)),
      slice(bytes, g.end, p.end)),
    h('ul', { class: 'items' }, g.items.map(itemRow)));
}

function endLabel(end) {
  if (end.match === 'unresolved') return h('span', { class: 'unresolved', title: end.via || '' }, `“${end.text}” (unresolved)`);
  return h('span', { class: end.match, title: end.via || '' }, end.ref, end.match === 'candidate' ? ' (new)' : '');
}

function describe(it) {
  switch (it.what) {
    case 'mention':
      return [h('span', { class: 'tag' }, 'mention'), ` “${it.text}” is `, h('b', {}, it.name), ` (${it.entity})`];
    case 'entity':
      return [h('span', { class: 'tag' }, 'new entity'), ' ', h('b', {}, it.name), ` — ${it.kind}, id ${it.entity}`,
        it.country ? `, ${it.country}` : '', it.founded ? `, founded ${it.founded}` : ''];
    default:
      return [h('span', { class: 'tag' }, 'relationship'), ' ', endLabel(it.from), ` —${it.type}→ `, endLabel(it.to),
        it.since ? ` since ${it.since}` : '', it.until ? ` until ${it.until}` : '', ` · ${it.confidence}`];
  }
}

// decided says who accepted or rejected an item, and when.
function decided(it) {
  if (!it.by) return null;
  const when = it.at ? new Date(it.at) : null;
  return h('span', { class: 'decided note', 'data-by': it.by, title: it.at || '' },
    ` by ${it.by}${when && !Number.isNaN(when.getTime()) ? `, ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}`);
}

function itemRow(it) {
  const { id } = ui.current;
  const writer = may('editor');
  const row = h('li', { class: `item ${it.status}`, 'data-id': it.id, 'data-status': it.status },
    h('div', { class: 'what' }, ...describe(it)),
    h('div', { class: 'why note' }, `score ${it.score} · ${it.reason}`),
    h('div', { class: 'buttons' },
      h('span', { class: 'status-tag' }, it.status), decided(it),
      !writer ? null : h('button', { type: 'button', class: 'accept', disabled: it.status === 'accepted',
        onclick: () => change(id, it.id, { status: 'accepted' }) }, 'Accept'),
      !writer ? null : h('button', { type: 'button', class: 'reject', disabled: it.status === 'rejected',
        onclick: () => change(id, it.id, { status: 'rejected' }) }, 'Reject'),
      writer && it.what !== 'mention' ? h('button', { type: 'button', class: 'edit', onclick: () => toggleForm(row, it) }, 'Edit…') : null,
      writer && it.what === 'entity' ? h('button', { type: 'button', class: 'resolve', onclick: () => toggleResolve(row, it) }, 'Same as…') : null));
  return row;
}

async function change(id, item, body) {
  await busy(async () => {
    const view = await editItem(id, item, body);
    dx.edits++;
    setDraft(view);
    status(`${item}: saved.`);
  });
}

// --- editing ---------------------------------------------------------------------

const field = (label, input) => h('label', { class: 'field' }, h('span', {}, label), input);

function select(name, options, current) {
  return h('select', { name }, options.map((o) => h('option', { value: o, selected: o === current }, o)));
}

// endInput is an entity picker: type to search the graph; an id of the draft's
// candidates may be typed as it is.
function endInput(name, end, itemID) {
  const input = h('input', { name, class: 'combo-input', type: 'search', autocomplete: 'off', value: end.ref || '', 'data-id': end.ref || '' });
  const list = h('ul', { id: `drafts-${name}-list-${itemID}`, class: 'suggestions', role: 'listbox', hidden: true });
  attachSearch(input, list, () => {});
  // Enter here picks a suggestion; it must not also submit the form.
  input.addEventListener('keypress', (ev) => { if (ev.key === 'Enter') ev.preventDefault(); });
  return { el: h('div', { class: 'search' }, input, list), id: () => input.dataset.id || input.value.trim() };
}

async function toggleForm(row, it) {
  const old = row.querySelector('form');
  if (old) { old.remove(); return; }
  const vocab = await busy(() => ui.vocabulary);
  if (!vocab) return;
  const form = h('form', { class: 'edit-form' });
  let read;
  if (it.what === 'relationship') {
    const from = endInput('from', it.from, it.id);
    const to = endInput('to', it.to, it.id);
    const types = vocab.relationship_types.map((t) => t.type);
    form.append(
      field('Type', select('type', types, it.type)),
      field('From', from.el), field('To', to.el),
      field('Since', h('input', { name: 'since', value: it.since || '', placeholder: 'YYYY[-MM[-DD]]', size: 10 })),
      field('Until', h('input', { name: 'until', value: it.until || '', placeholder: 'YYYY[-MM[-DD]]', size: 10 })),
      field('Confidence', select('confidence', ['fact', 'assessed', 'reported'], it.confidence)));
    read = () => {
      const f = form.elements;
      const c = { since: f.since.value.trim(), until: f.until.value.trim() };
      if (f.type.value !== it.type) c.type = f.type.value;
      if (f.confidence.value !== it.confidence) c.confidence = f.confidence.value;
      if (from.id() && from.id() !== it.from.ref) c.from = from.id();
      if (to.id() && to.id() !== it.to.ref) c.to = to.id();
      return c;
    };
  } else {
    form.append(
      field('Kind', select('kind', vocab.entity_kinds.map((k) => k.kind), it.kind)),
      field('Name', h('input', { name: 'name', value: it.name, size: 30 })),
      field('Founded', h('input', { name: 'founded', value: it.founded || '', placeholder: 'YYYY[-MM[-DD]]', size: 10 })));
    read = () => {
      const f = form.elements;
      const c = { founded: f.founded.value.trim() };
      if (f.kind.value !== it.kind) c.kind = f.kind.value;
      if (f.name.value.trim() !== it.name) c.name = f.name.value.trim();
      return c;
    };
  }
  form.append(h('div', { class: 'buttons' },
    h('button', { type: 'submit', class: 'save' }, 'Save and accept'),
    h('button', { type: 'button', onclick: () => form.remove() }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    change(ui.current.id, it.id, { ...read(), status: 'accepted' });
  });
  row.append(form);
  form.querySelector('select, input').focus();
}

function toggleResolve(row, it) {
  const old = row.querySelector('.resolve-box');
  if (old) { old.remove(); return; }
  const input = h('input', { class: 'combo-input', type: 'search', autocomplete: 'off', value: it.name, 'aria-label': `Entity that ${it.name} is` });
  const list = h('ul', { id: `drafts-resolve-list-${it.id}`, class: 'suggestions', role: 'listbox', hidden: true });
  attachSearch(input, list, (e) => change(ui.current.id, it.id, { resolve: e.id }));
  const box = h('div', { class: 'resolve-box search' },
    h('p', { class: 'note' }, `Pick the entity of the graph that “${it.name}” names; the item becomes an accepted mention of it and relationships on it point there.`),
    input, list);
  row.append(box);
  input.focus();
  input.dispatchEvent(new Event('input'));
}

// --- preview and apply -------------------------------------------------------------

function previewBlock() {
  const pv = ui.preview;
  const block = h('section', { id: 'drafts-preview', class: 'preview' },
    h('h2', {}, 'What accepting changes'),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', id: 'drafts-preview-go', onclick: preview }, 'Preview changes'),
      may('editor') ? h('button', { type: 'button', id: 'drafts-apply', disabled: !pv, onclick: apply,
        title: pv ? 'Write the pack into the seed and reload the graph' : 'Preview first' }, 'Apply to the graph')
        : h('span', { id: 'drafts-readonly', class: 'note' }, 'Sign in as an editor to accept, reject, edit and apply.')));
  if (!pv) return block;
  const link = (id, label) => h('a', { href: `?entity=${enc(id)}&view=neighbors`, 'data-id': id }, label || id);
  block.append(
    h('h3', {}, `New entities (${pv.new_entities.length})`),
    h('ul', { id: 'preview-new-entities' }, pv.new_entities.map((e) => h('li', { 'data-id': e.id }, h('b', {}, e.name), ` — ${e.kind}, ${e.id}`))),
    h('h3', {}, `New relationships (${pv.new_relationships.length})`),
    h('ul', { id: 'preview-new-relationships' }, pv.new_relationships.map((r) => h('li', { 'data-id': r.id, title: r.id },
      h('b', {}, pv.names[r.from] || r.from), ` —${r.type}→ `, h('b', {}, pv.names[r.to] || r.to),
      r.since ? ` since ${r.since}` : '', r.until ? ` until ${r.until}` : '', ` · ${r.confidence}`))),
    h('h3', {}, `Evidence added to what the graph has (${pv.evidence_added.length})`),
    h('ul', { id: 'preview-evidence' }, pv.evidence_added.map((ev) => h('li', { 'data-id': ev.subject },
      h('b', {}, ev.name), ` (${ev.subject_kind})`,
      h('ul', {}, ev.evidence.map((e) => h('li', {}, h('q', {}, e.quote || e.locator), ` — ${e.source}`)))))),
    h('h3', {}, `Values shown that would change (${pv.changed.length})`),
    h('ul', { id: 'preview-changed' }, pv.changed.map((c) => h('li', { 'data-id': `${c.subject} ${c.field}` },
      `${c.subject} ${c.field}: ${c.before || '(none)'} → ${c.after || '(none)'}`))),
    h('h3', {}, `Conflicts that would appear (${pv.conflicts.length})`),
    h('ul', { id: 'preview-conflicts' }, pv.conflicts.map((c) => h('li', {}, `${c.subject} ${c.field}: shown ${c.shown}; `,
      c.claims.map((cl) => `${cl.value} (${cl.source})`).join(', ')))),
    h('details', {}, h('summary', {}, `statements.yaml, written to the seed's ${pv.pack}/ folder`), h('pre', {}, pv.statements)));
  if (dx.applied) {
    block.append(h('p', { id: 'drafts-applied', class: 'applied' },
      `Applied: ${dx.applied.pack}/ written into the seed and the graph reloaded. Show in the graph: `,
      [...pv.new_entities.map((e) => e.id), ...pv.evidence_added.filter((e) => e.subject_kind === 'relationship').map((e) => e.subject.split(':')[0])]
        .filter((v, i, a) => a.indexOf(v) === i)
        .flatMap((id, i) => [i ? ', ' : '', link(id)])));
  }
  return block;
}

async function preview() {
  await busy(async () => {
    ui.preview = await previewDraft(ui.current.id);
    dx.applied = null;
    dx.previews++;
    draw();
    document.getElementById('drafts-preview').scrollIntoView({ block: 'start' });
    status('Preview ready: nothing is written until you apply.');
  });
}

async function apply() {
  await busy(async () => {
    const res = await applyDraft(ui.current.id);
    dx.applied = res;
    ui.preview = res.changes;
    draw();
    document.getElementById('drafts-applied').scrollIntoView({ block: 'center' });
    status(`Applied ${res.pack}: the graph now holds it.`);
  });
}

// --- wiring -------------------------------------------------------------------------

// attachDrafts adds the Drafts button and view to the page.
export function attachDrafts() {
  const button = h('button', { type: 'button', id: 'view-drafts', 'aria-pressed': 'false', title: 'Review drafted reports' }, 'Drafts');
  button.addEventListener('click', () => {
    window.location.hash = ui.root.hidden ? '#drafts' : '';
  });
  document.querySelector('.topbar .views').append(button);

  ui.status = h('span', { id: 'drafts-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  ui.body = h('div', { id: 'drafts-body', class: 'drafts-body' });
  const mentions = h('input', { id: 'drafts-show-mentions', type: 'checkbox', checked: true, onchange: () => ui.current && draw() });
  ui.root = h('section', { id: 'drafts', class: 'drafts', hidden: true, 'aria-label': 'Drafts' },
    h('div', { class: 'drafts-bar' },
      h('a', { href: '#drafts' }, 'All drafts'),
      h('label', {}, mentions, ' show mentions of known entities'),
      ui.status,
      h('button', { type: 'button', class: 'drafts-close', 'aria-label': 'Close drafts', onclick: () => { window.location.hash = ''; } }, '×')),
    ui.body);
  document.querySelector('.main').append(ui.root);
  ui.vocabulary = fetchSchema();
  ui.vocabulary.catch(() => {});
  window.addEventListener('hashchange', route);
  route();
  onSession(() => { if (ui.current) draw(); }); // a sign-in shows or hides the write buttons
}

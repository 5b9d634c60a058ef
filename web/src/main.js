// The explorer page: wires the search, the graph view, the panels and the URL
// state together. Every change of view goes through render (from a state) or
// doStep (one expansion, removal or collapse), and writes the URL.
import * as api from './api.js';
import * as urlstate from './state.js';
import { BIG, GraphView } from './graph.js';
import { closePanel, renderLegend, showEntity, showPathSummary, showRelationship, syncLegend } from './panels.js';
import { attachSearch } from './search.js';
import { TimelineView } from './timeline.js';
import { caption, graphSVG, pngWithCaption, sourcesOf, svgToPNG } from './export.js';
import { attachDrafts } from './drafts.js';
import { attachHistory } from './history.js';
import { attachSession } from './session.js';
import { setVocabulary } from './styles.js';

// Test and measurement hook: the end-to-end tests read it to know when a view
// is drawn and how long it took.
const ex = {
  ready: false, busy: 0, renders: 0, steps: 0, lastRender: null, lastError: '',
};
window.__explorer = ex;

const $ = (id) => document.getElementById(id);
const SLIDER_MIN = 1995;
const SLIDER_ALL = 2020; // the right end: no as_of, every date

let state = urlstate.parse(window.location.search);
const schema = { types: new Map(), raw: null };
const sources = new Map();
const details = new Map(); // id -> Promise<EntityDetail>
const undoStack = [];

const graph = new GraphView($('cy'), {
  onNode: (n) => openEntity(n.id(), true),
  onEdge: (e) => openEdge(e),
  onBackground: () => closePanel(),
  onExpand: (id) => doStep({ op: 'expand', id, type: '', direction: 'both' }),
});
ex.cy = graph.cy;

const timeline = new TimelineView($('timeline'), {
  onEntity: (id) => openEntity(id, false),
  onEdge: (rel) => openRel(rel),
});
ex.timeline = timeline;
let timelineData = null; // {lineage, leaders} of the timeline on show

// --- status and busy ---------------------------------------------------------------

function status(text, error = false) {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
  if (error) ex.lastError = text;
}

async function busy(fn) {
  ex.busy++;
  document.body.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } catch (err) {
    status(err.message || String(err), true);
    return undefined;
  } finally {
    ex.busy--;
    if (!ex.busy) document.body.removeAttribute('aria-busy');
  }
}

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

// --- URL ---------------------------------------------------------------------------------

function writeURL(push) {
  const url = urlstate.serialize(state);
  if (url === window.location.search) return;
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

// --- entity details and hidden-neighbour counts -----------------------------

function detail(id) {
  if (!details.has(id)) {
    const p = api.entity(id);
    p.catch(() => details.delete(id));
    details.set(id, p);
  }
  return details.get(id);
}

// loadCounts fetches the relationship counts of the nodes on the canvas, a
// few at a time, and labels each with how many links are not drawn.
function loadCounts() {
  const nodes = graph.cy.nodes().filter((n) => !graph.hidden.has(n.id()));
  if (graph.cy.nodes().length > BIG || !nodes.length) return undefined;
  const queue = nodes.map((n) => n.id());
  const worker = async () => {
    while (queue.length) {
      const id = queue.shift();
      try {
        const d = await detail(id);
        graph.setTotal(id, (d.relationship_counts || []).reduce((s, c) => s + c.count, 0));
      } catch { /* a node that vanished meanwhile */ }
    }
  };
  // The counts lengthen labels: place them again once they are in.
  return busy(async () => {
    await Promise.all([worker(), worker(), worker(), worker()]);
    graph.placeLabels();
  });
}

// --- drawing a view from a state -----------------------------------------------

async function drawBase(st) {
  const onTimeline = st.view === 'timeline' && !!st.entity;
  $('cy').hidden = onTimeline;
  $('timeline').hidden = !onTimeline;
  if (!onTimeline) { timeline.clear(); timelineData = null; }
  if (onTimeline) return drawTimeline(st);
  if (st.view === 'path') return drawPath(st);
  if (!st.entity) {
    graph.replace([], [], { mode: 'neighbors' });
    return null;
  }
  if (st.view === 'lineage') {
    const g = await api.lineage(st.entity, { direction: 'both' });
    graph.replace(g.nodes, g.edges, { orient: 'lineage', focus: [st.entity], mode: 'lineage' });
    return g;
  }
  const g = await api.neighbors(st.entity, { depth: st.depth, direction: 'both', limit: st.limit || undefined });
  graph.replace(g.nodes, g.edges, { focus: [st.entity], mode: 'neighbors' });
  return g;
}

// leadersOf fetches the people who lead or founded each group (LEADS and
// FOUNDED, in), a few groups at a time; none when the graph holds no such link.
async function leadersOf(groupIds) {
  const out = new Map();
  const peopleLinks = ['LEADS', 'FOUNDED'].reduce((n, t) => n + ((schema.types.get(t) || {}).count || 0), 0);
  if (!peopleLinks) return out;
  const queue = [...groupIds];
  const worker = async () => {
    while (queue.length) {
      const id = queue.shift();
      const g = await api.neighbors(id, { depth: 1, types: 'LEADS,FOUNDED', direction: 'in' });
      const people = new Map(g.nodes.map((n) => [n.id, n]));
      const list = g.edges.filter((r) => r.to === id && people.has(r.from)).map((rel) => ({ person: people.get(rel.from), rel }));
      if (list.length) out.set(id, list);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out;
}

// earlyLineage is the first view's lineage, asked for alongside the schema.
let earlyLineage = null;

// drawTimeline draws the lineage as soon as it is in; the leaders, one
// request per group, follow while it is already on screen.
async function drawTimeline(st) {
  const early = earlyLineage && earlyLineage.entity === st.entity ? earlyLineage.answer : null;
  earlyLineage = null;
  const lineage = await (early || api.lineage(st.entity, { direction: 'both' }));
  const leaders = leadersOf(lineage.nodes.map((n) => n.id));
  graph.replace([], [], { mode: 'timeline' });
  const verbs = new Map([...schema.types.values()].map((t) => [t.type, t.verb]));
  const t0 = performance.now();
  timeline.draw(lineage, verbs, st.asOf);
  ex.timelineDrawMs = performance.now() - t0;
  const data = { lineage, leaders: new Map() };
  timelineData = data;
  ex.leadersDrawnMs = 0;
  busy(async () => {
    const found = await leaders;
    if (timelineData !== data) return;
    data.leaders = found;
    timeline.addLeaders(found);
    ex.leadersDrawnMs = performance.now();
  });
  return lineage;
}

let lastPath = null;

async function drawPath(st) {
  lastPath = null;
  if (!st.from || !st.to) {
    graph.replace([], [], { mode: 'path' });
    return null;
  }
  const res = await api.paths(st.from, st.to, { limit: 100 });
  const rank = new Map();
  for (const p of res.paths) p.nodes.forEach((id, i) => rank.set(id, i));
  const edges = new Map();
  for (const p of res.paths) for (const e of p.edges) edges.set(e.id, e);
  let nodes = res.nodes;
  if (!res.paths.length) {
    nodes = await Promise.all([detail(st.from), detail(st.to)]);
  }
  graph.replace(nodes, [...edges.values()], {
    orient: { before: (a, b) => (rank.get(a) ?? 0) < (rank.get(b) ?? 0) },
    focus: [st.from, st.to],
    mode: 'path',
  });
  graph.highlightPath([...nodes.map((n) => n.id), ...edges.keys()]);
  lastPath = res;
  return res;
}

async function applyStep(step) {
  switch (step.op) {
    case 'expand': {
      const g = await api.neighbors(step.id, { depth: 1, types: step.type || undefined, direction: step.direction, limit: 500 });
      return graph.merge(g.nodes, g.edges, step.id);
    }
    case 'remove':
      graph.remove(step.id);
      return null;
    case 'collapse':
      graph.collapse(step.id);
      return null;
    default:
      return null;
  }
}

function layoutKind() {
  return graph.mode === 'lineage' ? 'lineage' : graph.mode === 'path' && !state.steps.length ? 'path' : 'neighbors';
}

function describe() {
  if (timelineData) {
    const st = timeline.stats;
    const cut = timelineData.lineage.truncated ? ' · more groups than the server sends at once: not all are drawn' : '';
    status(`${nameOf(state.entity)}: timeline · ${st.lanes} groups, ${st.connectors} lineage relationships${state.asOf ? ` · as of ${state.asOf}` : ''}${cut}`);
    return;
  }
  const all = graph.cy.elements();
  const shown = all.not('.off');
  const n = shown.nodes().length;
  const m = shown.edges().length;
  const hidden = all.length - shown.length;
  let what = '';
  if (state.view === 'path') what = 'Paths';
  else if (state.entity) {
    const name = graph.cy.getElementById(state.entity).data('name') || state.entity;
    what = state.view === 'lineage' ? `${name}: lineage` : `${name}: neighbours`;
  }
  if (graph.isEmpty()) {
    status('');
    return;
  }
  const asof = state.asOf ? ` · as of ${state.asOf}` : '';
  const hid = hidden ? ` · ${hidden} hidden by date or filter` : '';
  status(`${what} · ${n} entities, ${m} relationships${asof}${hid}`);
}

// render draws the view a state describes: the base view, then each step.
async function render() {
  const t0 = performance.now();
  const seq = ++ex.renders;
  await busy(async () => {
    closePanel();
    syncControls();
    const base = await drawBase(state);
    const tFetched = performance.now();
    for (const step of state.steps) await applyStep(step);
    graph.applyFilters(state);
    $('empty').hidden = !graph.isEmpty() || !!timelineData;
    if (state.view === 'path' && lastPath) {
      // Open the summary first, so that the layout fits the canvas left beside it.
      showPathSummary(lastPath, nameOf);
      graph.cy.resize();
    }
    const tLayout = performance.now();
    if (!graph.isEmpty()) await graph.layout(layoutKind());
    await frame();
    const tDrawn = performance.now();
    ex.lastRender = {
      seq,
      view: state.view,
      entity: state.entity,
      nodes: timelineData ? timelineData.lineage.nodes.length : graph.cy.nodes().length,
      edges: timelineData ? timelineData.lineage.edges.length : graph.cy.edges().length,
      timelineDrawMs: timelineData ? ex.timelineDrawMs : 0,
      visibleNodes: graph.cy.nodes().not('.off').length,
      visibleEdges: graph.cy.edges().not('.off').length,
      truncated: !!(base && base.truncated),
      fetchMs: tFetched - t0,
      layoutMs: tDrawn - tLayout,
      layoutOnlyMs: graph.lastLayoutMs || 0,
      totalMs: tDrawn - t0,
      sinceNavigationMs: tDrawn,
    };
    describe();
    loadCounts();
  });
}

// --- steps, view changes and undo -----------------------------------------------

function pushUndo() {
  undoStack.push({ state: urlstate.clone(state), snap: graph.snapshot() });
  if (undoStack.length > 50) undoStack.shift();
  $('undo').disabled = false;
}

async function doStep(step) {
  await busy(async () => {
    pushUndo();
    const added = await applyStep(step);
    state.steps.push(step);
    writeURL(false);
    graph.applyFilters(state);
    $('empty').hidden = !graph.isEmpty();
    if (added && added.nodes().length) {
      await graph.layout(graph.mode === 'lineage' ? 'lineage' : 'neighbors', { animate: graph.cy.nodes().length <= BIG });
    } else if (step.op === 'expand') {
      status('Nothing more to show for that choice.');
    }
    ex.steps++;
    describe();
    if (step.op !== 'expand') closePanel();
    loadCounts();
  });
}

function undo() {
  const last = undoStack.pop();
  $('undo').disabled = !undoStack.length;
  if (!last) return;
  // Undo takes back what was shown; the date and filters stay as they are.
  const leaving = state.view === 'timeline';
  state = { ...last.state, asOf: state.asOf, hideTypes: state.hideTypes, hideKinds: state.hideKinds };
  if (leaving || state.view === 'timeline') {
    // The timeline keeps no snapshot: draw the view again.
    writeURL(false);
    render();
    return;
  }
  graph.restore(last.snap);
  graph.applyFilters(state);
  $('empty').hidden = !graph.isEmpty();
  writeURL(false);
  syncControls();
  closePanel();
  describe();
}

// go changes what is shown (a new entity, view or path) and draws it.
function go(next) {
  if (!graph.isEmpty()) pushUndo();
  state = { ...urlstate.clone(state), ...next, steps: [] };
  writeURL(true);
  return render();
}

// --- panels ------------------------------------------------------------------------

function nameOf(id) {
  const n = graph.cy.getElementById(id);
  if (n.nonempty()) return n.data('name');
  const t = timelineData && timelineData.lineage.nodes.find((e) => e.id === id);
  if (t) return t.name;
  const p = timelineData && [...timelineData.leaders.values()].flat().find((l) => l.person.id === id);
  return p ? p.person.name : id;
}

const entityActions = {
  // The timeline draws a lineage only: expanding starts from the entity's neighbours.
  expand: (id, type, direction) => (timelineData ? go({ view: 'neighbors', entity: id, depth: 1, limit: 0 })
    : doStep({ op: 'expand', id, type, direction })),
  lineage: (id) => go({ view: 'lineage', entity: id }),
  timeline: (id) => go({ view: 'timeline', entity: id }),
  neighbors: (id) => go({ view: 'neighbors', entity: id, depth: 1, limit: 0 }),
  pathFrom: (d) => { openPathForm(); pathFrom.set(d); $('path-to').focus(); },
  pathTo: (d) => { openPathForm(); pathTo.set(d); $('path-from').focus(); },
  collapse: (id) => doStep({ op: 'collapse', id }),
  remove: (id) => doStep({ op: 'remove', id }),
};

async function openEntity(id, onCanvas) {
  await busy(async () => {
    const d = await detail(id);
    showEntity(d, { schema, sources, onCanvas, actions: entityActions });
  });
}

function openEdge(e) {
  openRel(e.data('rel'));
}

function openRel(rel) {
  showRelationship(rel, {
    schema, sources, nameOf, onEntity: (id) => openEntity(id, graph.cy.getElementById(id).nonempty()),
  });
}

// --- controls --------------------------------------------------------------------

function syncControls() {
  for (const b of document.querySelectorAll('.views [data-view]')) {
    b.setAttribute('aria-pressed', String(state.view === b.dataset.view));
    b.disabled = !state.entity && state.view !== 'path';
  }
  $('toggle-path').setAttribute('aria-pressed', String(state.view === 'path'));
  const y = state.asOf ? Number(state.asOf.slice(0, 4)) : SLIDER_ALL;
  $('asof').value = String(Math.min(Math.max(y, SLIDER_MIN), SLIDER_ALL));
  $('asof-label').textContent = state.asOf || 'all dates';
  syncLegend(state);
  if (state.view === 'path') {
    openPathForm();
    if (state.from) detail(state.from).then((d) => pathFrom.set(d)).catch(() => {});
    if (state.to) detail(state.to).then((d) => pathTo.set(d)).catch(() => {});
  }
}

function filtersChanged() {
  graph.applyFilters(state);
  writeURL(false);
  describe();
}

function openPathForm() {
  $('path-form').hidden = false;
  $('toggle-path').setAttribute('aria-expanded', 'true');
}

function closePathForm() {
  $('path-form').hidden = true;
  $('toggle-path').setAttribute('aria-expanded', 'false');
}

const mainSearch = attachSearch($('search-input'), $('search-list'), (e) => {
  const view = state.view === 'path' ? 'neighbors' : state.view;
  go({ view: e.kind === 'armed_group' ? view : 'neighbors', entity: e.id, depth: 1, limit: 0 });
});
const pathFrom = attachSearch($('path-from'), $('path-from-list'), () => $('path-to').focus());
const pathTo = attachSearch($('path-to'), $('path-to-list'), () => $('path-go').focus());

// resolve turns what was typed into an id: the picked suggestion, or the best hit.
async function resolve(box, input) {
  if (box.id()) return box.id();
  const q = input.value.trim();
  if (!q) return '';
  const res = await api.search(q, { limit: 1 });
  if (!res.items.length) throw new Error(`Nothing matches “${q}”.`);
  box.set(res.items[0]);
  return res.items[0].id;
}

function download(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
}

function fileStem() {
  const what = state.view === 'path' ? `path-${state.from}-${state.to}` : `${state.entity || 'empty'}-${state.view}`;
  return `graphapi-${what}${state.asOf ? `-asof-${state.asOf}` : ''}`;
}

// --- export -------------------------------------------------------------------------

function exportCaption() {
  let what;
  let items;
  if (timelineData) {
    what = `${nameOf(state.entity)}: lineage timeline`;
    items = [...timelineData.lineage.nodes, ...timelineData.lineage.edges,
      ...[...timelineData.leaders.values()].flat().flatMap((l) => [l.person, l.rel])];
  } else {
    const d = graph.visibleData();
    what = state.view === 'path' ? `Shortest paths from ${nameOf(state.from)} to ${nameOf(state.to)}`
      : `${nameOf(state.entity)}: ${state.view === 'lineage' ? 'lineage' : 'neighbours'}`;
    items = [...d.nodes, ...d.edges];
  }
  if (state.asOf) what += `, as of ${state.asOf}`;
  return caption(what, sourcesOf(items), sources);
}

function exportSVG() {
  const lines = exportCaption();
  return timelineData ? timeline.exportSVG(lines) : graphSVG(graph.cy, lines);
}

async function exportPNG() {
  const lines = exportCaption();
  if (timelineData) {
    const { width, height } = timeline.stats;
    return svgToPNG(timeline.exportSVG(lines), Math.min(2, 16000 / Math.max(width, height)));
  }
  return pngWithCaption(await graph.png(), lines);
}
ex.exportSVG = exportSVG;
ex.exportPNG = exportPNG;

function wire() {
  for (const b of document.querySelectorAll('.views [data-view]')) {
    b.addEventListener('click', () => {
      if (state.entity) go({ view: b.dataset.view });
    });
  }
  $('toggle-path').addEventListener('click', () => {
    if ($('path-form').hidden) { openPathForm(); $('path-from').focus(); } else closePathForm();
  });
  $('path-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const [from, to] = await Promise.all([resolve(pathFrom, $('path-from')), resolve(pathTo, $('path-to'))]);
      if (!from || !to) { $('path-status').textContent = 'Pick two entities.'; return; }
      $('path-status').textContent = '';
      await go({ view: 'path', from, to });
    } catch (err) {
      $('path-status').textContent = err.message;
    }
  });
  $('undo').addEventListener('click', undo);
  $('fit').addEventListener('click', () => graph.fit());
  $('panel-close').addEventListener('click', closePanel);
  $('export-png').addEventListener('click', () => busy(async () => download(`${fileStem()}.png`, await exportPNG())));
  $('export-svg').addEventListener('click', () => busy(async () => download(`${fileStem()}.svg`, new Blob([exportSVG()], { type: 'image/svg+xml' }))));
  $('export-json').addEventListener('click', () => {
    const doc = {
      url: window.location.href,
      view: state.view,
      entity: state.entity || undefined,
      from: state.from || undefined,
      to: state.to || undefined,
      as_of: state.asOf || undefined,
      hidden_types: [...state.hideTypes],
      hidden_kinds: [...state.hideKinds],
      ...(timelineData ? { nodes: timelineData.lineage.nodes, edges: timelineData.lineage.edges } : graph.visibleData()),
    };
    download(`${fileStem()}.json`, new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
  });

  const slider = $('asof');
  slider.min = String(SLIDER_MIN);
  slider.max = String(SLIDER_ALL);
  slider.addEventListener('input', () => {
    const y = Number(slider.value);
    state.asOf = y >= SLIDER_ALL ? '' : String(y);
    $('asof-label').textContent = state.asOf || 'all dates';
    timeline.setCursor(state.asOf);
    filtersChanged();
  });

  document.addEventListener('keydown', (ev) => {
    const typing = ev.target instanceof HTMLInputElement && ev.target.type !== 'checkbox' && ev.target.type !== 'range';
    if (ev.key === '/' && !typing) {
      ev.preventDefault();
      $('search-input').focus();
      $('search-input').select();
    } else if (ev.key === 'Escape') {
      if (!$('panel').hidden) closePanel();
      else if (!$('path-form').hidden && state.view !== 'path') closePathForm();
      graph.cy.elements().unselect();
    } else if ((ev.ctrlKey || ev.metaKey) && ev.key === 'z' && !typing) {
      ev.preventDefault();
      undo();
    }
  });
  window.addEventListener('popstate', () => {
    state = urlstate.parse(window.location.search);
    render();
  });
}

async function boot() {
  wire();
  await attachSession(); // before any call, so that each carries the tab's token
  attachDrafts();
  attachHistory();
  syncControls();
  if (state.view === 'timeline' && state.entity) {
    earlyLineage = { entity: state.entity, answer: api.lineage(state.entity, { direction: 'both' }) };
    earlyLineage.answer.catch(() => {}); // drawTimeline reports a failure
  }
  // The schema and sources load alongside the first view.
  const meta = Promise.all([api.schema(), api.sources()]).then(([sc, srcs]) => {
    schema.raw = sc;
    setVocabulary(sc);
    graph.setSchema(sc);
    for (const t of sc.relationship_types) schema.types.set(t.type, t);
    for (const s of srcs) sources.set(s.id, s);
    renderLegend(sc, state, (what, value, on) => {
      const set = what === 'kind' ? state.hideKinds : state.hideTypes;
      if (on) set.delete(value); else set.add(value);
      filtersChanged();
    });
  });
  await busy(() => meta);
  await render();
  ex.ready = true;
}

boot();

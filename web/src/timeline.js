// The timeline view: a lineage on a time axis, drawn as SVG. One lane per
// group, a bar from founded to dissolved, the lineage relationships as
// connectors between lanes at their dates, leaders as marks on their group's
// lane, and a time cursor that follows the as_of slider (what lies after it
// fades). Every visual property is an SVG attribute, not CSS, so that the
// drawing exported as an .svg file looks the same outside the page.
import { conflictingFields } from './claims.js';
import { first, human, last } from './dates.js';
import { typeColor } from './styles.js';

const NS = 'http://www.w3.org/2000/svg';
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
const FONT_SIZE = 12;
const LANE_H = 46; // a lane: its name row, then its bar, then a gap
const NAME_Y = 16; // baseline of the name row, from the lane's top
const BAR_Y = 23;
const BAR_H = 12;
const AXIS_H = 34;
const MARGIN = { left: 16, right: 28, bottom: 40 }; // the bottom holds the key
const FADE = 48; // pixels over which an unknown start or end fades
const DAY = 86400000;
const INK = '#1b1f24';
const BAR = '#c62828';
const LATER_OPACITY = 0.22;

// For these lineage types the ancestor is the relationship's "to" end (as in
// graph.js); connectors point from ancestor to descendant, the way time runs.
const ANCESTOR_IS_TO = new Set(['SPLIT_FROM', 'BRANCH_OF']);

function el(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  for (const c of children) if (c) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

const title = (text) => el('title', {}, text);

let measureCtx = null;
function textWidth(text, weight = 400) {
  if (!measureCtx) measureCtx = document.createElement('canvas').getContext('2d');
  measureCtx.font = `${weight} ${FONT_SIZE}px ${FONT}`;
  return measureCtx.measureText(text).width;
}

// Boxes: the label placer keeps the boxes of the text drawn so far in a
// coarse grid, so that a check costs the boxes nearby, not all of them.
class Boxes {
  constructor() { this.cells = new Map(); }
  *keys(b) {
    for (let gx = Math.floor(b.x1 / 200); gx <= Math.floor(b.x2 / 200); gx++) {
      for (let gy = Math.floor(b.y1 / 50); gy <= Math.floor(b.y2 / 50); gy++) yield `${gx},${gy}`;
    }
  }
  free(b) {
    for (const k of this.keys(b)) {
      for (const o of this.cells.get(k) || []) {
        if (b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2) return false;
      }
    }
    return true;
  }
  add(b) {
    for (const k of this.keys(b)) {
      if (!this.cells.has(k)) this.cells.set(k, []);
      this.cells.get(k).push(b);
    }
  }
}

// sentence words a relationship: "al-Murabitoun merged into JNIM, 2 March 2017".
export function sentence(rel, names, verbs) {
  const when = rel.since ? `, ${human(rel.since)}` : ', date not given';
  return `${names.get(rel.from) || rel.from} ${verbs.get(rel.type) || rel.type} ${names.get(rel.to) || rel.to}${when}`;
}

// orderLanes orders the groups so that connectors cross few bars. It starts
// from founding order and runs barycentre sweeps (each lane moves to the mean
// position of the lanes it is connected to), keeping the order with the
// lowest cost: the bars a connector is drawn across, plus its length in lanes
// as a tie-break. This is the barycentre heuristic of layered-graph drawing
// (Sugiyama et al.) applied to the one layer the lanes form.
export function orderLanes(ids, links, alive) {
  const adj = new Map(ids.map((id) => [id, []]));
  for (const l of links) {
    if (l.a === l.b || !adj.has(l.a) || !adj.has(l.b)) continue;
    adj.get(l.a).push(l.b);
    adj.get(l.b).push(l.a);
  }
  const cost = (order) => {
    const pos = new Map(order.map((id, i) => [id, i]));
    let c = 0;
    for (const l of links) {
      const i = pos.get(l.a);
      const j = pos.get(l.b);
      if (i === undefined || j === undefined) continue;
      const lo = Math.min(i, j);
      const hi = Math.max(i, j);
      for (let k = lo + 1; k < hi; k++) if (alive(order[k], l.t)) c += 1;
      c += (hi - lo) / 1000;
    }
    return c;
  };
  let order = [...ids];
  let best = order;
  let bestCost = cost(order);
  for (let sweep = 0; sweep < 24 && bestCost > 0; sweep++) {
    const pos = new Map(order.map((id, i) => [id, i]));
    const key = new Map(order.map((id, i) => {
      const ns = adj.get(id);
      if (!ns.length) return [id, i];
      // Own position counts once, so that lanes move a little at a time.
      return [id, (i + ns.reduce((s, n) => s + pos.get(n), 0)) / (ns.length + 1)];
    }));
    order = [...order].sort((a, b) => key.get(a) - key.get(b) || pos.get(a) - pos.get(b));
    const c = cost(order);
    if (c < bestCost) { best = order; bestCost = c; }
  }
  return best;
}

export class TimelineView {
  constructor(container, { onEntity, onEdge }) {
    this.container = container;
    this.onEntity = onEntity;
    this.onEdge = onEdge;
    this.svgEl = null;
    this.stats = null;
    this.asOf = '';
  }

  clear() {
    this.container.replaceChildren();
    this.svgEl = null;
    this.groups = [];
  }

  // draw lays out and draws a lineage ({nodes, edges}), with verbs by
  // relationship type; addLeaders adds the people once they are fetched.
  draw(lineage, verbs, asOf) {
    const nodes = lineage.nodes.filter((n) => n.kind !== 'person');
    const names = new Map(nodes.map((n) => [n.id, n.name]));
    const edges = lineage.edges.filter((r) => names.has(r.from) && names.has(r.to));

    // --- the time span ------------------------------------------------------
    const dates = [];
    for (const n of nodes) for (const d of [n.founded, n.dissolved]) if (d) dates.push(first(d), last(d));
    for (const r of edges) if (r.since) dates.push(first(r.since), last(r.since));
    for (const c of nodes.flatMap((n) => n.claims || []).concat(edges.flatMap((r) => r.claims || []))) {
      if (/^\d{4}/.test(c.value) && /^(founded|dissolved|since|until)$/.test(c.field)) dates.push(first(c.value), last(c.value));
    }
    const y0 = dates.length ? new Date(Math.min(...dates)).getUTCFullYear() - 2 : 1990;
    const y1 = dates.length ? new Date(Math.max(...dates)).getUTCFullYear() + 3 : 2020;
    const t0 = Date.UTC(y0, 0, 1);
    const t1 = Date.UTC(y1, 0, 1);
    const nameW = Math.max(0, ...nodes.map((n) => textWidth(n.name, 600)));
    const avail = Math.max(this.container.clientWidth - MARGIN.left - MARGIN.right, 600);
    const pxYear = Math.max(36, avail / (y1 - y0));
    const width = MARGIN.left + pxYear * (y1 - y0) + MARGIN.right + nameW / 2;
    const x = (t) => MARGIN.left + ((t - t0) / (t1 - t0)) * pxYear * (y1 - y0);
    const xEnd = x(t1);

    // --- each group's bar -----------------------------------------------------
    const events = new Map(nodes.map((n) => [n.id, []]));
    for (const r of edges) if (r.since) { events.get(r.from).push(first(r.since)); events.get(r.to).push(first(r.since)); }
    const bar = new Map();
    for (const n of nodes) {
      const ev = events.get(n.id);
      const startKnown = !!n.founded;
      const s0 = startKnown ? first(n.founded) : (ev.length ? Math.min(...ev) : t0);
      const s1 = startKnown ? last(n.founded) + DAY : s0;
      const endKnown = !!n.dissolved;
      const e0 = endKnown ? first(n.dissolved) : t1;
      const e1 = endKnown ? last(n.dissolved) + DAY : t1;
      bar.set(n.id, { s0, s1, e0, e1, startKnown, endKnown });
    }
    const alive = (id, t) => { const b = bar.get(id); return t >= (b.startKnown ? b.s0 : b.s0 - (FADE / pxYear) * 365 * DAY) && t <= b.e1; };

    // --- lanes ----------------------------------------------------------------
    const byStart = [...nodes].sort((a, b) => bar.get(a.id).s0 - bar.get(b.id).s0 || a.id.localeCompare(b.id)).map((n) => n.id);
    const linkTime = (r) => (r.since ? first(r.since) : Math.max(bar.get(r.from).s0, bar.get(r.to).s0));
    const tOrder = performance.now();
    const lanes = orderLanes(byStart, edges.map((r) => ({ a: r.from, b: r.to, t: linkTime(r) })), alive);
    const orderMs = performance.now() - tOrder;
    const laneOf = new Map(lanes.map((id, i) => [id, i]));
    const top = (id) => AXIS_H + laneOf.get(id) * LANE_H;
    const height = AXIS_H + lanes.length * LANE_H + MARGIN.bottom;

    const svg = el('svg', {
      xmlns: NS, width: Math.ceil(width), height, viewBox: `0 0 ${Math.ceil(width)} ${height}`,
      'font-family': FONT, 'font-size': FONT_SIZE, role: 'group', 'aria-label': 'Lineage timeline', id: 'timeline-svg',
    });
    svg.append(defs());
    svg.append(el('rect', { x: 0, y: 0, width: Math.ceil(width), height, fill: '#ffffff' }));
    const boxes = new Boxes();
    const layer = (name) => { const g = el('g', { class: name }); svg.append(g); return g; };
    const grid = layer('axis');
    const bars = layer('bars');
    const conns = layer('connectors');
    const marks = layer('marks');
    const labels = layer('labels');

    // --- the axis: a tick every 1, 2, 5, 10 or 20 years, whichever leaves room --
    const step = [1, 2, 5, 10, 20, 50].find((k) => k * pxYear >= 44) || 100;
    for (let y = Math.ceil(y0 / step) * step; y <= y1; y += step) {
      const xx = x(Date.UTC(y, 0, 1));
      grid.append(el('line', { x1: xx, x2: xx, y1: AXIS_H - 6, y2: height - MARGIN.bottom, stroke: '#e4e8ee', 'stroke-width': 1 }));
      const t = el('text', { x: xx, y: AXIS_H - 12, 'text-anchor': 'middle', fill: '#4a5361', class: 'tick label' }, y);
      grid.append(t);
      const w = textWidth(String(y));
      boxes.add({ x1: xx - w / 2, x2: xx + w / 2, y1: AXIS_H - 12 - FONT_SIZE, y2: AXIS_H - 8 });
    }

    this.items = []; // {el, t}: elements that fade when the cursor is before t

    // --- bars and lane names ---------------------------------------------------
    for (const n of nodes) {
      const b = bar.get(n.id);
      const y = top(n.id) + BAR_Y;
      const g = el('g', { class: 'lane', 'data-id': n.id, cursor: 'pointer', tabindex: 0, role: 'button' });
      const xs = x(b.s0);
      const xe = x(b.e1);
      const sentenceOf = `${n.name}: ${b.startKnown ? `founded ${human(n.founded)}` : 'founding date not given'}; ${b.endKnown ? `ended ${human(n.dissolved)}` : 'no end date given'}`;
      g.append(title(sentenceOf));
      // The solid part runs from the last day the start may be to the first
      // day the end may be; a date known to the month or year is hatched
      // across the span it covers; an unknown start or end fades.
      const solidFrom = x(b.s1);
      const solidTo = b.endKnown ? x(b.e0) : xEnd - FADE;
      g.append(el('rect', { class: 'bar', x: solidFrom, y, width: Math.max(solidTo - solidFrom, 1.5), height: BAR_H, fill: BAR, rx: 2 }));
      if (b.startKnown && b.s1 - b.s0 > DAY) {
        g.append(el('rect', { class: 'fuzzy-start', x: xs, y, width: solidFrom - xs, height: BAR_H, fill: 'url(#tl-hatch)', stroke: BAR, 'stroke-width': 0.75 }));
      } else if (!b.startKnown) {
        g.append(el('rect', { class: 'open-start', x: xs - FADE, y, width: FADE, height: BAR_H, fill: 'url(#tl-fade-in)' }));
      }
      if (b.endKnown && b.e1 - b.e0 > DAY) {
        g.append(el('rect', { class: 'fuzzy-end', x: solidTo, y, width: xe - solidTo, height: BAR_H, fill: 'url(#tl-hatch)', stroke: BAR, 'stroke-width': 0.75 }));
      } else if (!b.endKnown) {
        g.append(el('rect', { class: 'open-end', x: solidTo, y, width: FADE, height: BAR_H, fill: 'url(#tl-fade-out)' }));
      }
      // A field the sources disagree on: one mark per source's value.
      const conflicts = conflictingFields(n.claims);
      for (const c of n.claims || []) {
        if (!conflicts.has(c.field) || !/^\d{4}/.test(c.value)) continue;
        const cx = x(first(c.value));
        g.append(el('path', {
          class: 'claim-mark conflict', 'data-field': c.field, 'data-value': c.value, 'data-source': c.source,
          d: `M${cx},${y + BAR_H + 1} l-5,8 h10 z`, fill: '#f2a900', stroke: INK, 'stroke-width': 1,
        }, title(`${c.field} ${human(c.value)}, according to ${c.source}`)));
      }
      g.addEventListener('click', () => this.onEntity(n.id));
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') this.onEntity(n.id); });
      bars.append(g);
      this.items.push({ el: g, t: b.startKnown ? b.s0 : -Infinity });
      // The name sits above the bar's start.
      const nx = Math.max(MARGIN.left, (b.startKnown ? xs : xs - FADE));
      const ny = top(n.id) + NAME_Y;
      const w = textWidth(n.name, 600);
      const t = el('text', { x: nx, y: ny, 'font-weight': 600, fill: INK, class: 'lane-name label', 'data-id': n.id, cursor: 'pointer' }, n.name);
      t.addEventListener('click', () => this.onEntity(n.id));
      labels.append(t);
      this.items.push({ el: t, t: b.startKnown ? b.s0 : -Infinity });
      boxes.add({ x1: nx - 2, x2: nx + w + 2, y1: ny - FONT_SIZE, y2: ny + 4 });
      boxes.add({ x1: Math.min(xs, solidFrom) - (b.startKnown ? 0 : FADE), x2: b.endKnown ? xe : xEnd, y1: y, y2: y + BAR_H + (conflicts.size ? 9 : 0) });
    }

    // --- connectors, in time order, labels placed where they fit ---------------
    const place = (text, cx, laneIds, cls) => {
      // Candidate rows: the name rows of the lanes the connector spans, then
      // the one below it; right of the line first, then left.
      const w = textWidth(text);
      const rows = [];
      for (const id of laneIds) rows.push(top(id) + NAME_Y);
      const lo = Math.min(...laneIds.map((id) => laneOf.get(id)));
      const hi = Math.max(...laneIds.map((id) => laneOf.get(id)));
      if (hi + 1 < lanes.length) rows.push(AXIS_H + (hi + 1) * LANE_H + NAME_Y);
      for (const ry of rows) {
        for (const side of [1, -1]) {
          const x1 = side > 0 ? cx + 5 : cx - 5 - w;
          const box = { x1: x1 - 2, x2: x1 + w + 2, y1: ry - FONT_SIZE, y2: ry + 4 };
          if (box.x1 < 0 || box.x2 > width || !boxes.free(box)) continue;
          boxes.add(box);
          return el('text', { x: x1, y: ry, fill: INK, class: `${cls} label` }, text);
        }
      }
      return null;
    };

    // Connectors on one date sit side by side, 5 px apart, so each can be seen and clicked.
    const atX = new Map();
    const sorted = [...edges].sort((a, b) => linkTime(a) - linkTime(b) || a.id.localeCompare(b.id));
    for (const r of sorted) {
      const [anc, desc] = ANCESTOR_IS_TO.has(r.type) ? [r.to, r.from] : [r.from, r.to];
      const t = linkTime(r);
      const dateX = x(t);
      const taken = atX.get(Math.round(dateX)) || 0;
      atX.set(Math.round(dateX), taken + 1);
      const cx = dateX + taken * 5;
      const ya = top(anc) + BAR_Y + BAR_H / 2;
      const yd = top(desc) + BAR_Y + BAR_H / 2;
      const color = typeColor(r.type);
      const words = sentence(r, names, verbs);
      const g = el('g', { class: 'connector', 'data-id': r.id, 'data-type': r.type, 'data-since': r.since || '', 'data-x': dateX.toFixed(2), cursor: 'pointer', tabindex: 0, role: 'button', 'aria-label': words });
      g.append(title(words));
      const dir = yd > ya ? 1 : -1;
      const dashed = r.confidence === 'assessed' ? '6 3' : r.confidence === 'reported' ? '2 3' : null;
      if (r.since && last(r.since) - first(r.since) > DAY) {
        // A date known to the month or year: a band across the span it covers.
        g.append(el('rect', { class: 'fuzzy-date', x: cx, y: Math.min(ya, yd), width: Math.max(x(last(r.since) + DAY) - cx, 1), height: Math.abs(yd - ya), fill: color, 'fill-opacity': 0.08 }));
      }
      g.append(el('line', { x1: cx, x2: cx, y1: ya, y2: yd - dir * 7, stroke: color, 'stroke-width': 2.5, 'stroke-dasharray': r.since ? dashed : '3 3' }));
      g.append(el('path', { d: `M${cx},${yd} l-5,${-dir * 8} h10 z`, fill: color }));
      g.append(el('circle', { cx, cy: ya, r: 3.5, fill: color }));
      // A wide invisible line, so that a connector is easy to hit.
      g.append(el('line', { x1: cx, x2: cx, y1: ya, y2: yd, stroke: '#000', 'stroke-opacity': 0, 'stroke-width': 12 }));
      const conflicts = conflictingFields(r.claims);
      if (conflicts.has('since')) {
        for (const c of r.claims.filter((k) => k.field === 'since' && /^\d{4}/.test(k.value))) {
          const ox = x(first(c.value));
          g.append(el('line', {
            class: 'claim-mark conflict', 'data-field': 'since', 'data-value': c.value, 'data-source': c.source,
            x1: ox, x2: ox, y1: ya, y2: yd, stroke: '#f2a900', 'stroke-width': 3, 'stroke-dasharray': '4 3',
          }, title(`${human(c.value)}, according to ${c.source}`)));
        }
      }
      g.addEventListener('click', () => this.onEdge(r));
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') this.onEdge(r); });
      conns.append(g);
      this.items.push({ el: g, t: r.since ? first(r.since) : -Infinity });
      const label = place(words, cx, [anc, desc], 'connector-label');
      if (label) {
        label.setAttribute('data-for', r.id);
        label.setAttribute('cursor', 'pointer');
        label.addEventListener('click', () => this.onEdge(r));
        labels.append(label);
        this.items.push({ el: label, t: r.since ? first(r.since) : -Infinity });
      } else {
        // No room: the words show on hover (the <title>) and in the panel.
        g.setAttribute('data-label', 'hover');
      }
    }

    this.layout = { x, top, laneOf, names, place, marks, labels, t0, t1 };

    // --- the key ------------------------------------------------------------------
    const keyY = AXIS_H + lanes.length * LANE_H + 22;
    const key = el('g', { class: 'key' });
    key.append(
      el('rect', { x: MARGIN.left, y: keyY - 10, width: 22, height: 10, fill: 'url(#tl-hatch)', stroke: BAR, 'stroke-width': 0.75 }),
      el('rect', { x: MARGIN.left + 290, y: keyY - 10, width: 22, height: 10, fill: 'url(#tl-fade-out)' }),
      el('path', { d: `M${MARGIN.left + 522},${keyY - 11} l5,6 l-5,6 l-5,-6 z`, fill: '#0b57a4' }),
      el('path', { d: `M${MARGIN.left + 602},${keyY - 10} l-5,9 h10 z`, fill: '#f2a900', stroke: INK, 'stroke-width': 1 }),
    );
    const keyText = [
      [MARGIN.left + 28, 'date known to the month or year only'],
      [MARGIN.left + 318, 'date not given (start or end)'],
      [MARGIN.left + 532, 'leader'],
      [MARGIN.left + 612, 'one source\'s date, where sources disagree'],
    ];
    for (const [kx, words] of keyText) key.append(el('text', { x: kx, y: keyY, fill: '#4a5361', class: 'key-label label' }, words));
    svg.append(key);

    // --- the cursor ------------------------------------------------------------------
    this.cursorG = el('g', { class: 'cursor', 'pointer-events': 'none' });
    svg.append(this.cursorG);
    this.x = x;
    this.xEnd = xEnd;
    this.height = height;
    this.container.replaceChildren(svg);
    this.svgEl = svg;
    this.lanes = lanes;
    this.setCursor(asOf);
    this.stats = { lanes: lanes.length, connectors: edges.length, width: Math.ceil(width), height, orderMs };
    return this.stats;
  }

  // addLeaders draws the people who led or founded a group ([{person, rel}]
  // by group id) as marks on the group's lane, where a source gives a date.
  addLeaders(leaders) {
    if (!this.svgEl) return;
    const { x: xAt, top, laneOf, names, place, marks, labels, t0, t1 } = this.layout;
    // A date outside the lineage's span is drawn at its edge.
    const x = (t) => xAt(Math.min(Math.max(t, t0), t1));
    for (const [gid, list] of leaders) {
      if (!laneOf.has(gid)) continue;
      for (const { person, rel } of list) {
        if (!rel.since && !rel.until) continue;
        const y = top(gid) + BAR_Y;
        const verb = rel.type === 'FOUNDED' ? 'founded' : 'leads';
        const words = `${person.name} ${verb} ${names.get(gid)}${rel.since ? `, from ${human(rel.since)}` : ''}${rel.until ? ` until ${human(rel.until)}` : ''}`;
        const g = el('g', { class: 'leader', 'data-id': rel.id, 'data-person': person.id, cursor: 'pointer', tabindex: 0, role: 'button', 'aria-label': words });
        g.append(title(words));
        const sx = x(first(rel.since || rel.until));
        if (rel.since && rel.until) {
          g.append(el('line', { x1: sx, x2: x(last(rel.until)), y1: y + BAR_H + 4, y2: y + BAR_H + 4, stroke: '#0b57a4', 'stroke-width': 2 }));
        }
        g.append(el('path', { d: `M${sx},${y - 3} l5,${BAR_H / 2 + 3} l-5,${BAR_H / 2 + 3} l-5,${-(BAR_H / 2 + 3)} z`, fill: '#0b57a4', stroke: '#ffffff', 'stroke-width': 1.2 }));
        g.addEventListener('click', () => this.onEdge(rel));
        marks.append(g);
        this.items.push({ el: g, t: first(rel.since || rel.until) });
        const label = place(`${person.name} (${verb}${rel.since ? ` ${human(rel.since)}` : ''})`, sx, [gid], 'leader-label');
        if (label) { labels.append(label); this.items.push({ el: label, t: first(rel.since || rel.until) }); }
      }
    }
    this.setCursor(this.asOf);
  }

  // setCursor moves the time cursor to the last day of asOf ('' for none):
  // what starts after it fades, and a veil covers the time after it.
  setCursor(asOf) {
    this.asOf = asOf || '';
    if (!this.svgEl) return;
    const t = asOf ? last(asOf) + DAY : Infinity;
    for (const it of this.items) {
      const later = it.t >= t;
      it.el.classList.toggle('later', later);
      if (later) it.el.setAttribute('opacity', LATER_OPACITY); else it.el.removeAttribute('opacity');
    }
    this.cursorG.replaceChildren();
    if (!asOf) return;
    const cx = this.x(t);
    this.cursorG.append(
      el('rect', { class: 'veil', x: cx, y: AXIS_H - 6, width: Math.max(this.xEnd - cx + MARGIN.right, 0), height: this.height - AXIS_H, fill: '#ffffff', 'fill-opacity': 0.55 }),
      el('line', { x1: cx, x2: cx, y1: AXIS_H - 8, y2: this.height - MARGIN.bottom, stroke: '#f2a900', 'stroke-width': 2 }),
    );
  }

  // exportSVG returns the drawing as a standalone SVG document with a caption
  // (lines of text) below it.
  exportSVG(caption) {
    const svg = this.svgEl.cloneNode(true);
    return withCaption(svg, caption);
  }
}

// withCaption adds caption lines below an SVG drawing and returns its text.
export function withCaption(svg, caption) {
  const w = Number(svg.getAttribute('width'));
  const h0 = Number(svg.getAttribute('height'));
  const lineH = 16;
  const h = h0 + 10 + caption.length * lineH;
  svg.setAttribute('height', h);
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('xmlns', NS);
  const g = el('g', { class: 'caption', 'font-family': FONT, 'font-size': FONT_SIZE, fill: INK });
  g.append(el('rect', { x: 0, y: h0, width: w, height: h - h0, fill: '#ffffff' }));
  caption.forEach((line, i) => g.append(el('text', { x: 12, y: h0 + 6 + (i + 1) * lineH - 4 }, line)));
  svg.append(g);
  return new XMLSerializer().serializeToString(svg);
}

function defs() {
  const d = el('defs');
  const hatch = el('pattern', { id: 'tl-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(el('rect', { width: 6, height: 6, fill: '#ffffff' }), el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: BAR, 'stroke-width': 3 }));
  const fade = (id, from, to) => {
    const g = el('linearGradient', { id, x1: 0, x2: 1, y1: 0, y2: 0 });
    g.append(el('stop', { offset: 0, 'stop-color': BAR, 'stop-opacity': from }), el('stop', { offset: 1, 'stop-color': BAR, 'stop-opacity': to }));
    return g;
  };
  d.append(hatch, fade('tl-fade-in', 0, 1), fade('tl-fade-out', 1, 0));
  return d;
}

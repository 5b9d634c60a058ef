// The panels around the canvas: the legend with its filters, and the details
// panel for an entity or a relationship with its evidence.
import { byField, claimsAgree, conflictingFields } from './claims.js';
import { human, span } from './dates.js';
import { CONFIDENCE, kindStyle, typeColor } from './styles.js';

// h builds an element: h('p', {class: 'x'}, 'text', child, …).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// --- legend and filters --------------------------------------------------------

// renderLegend draws the kinds, types and confidence levels; a checkbox next to
// each kind and type filters it in or out.
export function renderLegend(schema, state, onToggle) {
  const kinds = document.getElementById('kind-legend');
  kinds.replaceChildren(...schema.entity_kinds.map((k) => {
    const st = kindStyle(k.kind);
    const id = `kind-${k.kind}`;
    return h('li', { class: k.count ? '' : 'absent', title: k.description },
      h('input', {
        type: 'checkbox', id, checked: !state.hideKinds.has(k.kind), 'data-kind': k.kind,
        onchange: (ev) => onToggle('kind', k.kind, ev.target.checked),
      }),
      h('label', { for: id },
        h('span', { class: `swatch ${st.shape}`, style: `background:${st.color}` }),
        st.label,
        h('span', { class: 'count' }, k.count)));
  }));
  const types = document.getElementById('type-legend');
  types.replaceChildren(...schema.relationship_types.map((t) => {
    const id = `type-${t.type}`;
    return h('li', { class: t.count ? '' : 'absent', title: `${t.from} ${t.verb} ${t.to}: ${t.description}` },
      h('input', {
        type: 'checkbox', id, checked: !state.hideTypes.has(t.type), 'data-type': t.type,
        onchange: (ev) => onToggle('type', t.type, ev.target.checked),
      }),
      h('label', { for: id },
        h('span', { class: 'line', style: `border-color:${typeColor(t.type)}` }),
        t.verb,
        h('span', { class: 'count' }, t.count)));
  }));
  const conf = document.getElementById('confidence-legend');
  conf.replaceChildren(...Object.entries(CONFIDENCE).map(([, c]) =>
    h('li', { title: c.help },
      h('span', { class: `line ${c.line}`, style: 'border-color:#1b1f24' }),
      `${c.label}: ${c.help}`)));
}

export function syncLegend(state) {
  document.querySelectorAll('#kind-legend input').forEach((i) => { i.checked = !state.hideKinds.has(i.dataset.kind); });
  document.querySelectorAll('#type-legend input').forEach((i) => { i.checked = !state.hideTypes.has(i.dataset.type); });
}

// --- details panel ---------------------------------------------------------------

const panel = () => document.getElementById('panel');
const body = () => document.getElementById('panel-body');

export function closePanel() {
  if (panel().hidden) return;
  panel().hidden = true;
  body().replaceChildren();
}

function openPanel(...children) {
  body().replaceChildren(...children.filter(Boolean));
  panel().hidden = false;
  panel().scrollTop = 0;
}

function evidenceList(evidence, sources) {
  if (!evidence || !evidence.length) return h('p', { class: 'note' }, 'No evidence recorded.');
  return h('ul', { class: 'evidence' }, evidence.map((ev) => {
    const src = sources.get(ev.source);
    const title = src ? src.title : ev.source;
    const meta = [src && src.publisher, src && src.published && human(src.published)].filter(Boolean).join(', ');
    return h('li', {},
      ev.quote
        ? h('blockquote', {}, `“${ev.quote}”`)
        : h('p', { class: 'locator' }, ev.locator ? `Where: ${ev.locator}` : 'No quotation or locator.'),
      h('cite', {}, '— ', h('b', {}, title), meta ? ` (${meta})` : '',
        src && src.kind === 'reference' ? ' · reference source, no text shipped' : ''));
  }));
}

const FIELD_NAMES = { founded: 'Founded', dissolved: 'Dissolved', since: 'Since', until: 'Until', confidence: 'Confidence' };
const fieldName = (f) => FIELD_NAMES[f] || f.replace(/^attributes\./, '').replace(/_/g, ' ');
const claimValue = (field, v) => (/^(founded|dissolved|since|until)$/.test(field) ? human(v) : v);

// claimsSection shows each field's claims side by side, one card per source
// with the value it gives and its quotation or locator. A field whose claims
// disagree is marked, with the value the graph shows (internal/entities'
// ShownValue rule) named.
function claimsSection(claims, conflictFields, shown, evidence, sources) {
  if (!claims || !claims.length) return null;
  const quoteOf = (src) => (evidence || []).find((ev) => ev.source === src);
  const fields = [...byField(claims)].map(([field, list]) => {
    const conflict = conflictFields.has(field);
    const shownValue = shown(field);
    return h('div', { class: `claim-field${conflict ? ' conflict' : ''}`, 'data-field': field },
      h('h4', {}, fieldName(field), conflict ? h('span', { class: 'disagree' }, ' · sources disagree') : null,
        conflict && shownValue ? h('span', { class: 'shown' }, ` · shown: ${claimValue(field, shownValue)}`) : null),
      h('div', { class: 'claim-row' }, list.map((c) => {
        const src = sources.get(c.source);
        const ev = quoteOf(c.source);
        const odd = conflict && shownValue && !claimsAgree(field, c.value, shownValue);
        return h('div', { class: `claim${conflict ? ' conflicting' : ''}${odd ? ' not-shown' : ''}`, 'data-source': c.source, 'data-value': c.value },
          h('b', { class: 'claim-value' }, claimValue(c.field, c.value)),
          h('span', { class: 'claim-source' }, src ? src.title : c.source),
          ev ? (ev.quote ? h('q', {}, ev.quote) : h('span', { class: 'locator' }, ev.locator)) : null);
      })));
  });
  return h('section', { class: 'claims-section' },
    h('h3', {}, conflictFields.size ? `What each source says (${conflictFields.size} conflict${conflictFields.size === 1 ? '' : 's'})` : 'What each source says'),
    h('div', { class: 'claims', id: 'claims' }, fields));
}

// showEntity fills the panel with an entity's details; actions are callbacks
// for its buttons.
export function showEntity(detail, { schema, sources, onCanvas, actions }) {
  const st = kindStyle(detail.kind);
  const facts = [];
  if (detail.founded) facts.push(['Founded', human(detail.founded)]);
  if (detail.dissolved) facts.push(['Dissolved', human(detail.dissolved)]);
  for (const [k, v] of Object.entries(detail.attributes || {}).sort()) facts.push([k.replace(/_/g, ' '), v]);
  facts.push(['Id', detail.id]);

  const counts = detail.relationship_counts || [];
  const rows = counts.map((c) => {
    const t = schema.types.get(c.type) || { verb: c.type, from: '', to: '' };
    // Out: this entity is the start, the neighbours are the type's "to" role.
    const role = c.direction === 'out' ? t.to : t.from;
    const words = c.direction === 'out' ? `${t.verb} → ${role}` : `← ${role} (${t.verb} this)`;
    return h('tr', {},
      h('td', {}, h('span', { class: 'type-line', style: `border-color:${typeColor(c.type)}` }), words),
      h('td', { class: 'n' }, c.count),
      h('td', {}, h('button', {
        type: 'button',
        'data-expand': `${c.type}:${c.direction}`,
        title: `Show ${c.count} ${role}${c.count === 1 ? '' : 's'} (${c.type}, ${c.direction})`,
        onclick: () => actions.expand(detail.id, c.type, c.direction),
      }, 'Expand')));
  });

  openPanel(
    h('p', { class: 'panel-kind' }, h('span', { class: `swatch ${st.shape}`, style: `display:inline-block;vertical-align:-2px;margin-right:6px;background:${st.color}` }), st.label),
    h('h2', { class: 'panel-title' }, detail.name),
    detail.aliases && detail.aliases.length ? h('p', { class: 'aliases' }, `Also: ${detail.aliases.join(' · ')}`) : null,
    detail.description ? h('p', { class: 'desc' }, detail.description) : null,
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('div', { class: 'node-actions' },
      h('button', { type: 'button', id: 'act-expand-all', onclick: () => actions.expand(detail.id, '', 'both') }, 'Expand all'),
      h('button', { type: 'button', id: 'act-lineage', onclick: () => actions.lineage(detail.id) }, 'Lineage'),
      h('button', { type: 'button', id: 'act-timeline', onclick: () => actions.timeline(detail.id) }, 'Timeline'),
      h('button', { type: 'button', id: 'act-neighbors', onclick: () => actions.neighbors(detail.id) }, 'Centre here'),
      h('button', { type: 'button', id: 'act-path-from', onclick: () => actions.pathFrom(detail) }, 'Path from'),
      h('button', { type: 'button', id: 'act-path-to', onclick: () => actions.pathTo(detail) }, 'Path to'),
      onCanvas ? h('button', { type: 'button', id: 'act-collapse', title: 'Remove the neighbours linked only to this entity', onclick: () => actions.collapse(detail.id) }, 'Collapse') : null,
      onCanvas ? h('button', { type: 'button', id: 'act-remove', onclick: () => actions.remove(detail.id) }, 'Remove') : null),
    claimsSection(detail.claims, new Set([...(detail.conflicts || []).map((c) => c.field), ...conflictingFields(detail.claims)]),
      (f) => ((detail.conflicts || []).find((c) => c.field === f) || {}).shown || (f === 'founded' ? detail.founded : f === 'dissolved' ? detail.dissolved : (detail.attributes || {})[f.replace(/^attributes\./, '')]),
      detail.evidence, sources),
    h('h3', {}, 'Relationships'),
    rows.length ? h('table', { class: 'counts' }, h('tbody', {}, rows)) : h('p', { class: 'note' }, 'None.'),
    h('h3', {}, 'Evidence'),
    evidenceList(detail.evidence, sources),
  );
}

// showRelationship fills the panel with a relationship: the sentence it makes
// ("al-Murabitoun merged into JNIM"), its dates and confidence, and each
// evidence quotation with its source named.
export function showRelationship(rel, { schema, sources, nameOf, onEntity }) {
  const t = schema.types.get(rel.type) || { verb: rel.type, from: 'start', to: 'end', description: '' };
  const ent = (id) => h('span', { class: 'ent', role: 'link', tabindex: '0', onclick: () => onEntity(id),
    onkeydown: (ev) => { if (ev.key === 'Enter') onEntity(id); } }, nameOf(id));
  const conf = CONFIDENCE[rel.confidence] || { label: rel.confidence, help: '' };
  const when = span(rel.since, rel.until);
  openPanel(
    h('p', { class: 'panel-kind' }, h('span', { class: 'type-line', style: `display:inline-block;width:18px;border-top:3px solid ${typeColor(rel.type)};vertical-align:middle;margin-right:6px` }), `${rel.type} relationship`),
    h('p', { class: 'sentence', id: 'edge-sentence' }, ent(rel.from), ` ${t.verb} `, ent(rel.to)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Direction'), h('dd', {}, `from the ${t.from} to the ${t.to}`),
      h('dt', {}, 'When'), h('dd', {}, when || 'no date given'),
      h('dt', {}, 'Confidence'), h('dd', {}, h('span', { class: `badge ${rel.confidence}`, id: 'edge-confidence' }, conf.label), ` ${conf.help}`)),
    t.description ? h('p', { class: 'note' }, `${rel.type}: ${t.description}`) : null,
    rel.note ? h('p', { class: 'desc' }, h('b', {}, 'Note: '), rel.note) : null,
    claimsSection(rel.claims, conflictingFields(rel.claims), (f) => rel[f], rel.evidence, sources),
    h('h3', {}, 'Evidence'),
    evidenceList(rel.evidence, sources),
  );
}

export function showPathSummary(res, nameOf) {
  if (!res.paths.length) {
    return openPanel(h('h2', { class: 'panel-title' }, 'No path'),
      h('p', {}, 'No chain of relationships links these two entities within the depth allowed.'));
  }
  return openPanel(
    h('h2', { class: 'panel-title' }, `${res.paths.length} shortest path${res.paths.length === 1 ? '' : 's'}, ${res.length} step${res.length === 1 ? '' : 's'}`),
    res.truncated ? h('p', { class: 'note' }, 'More paths exist than were asked for.') : null,
    h('ol', { id: 'path-list' }, res.paths.map((p) => h('li', {}, p.nodes.map(nameOf).join(' — ')))),
    h('p', { class: 'note' }, 'Click a relationship on the canvas to read its evidence.'),
  );
}

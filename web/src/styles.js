// How the graph looks: a colour and a shape per entity kind, a colour per
// relationship type, a line style per confidence, and the Cytoscape stylesheet
// built from them. The legend (panels.js) draws from the same tables.

// Entity kinds (fill, shape, words) and relationship types (colour) come from
// the server's vocabulary (/schema), which states them once: the page keeps no
// list of its own, so no kind or type it does not know is drawn in a fallback
// grey. setVocabulary fills them before the first view is drawn.
const KIND_STYLE = new Map();
const TYPE_COLOR = new Map();
const FALLBACK_KIND = { color: '#777', shape: 'ellipse', label: 'Other' };

export function setVocabulary(schema) {
  for (const k of schema.entity_kinds) KIND_STYLE.set(k.kind, { color: k.color, shape: k.shape, label: k.label });
  for (const t of schema.relationship_types) TYPE_COLOR.set(t.type, t.color);
}

export const kindStyle = (k) => KIND_STYLE.get(k) || { ...FALLBACK_KIND, label: k };
export const typeColor = (t) => TYPE_COLOR.get(t) || '#666';

// Confidence: how the source puts a relationship, drawn as the line's style.
export const CONFIDENCE = {
  fact: { line: 'solid', label: 'Fact', help: 'the source states it in its own voice' },
  assessed: { line: 'dashed', label: 'Assessed', help: 'the source says others believed or assessed it' },
  reported: { line: 'dotted', label: 'Reported', help: 'the source attributes it to press or other reports' },
};

const SELECT = '#f2a900';

export function stylesheet() {
  const s = [
    {
      selector: 'node',
      style: {
        'background-color': (n) => kindStyle(n.data('kind')).color,
        shape: (n) => kindStyle(n.data('kind')).shape,
        width: 26,
        height: 26,
        'border-width': 1.5,
        'border-color': '#ffffff',
        label: 'data(label)',
        'font-size': 13,
        'font-weight': 600,
        color: '#1b1f24',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': 130,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': 2,
        'text-background-shape': 'roundrectangle',
        // Below this size on screen a label is not drawn; zooming in brings it back.
        'min-zoomed-font-size': 9,
      },
    },
    { selector: 'node.focus', style: { width: 38, height: 38, 'border-width': 3, 'border-color': '#1b1f24', 'font-size': 14 } },
    { selector: 'node.hidden-more', style: { 'border-width': 3, 'border-color': '#1b1f24', 'border-style': 'double' } },
    { selector: 'node.ended', style: { 'background-opacity': 0.55, 'border-style': 'dashed', 'border-color': '#1b1f24', 'border-width': 2 } },
    { selector: 'node.ghost', style: { opacity: 0.45, 'border-style': 'dashed', 'border-color': '#1b1f24', 'border-width': 2 } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': SELECT, 'overlay-opacity': 0 } },
    {
      selector: 'edge',
      style: {
        width: 2,
        'line-color': (e) => typeColor(e.data('type')),
        'target-arrow-color': (e) => typeColor(e.data('type')),
        'target-arrow-shape': 'triangle',
        'arrow-scale': 1.1,
        'curve-style': 'bezier',
        'line-style': (e) => (CONFIDENCE[e.data('confidence')] || CONFIDENCE.fact).line,
        'line-dash-pattern': [7, 4],
        label: '',
        'font-size': 11,
        color: '#1b1f24',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': 1.5,
        'min-zoomed-font-size': 9,
      },
    },
    // Edge labels where there is room for them: lineage and path views, a
    // selected edge, and any small graph.
    { selector: 'edge.show-label, edge:selected', style: { label: 'data(label)' } },
    { selector: 'edge.stacked', style: { label: 'data(label2)', 'text-rotation': 'none', 'text-wrap': 'wrap', 'text-background-opacity': 0.92 } },
    { selector: 'edge.lineage', style: { width: 3 } },
    // Label spots chosen by labels.js, so that no label covers another or a node.
    { selector: 'node.lp-top', style: { 'text-valign': 'top', 'text-margin-y': -4 } },
    { selector: 'node.lp-right', style: { 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 5, 'text-margin-y': 0 } },
    { selector: 'node.lp-left', style: { 'text-valign': 'center', 'text-halign': 'left', 'text-margin-x': -5, 'text-margin-y': 0 } },
    { selector: 'edge.lm-up', style: { 'text-margin-y': -20 } },
    { selector: 'edge.lm-down', style: { 'text-margin-y': 20 } },
    { selector: 'edge.lm-up2', style: { 'text-margin-y': -40 } },
    { selector: 'edge.lm-down2', style: { 'text-margin-y': 40 } },
    { selector: '.label-hover', style: { label: '' } },
    { selector: 'node.label-hover.hover, node.label-hover:selected', style: { label: 'data(label)', 'z-index': 20 } },
    { selector: 'edge.label-hover.hover, edge.label-hover:selected', style: { label: 'data(label)', 'z-index': 20 } },
    // Drawn against its own direction (lineage or path order): the arrow stays on the "to" end.
    {
      selector: 'edge.reversed',
      style: { 'target-arrow-shape': 'none', 'source-arrow-shape': 'triangle', 'source-arrow-color': (e) => typeColor(e.data('type')) },
    },
    { selector: 'edge:selected', style: { width: 5, 'underlay-color': SELECT, 'underlay-opacity': 0.45, 'underlay-padding': 4, 'overlay-opacity': 0 } },
    { selector: '.onpath', style: { 'underlay-color': SELECT, 'underlay-opacity': 0.55, 'underlay-padding': 5 } },
    { selector: 'edge.onpath', style: { width: 4 } },
    { selector: '.dim', style: { opacity: 0.18 } },
    { selector: '.off', style: { display: 'none' } },
    // Large graphs: no labels until zoomed in, cheaper edges.
    { selector: 'node.big', style: { label: 'data(name)', 'min-zoomed-font-size': 11, width: 14, height: 14, 'text-background-opacity': 0 } },
    { selector: 'edge.big', style: { 'curve-style': 'haystack', 'target-arrow-shape': 'none', width: 1, opacity: 0.6 } },
  ];
  return s;
}

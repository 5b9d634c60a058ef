// Label placement on the graph: no label is drawn across another label or a
// node. Node bodies are fixed by the layout; each node label then takes the
// first of a few spots (below, above, right, left) that is free, in order of
// importance (the entities the view is about, then the best connected); edge
// labels come last, each at its midpoint or shifted up or down. A label with
// no free spot is drawn only while its element is hovered or selected.

const NODE_SPOTS = ['', 'lp-top', 'lp-right', 'lp-left'];
const EDGE_SPOTS = ['', 'lm-up', 'lm-down', 'lm-up2', 'lm-down2'];
const ALL = [...NODE_SPOTS, ...EDGE_SPOTS].filter(Boolean).concat('label-hover').join(' ');
const ANY = ALL.split(' ').map((c) => `.${c}`).join(', ');

const LABEL_ONLY = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false, includeUnderlays: false };
const BODY_ONLY = { includeNodes: true, includeEdges: false, includeLabels: false, includeOverlays: false, includeUnderlays: false };

const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

// resetLabels puts every label back in its default spot, as a layout that
// sizes nodes with their labels needs.
export function resetLabels(cy) {
  // Only the elements that carry a spot: restyling all of a big graph costs.
  const moved = cy.elements(ANY);
  if (moved.nonempty()) cy.batch(() => moved.removeClass(ALL));
}

// declutter places the labels of the visible elements of cy; it returns how
// many labels went to hover-only.
export function declutter(cy, focus) {
  const vis = cy.elements().not('.off');
  resetLabels(cy);
  const placed = [];
  const free = (box, owner) => box.w > 0 && placed.every((o) => o.owner === owner || !overlaps(box, o));
  for (const n of vis.nodes()) placed.push({ ...n.boundingBox(BODY_ONLY), owner: n.id() });
  const rank = (n) => (focus.has(n.id()) ? 1e6 : 0) + n.degree(false);
  const nodes = vis.nodes().sort((a, b) => rank(b) - rank(a) || a.id().localeCompare(b.id()));
  let hidden = 0;
  const fit = (ele, spots, owner) => {
    if (!ele.data('label') || ele.style('label') === '') return true;
    for (const spot of spots) {
      if (spot) ele.addClass(spot);
      const box = ele.boundingBox(LABEL_ONLY);
      if (free(box, owner)) {
        placed.push({ ...box, owner });
        return true;
      }
      if (spot) ele.removeClass(spot);
    }
    ele.addClass('label-hover');
    hidden++;
    return false;
  };
  for (const n of nodes) fit(n, NODE_SPOTS, n.id());
  // An edge label may not cover its own ends either: the owner is the edge.
  for (const e of vis.edges()) fit(e, EDGE_SPOTS, e.id());
  return hidden;
}

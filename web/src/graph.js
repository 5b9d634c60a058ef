// The graph view: one Cytoscape instance, the entities and relationships it
// holds, their layouts (dagre top to bottom for lineage and left to right for
// paths, fcose for neighbourhoods), the as_of and filter visibility, and the
// snapshots that undo restores.
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import svg from 'cytoscape-svg';
import { endedBy, holdsOn, human, knownBy, year } from './dates.js';
import { declutter, resetLabels } from './labels.js';
import { stylesheet } from './styles.js';

cytoscape.use(dagre);
cytoscape.use(fcose);
cytoscape.use(svg);

// For these lineage types the ancestor is the relationship's end ("to"): a
// splinter points at its origin, a branch at its parent. For MERGED_INTO and
// RENAMED_TO it is the start. (internal/entities/vocabulary.go, AncestorEnd.)
const ANCESTOR_IS_TO = new Set(['SPLIT_FROM', 'BRANCH_OF']);

// Above this many nodes the graph is drawn in its cheap style: no labels until
// zoomed in, straight edges without arrows.
export const BIG = 300;

// The largest zoom a fit may leave: labels stay at about their set size.
const MAX_FIT_ZOOM = 1.15;

export class GraphView {
  constructor(container, { onNode, onEdge, onBackground, onExpand }) {
    this.cy = cytoscape({
      container,
      style: stylesheet(),
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      textureOnViewport: false,
      hideEdgesOnViewport: false,
    });
    this.schemaTypes = new Map(); // type -> {verb, from, to, lineage}
    this.hidden = new Map(); // id -> relationships not loaded (from the entity's counts)
    this.focus = new Set(); // ids the view is about; never hidden by as_of
    this.mode = 'neighbors';
    const cy = this.cy;
    // The canvas shrinks when the details panel opens: keep Cytoscape in step.
    new ResizeObserver(() => cy.resize()).observe(container);
    cy.on('tap', 'node', (ev) => onNode(ev.target));
    cy.on('tap', 'edge', (ev) => onEdge(ev.target));
    cy.on('tap', (ev) => { if (ev.target === cy) onBackground(); });
    cy.on('dbltap', 'node', (ev) => onExpand(ev.target.id()));
    // A label with no room of its own shows while its element is hovered.
    cy.on('mouseover', 'node, edge', (ev) => ev.target.addClass('hover'));
    cy.on('mouseout', 'node, edge', (ev) => ev.target.removeClass('hover'));
  }

  setSchema(schema) {
    for (const t of schema.relationship_types) this.schemaTypes.set(t.type, t);
  }

  isEmpty() { return this.cy.nodes().length === 0; }

  // --- building elements ---------------------------------------------------

  nodeElement(e) {
    return {
      group: 'nodes',
      data: {
        id: e.id,
        name: e.name,
        kind: e.kind,
        founded: e.founded || '',
        dissolved: e.dissolved || '',
        entity: e,
        label: e.name,
      },
    };
  }

  // edgeElement draws a relationship. Its Cytoscape source and target are the
  // direction the layout should follow (orient: 'lineage' puts ancestors above
  // descendants); data.from and data.to always keep the relationship's own
  // direction, and the arrow is drawn on the "to" end whichever way it lies.
  edgeElement(r, orient) {
    let source = r.from;
    let target = r.to;
    if (orient === 'lineage' && ANCESTOR_IS_TO.has(r.type)) {
      source = r.to;
      target = r.from;
    } else if (orient && orient.before) {
      // Path order: the node earlier on the path first.
      if (orient.before(r.to, r.from)) {
        source = r.to;
        target = r.from;
      }
    }
    const info = this.schemaTypes.get(r.type);
    const classes = [];
    if (source !== r.from) classes.push('reversed');
    if (info && info.lineage) classes.push('lineage');
    return {
      group: 'edges',
      data: {
        id: r.id,
        source,
        target,
        from: r.from,
        to: r.to,
        type: r.type,
        confidence: r.confidence,
        since: r.since || '',
        until: r.until || '',
        rel: r,
        label: edgeLabel(info ? info.verb : r.type, r),
        label2: r.since ? `${info ? info.verb : r.type}\n${r.since}` : (info ? info.verb : r.type),
      },
      classes: classes.join(' '),
    };
  }

  // replace clears the canvas and draws a graph.
  replace(nodes, edges, { orient, focus = [], mode }) {
    const cy = this.cy;
    this.mode = mode;
    this.focus = new Set(focus);
    cy.batch(() => {
      cy.elements().remove();
      cy.add(nodes.map((n) => this.nodeElement(n)));
      cy.add(edges.filter((r) => cy.getElementById(r.from).nonempty() && cy.getElementById(r.to).nonempty())
        .map((r) => this.edgeElement(r, orient)));
      for (const id of focus) cy.getElementById(id).addClass('focus');
      this.restyleSize();
    });
  }

  // merge adds what is not there yet and returns the added nodes; new nodes
  // start next to the node they were reached from.
  merge(nodes, edges, near) {
    const cy = this.cy;
    const origin = near && cy.getElementById(near).nonempty() ? cy.getElementById(near).position() : { x: 0, y: 0 };
    const orient = this.mode === 'lineage' ? 'lineage' : null;
    let added = cy.collection();
    cy.batch(() => {
      const fresh = nodes.filter((n) => cy.getElementById(n.id).empty());
      fresh.forEach((n, i) => {
        const el = this.nodeElement(n);
        const a = (2 * Math.PI * i) / Math.max(fresh.length, 1);
        el.position = { x: origin.x + 80 * Math.cos(a), y: origin.y + 80 * Math.sin(a) };
        added = added.union(cy.add(el));
      });
      const newEdges = edges.filter((r) => cy.getElementById(r.id).empty()
        && cy.getElementById(r.from).nonempty() && cy.getElementById(r.to).nonempty());
      added = added.union(cy.add(newEdges.map((r) => this.edgeElement(r, orient))));
      this.restyleSize();
    });
    return added;
  }

  remove(id) {
    this.cy.getElementById(id).remove();
    this.hidden.delete(id);
  }

  // collapse removes the neighbours that only hang from id (no other link).
  collapse(id) {
    const n = this.cy.getElementById(id);
    if (n.empty()) return;
    const leaves = n.neighborhood('node').filter((m) => !this.focus.has(m.id())
      && m.neighborhood('node').every((o) => o.id() === id));
    leaves.remove();
  }

  restyleSize() {
    const big = this.cy.nodes().length > BIG;
    this.cy.elements().toggleClass('big', big);
    // A big graph pans and zooms as a picture of itself (Cytoscape's
    // textureOnViewport, which the constructor alone exposes).
    const r = this.cy.renderer();
    if (r) r.textureOnViewport = big;
    // Edge labels where they fit: lineage and paths, or a small graph.
    const showLabels = !big && (this.mode !== 'neighbors' || this.cy.edges().length <= 30);
    this.cy.edges().toggleClass('show-label', showLabels);
    // Lineage and paths run down or across: labels stay level, on two lines.
    this.cy.edges().toggleClass('stacked', showLabels && this.mode !== 'neighbors');
  }

  // --- hidden-neighbour counts ----------------------------------------------

  // setTotal records an entity's relationship total (from its counts) and
  // relabels it with how many of its links are not on the canvas.
  setTotal(id, total) {
    this.hidden.set(id, total);
    this.relabel(this.cy.getElementById(id));
  }

  relabelAll() {
    this.cy.batch(() => this.cy.nodes().forEach((n) => this.relabel(n)));
  }

  relabel(n) {
    if (n.empty()) return;
    const total = this.hidden.get(n.id());
    let label = n.data('name');
    let more = 0;
    if (total !== undefined) {
      more = Math.max(0, total - n.connectedEdges().length);
      if (more > 0) label += `  +${more}`;
    }
    if (n.hasClass('ghost')) label += `\n(from ${year(n.data('founded'))})`;
    if (n.hasClass('ended')) label += `\n(ended ${human(n.data('dissolved'))})`;
    n.data('more', more);
    n.data('label', label);
    n.toggleClass('hidden-more', more > 0);
  }

  // --- visibility: as_of and filters ----------------------------------------

  // applyFilters hides what the as_of date leaves out, the relationship types
  // and entity kinds filtered out, and edges whose ends are hidden. The
  // entities the view is about stay, drawn as ghosts when they did not exist
  // yet. Neighbourhoods and paths show what held on asOf; a lineage shows
  // what was known by asOf, groups that had ended included and marked as
  // ended (internal/entities/semantics.go states both rules).
  applyFilters({ asOf, hideTypes, hideKinds }) {
    const cy = this.cy;
    const lineage = this.mode === 'lineage';
    const holds = lineage ? (start, end) => knownBy(start, asOf) : (start, end) => holdsOn(start, end, asOf);
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const exists = holds(n.data('founded'), n.data('dissolved'));
        n.toggleClass('ended', lineage && exists && endedBy(n.data('dissolved'), asOf));
        const focus = this.focus.has(n.id());
        const kindOff = hideKinds.has(n.data('kind'));
        n.toggleClass('off', !focus && (!exists || kindOff));
        n.toggleClass('ghost', focus && !exists);
      });
      cy.edges().forEach((e) => {
        const off = hideTypes.has(e.data('type'))
          || !holds(e.data('since'), e.data('until'))
          || e.source().hasClass('off') || e.target().hasClass('off');
        e.toggleClass('off', off);
      });
      cy.nodes().forEach((n) => this.relabel(n));
    });
    this.placeLabels();
  }

  // placeLabels moves or hides labels so that none covers another or a node
  // (labels.js). A big graph keeps its labels for when it is zoomed in.
  placeLabels() {
    if (this.cy.nodes().length > BIG) return 0;
    this.labelsHidden = declutter(this.cy, this.focus);
    return this.labelsHidden;
  }

  // --- layouts -----------------------------------------------------------------

  // layout places every node and resolves when it is done.
  layout(kind, { animate = false, fit = true } = {}) {
    const cy = this.cy;
    let opts;
    if (kind === 'lineage' || kind === 'path') {
      opts = {
        name: 'dagre',
        rankDir: kind === 'lineage' ? 'TB' : 'LR',
        nodeSep: kind === 'lineage' ? 30 : 40,
        rankSep: kind === 'lineage' ? 75 : 170,
        edgeSep: 12,
        nodeDimensionsIncludeLabels: true,
        fit,
        padding: 40,
        animate,
        animationDuration: 300,
        // Ancestors with no known date go above those they became.
        sort: (a, b) => (a.data('founded') || '').localeCompare(b.data('founded') || '') || a.id().localeCompare(b.id()),
      };
    } else {
      // fcose's force phase runs at least five iterations per node, which is
      // tens of seconds at 2,000 nodes; a big graph takes its spectral
      // ("draft") layout alone, spread out afterwards (spread, below).
      const big = cy.nodes().length > BIG;
      opts = {
        name: 'fcose',
        quality: big ? 'draft' : 'default',
        randomize: big || !animate,
        animate: animate && !big,
        animationDuration: 400,
        fit: fit && !big,
        padding: 40,
        nodeDimensionsIncludeLabels: !big,
        uniformNodeDimensions: big,
        packComponents: true,
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => 110,
        edgeElasticity: () => 0.45,
        nodeSeparation: 90,
        numIter: 2500,
        tile: true,
      };
    }
    resetLabels(cy);
    const l = cy.layout(opts);
    const started = performance.now();
    const done = l.promiseOn('layoutstop').then(() => {
      // A small graph fitted to the window would be drawn huge: cap the zoom.
      if (opts.quality === 'draft') this.spread(fit);
      this.lastLayoutMs = performance.now() - started;
      this.placeLabels();
      if (fit && cy.zoom() > MAX_FIT_ZOOM && cy.nodes().length <= BIG) {
        cy.zoom(MAX_FIT_ZOOM);
        cy.center();
      }
    });
    l.run();
    return done;
  }

  // spread scales a draft layout about its centre so that each node has about
  // 40×40 pixels at zoom 1: the spectral layout alone packs 2,000 nodes into a
  // few hundred pixels.
  spread(fit) {
    const cy = this.cy;
    const bb = cy.nodes().boundingBox();
    const side = Math.sqrt(cy.nodes().length) * 40;
    const k = side / Math.max(bb.w, bb.h, 1);
    const cx = bb.x1 + bb.w / 2;
    const cyy = bb.y1 + bb.h / 2;
    cy.batch(() => {
      cy.nodes().positions((n) => {
        const p = n.position();
        return { x: cx + (p.x - cx) * k, y: cyy + (p.y - cyy) * k };
      });
    });
    if (fit) cy.fit(undefined, 40);
  }

  fit() {
    const vis = this.cy.elements(':visible');
    this.cy.fit(vis.length ? vis : this.cy.elements(), 40);
    if (this.cy.zoom() > MAX_FIT_ZOOM) {
      this.cy.zoom(MAX_FIT_ZOOM);
      this.cy.center(vis);
    }
  }

  // --- path highlight --------------------------------------------------------

  highlightPath(ids) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass('onpath');
      for (const id of ids) cy.getElementById(id).addClass('onpath');
    });
  }

  // --- undo snapshots --------------------------------------------------------

  snapshot() {
    return {
      elements: this.cy.elements().jsons(),
      hidden: new Map(this.hidden),
      focus: new Set(this.focus),
      mode: this.mode,
    };
  }

  restore(snap) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(snap.elements);
    });
    this.hidden = new Map(snap.hidden);
    this.focus = new Set(snap.focus);
    this.mode = snap.mode;
    this.restyleSize();
  }

  // --- export ------------------------------------------------------------------

  png() {
    return this.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 });
  }

  visibleData() {
    const vis = this.cy.elements().not('.off');
    return {
      nodes: vis.nodes().map((n) => n.data('entity')),
      edges: vis.edges().map((e) => e.data('rel')),
    };
  }
}

function edgeLabel(verb, r) {
  return r.since ? `${verb} (${r.since})` : verb;
}

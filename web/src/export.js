// Export for reports: the view as SVG (vector) or PNG, each with a caption
// that says what the view is and names every source behind what it shows.
import { human } from './dates.js';
import { FONT, withCaption } from './timeline.js';

const CAPTION_FONT = 13;
const LINE_H = 18;

// sourcesOf returns the ids of the sources cited by the evidence and claims of
// the given entities and relationships, in first-cited order.
export function sourcesOf(items) {
  const ids = new Set();
  for (const it of items) {
    for (const ev of it.evidence || []) ids.add(ev.source);
    for (const c of it.claims || []) ids.add(c.source);
  }
  return [...ids];
}

// caption writes the lines under an exported view, wrapped to about maxChars.
export function caption(what, sourceIds, sources, maxChars = 150) {
  const named = sourceIds.map((id) => {
    const s = sources.get(id);
    if (!s) return id;
    const meta = [s.publisher, s.published && human(s.published)].filter(Boolean).join(', ');
    return meta ? `${s.title} (${meta})` : s.title;
  });
  const lines = [what];
  let line = named.length ? `Sources (${named.length}): ` : 'Sources: none recorded';
  named.forEach((n, i) => {
    const piece = `${n}${i < named.length - 1 ? '; ' : '.'}`;
    if (line.length + piece.length > maxChars && line.trim()) { lines.push(line.trimEnd()); line = '  '; }
    line += piece;
  });
  lines.push(line.trimEnd());
  lines.push(`graphapi explorer, ${new Date().toISOString().slice(0, 10)}: ${window.location.href}`);
  return lines;
}

// graphSVG draws the Cytoscape graph as SVG (cytoscape-svg) with the caption.
export function graphSVG(cy, lines) {
  const text = cy.svg({ full: true, scale: 1, bg: '#ffffff' });
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const w = Number(svg.getAttribute('width'));
  const minW = Math.max(...lines.map((l) => l.length)) * 6.5 + 24;
  if (w < minW) svg.setAttribute('width', Math.ceil(minW));
  if (!svg.getAttribute('viewBox')) svg.setAttribute('viewBox', `0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}`);
  return withCaption(document.importNode(svg, true), lines);
}

// pngWithCaption draws a picture (a Blob) on a canvas with the caption below it.
export async function pngWithCaption(picture, lines, scale = 2) {
  const img = await createImageBitmap(picture);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  ctx.font = `${CAPTION_FONT * scale}px ${FONT}`;
  const textW = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 24 * scale;
  canvas.width = Math.ceil(Math.max(img.width, textW));
  canvas.height = Math.ceil(img.height + (lines.length * LINE_H + 12) * scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0);
  ctx.fillStyle = '#1b1f24';
  ctx.font = `${CAPTION_FONT * scale}px ${FONT}`;
  lines.forEach((l, i) => ctx.fillText(l, 12 * scale, img.height + (6 + (i + 1) * LINE_H - 4) * scale));
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

// svgToPNG rasterises an SVG document (text) at the given scale.
export async function svgToPNG(svgText, scale = 2) {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(img.width * scale);
    canvas.height = Math.ceil(img.height * scale);
    const ctx = canvas.getContext('2d');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

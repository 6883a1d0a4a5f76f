import type { SankeyLink, SankeyNode, Trajectories } from '../../../immunotype/trajectories.ts';
import { escapeHtml } from './html.ts';
import { colorOf, FIGURE_WIDTH } from './figures.ts';

/**
 * The flow of participants between immunotypes across the visits (immunotypes.md §2.6), drawn as plain SVG:
 * Observable Plot has no Sankey mark. One column per visit, a bar per immunotype sized by the participants of
 * that type sampled at the visit, and a band per transition between consecutive visits sized by the
 * participants sampled at both. Bands are therefore thinner than their nodes when participants miss a visit:
 * the tables beside the figure give the sampled counts.
 */

const HEIGHT = 320;
const MARGIN = { top: 30, right: 120, bottom: 10, left: 10 };
const NODE_WIDTH = 12;
const GAP = 12;

/** Two decimals: enough for print, and stable text for byte-identical reports. */
const r = (x: number) => String(Number(x.toFixed(2)));

interface Placed extends SankeyNode {
  x: number;
  y: number;
  height: number;
  /** Where the next outgoing / incoming band starts on the node. */
  outOffset: number;
  inOffset: number;
}

/** The left edge of visit v's column. */
function columnX(v: number, visits: number): number {
  return MARGIN.left + (v * (FIGURE_WIDTH - MARGIN.left - MARGIN.right - NODE_WIDTH)) / Math.max(1, visits - 1);
}

function layout(trajectories: Trajectories, scale: number): Map<string, Placed> {
  const { visits } = trajectories;
  const placed = new Map<string, Placed>();
  visits.forEach((visit, v) => {
    let y = MARGIN.top;
    for (const node of trajectories.sankey.nodes.filter((n) => n.visit === visit)) {
      const height = Math.max(1, node.count * scale);
      placed.set(node.id, { ...node, x: columnX(v, visits.length), y, height, outOffset: 0, inOffset: 0 });
      y += height + GAP;
    }
  });
  return placed;
}

function band(link: SankeyLink, source: Placed, target: Placed, scale: number, color: string): string {
  const thickness = link.count * scale;
  const x0 = source.x + NODE_WIDTH;
  const x1 = target.x;
  const y0 = source.y + source.outOffset;
  const y1 = target.y + target.inOffset;
  source.outOffset += thickness;
  target.inOffset += thickness;
  const xm = (x0 + x1) / 2;
  const d =
    `M${r(x0)},${r(y0)}C${r(xm)},${r(y0)} ${r(xm)},${r(y1)} ${r(x1)},${r(y1)}` +
    `L${r(x1)},${r(y1 + thickness)}C${r(xm)},${r(y1 + thickness)} ${r(xm)},${r(y0 + thickness)} ${r(x0)},${r(y0 + thickness)}Z`;
  const title = `${source.immunotype} (${source.visit}) → ${target.immunotype} (${target.visit}): ${link.count}`;
  return `<path d="${d}" fill="${color}" fill-opacity="0.35"><title>${escapeHtml(title)}</title></path>`;
}

/**
 * The Sankey diagram of one kind of trajectory. `colors` is the immunotype order the report's other figures
 * colour by, so a type has one colour throughout; null when nobody was sampled.
 */
export function sankeySvg(figureId: string, trajectories: Trajectories, colors: readonly string[]): string | null {
  const { nodes, links } = trajectories.sankey;
  if (nodes.length === 0) return null;
  const { visits } = trajectories;
  const perVisit = visits.map((visit) => nodes.filter((n) => n.visit === visit));
  const total = Math.max(...perVisit.map((list) => list.reduce((a, n) => a + n.count, 0)));
  const most = Math.max(...perVisit.map((list) => list.length));
  const scale = (HEIGHT - MARGIN.top - MARGIN.bottom - GAP * (most - 1)) / total;
  const placed = layout(trajectories, scale);
  const typeIndex = (id: string) => trajectories.types.indexOf(placed.get(id)!.immunotype);

  // Bands leave a node in the order of their targets and enter in the order of their sources, so they do not cross
  // within a node.
  const ordered = [...links].sort(
    (a, b) =>
      visits.indexOf(placed.get(a.source)!.visit) - visits.indexOf(placed.get(b.source)!.visit) ||
      typeIndex(a.source) - typeIndex(b.source) ||
      typeIndex(a.target) - typeIndex(b.target),
  );
  const incoming = new Map<string, SankeyLink[]>();
  for (const link of [...ordered].sort((a, b) => typeIndex(a.source) - typeIndex(b.source))) {
    incoming.set(link.target, [...(incoming.get(link.target) ?? []), link]);
  }
  // Precompute each band's entry offset so the outgoing order (above) and the incoming order (by source) both hold.
  const entry = new Map<SankeyLink, number>();
  for (const list of incoming.values()) {
    let offset = 0;
    for (const link of list) {
      entry.set(link, offset);
      offset += link.count * scale;
    }
  }
  const bands = ordered.map((link) => {
    const source = placed.get(link.source)!;
    const target = placed.get(link.target)!;
    target.inOffset = entry.get(link)!;
    return band(link, source, target, scale, colorOf(colors, source.immunotype));
  });

  const rects = [...placed.values()].map((node) => {
    const label = `${node.immunotype} ${node.count}`;
    const color = colorOf(colors, node.immunotype);
    return (
      `<rect x="${r(node.x)}" y="${r(node.y)}" width="${NODE_WIDTH}" height="${r(node.height)}" fill="${color}">` +
      `<title>${escapeHtml(`${node.visit}: ${label}`)}</title></rect>` +
      `<text x="${r(node.x + NODE_WIDTH + 4)}" y="${r(node.y + node.height / 2)}" dy="0.32em" class="halo">${escapeHtml(label)}</text>`
    );
  });
  const headers = visits.map((visit, v) => {
    const x = columnX(v, visits.length);
    const sampled = trajectories.sampled[visit] ?? 0;
    return `<text x="${r(x)}" y="12" font-weight="bold">${escapeHtml(visit)}</text><text x="${r(x)}" y="24">n = ${sampled}</text>`;
  });

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" id="${figureId}" class="sankey" width="${FIGURE_WIDTH}" height="${HEIGHT}" ` +
    `viewBox="0 0 ${FIGURE_WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="9" role="img">` +
    `<style>#${figureId} .halo { paint-order: stroke; stroke: white; stroke-width: 3px; stroke-linejoin: round; }</style>` +
    `<g>${bands.join('')}</g><g>${rects.join('')}</g><g>${headers.join('')}</g></svg>`
  );
}

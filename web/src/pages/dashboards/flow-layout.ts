import type { Count } from '../../../../src/features/dashboards/contract.ts';

/**
 * The STROBE flow diagram's geometry, from the flow answer's nodes (translated by the caller). Pure, so the
 * picture can be tested and the SVG exported as drawn.
 *
 * One column of "main" boxes runs down the page, one per stage (screened → eligible → approached → enrolled →
 * sampled at each visit → analysed); the other nodes of a stage (not eligible, declined, consent refused …) are
 * "side" boxes to the right, in the gap above their stage's main box, each with an arrow branching off the main
 * line. A main box whose node has a breakdown (the reasons a visit has no sample) gets a "reasons" box beside it.
 * The main box of a stage is the node the flow continues from (most descendants). A stage of leaves only (the
 * consent outcomes of the enrolled) has none: its nodes are parts of their parent rather than exclusions, so
 * they share one "group" box, joined to the main line by a dotted connector instead of an arrow.
 */

export interface FlowNodeInput {
  id: string;
  stage: number;
  parent: string | null;
  /** The node's label, translated. */
  title: string;
  count: Count;
  breakdown: readonly { key: string; label: string; count: Count }[];
  /** The heading of the box beside a main node that lists its breakdown (e.g. "No sample at D3"). */
  reasonsTitle: string;
  /** The heading of the box that groups a stage of leaves (e.g. "Consent"), from the stage's first node. */
  groupTitle: string;
}

export interface FlowLayoutOptions {
  /** The text of a box's count, e.g. "n = 1,234". */
  countText: (n: number) => string;
  /** A number as it reads (a breakdown's count). */
  numberText: (n: number) => string;
}

export type BoxKind = 'main' | 'side' | 'reasons' | 'group';

export interface TextLine {
  text: string;
  x: number;
  y: number;
  size: number;
  bold: boolean;
  anchor: 'start' | 'middle' | 'end';
  /** The count the text shows, when it is one: drawn as a link to the rows behind it (unless 0). */
  count: Count | null;
  /** What that count counts: the node's title, or its title and the breakdown part's label. */
  what: string | null;
}

export interface FlowBox {
  /** The node's id; a reasons box is `<id>#reasons`, a group box `stage:<stage>`. */
  key: string;
  nodeId: string;
  kind: BoxKind;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: TextLine[];
}

export interface FlowArrow {
  from: string;
  to: string;
  /** Polyline points; the arrowhead is at the last one. */
  points: [number, number][];
  /** The dotted connector of a reasons or group box (no arrowhead). */
  dashed: boolean;
}

export interface FlowLayout {
  width: number;
  height: number;
  boxes: FlowBox[];
  arrows: FlowArrow[];
}

export const geometry = {
  margin: 12,
  /** Room left of the main column for a line that skips boxes. */
  bypass: 28,
  mainWidth: 250,
  sideWidth: 300,
  columnGap: 56,
  padding: 10,
  titleSize: 14,
  countSize: 13,
  breakdownSize: 12,
  /**
   * Average glyph width as a fraction of the font size, generous (DejaVu Sans, the widest common default), so
   * that text wraps inside its box without measuring it; bold is wider.
   */
  glyph: 0.6,
  boldGlyph: 0.68,
  boxGap: 12,
  /** Height of a gap between two main boxes that holds no side box. */
  emptyGap: 30,
} as const;

const lineHeight = (size: number) => Math.round(size * 1.35);

/** Greedy word wrap to at most `maxChars` a line; a longer word stays whole on its own line. */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= maxChars) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length === 0 ? [''] : lines;
}

/** Characters of `size` that fit in `width` pixels. */
function fits(width: number, size: number, bold = false): number {
  return Math.max(4, Math.floor(width / (size * (bold ? geometry.boldGlyph : geometry.glyph))));
}

interface Block {
  height: number;
  /** Lines positioned relative to the box's top-left corner. */
  lines: TextLine[];
}

/** A box's content: title, count, then the breakdown (label left, count right). */
function boxContent(
  width: number,
  title: string,
  count: Count | null,
  breakdown: FlowNodeInput['breakdown'],
  centred: boolean,
  options: FlowLayoutOptions,
  /** The node the breakdown belongs to, for what its counts count; null when the parts are nodes (a group). */
  owner: string | null = title,
): Block {
  const g = geometry;
  const lines: TextLine[] = [];
  const x = centred ? width / 2 : g.padding;
  const anchor = centred ? 'middle' : 'start';
  let y = g.padding;
  for (const text of wrapText(title, fits(width - 2 * g.padding, g.titleSize, true))) {
    y += lineHeight(g.titleSize);
    lines.push({ text, x, y: y - 4, size: g.titleSize, bold: true, anchor, count: null, what: null });
  }
  if (count !== null) {
    y += lineHeight(g.countSize);
    const line = { x, y: y - 4, size: g.countSize, bold: false, anchor, count, what: title } as const;
    lines.push({ ...line, text: options.countText(count.n) });
  }
  if (breakdown.length > 0) y += 4;
  for (const part of breakdown) {
    const number = options.numberText(part.count.n);
    const room = width - 2 * g.padding - (number.length + 2) * g.breakdownSize * g.glyph;
    const wrapped = wrapText(part.label, fits(room, g.breakdownSize));
    wrapped.forEach((text, i) => {
      y += lineHeight(g.breakdownSize);
      const base = { y: y - 4, size: g.breakdownSize, bold: false };
      lines.push({ ...base, text, x: g.padding, anchor: 'start', count: null, what: null });
      if (i === 0) {
        const what = owner === null ? part.label : `${owner} · ${part.label}`;
        lines.push({ ...base, text: number, x: width - g.padding, anchor: 'end', count: part.count, what });
      }
    });
  }
  return { height: y + g.padding, lines };
}

function place(block: Block, x: number, y: number): TextLine[] {
  return block.lines.map((line) => ({ ...line, x: line.x + x, y: line.y + y }));
}

/** How many nodes descend from each node (through `parent`). */
function descendants(nodes: readonly FlowNodeInput[]): Map<string, number> {
  const result = new Map(nodes.map((n) => [n.id, 0]));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of nodes) {
    const seen = new Set<string>([node.id]);
    for (let up = node.parent; up !== null && !seen.has(up); up = byId.get(up)?.parent ?? null) {
      seen.add(up);
      if (result.has(up)) result.set(up, (result.get(up) ?? 0) + 1);
    }
  }
  return result;
}

/** The main node of each stage: the one the flow continues from; none for a stage of several leaves. */
export function mainNodes(nodes: readonly FlowNodeInput[]): Set<string> {
  const below = descendants(nodes);
  const main = new Set<string>();
  const stages = [...new Set(nodes.map((n) => n.stage))];
  for (const stage of stages) {
    const at = nodes.filter((n) => n.stage === stage);
    if (at.length === 1 && at[0] !== undefined) {
      main.add(at[0].id);
      continue;
    }
    const best = [...at].sort((a, b) => (below.get(b.id) ?? 0) - (below.get(a.id) ?? 0))[0];
    if (best !== undefined && (below.get(best.id) ?? 0) > 0) main.add(best.id);
  }
  return main;
}

/**
 * Lays the flow out. Side nodes counting nobody are left out (the table beside the diagram lists them), and so
 * are breakdown parts of 0.
 */
export function layoutFlow(nodes: readonly FlowNodeInput[], options: FlowLayoutOptions): FlowLayout {
  const g = geometry;
  const main = mainNodes(nodes);
  const mainX = g.margin + g.bypass;
  const sideX = mainX + g.mainWidth + g.columnGap;
  const boxes: FlowBox[] = [];
  const arrows: FlowArrow[] = [];
  const nonZero = (n: FlowNodeInput) => n.breakdown.filter((b) => b.count.n > 0);
  let y = g.margin;
  let previousMain: FlowBox | null = null;
  const groups: { box: FlowBox; parent: string | null }[] = [];

  const stages = [...new Set(nodes.map((n) => n.stage))].sort((a, b) => a - b);
  for (const stage of stages) {
    const at = nodes.filter((n) => n.stage === stage);
    const side = at.filter((n) => !main.has(n.id) && n.count.n > 0);
    const mainNode = at.find((n) => main.has(n.id));
    const grouped =
      mainNode === undefined &&
      side.length > 1 &&
      side.every((n) => n.parent === side[0]?.parent && nonZero(n).length === 0);

    // The gap above the stage's main box, holding its side boxes.
    if (previousMain !== null || side.length > 0) {
      if (side.length === 0) y += g.emptyGap;
      else if (grouped) {
        y += g.boxGap + 6;
        const parts = side.map((n) => ({ key: n.id, label: n.title, count: n.count }));
        const first = side[0];
        const block = boxContent(g.sideWidth, first?.groupTitle ?? '', null, parts, false, options, null);
        const box: FlowBox = {
          key: `stage:${stage}`,
          nodeId: first?.id ?? '',
          kind: 'group',
          x: sideX,
          y,
          width: g.sideWidth,
          height: block.height,
          lines: place(block, sideX, y),
        };
        boxes.push(box);
        groups.push({ box, parent: first?.parent ?? null });
        y += block.height + g.boxGap + 6;
      } else {
        y += g.boxGap + 6;
        side.forEach((node, i) => {
          if (i > 0) y += g.boxGap;
          const block = boxContent(g.sideWidth, node.title, node.count, nonZero(node), false, options);
          boxes.push({
            key: node.id,
            nodeId: node.id,
            kind: 'side',
            x: sideX,
            y,
            width: g.sideWidth,
            height: block.height,
            lines: place(block, sideX, y),
          });
          y += block.height;
        });
        y += g.boxGap + 6;
      }
    }

    if (mainNode !== undefined) {
      const block = boxContent(g.mainWidth, mainNode.title, mainNode.count, [], true, options);
      const box: FlowBox = {
        key: mainNode.id,
        nodeId: mainNode.id,
        kind: 'main',
        x: mainX,
        y,
        width: g.mainWidth,
        height: block.height,
        lines: place(block, mainX, y),
      };
      boxes.push(box);
      let rowHeight = block.height;
      const reasons = nonZero(mainNode);
      if (reasons.length > 0) {
        const side = boxContent(g.sideWidth, mainNode.reasonsTitle, null, reasons, false, options, mainNode.title);
        boxes.push({
          key: `${mainNode.id}#reasons`,
          nodeId: mainNode.id,
          kind: 'reasons',
          x: sideX,
          y,
          width: g.sideWidth,
          height: side.height,
          lines: place(side, sideX, y),
        });
        const mid = y + Math.min(block.height, side.height) / 2;
        arrows.push({
          from: mainNode.id,
          to: `${mainNode.id}#reasons`,
          points: [
            [mainX + g.mainWidth, mid],
            [sideX, mid],
          ],
          dashed: true,
        });
        rowHeight = Math.max(rowHeight, side.height);
      }
      y += rowHeight;
      previousMain = box;
    }
  }

  const boxOf = new Map(boxes.filter((b) => b.kind === 'main' || b.kind === 'side').map((b) => [b.key, b]));
  const mainBoxes = boxes.filter((b) => b.kind === 'main');
  for (const node of nodes) {
    const child = boxOf.get(node.id);
    const parent = node.parent === null ? undefined : boxOf.get(node.parent);
    if (child === undefined || parent === undefined) continue;
    arrows.push({ from: parent.key, to: child.key, points: arrowPoints(parent, child, mainBoxes), dashed: false });
  }
  for (const { box, parent } of groups) {
    const from = parent === null ? undefined : boxOf.get(parent);
    if (from === undefined) continue;
    // The main line already runs past the group when the flow goes on below it: only the branch is drawn.
    const x = from.x + from.width / 2;
    const y = box.y + box.height / 2;
    const onMainLine = from.kind === 'main' && mainBoxes.some((b) => b.y > box.y);
    const points: [number, number][] = onMainLine
      ? [
          [x, y],
          [box.x, y],
        ]
      : arrowPoints(from, box, mainBoxes);
    arrows.push({ from: from.key, to: box.key, points, dashed: true });
  }

  const width = sideX + g.sideWidth + g.margin;
  return { width, height: Math.ceil(y + g.margin), boxes, arrows };
}

function arrowPoints(parent: FlowBox, child: FlowBox, mainBoxes: readonly FlowBox[]): [number, number][] {
  const px = parent.x + parent.width / 2;
  const bottom = parent.y + parent.height;
  const cx = child.x + child.width / 2;
  const cy = child.y + child.height / 2;
  const between = mainBoxes.some((b) => b !== parent && b !== child && b.y >= bottom && b.y + b.height <= child.y);
  if (child.kind === 'main' && parent.kind === 'main' && between) {
    // Around the boxes in between, on the left of the main column.
    const left = parent.x - geometry.bypass / 2 - 4;
    const py = parent.y + parent.height / 2;
    return [
      [parent.x, py],
      [left, py],
      [left, cy],
      [child.x, cy],
    ];
  }
  if (Math.abs(px - cx) < child.width / 2 && child.x <= px && px <= child.x + child.width) {
    return [
      [px, bottom],
      [px, child.y],
    ];
  }
  // Down the parent's line, then across to the child's near side.
  const edge = cx > px ? child.x : child.x + child.width;
  return [
    [px, bottom],
    [px, cy],
    [edge, cy],
  ];
}

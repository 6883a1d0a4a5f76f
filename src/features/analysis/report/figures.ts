import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';

/**
 * The report's figures are Observable Plot charts rendered on the server: Plot only needs a DOM to build its
 * SVG, so it gets a jsdom document and we keep the serialised markup. The report must be byte-identical for the
 * same run (it is archived beside the run and compared), but Plot numbers its clip paths and patterns with a
 * module-global counter and gives every chart the same class: `FigureIds` renames both per figure from a
 * counter owned by one report, so the ids are stable and unique within the document.
 */

/** Plot's "observable10" scheme, fixed here so an immunotype has the same colour in every figure. */
export const PALETTE = [
  '#4269d0',
  '#efb118',
  '#ff725c',
  '#6cc5b0',
  '#3ca951',
  '#ff8ab7',
  '#a463f2',
  '#97bbf5',
  '#9c6b4e',
  '#9498a0',
];

export const FIGURE_WIDTH = 640;

let shared: Document | null = null;

/** One document for all figures: creating a jsdom window costs far more than a chart. */
function plotDocument(): Document {
  shared ??= new JSDOM('<!DOCTYPE html><html><body></body></html>').window.document;
  return shared;
}

export class FigureIds {
  private count = 0;

  /** The id of the next figure: fig1, fig2, … in the order the report renders them. */
  next(): string {
    this.count += 1;
    return `fig${this.count}`;
  }
}

/** Renames Plot's class and its global clip-path/pattern ids to ids of this figure, in order of appearance. */
export function stableIds(markup: string, figureId: string): string {
  const local = new Map<string, string>();
  const renamed = markup.replace(/plot-(clip|pattern)-\d+/g, (id, kind: string) => {
    let name = local.get(id);
    if (name === undefined) {
      name = `${figureId}-${kind}-${local.size + 1}`;
      local.set(id, name);
    }
    return name;
  });
  return renamed.replace(/plot-[0-9a-f]{6}/g, figureId);
}

/** A Plot chart as markup (an <svg>, or a <figure> holding the legend and the <svg>). */
export function plotSvg(ids: FigureIds, options: Plot.PlotOptions): string {
  const chart = Plot.plot({ width: FIGURE_WIDTH, ...options, document: plotDocument() });
  return stableIds(chart.outerHTML, ids.next());
}

/**
 * The colour scale of the groups shown, each coloured by its place in `order` (all the types a report colours
 * by), so an immunotype keeps its colour across the figures even where other types are absent.
 */
export function groupColors(groups: readonly string[], order: readonly string[] = groups): Plot.ScaleOptions {
  return { type: 'ordinal', domain: [...groups], range: groups.map((g) => colorOf(order, g)), legend: true };
}

export function colorOf(groups: readonly string[], group: string): string {
  const i = groups.indexOf(group);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]!;
}

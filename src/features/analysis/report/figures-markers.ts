import * as Plot from '@observablehq/plot';
import type { ClassifierOutputs } from '../../../immunotype/analysis-run.ts';
import type { VolcanoPoint } from '../../../immunotype/marker-associations.ts';
import { FIGURE_WIDTH, groupColors, PALETTE, plotSvg, type FigureIds } from './figures.ts';

/**
 * Marker figures: the volcano plots of the per-marker associations (effect against −log10 p, the markers that
 * pass the FDR named) and the classifier's out-of-fold ROC curves.
 */

/** Markers named in a volcano plot: the most significant ones, so labels do not pile up on a large panel. */
const LABELLED = 10;
export const FDR = 0.05;

export function volcanoFigure(ids: FigureIds, points: readonly VolcanoPoint[], effectLabel: string): string {
  const rows = points.map((p) => ({ ...p, significant: p.q < FDR ? `q < ${FDR}` : `q ≥ ${FDR}` }));
  const labelled = [...rows]
    .sort((a, b) => a.q - b.q || b.minusLog10P - a.minusLog10P || a.marker.localeCompare(b.marker))
    .slice(0, LABELLED);
  const extent = Math.max(0.5, ...rows.map((p) => Math.abs(p.effect)));
  return plotSvg(ids, {
    width: FIGURE_WIDTH / 2,
    height: 280,
    inset: 8,
    x: { label: effectLabel, domain: [-extent, extent], grid: true },
    y: { label: '−log10 p', grid: true, zero: true },
    color: { type: 'ordinal', domain: [`q < ${FDR}`, `q ≥ ${FDR}`], range: [PALETTE[2]!, '#9498a0'], legend: true },
    marks: [
      Plot.ruleX([0], { stroke: '#999' }),
      Plot.dot(rows, { x: 'effect', y: 'minusLog10P', fill: 'significant', r: 3 }),
      Plot.text(labelled, { x: 'effect', y: 'minusLog10P', text: 'marker', dy: -7, fontSize: 8 }),
    ],
  });
}

export function rocFigure(ids: FigureIds, classifier: ClassifierOutputs, immunotypes: readonly string[]): string {
  const rows = classifier.roc.flatMap((curve) => {
    const points = curve.fpr.map((fpr, i) => ({ immunotype: curve.immunotype, fpr, tpr: curve.tpr[i]! }));
    // rocOneVsRest's curves start at its highest threshold; the corner (0, 0) closes the curve visibly.
    return points[0]?.fpr === 0 && points[0].tpr === 0
      ? points
      : [{ immunotype: curve.immunotype, fpr: 0, tpr: 0 }, ...points];
  });
  return plotSvg(ids, {
    width: FIGURE_WIDTH / 2 + 40,
    height: 300,
    x: { label: 'False positive rate (1 − specificity)', domain: [0, 1] },
    y: { label: 'True positive rate (sensitivity)', domain: [0, 1], grid: true },
    color: groupColors(immunotypes),
    marks: [
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: '#999', strokeDasharray: '4,3' },
      ),
      Plot.line(rows, { x: 'fpr', y: 'tpr', stroke: 'immunotype' }),
    ],
  });
}

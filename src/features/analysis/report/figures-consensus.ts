import type { ConsensusHeatmap } from '../../../immunotype/discovery.ts';
import * as Plot from '@observablehq/plot';
import type { DiscoveryOutputs } from '../../../immunotype/pipeline.ts';
import { num } from './html.ts';
import { FIGURE_WIDTH, PALETTE, plotSvg, type FigureIds } from './figures.ts';

/**
 * The figures of the choice of k (Monti et al. 2003; Șenbabaoğlu et al. 2014) and the immunotype profiles.
 * They show what the suggestion rule saw: the consensus CDFs and their area gain, PAC beside the mean
 * silhouette (the rule itself), with the suggested and the chosen k marked so an overruled suggestion is
 * visible at a glance.
 */

const kLabel = (k: number) => `k = ${k}`;

export function consensusCdfFigure(ids: FigureIds, discovery: DiscoveryOutputs): string {
  const ks = discovery.byK.map((r) => r.k);
  const rows = discovery.byK.flatMap((r) =>
    r.cdf.map((cdf, i) => ({ k: kLabel(r.k), consensus: (i + 1) / r.cdf.length, cdf })),
  );
  return plotSvg(ids, {
    height: 300,
    x: { label: 'Consensus index', domain: [0, 1] },
    y: { label: 'CDF', domain: [0, 1], grid: true },
    color: {
      type: 'ordinal',
      domain: ks.map(kLabel),
      range: ks.map((_k, i) => PALETTE[i % PALETTE.length]!),
      legend: true,
    },
    marks: [Plot.line(rows, { x: 'consensus', y: 'cdf', stroke: 'k', curve: 'step-after' })],
  });
}

export function deltaAreaFigure(ids: FigureIds, discovery: DiscoveryOutputs): string {
  const rows = discovery.byK.map((r) => ({ k: r.k, delta: r.deltaArea }));
  return plotSvg(ids, {
    width: FIGURE_WIDTH / 2,
    height: 220,
    x: { label: 'k', type: 'point', domain: rows.map((r) => r.k) },
    y: { label: 'Relative change in CDF area', grid: true, zero: true },
    marks: [Plot.line(rows, { x: 'k', y: 'delta' }), Plot.dot(rows, { x: 'k', y: 'delta', fill: 'currentColor' })],
  });
}

/** PAC (lower is more stable) and mean silhouette (the suggestion's criterion) by k, suggested and chosen k marked. */
export function kSelectionFigure(ids: FigureIds, discovery: DiscoveryOutputs): string {
  const ks = discovery.byK.map((r) => r.k);
  const rows = discovery.byK.flatMap((r) => [
    { k: r.k, measure: 'PAC', value: r.pac },
    { k: r.k, measure: 'Mean silhouette', value: r.silhouette },
  ]);
  const marks = [
    { k: discovery.suggestedK, label: 'suggested', dash: '4,3' },
    ...(discovery.k === discovery.suggestedK ? [] : [{ k: discovery.k, label: 'chosen', dash: 'none' }]),
  ];
  const label = marks.length === 1 ? [{ ...marks[0]!, label: 'suggested = chosen' }] : marks;
  return plotSvg(ids, {
    width: FIGURE_WIDTH / 2,
    height: 220,
    x: { label: 'k', type: 'point', domain: ks },
    y: { label: 'Value', grid: true, domain: [Math.min(0, ...rows.map((r) => r.value)), 1] },
    color: { type: 'ordinal', domain: ['PAC', 'Mean silhouette'], range: [PALETTE[2]!, PALETTE[0]!], legend: true },
    marks: [
      ...label.map((m) => Plot.ruleX([m.k], { stroke: '#555', strokeDasharray: m.dash })),
      Plot.text(label, { x: 'k', text: 'label', dy: -6, dx: 3, textAnchor: 'start', frameAnchor: 'top' }),
      Plot.line(rows, { x: 'k', y: 'value', stroke: 'measure' }),
      Plot.dot(rows, { x: 'k', y: 'value', fill: 'measure' }),
    ],
  });
}

/**
 * Marker medians per immunotype: coloured by the z-score of the log median across the immunotypes (each marker
 * on its own scale: concentrations span six orders of magnitude), labelled with the median itself.
 */
export function profileHeatmap(ids: FigureIds, discovery: DiscoveryOutputs): string {
  const markers = discovery.panel.map((m) => m.code);
  const cells = markers.flatMap((marker, j) => {
    const logs = discovery.profiles.map((p) => {
      const median = p.medians[j] ?? null;
      return median !== null && median > 0 ? Math.log10(median) : null;
    });
    const present = logs.filter((v): v is number => v !== null);
    const mean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length);
    const sd = Math.sqrt(present.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, present.length - 1));
    return discovery.profiles.map((p, c) => ({
      marker,
      immunotype: p.immunotype,
      z: logs[c] === null ? null : sd > 0 ? (logs[c]! - mean) / sd : 0,
      label: num(p.medians[j] ?? null),
    }));
  });
  const limit = Math.max(1, ...cells.map((c) => Math.abs(c.z ?? 0)));
  return plotSvg(ids, {
    width: Math.min(FIGURE_WIDTH, 120 + 90 * discovery.profiles.length),
    height: 50 + 18 * markers.length,
    marginLeft: 100,
    padding: 0.05,
    x: { label: null, domain: discovery.names, axis: 'top' },
    y: { label: null, domain: markers },
    color: {
      // Quantised: a continuous ramp legend is drawn on a canvas, which a server-side DOM does not have.
      type: 'quantize',
      n: 7,
      scheme: 'BuRd',
      domain: [-limit, limit],
      legend: true,
      label: 'z-score of log median',
    },
    marks: [
      Plot.cell(cells, { x: 'immunotype', y: 'marker', fill: 'z' }),
      Plot.text(cells, { x: 'immunotype', y: 'marker', text: 'label', fontSize: 9 }),
    ],
  });
}

/**
 * The consensus matrix of the chosen k (samples ordered by immunotype, then by their stability, averaged into
 * at most 100 × 100 cells): clean blocks on the diagonal are stable immunotypes.
 */
export function consensusHeatmapFigure(ids: FigureIds, heatmap: ConsensusHeatmap, names: readonly string[]): string {
  const size = heatmap.cells.length;
  const cells = heatmap.cells.flatMap((row, a) => row.map((value, b) => ({ a, b, value })));
  const edges = heatmap.bucketImmunotype.flatMap((c, a) =>
    a > 0 && c !== heatmap.bucketImmunotype[a - 1] ? [{ at: a, name: names[c] ?? '' }] : [],
  );
  return plotSvg(ids, {
    width: 420,
    height: 420,
    marginLeft: 20,
    marginBottom: 20,
    x: { axis: null, domain: [0, size] },
    y: { axis: null, domain: [size, 0] },
    color: { type: 'quantize', n: 5, scheme: 'Blues', domain: [0, 1], legend: true, label: 'consensus' },
    marks: [
      Plot.rect(cells, {
        x1: 'b',
        x2: (d: { b: number }) => d.b + 1,
        y1: 'a',
        y2: (d: { a: number }) => d.a + 1,
        fill: 'value',
      }),
      Plot.ruleX(edges, { x: 'at', stroke: 'black', strokeWidth: 0.5 }),
      Plot.ruleY(edges, { y: 'at', stroke: 'black', strokeWidth: 0.5 }),
    ],
  });
}

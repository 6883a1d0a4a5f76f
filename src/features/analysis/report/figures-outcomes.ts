import * as Plot from '@observablehq/plot';
import type { OutcomeAnalysis } from '../../../immunotype/outcomes.ts';
import { table } from './html.ts';
import { groupColors, plotSvg, type FigureIds } from './figures.ts';

/**
 * Survival and competing-risk figures per immunotype. Both are step functions: Kaplan–Meier and Aalen–Johansen
 * estimates only change at event times, and a smoothed line would show risk changing where no event occurred.
 * The pointwise 95% bands are steps too, drawn under the curves.
 */

interface StepPoint {
  group: string;
  time: number;
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * The curve's points from time 0; a missing limit (R's NA where S = 1 or S = 0, or F = 0) is drawn as the
 * estimate itself, so the band narrows to the curve there instead of breaking.
 */
function steps(
  group: string,
  start: number,
  time: readonly number[],
  estimate: readonly number[],
  lower: readonly (number | null)[],
  upper: readonly (number | null)[],
): StepPoint[] {
  const points = time.map((t, i) => ({
    group,
    time: t,
    estimate: estimate[i]!,
    lower: lower[i] ?? estimate[i]!,
    upper: upper[i] ?? estimate[i]!,
  }));
  return time[0] === 0 ? points : [{ group, time: 0, estimate: start, lower: start, upper: start }, ...points];
}

/** Kaplan–Meier curves with their bands; null when no group has a curve. `colors`: the colour order of the groups. */
export function survivalFigure(
  ids: FigureIds,
  outcomes: OutcomeAnalysis,
  colors: readonly string[] = outcomes.groups,
): string | null {
  const curves = outcomes.survival.filter((c) => c.reason === null && c.time.length > 0);
  if (curves.length === 0) return null;
  const points = curves.flatMap((c) => steps(c.group, 1, c.time, c.survival, c.lower, c.upper));
  const horizon = Math.max(...points.map((p) => p.time), ...(curves[0]?.riskTimes ?? []));
  return plotSvg(ids, {
    height: 300,
    x: { label: 'Days from inclusion', domain: [0, horizon] },
    y: { label: 'Survival probability', domain: [0, 1], grid: true },
    color: groupColors(outcomes.groups, colors),
    marks: [
      Plot.areaY(points, {
        x: 'time',
        y1: 'lower',
        y2: 'upper',
        fill: 'group',
        fillOpacity: 0.15,
        curve: 'step-after',
      }),
      Plot.lineY(points, { x: 'time', y: 'estimate', stroke: 'group', curve: 'step-after' }),
    ],
  });
}

/** The numbers at risk under the Kaplan–Meier figure, one row per immunotype. */
export function riskTable(outcomes: OutcomeAnalysis): string {
  const times = outcomes.survival[0]?.riskTimes ?? [];
  return table(
    ['Number at risk', ...times.map((t) => `${t} d`)],
    outcomes.survival.map((c) => [c.group, ...c.atRisk]),
    { rowHeaders: true, className: 'risk' },
  );
}

/** Cumulative incidence of each competing endpoint (one panel per endpoint); null without any curve. */
export function incidenceFigure(
  ids: FigureIds,
  outcomes: OutcomeAnalysis,
  colors: readonly string[] = outcomes.groups,
): string | null {
  const points = outcomes.competing.flatMap((endpoint) =>
    endpoint.groups
      .filter((c) => c.time.length > 0)
      .flatMap((c) =>
        steps(c.group, 0, c.time, c.estimate, c.lower, c.upper).map((p) => ({ ...p, endpoint: endpoint.endpoint })),
      ),
  );
  if (points.length === 0) return null;
  const endpoints = outcomes.competing.map((e) => e.endpoint);
  const horizon = Math.max(...points.map((p) => p.time), ...outcomes.mortality.map((m) => m.horizon));
  return plotSvg(ids, {
    height: 260,
    marginRight: 10,
    fx: { label: null, domain: endpoints },
    x: { label: 'Days from inclusion', domain: [0, horizon], ticks: 4 },
    y: {
      label: 'Cumulative incidence',
      domain: [0, Math.min(1, Math.max(0.1, ...points.map((p) => p.upper)))],
      grid: true,
    },
    color: groupColors(outcomes.groups, colors),
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.areaY(points, {
        fx: 'endpoint',
        x: 'time',
        y1: 'lower',
        y2: 'upper',
        fill: 'group',
        fillOpacity: 0.12,
        curve: 'step-after',
      }),
      Plot.lineY(points, { fx: 'endpoint', x: 'time', y: 'estimate', stroke: 'group', curve: 'step-after' }),
    ],
  });
}

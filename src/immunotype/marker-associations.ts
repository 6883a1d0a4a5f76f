/**
 * Per-marker associations (issue 14 §4, first bullet): each biomarker against the immunotype (Kruskal–Wallis)
 * and, when survival is given, against survival (Cox per SD of log value), both with Benjamini–Hochberg q
 * over the markers; plus the volcano coordinates for the report. Concentrations are skewed and positive, so
 * the survival model uses their logarithm, standardised so hazard ratios compare across markers.
 */
import { InputError } from '../core/errors.ts';
import { adjustBH } from '../stats/p-adjust.ts';
import { coxph } from '../stats/survival/cox.ts';
import { kruskalWallis } from '../stats/tests/kruskal-wallis.ts';
import type { SurvivalTime } from './outcome-types.ts';
import { finiteOrNull, groupOrder, orReason, quantileSorted } from './outcomes-values.ts';

export interface MarkerInput {
  markers: string[];
  /** n × p, row-major (values[i·p + j] = marker j of subject i); NaN = missing. */
  values: Float64Array;
  /** The immunotype of each row. */
  groups: string[];
  /** Survival of each row (null = unknown); when absent, no survival associations. */
  survival?: (SurvivalTime | null)[];
  /** Group order of the medians; default the groups present, sorted. */
  groupOrder?: string[];
}

export interface MarkerAssociation {
  marker: string;
  /** Rows with a value. */
  n: number;
  medians: { group: string; n: number; median: number | null }[];
  kruskalWallis: { statistic: number | null; df: number | null; p: number | null; q: number | null };
  /** log2(highest group median / lowest group median); null unless both are positive. */
  log2FoldChange: number | null;
  highGroup: string | null;
  lowGroup: string | null;
  /** Cox model of survival on (log value − mean)/SD: the hazard ratio per SD; null without survival. */
  survival: {
    n: number;
    events: number;
    /** Rows left out because the value is ≤ 0 (no logarithm). */
    nonPositive: number;
    logHr: number | null;
    hr: number | null;
    lower: number | null;
    upper: number | null;
    p: number | null;
    q: number | null;
  } | null;
  /** Why a test is missing (too few values, all equal, no deaths, …), else null. */
  reason: string | null;
}

export interface VolcanoPoint {
  marker: string;
  /** log2 fold change (immunotype) or log hazard ratio per SD (survival). */
  effect: number;
  /** −log10 p; p = 0 (underflow) is plotted at −log10 of the smallest double, about 323. */
  minusLog10P: number;
  q: number;
}

export interface MarkerAssociations {
  groups: string[];
  markers: MarkerAssociation[];
  volcano: { immunotype: VolcanoPoint[]; survival: VolcanoPoint[] | null };
}

export function markerAssociations(input: MarkerInput): MarkerAssociations {
  const { markers, values, groups: rowGroups, survival } = input;
  const n = rowGroups.length;
  const p = markers.length;
  if (values.length !== n * p)
    throw new InputError('values', `values has ${values.length} entries, expected ${n} rows × ${p} markers`);
  if (survival !== undefined && survival.length !== n)
    throw new InputError('survival', `survival has ${survival.length} entries for ${n} rows`);
  survival?.forEach((s, i) => {
    if (s !== null && !(Number.isFinite(s.days) && s.days >= 0))
      throw new InputError(`survival.${i}.days`, `${s.days} is not a time in days (≥ 0)`);
  });
  const groups = groupOrder(rowGroups, input.groupOrder);
  const codes = Int32Array.from(rowGroups, (g) => groups.indexOf(g));

  const results = markers.map((marker, j) => {
    const x = Float64Array.from({ length: n }, (_, i) => values[i * p + j]!);
    return associate(marker, x, groups, codes, survival);
  });
  const qKw = adjustBH(Float64Array.from(results, (r) => r.kruskalWallis.p ?? Number.NaN));
  results.forEach((r, j) => (r.kruskalWallis.q = finiteOrNull(qKw[j]!)));
  if (survival !== undefined) {
    const qCox = adjustBH(Float64Array.from(results, (r) => r.survival?.p ?? Number.NaN));
    results.forEach((r, j) => r.survival !== null && (r.survival.q = finiteOrNull(qCox[j]!)));
  }

  const point = (marker: string, effect: number | null, pValue: number | null, q: number | null) =>
    effect === null || pValue === null || q === null
      ? []
      : [{ marker, effect, minusLog10P: -Math.log10(Math.max(pValue, Number.MIN_VALUE)), q }];
  return {
    groups,
    markers: results,
    volcano: {
      immunotype: results.flatMap((r) => point(r.marker, r.log2FoldChange, r.kruskalWallis.p, r.kruskalWallis.q)),
      survival:
        survival === undefined
          ? null
          : results.flatMap((r) =>
              point(r.marker, r.survival?.logHr ?? null, r.survival?.p ?? null, r.survival?.q ?? null),
            ),
    },
  };
}

function associate(
  marker: string,
  x: Float64Array,
  groups: readonly string[],
  codes: Int32Array,
  survival: (SurvivalTime | null)[] | undefined,
): MarkerAssociation {
  const reasons: string[] = [];
  const present = [...x.keys()].filter((i) => !Number.isNaN(x[i]!) && codes[i]! >= 0);
  const medians = groups.map((group, g) => {
    const v = present.filter((i) => codes[i] === g).map((i) => x[i]!);
    v.sort((a, b) => a - b);
    return { group, n: v.length, median: v.length === 0 ? null : quantileSorted(v, 0.5) };
  });
  const kw = orReason<MarkerAssociation['kruskalWallis']>(
    () => {
      const r = kruskalWallis(x, codes);
      return { statistic: r.statistic, df: r.df, p: r.p, q: null };
    },
    (reason) => {
      reasons.push(`Kruskal–Wallis: ${reason}`);
      return { statistic: null, df: null, p: null, q: null };
    },
  );
  const withMedian = medians.filter((m) => m.median !== null);
  const high = withMedian.reduce<(typeof medians)[number] | null>(
    (a, m) => (a === null || m.median! > a.median! ? m : a),
    null,
  );
  const low = withMedian.reduce<(typeof medians)[number] | null>(
    (a, m) => (a === null || m.median! < a.median! ? m : a),
    null,
  );
  const foldChange =
    high !== null && low !== null && low.median! > 0 && withMedian.length >= 2
      ? finiteOrNull(Math.log2(high.median! / low.median!))
      : null;
  return {
    marker,
    n: present.length,
    medians,
    kruskalWallis: kw,
    log2FoldChange: foldChange,
    highGroup: withMedian.length >= 2 ? high!.group : null,
    lowGroup: withMedian.length >= 2 ? low!.group : null,
    survival: survival === undefined ? null : coxPerSd(x, survival, reasons),
    reason: reasons.length === 0 ? null : reasons.join('; '),
  };
}

/** Cox model of survival on the standardised log value (rows with a positive value and known survival). */
function coxPerSd(
  x: Float64Array,
  survival: (SurvivalTime | null)[],
  reasons: string[],
): NonNullable<MarkerAssociation['survival']> {
  const known = [...x.keys()].filter((i) => !Number.isNaN(x[i]!) && survival[i] !== null);
  const rows = known.filter((i) => x[i]! > 0);
  const time = Float64Array.from(rows, (i) => survival[i]!.days);
  const event = Uint8Array.from(rows, (i) => (survival[i]!.dead ? 1 : 0));
  const events = event.reduce((a, b) => a + b, 0);
  const base = { n: rows.length, events, nonPositive: known.length - rows.length };
  const none = (reason: string) => {
    reasons.push(`Cox: ${reason}`);
    return { ...base, logHr: null, hr: null, lower: null, upper: null, p: null, q: null };
  };
  if (rows.length < 3) return none('fewer than 3 rows with a positive value and known survival');
  if (events === 0) return none('no deaths');
  const logs = rows.map((i) => Math.log(x[i]!));
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const sd = Math.sqrt(logs.reduce((a, v) => a + (v - mean) ** 2, 0) / (logs.length - 1));
  if (!(sd > 0)) return none('all values are equal');
  const z = Float64Array.from(logs, (v) => (v - mean) / sd);
  return orReason(() => {
    const fit = coxph(time, event, z, 1, { ties: 'efron' });
    return {
      ...base,
      logHr: finiteOrNull(fit.coef[0]!),
      hr: finiteOrNull(fit.hr[0]!),
      lower: finiteOrNull(fit.lower[0]!),
      upper: finiteOrNull(fit.upper[0]!),
      p: finiteOrNull(fit.p[0]!),
      q: null,
    };
  }, none);
}

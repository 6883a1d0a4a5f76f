import { normalQuantile } from '../distributions.ts';
import { InputError } from '../../core/errors.ts';

/**
 * Kaplan–Meier estimate as R's `survfit(Surv(time, event) ~ 1, conf.type = "log-log")` reports it:
 * one entry per distinct time, event or censoring (censored subjects are at risk at their own time).
 * NaN marks what R reports as NA (no confidence limits where S = 1 or S = 0); `se` is Inf where S = 0.
 */
export interface KaplanMeierCurve {
  n: number;
  events: number;
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  survival: Float64Array;
  /** R's `std.err`: the Greenwood standard error of the cumulative hazard, i.e. of −log S (log scale). */
  se: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Median survival and its confidence limits as quantile.survfit gives them; NaN = not reached. */
  median: number;
  medianLower: number;
  medianUpper: number;
}

export interface KaplanMeierOptions {
  /** Confidence level of the pointwise limits and the median's interval (R's conf.int); default 0.95. */
  confLevel?: number;
}

/** Checks what every survival routine needs: finite non-negative times, events coded 0/1, equal lengths. */
export function checkSurvivalData(time: Float64Array, event: Uint8Array): void {
  if (time.length !== event.length)
    throw new InputError('event', `time has ${time.length} values but event has ${event.length}`);
  time.forEach((t, i) => {
    if (!Number.isFinite(t) || t < 0)
      throw new InputError('time', `time[${i}] = ${t}: times must be finite and not negative`);
  });
  event.forEach((e, i) => {
    if (e !== 0 && e !== 1) throw new InputError('event', `event[${i}] = ${e}: events are coded 0 or 1`);
  });
}

export function kaplanMeier(time: Float64Array, event: Uint8Array, options: KaplanMeierOptions = {}): KaplanMeierCurve {
  checkSurvivalData(time, event);
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new InputError('confLevel', 'confLevel must lie in (0, 1)');
  const n = time.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]!);

  // Counts per distinct time, in one pass over the sorted subjects.
  const times: number[] = [];
  const events: number[] = [];
  const censored: number[] = [];
  for (const i of order) {
    const t = time[i]!;
    if (times.length === 0 || times[times.length - 1] !== t) {
      times.push(t);
      events.push(0);
      censored.push(0);
    }
    if (event[i] === 1) events[events.length - 1]!++;
    else censored[censored.length - 1]!++;
  }

  const m = times.length;
  const curve: KaplanMeierCurve = {
    n,
    events: events.reduce((a, b) => a + b, 0),
    time: Float64Array.from(times),
    nRisk: new Float64Array(m),
    nEvent: Float64Array.from(events),
    nCensor: Float64Array.from(censored),
    survival: new Float64Array(m),
    se: new Float64Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
    median: Number.NaN,
    medianLower: Number.NaN,
    medianUpper: Number.NaN,
  };
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  let atRisk = n;
  let surv = 1;
  let greenwood = 0;
  for (let j = 0; j < m; j++) {
    const d = events[j]!;
    curve.nRisk[j] = atRisk;
    if (d > 0) {
      surv *= (atRisk - d) / atRisk;
      // Greenwood's sum; when everyone at risk dies the variance of the log is infinite (R: Inf).
      greenwood += atRisk > d ? d / (atRisk * (atRisk - d)) : Number.POSITIVE_INFINITY;
    }
    curve.survival[j] = surv;
    curve.se[j] = Math.sqrt(greenwood);
    const [lo, hi] = logLogLimits(surv, curve.se[j]!, z);
    curve.lower[j] = lo;
    curve.upper[j] = hi;
    atRisk -= d + censored[j]!;
  }

  curve.median = survivalQuantile(curve.time, curve.survival, 0.5);
  curve.medianLower = survivalQuantile(curve.time, curve.lower, 0.5);
  curve.medianUpper = survivalQuantile(curve.time, curve.upper, 0.5);
  return curve;
}

/**
 * survival's survfit_confint for conf.type = "log-log": a symmetric interval for log(−log S), with the
 * standard error of log S carried over by the delta method. Undefined (NaN, R's NA) at S = 0 and S = 1.
 */
function logLogLimits(surv: number, se: number, z: number): [number, number] {
  if (surv === 0 || surv === 1) return [Number.NaN, Number.NaN];
  const logLog = Math.log(-Math.log(surv));
  const half = (z * se) / Math.log(surv);
  return [Math.exp(-Math.exp(logLog - half)), Math.exp(-Math.exp(logLog + half))];
}

/**
 * Number at risk at each time in `at`: subjects whose time is ≥ t, as summary(survfit, times =,
 * extend = TRUE) gives n.risk (0 beyond the last time).
 */
export function numberAtRisk(time: Float64Array, at: Float64Array): Float64Array {
  const sorted = Float64Array.from(time).sort();
  return at.map((t) => sorted.length - lowerBound(sorted, t));
}

/** The first index whose value is ≥ t. */
function lowerBound(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** R's tolerance in quantile.survfit: sqrt(.Machine$double.eps). */
const TOLERANCE = Math.sqrt(2.220446049250313e-16);

/**
 * Quantiles of a survival curve exactly as survival's quantile.survfit (its internal findq) computes them,
 * including its conventions: a quantile is the first time the curve reaches 1 − p; where the curve is flat
 * at exactly 1 − p (within sqrt(machine epsilon)), the midpoint between that time and the next drop (or the
 * last time of follow-up); NaN (R's NA) when the curve never gets there. Applied to the pointwise
 * confidence limits, it gives the quantile's confidence interval (lower limit from the lower curve).
 */
export function survivalQuantile(time: Float64Array, curve: Float64Array, p: number): number {
  // findq works on the cumulative distribution 1 − S, starting at (0, 0); NaN marks R's NA.
  const xs = [0, ...time];
  const ys = [0, ...Array.from(curve, (s) => 1 - s)];
  let max = Number.NEGATIVE_INFINITY;
  for (const y of ys) if (!Number.isNaN(y) && y > max) max = y;
  if (max < p) return Number.NaN;
  const xmax = xs[xs.length - 1]!;

  // Keep the first of each run of equal values (R's duplicated(), where NA equals NA).
  const x: number[] = [];
  const y: number[] = [];
  const seen = new Set<number>();
  xs.forEach((xi, i) => {
    const yi = ys[i]!;
    if (seen.has(yi)) return; // Set uses SameValueZero, so NaN matches NaN as in duplicated()
    seen.add(yi);
    x.push(xi);
    y.push(yi);
  });

  // approx(y ± tol, index, p, method = "constant", f = 1): the point whose shifted value is the smallest
  // one at or above p, NA values skipped.
  const smallestAtOrAbove = (shift: number): number => {
    let best = -1;
    y.forEach((yi, i) => {
      if (Number.isNaN(yi) || yi + shift < p) return;
      if (best < 0 || yi < y[best]!) best = i;
    });
    return best;
  };
  const i1 = smallestAtOrAbove(TOLERANCE);
  const i2 = smallestAtOrAbove(-TOLERANCE);
  const last = y[y.length - 1]!;
  if (!Number.isNaN(last) && Math.abs(p - last) < TOLERANCE && i1 >= 0) return (x[i1]! + xmax) / 2;
  if (i1 < 0 || i2 < 0) return Number.NaN;
  return (x[i1]! + x[i2]!) / 2;
}

import { InputError } from '../../core/errors.ts';

/**
 * The Aalen–Johansen (nonparametric) cumulative incidence of one cause in the presence of competing causes,
 * with the delta-method variance that R's `cmprsk::cuminc` reports, at the times the curve jumps.
 *
 * At each distinct time u with r(u) at risk, d_c(u) events of the cause and d_o(u) of the other causes, the
 * overall Kaplan–Meier S drops by the factor (r − d_c − d_o)/r and F_c rises by S(u−)·d_c/r. The variance
 * (Gray's delta-method estimate, as cuminc computes it) is, at a jump time t,
 *
 *   Var F_c(t) = Σ_{u ≤ t} w_c(u)·[1 − (F_c(t) − F_c(u))/S(u)]² + w_o(u)·[(F_c(t) − F_c(u))/S(u)]²,
 *   w_k(u) = S(u−)² · d_k (r − d_k) / (r² (r − 1))   (= S(u−)²/r² when d_k = 1),
 *
 * where a time at which S reaches 0 contributes only w_c(u) (its competing term is left out, and the
 * cause's term has the factor 1), as cuminc does.
 */
export interface CumulativeIncidenceCurve {
  cause: number;
  /** Subjects, and events of this cause among them. */
  n: number;
  events: number;
  /** Distinct times with at least one event of this cause (cuminc's jump times), ascending. */
  time: Float64Array;
  /** Number at risk (time ≥ t) and events of this cause at each `time`. */
  nRisk: Float64Array;
  nEvent: Float64Array;
  /** F_c(t) just after each jump. */
  estimate: Float64Array;
  variance: Float64Array;
}

/** Finite non-negative times and status codes that are integers ≥ 0 (0 = censored, 1…m = causes). */
export function checkCompetingRisksData(time: Float64Array, status: Int32Array | Float64Array): void {
  if (time.length !== status.length)
    throw new InputError('status', `time has ${time.length} values but status has ${status.length}`);
  time.forEach((t, i) => {
    if (!Number.isFinite(t) || t < 0)
      throw new InputError('time', `time[${i}] = ${t}: times must be finite and not negative`);
  });
  status.forEach((s, i) => {
    if (!(Number.isInteger(s) && s >= 0))
      throw new InputError('status', `status[${i}] = ${s}: status is 0 (censored) or a cause 1, 2, …`);
  });
}

/** The causes present (status > 0), ascending: cuminc's order of the curves. */
export function causesOf(status: Int32Array | Float64Array): number[] {
  return [...new Set(Array.from(status).filter((s) => s > 0))].sort((a, b) => a - b);
}

/**
 * One curve per cause, in the order of `causes` (default: the causes present). A cause without events among
 * these subjects gives an empty curve, as cuminc gives a flat one.
 */
export function cumulativeIncidence(
  time: Float64Array,
  status: Int32Array | Float64Array,
  causes: readonly number[] = causesOf(status),
): CumulativeIncidenceCurve[] {
  checkCompetingRisksData(time, status);
  causes.forEach((c) => {
    if (!(Number.isInteger(c) && c > 0)) throw new InputError('cause', `cause ${c}: causes are integers ≥ 1`);
  });
  const steps = distinctTimes(time, status);
  return causes.map((cause) => curveFor(cause, steps, time.length));
}

/** The counts at one distinct time: at risk, events by cause code. */
interface Step {
  time: number;
  atRisk: number;
  events: number;
  byCause: Map<number, number>;
}

function distinctTimes(time: Float64Array, status: Int32Array | Float64Array): Step[] {
  const order = Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[a]! - time[b]!);
  const steps: Step[] = [];
  let atRisk = time.length;
  for (let j = 0; j < order.length;) {
    const t = time[order[j]!]!;
    const step: Step = { time: t, atRisk, events: 0, byCause: new Map() };
    for (; j < order.length && time[order[j]!] === t; j++) {
      const s = status[order[j]!]!;
      atRisk--;
      if (s === 0) continue;
      step.events++;
      step.byCause.set(s, (step.byCause.get(s) ?? 0) + 1);
    }
    steps.push(step);
  }
  return steps;
}

/** w_k(u) of the variance: S(u−)² d (r − d)/(r²(r − 1)), the binomial-type term for d tied events. */
function tieWeight(survivalBefore: number, d: number, r: number): number {
  const tieFactor = d > 1 ? 1 - (d - 1) / (r - 1) : 1;
  return (survivalBefore * survivalBefore * tieFactor * d) / (r * r);
}

function curveFor(cause: number, steps: Step[], n: number): CumulativeIncidenceCurve {
  const time: number[] = [];
  const nRisk: number[] = [];
  const nEvent: number[] = [];
  const estimate: number[] = [];
  const variance: number[] = [];
  let survival = 1;
  let f = 0;
  // The variance expands to Σ p − 2 F(t) Σ q + F(t)² Σ s over the event times so far, with per-time terms
  // p = w_c A² + w_o B², q = a (w_c A + w_o B), s = a² (w_c + w_o), where a = 1/S(u), A = 1 + F(u)/S(u) and
  // B = F(u)/S(u); one pass then gives the variance at every jump.
  let sumP = 0;
  let sumQ = 0;
  let sumS = 0;
  for (const step of steps) {
    if (step.events === 0) continue;
    const r = step.atRisk;
    const dc = step.byCause.get(cause) ?? 0;
    const dOther = step.events - dc;
    const before = survival;
    survival = (before * (r - step.events)) / r;
    if (dc > 0) f += (before * dc) / r;
    if (dOther > 0 && survival > 0) {
      const w = tieWeight(before, dOther, r);
      const a = 1 / survival;
      const b = f / survival;
      sumP += w * b * b;
      sumQ += w * a * b;
      sumS += w * a * a;
    }
    if (dc === 0) continue;
    const w = tieWeight(before, dc, r);
    const a = survival > 0 ? 1 / survival : 0;
    const big = 1 + a * f;
    sumP += w * big * big;
    sumQ += w * a * big;
    sumS += w * a * a;
    time.push(step.time);
    nRisk.push(r);
    nEvent.push(dc);
    estimate.push(f);
    variance.push(sumP + f * f * sumS - 2 * f * sumQ);
  }
  return {
    cause,
    n,
    events: nEvent.reduce((a, b) => a + b, 0),
    time: Float64Array.from(time),
    nRisk: Float64Array.from(nRisk),
    nEvent: Float64Array.from(nEvent),
    estimate: Float64Array.from(estimate),
    variance: Float64Array.from(variance),
  };
}

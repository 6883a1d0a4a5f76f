import { chiSquareUpper } from '../distributions.ts';
import { InputError } from '../../core/errors.ts';
import { checkCompetingRisksData } from './cumulative-incidence.ts';
import { solveLinear } from '../linear-solve.ts';

/**
 * Gray's (1988) k-sample test that the cumulative incidence of one cause is the same in all groups, as R's
 * `cmprsk::cuminc(..., rho = 0)` computes it, optionally stratified (cuminc's `strata`): scores and their
 * covariance are summed over strata, and stat = sᵀ V⁻¹ s over the first k − 1 groups, chi-square with
 * k − 1 degrees of freedom. A singular V (R: stat −1) gives NaN for stat and p.
 */
export interface GrayTestResult {
  cause: number;
  stat: number;
  df: number;
  p: number;
  /** Scores of groups 0 … k − 2 and their (k − 1) × (k − 1) covariance, row-major. */
  score: Float64Array;
  variance: Float64Array;
}

export interface GrayTestOptions {
  /** Stratum index per subject: groups are compared within strata and the scores summed. */
  strata?: Int32Array;
}

export function grayTest(
  time: Float64Array,
  status: Int32Array | Float64Array,
  group: Int32Array,
  groupCount: number,
  cause: number,
  options: GrayTestOptions = {},
): GrayTestResult {
  checkCompetingRisksData(time, status);
  const n = time.length;
  if (group.length !== n) throw new InputError('group', `group has ${group.length} values for ${n} subjects`);
  if (!(Number.isInteger(groupCount) && groupCount >= 2))
    throw new InputError('group', `Gray's test needs at least 2 groups, not ${groupCount}`);
  group.forEach((g, i) => {
    if (!(g >= 0 && g < groupCount)) throw new InputError('group', `group[${i}] = ${g} is not in 0…${groupCount - 1}`);
  });
  if (!(Number.isInteger(cause) && cause > 0)) throw new InputError('cause', `cause ${cause}: causes are integers ≥ 1`);
  const strata = options.strata;
  if (strata !== undefined && strata.length !== n)
    throw new InputError('strata', `strata has ${strata.length} values for ${n} subjects`);

  const k1 = groupCount - 1;
  const score = new Float64Array(k1);
  const variance = new Float64Array(k1 * k1);
  const byStratum = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const s = strata?.[i] ?? 0;
    const members = byStratum.get(s) ?? [];
    members.push(i);
    byStratum.set(s, members);
  }
  for (const members of byStratum.values())
    addStratum(members, time, status, group, groupCount, cause, score, variance);

  // 1e-7: singular about where R's qr() reports a lower rank.
  const x = solveLinear(variance, score, k1, 1e-7);
  const stat = x === null ? Number.NaN : x.reduce((sum, xi, i) => sum + xi * score[i]!, 0);
  return { cause, stat, df: k1, p: x === null ? Number.NaN : chiSquareUpper(stat, k1), score, variance };
}

/**
 * One variance contribution: weight·bᵢbⱼ with bᵢ = base[i] + t4·C(i, h), where C is the matrix c of
 * cumulated a-terms at the end of the stratum. Collected first, because b needs C's final value.
 */
interface Term {
  weight: number;
  t4: number;
  h: number;
  base: Float64Array;
}

/**
 * Walks one stratum's distinct times. Per group g: r_g at risk, overall Kaplan–Meier S_g and the cause's
 * cumulative incidence F_g (left limits S_g⁻, F_g⁻); R_g = r_g/S_g⁻ (Gray's weighted risk set); the pooled
 * estimate F under the null rises by d/ΣR_g at each time with d events of the cause.
 */
function addStratum(
  members: number[],
  time: Float64Array,
  status: Int32Array | Float64Array,
  group: Int32Array,
  k: number,
  cause: number,
  score: Float64Array,
  variance: Float64Array,
): void {
  const k1 = k - 1;
  const order = [...members].sort((a, b) => time[a]! - time[b]!);
  const atRisk = new Float64Array(k);
  for (const i of order) atRisk[group[i]!]!++;
  const sBefore = new Float64Array(k).fill(1);
  const fBefore = new Float64Array(k);
  const sAfter = new Float64Array(k).fill(1);
  const c = new Float64Array(k * k); // symmetric, cumulated: Σ a(u)·d(u)/(ΣR (1 − F⁻))
  const a = new Float64Array(k * k);
  const terms: Term[] = [];
  let pooledBefore = 0;

  for (let j = 0; j < order.length;) {
    const t = time[order[j]!]!;
    const dCause = new Float64Array(k);
    const dOther = new Float64Array(k);
    const leaving = new Float64Array(k);
    for (; j < order.length && time[order[j]!] === t; j++) {
      const i = order[j]!;
      const g = group[i]!;
      leaving[g]!++;
      if (status[i] === cause) dCause[g]!++;
      else if (status[i] !== 0) dOther[g]!++;
    }
    const d = dCause.reduce((x, y) => x + y, 0);
    const dOtherTotal = dOther.reduce((x, y) => x + y, 0);
    if (d > 0 || dOtherTotal > 0) {
      let sumR = 0;
      let sumQ = 0;
      for (let g = 0; g < k; g++) {
        const r = atRisk[g]!;
        if (r <= 0) continue;
        sAfter[g] = (sBefore[g]! * (r - dCause[g]! - dOther[g]!)) / r;
        sumR += r / sBefore[g]!;
        sumQ += (r * (1 - fBefore[g]!)) / sBefore[g]!;
      }
      const pooled = pooledBefore + d / sumR;
      a.fill(0);
      for (let g = 0; g < k; g++) {
        if (atRisk[g]! <= 0) continue;
        const rg = atRisk[g]! / sBefore[g]!;
        for (let h = 0; h < k; h++) {
          if (atRisk[h]! <= 0) continue;
          const rh = atRisk[h]! / sBefore[h]!;
          a[g * k + h] = rg * ((g === h ? 1 : 0) - rh / sumR);
          c[g * k + h]! += (a[g * k + h]! * d) / (sumR * (1 - pooledBefore));
        }
      }
      for (let g = 0; g < k1; g++) {
        if (atRisk[g]! <= 0) continue;
        score[g]! += dCause[g]! - (d * atRisk[g]! * (1 - fBefore[g]!)) / (sBefore[g]! * sumQ);
      }
      for (let h = 0; h < k; h++) {
        if (d > 0 && atRisk[h]! > 0) {
          // Events of the cause, spread over all groups at risk by their share of ΣR.
          const t4 = sAfter[h]! > 0 ? 1 - (1 - pooled) / sAfter[h]! : 1;
          const tie = d > 1 ? 1 - (d - 1) / (sumR * sBefore[h]! - 1) : 1;
          const weight = (tie * sBefore[h]! * d) / (sumR * atRisk[h]!);
          const base = Float64Array.from({ length: k1 }, (_, i) => a[i * k + h]! - t4 * c[i * k + h]!);
          terms.push({ weight, t4, h, base });
        }
        if (dOther[h]! > 0 && sAfter[h]! > 0) {
          // Competing events in group h.
          const t4 = (1 - pooled) / sAfter[h]!;
          const dh = dOther[h]!;
          const r = atRisk[h]!;
          const tie = dh > 1 ? 1 - (dh - 1) / (r - 1) : 1;
          const weight = (tie * sBefore[h]! * sBefore[h]! * dh) / (r * r);
          const base = Float64Array.from({ length: k1 }, (_, i) => -t4 * c[i * k + h]!);
          terms.push({ weight, t4, h, base });
        }
      }
      for (let g = 0; g < k; g++) {
        if (atRisk[g]! <= 0) continue;
        fBefore[g]! += (sBefore[g]! * dCause[g]!) / atRisk[g]!;
        sBefore[g] = sAfter[g]!;
      }
      pooledBefore = pooled;
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= leaving[g]!;
  }

  for (const term of terms) {
    const b = term.base.map((x, i) => x + term.t4 * c[i * k + term.h]!);
    for (let i = 0; i < k1; i++) for (let j = 0; j < k1; j++) variance[i * k1 + j]! += term.weight * b[i]! * b[j]!;
  }
}

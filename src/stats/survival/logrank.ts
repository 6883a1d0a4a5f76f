import { chiSquareUpper } from '../distributions.ts';
import { InputError } from '../../core/errors.ts';
import { checkSurvivalData } from './kaplan-meier.ts';
import { solveLinear } from '../linear-solve.ts';

/**
 * The log-rank test for k groups, optionally stratified, as R's survdiff (rho = 0) computes it:
 * observed and expected deaths per group and their hypergeometric covariance, summed over strata; the
 * statistic uses the groups with expected > 0, dropping the first of them to make the covariance invertible.
 */
export interface LogRankResult {
  chisq: number;
  df: number;
  p: number;
  observed: Float64Array;
  expected: Float64Array;
  /** k × k covariance of observed − expected, row-major (R's survdiff `var`). */
  variance: Float64Array;
}

/**
 * @param group group index per subject, 0 … groupCount − 1
 * @param strata optional stratum index per subject: the test compares groups within strata and sums
 */
export function logRank(
  time: Float64Array,
  event: Uint8Array,
  group: Int32Array,
  groupCount: number,
  strata?: Int32Array,
): LogRankResult {
  checkSurvivalData(time, event);
  const n = time.length;
  if (group.length !== n) throw new InputError('group', `group has ${group.length} values for ${n} subjects`);
  if (strata !== undefined && strata.length !== n)
    throw new InputError('strata', `strata has ${strata.length} values for ${n} subjects`);
  group.forEach((g, i) => {
    if (!(g >= 0 && g < groupCount)) throw new InputError('group', `group[${i}] = ${g} is not in 0…${groupCount - 1}`);
  });

  const k = groupCount;
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);
  const byStratum = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const s = strata?.[i] ?? 0;
    const members = byStratum.get(s) ?? [];
    members.push(i);
    byStratum.set(s, members);
  }
  for (const members of byStratum.values()) accumulate(members, time, event, group, k, observed, expected, variance);

  const used = [...expected.keys()].filter((g) => expected[g]! > 0);
  if (used.length < 2)
    throw new InputError('group', 'the log-rank test needs at least 2 groups with subjects at risk at an event time');
  // Drop the first used group: the k covariance rows sum to zero, so the full matrix is singular.
  const rest = used.slice(1);
  const diff = rest.map((g) => observed[g]! - expected[g]!);
  const v = rest.flatMap((a) => rest.map((b) => variance[a * k + b]!));
  const solution = solveLinear(v, diff, rest.length, 1e-12);
  if (solution === null) {
    throw new InputError('group', 'the log-rank covariance matrix is singular (a group has no information)');
  }
  const chisq = solution.reduce((sum, x, i) => sum + x * diff[i]!, 0);
  const df = rest.length;
  return { chisq, df, p: chiSquareUpper(chisq, df), observed, expected, variance };
}

/** Adds one stratum's observed, expected and covariance terms, walking its distinct times in order. */
function accumulate(
  members: number[],
  time: Float64Array,
  event: Uint8Array,
  group: Int32Array,
  k: number,
  observed: Float64Array,
  expected: Float64Array,
  variance: Float64Array,
): void {
  members.sort((a, b) => time[a]! - time[b]!);
  const risk = new Float64Array(k);
  for (const i of members) risk[group[i]!]!++;
  let atRisk = members.length;
  const deaths = new Float64Array(k);
  const leaving = new Float64Array(k);
  let start = 0;
  while (start < members.length) {
    const t = time[members[start]!]!;
    let end = start;
    deaths.fill(0);
    leaving.fill(0);
    while (end < members.length && time[members[end]!] === t) {
      const i = members[end]!;
      leaving[group[i]!]!++;
      if (event[i] === 1) deaths[group[i]!]!++;
      end++;
    }
    const d = deaths.reduce((a, b) => a + b, 0);
    if (d > 0) {
      // Hypergeometric moments of the deaths at t split over the groups at risk.
      const factor = atRisk > 1 ? (d * (atRisk - d)) / (atRisk * atRisk * (atRisk - 1)) : 0;
      for (let a = 0; a < k; a++) {
        observed[a]! += deaths[a]!;
        expected[a]! += (d * risk[a]!) / atRisk;
        for (let b = 0; b < k; b++) variance[a * k + b]! += factor * risk[a]! * ((a === b ? atRisk : 0) - risk[b]!);
      }
    }
    for (let a = 0; a < k; a++) risk[a]! -= leaving[a]!;
    atRisk -= end - start;
    start = end;
  }
}

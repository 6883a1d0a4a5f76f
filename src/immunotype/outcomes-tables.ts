/**
 * The tables of issue 14 §3: mortality per immunotype at fixed horizons (28 days, 90 days, 1 year) with a
 * test across groups, and EQ-5D-5L index values per immunotype and visit.
 */
import { rng } from '../stats/random.ts';
import { chiSquareTest } from '../stats/tests/chi-square.ts';
import { fisher2x2, fisherExactRxC, fisherMonteCarlo } from '../stats/tests/fisher-exact.ts';
import { kruskalWallis } from '../stats/tests/kruskal-wallis.ts';
import type { OutcomeSubject } from './outcome-types.ts';
import { orReason, quantileSorted, unavailableTest, wilsonInterval, type TestSummary } from './outcomes-values.ts';

export interface MortalityCell {
  group: string;
  /** Deaths by the horizon, and subjects whose status at the horizon is known (dead by then or followed to it). */
  deaths: number;
  n: number;
  proportion: number | null;
  /** Wilson 95% interval of the proportion. */
  lower: number | null;
  upper: number | null;
}

export type MortalityTestMethod = 'chi-square' | 'fisher' | 'fisher-monte-carlo';

export interface MortalityTable {
  /** Days from D0. */
  horizon: number;
  groups: MortalityCell[];
  /** Subjects censored alive before the horizon: their status there is unknown, so they are not counted. */
  censoredBefore: number;
  /** Across the groups with n > 0: chi-square (R's chisq.test), or Fisher's exact test when an expected count is < 5. */
  test: TestSummary & { method: MortalityTestMethod | null };
}

/** Work cap of the exact r×2 test before the Monte Carlo p-value (seeded, so the run stays reproducible). */
const EXACT_WORK = 1e7;
const MONTE_CARLO_REPLICATES = 10_000;

export function mortalityTables(
  subjects: readonly OutcomeSubject[],
  groups: readonly string[],
  horizons: readonly number[],
  seed = 1,
): MortalityTable[] {
  return horizons.map((horizon) => {
    let censoredBefore = 0;
    const cells = groups.map((group): MortalityCell => {
      let deaths = 0;
      let n = 0;
      for (const s of subjects) {
        if (s.group !== group || s.survival === null) continue;
        const { days, dead } = s.survival;
        if (dead && days <= horizon) deaths++;
        else if (days < horizon) {
          censoredBefore++;
          continue;
        }
        n++;
      }
      const [lower, upper] = wilsonInterval(deaths, n);
      return n === 0
        ? { group, deaths, n, proportion: null, lower: null, upper: null }
        : { group, deaths, n, proportion: deaths / n, lower, upper };
    });
    return { horizon, groups: cells, censoredBefore, test: mortalityTest(cells, seed) };
  });
}

function mortalityTest(cells: readonly MortalityCell[], seed: number): MortalityTable['test'] {
  const none = (reason: string) => ({ ...unavailableTest(reason), method: null });
  const used = cells.filter((c) => c.n > 0);
  if (used.length < 2) return none('fewer than 2 groups with known status');
  const deaths = used.reduce((a, c) => a + c.deaths, 0);
  const total = used.reduce((a, c) => a + c.n, 0);
  if (deaths === 0) return none('no deaths');
  if (deaths === total) return none('no survivors');
  const table = used.flatMap((c) => [c.deaths, c.n - c.deaths]);
  const k = used.length;
  const chi = chiSquareTest(table, k, 2);
  if (!chi.smallExpected) return { statistic: chi.statistic, df: chi.df, p: chi.p, reason: null, method: 'chi-square' };
  // Small expected counts (tiny immunotypes, 28-day deaths): the exact test, as one would in R.
  const exact = (p: number, method: MortalityTestMethod) => ({ statistic: null, df: null, p, reason: null, method });
  if (k === 2) return exact(fisher2x2(table[0]!, table[1]!, table[2]!, table[3]!).p, 'fisher');
  return orReason(
    () => exact(fisherExactRxC(table, k, 2, EXACT_WORK), 'fisher'),
    () => exact(fisherMonteCarlo(table, k, 2, MONTE_CARLO_REPLICATES, rng(seed)), 'fisher-monte-carlo'),
  );
}

export interface Eq5dCell {
  group: string;
  n: number;
  median: number | null;
  /** Quartiles (R's quantile type 7): the IQR is q3 − q1. */
  q1: number | null;
  q3: number | null;
}

export interface Eq5dVisit {
  visit: string;
  groups: Eq5dCell[];
  /** Kruskal–Wallis across the groups with values. */
  test: TestSummary;
}

export function eq5dByVisit(
  subjects: readonly OutcomeSubject[],
  groups: readonly string[],
  visits: readonly string[],
): Eq5dVisit[] {
  return visits.map((visit) => {
    const cells = groups.map((group): Eq5dCell => {
      const values = subjects
        .filter((s) => s.group === group)
        .map((s) => s.eq5d[visit])
        .filter((v): v is number => v !== undefined)
        .sort((a, b) => a - b);
      if (values.length === 0) return { group, n: 0, median: null, q1: null, q3: null };
      const q = (prob: number) => quantileSorted(values, prob);
      return { group, n: values.length, median: q(0.5), q1: q(0.25), q3: q(0.75) };
    });
    const withValues = subjects.filter((s) => groups.includes(s.group) && s.eq5d[visit] !== undefined);
    const x = Float64Array.from(withValues, (s) => s.eq5d[visit]!);
    const g = Int32Array.from(withValues, (s) => groups.indexOf(s.group));
    const test = orReason<TestSummary>(
      () => {
        const kw = kruskalWallis(x, g);
        return { statistic: kw.statistic, df: kw.df, p: kw.p, reason: null };
      },
      (reason) => unavailableTest(reason),
    );
    return { visit, groups: cells, test };
  });
}

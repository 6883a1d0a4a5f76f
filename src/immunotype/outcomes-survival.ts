/**
 * Kaplan–Meier curves per immunotype and the k-group log-rank test, on the subjects whose survival is known.
 * Thin wrappers around the R-validated routines in src/stats/survival: they select each group's subjects and
 * turn the typed-array results into plain JSON, with a reason instead of a crash when a group is too small.
 */
import { kaplanMeier, numberAtRisk } from '../stats/survival/kaplan-meier.ts';
import { logRank } from '../stats/survival/logrank.ts';
import type { OutcomeSubject } from './outcome-types.ts';
import { finiteOrNull, plainArray, orReason, unavailableTest, type TestSummary } from './outcomes-values.ts';

/** One group's Kaplan–Meier curve: one entry per distinct time (event or censoring); S = 1 before the first. */
export interface SurvivalCurve {
  group: string;
  /** Subjects with known survival, and deaths among them. */
  n: number;
  events: number;
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  /** Pointwise 95% limits (log-log, as survfit); null where R reports NA (S = 1 or S = 0). */
  lower: (number | null)[];
  upper: (number | null)[];
  /** Median survival in days and its 95% CI; null when not reached (the usual case for 1-year survival). */
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  /** Numbers at risk at the requested risk times (for the table under the plot). */
  riskTimes: number[];
  atRisk: number[];
  /** Why there is no curve (no subject with known survival), else null. */
  reason: string | null;
}

export interface LogRankSummary extends TestSummary {
  /** The groups that entered the test (at least one subject with known survival), in order. */
  groups: string[];
  /** Observed and expected deaths per entered group. */
  observed: number[];
  expected: number[];
}

/** The subjects of each group (in `groups` order) whose survival is known. */
export function survivalByGroup(subjects: readonly OutcomeSubject[], groups: readonly string[]): OutcomeSubject[][] {
  return groups.map((g) => subjects.filter((s) => s.group === g && s.survival !== null));
}

export function survivalArrays(subjects: readonly OutcomeSubject[]): { time: Float64Array; event: Uint8Array } {
  return {
    time: Float64Array.from(subjects, (s) => s.survival!.days),
    event: Uint8Array.from(subjects, (s) => (s.survival!.dead ? 1 : 0)),
  };
}

export function survivalCurves(
  subjects: readonly OutcomeSubject[],
  groups: readonly string[],
  riskTimes: readonly number[],
): SurvivalCurve[] {
  const at = Float64Array.from(riskTimes);
  return survivalByGroup(subjects, groups).map((members, g) => {
    const group = groups[g]!;
    if (members.length === 0) {
      return {
        group,
        n: 0,
        events: 0,
        time: [],
        nRisk: [],
        nEvent: [],
        nCensor: [],
        survival: [],
        lower: [],
        upper: [],
        median: null,
        medianLower: null,
        medianUpper: null,
        riskTimes: [...riskTimes],
        atRisk: riskTimes.map(() => 0),
        reason: 'no subject with known survival',
      };
    }
    const { time, event } = survivalArrays(members);
    const curve = kaplanMeier(time, event);
    return {
      group,
      n: curve.n,
      events: curve.events,
      time: Array.from(curve.time),
      nRisk: Array.from(curve.nRisk),
      nEvent: Array.from(curve.nEvent),
      nCensor: Array.from(curve.nCensor),
      survival: Array.from(curve.survival),
      lower: plainArray(curve.lower),
      upper: plainArray(curve.upper),
      median: finiteOrNull(curve.median),
      medianLower: finiteOrNull(curve.medianLower),
      medianUpper: finiteOrNull(curve.medianUpper),
      riskTimes: [...riskTimes],
      atRisk: Array.from(numberAtRisk(time, at)),
      reason: null,
    };
  });
}

/** survdiff across the groups that have subjects with known survival. */
export function logRankAcrossGroups(subjects: readonly OutcomeSubject[], groups: readonly string[]): LogRankSummary {
  const byGroup = survivalByGroup(subjects, groups);
  const entered = groups.filter((_, g) => byGroup[g]!.length > 0);
  const none = { groups: entered, observed: [], expected: [] };
  if (entered.length < 2) return { ...unavailableTest('fewer than 2 groups with known survival'), ...none };
  const members = entered.flatMap((g) => byGroup[groups.indexOf(g)]!);
  const { time, event } = survivalArrays(members);
  if (!event.includes(1)) return { ...unavailableTest('no deaths'), ...none };
  const group = Int32Array.from(members, (s) => entered.indexOf(s.group));
  return orReason<LogRankSummary>(
    () => {
      const test = logRank(time, event, group, entered.length);
      return {
        statistic: test.chisq,
        df: test.df,
        p: test.p,
        reason: null,
        groups: entered,
        observed: Array.from(test.observed),
        expected: Array.from(test.expected),
      };
    },
    (reason) => ({ ...unavailableTest(reason), ...none }),
  );
}

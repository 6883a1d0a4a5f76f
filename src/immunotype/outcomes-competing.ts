/**
 * Competing risks per immunotype (issue 14 §3): for an endpoint that death prevents (re-admission, new
 * infection, cardiovascular event), the cumulative incidence of the event by group (Aalen–Johansen, as
 * cmprsk::cuminc) and Gray's test that it is the same in all groups. A Kaplan–Meier curve of the event that
 * censored deaths would overstate it: the dead can no longer be re-admitted.
 */
import { normalQuantile } from '../stats/distributions.ts';
import { cumulativeIncidence } from '../stats/survival/cumulative-incidence.ts';
import { grayTest } from '../stats/survival/gray-test.ts';
import type { OutcomeSubject } from './outcome-types.ts';
import { finiteOrNull, orReason, unavailableTest, type TestSummary } from './outcomes-values.ts';

/** The status codes of OutcomeSubject.competing: 1 the event, 2 death first. */
const EVENT = 1;
const DEATH = 2;

export interface IncidenceCurve {
  group: string;
  /** Subjects with a record for this endpoint; events, competing deaths among them. */
  n: number;
  events: number;
  competingDeaths: number;
  /** The event's jump times and the cumulative incidence just after each (0 before the first). */
  time: number[];
  estimate: number[];
  /** cuminc's variance, and pointwise 95% limits on the log(−log) scale (inside [0, 1]; null where F = 0 or 1). */
  variance: number[];
  lower: (number | null)[];
  upper: (number | null)[];
  /** The cumulative incidence at each horizon (the step function's value there). */
  horizons: number[];
  atHorizons: number[];
  reason: string | null;
}

export interface CompetingEndpoint {
  endpoint: string;
  groups: IncidenceCurve[];
  /** Gray's test across the groups with subjects (df = groups − 1). */
  gray: TestSummary & { groups: string[] };
}

export function competingEndpoint(
  subjects: readonly OutcomeSubject[],
  groups: readonly string[],
  endpoint: string,
  horizons: readonly number[],
): CompetingEndpoint {
  const byGroup = groups.map((g) => subjects.filter((s) => s.group === g && s.competing[endpoint] !== undefined));
  const z = normalQuantile(0.975);
  const curves = byGroup.map((members, g): IncidenceCurve => {
    const group = groups[g]!;
    const record = (s: OutcomeSubject) => s.competing[endpoint]!;
    const base = {
      group,
      n: members.length,
      events: members.filter((s) => record(s).status === EVENT).length,
      competingDeaths: members.filter((s) => record(s).status === DEATH).length,
      horizons: [...horizons],
    };
    if (members.length === 0) {
      const empty = { time: [], estimate: [], variance: [], lower: [], upper: [], atHorizons: [] };
      return { ...base, ...empty, reason: `no subject with a record of ${endpoint}` };
    }
    const time = Float64Array.from(members, (s) => record(s).days);
    const status = Int32Array.from(members, (s) => record(s).status);
    const [curve] = cumulativeIncidence(time, status, [EVENT]);
    const estimate = Array.from(curve!.estimate);
    const variance = Array.from(curve!.variance);
    const limits = estimate.map((f, j) => logLogLimits(f, Math.sqrt(variance[j]!), z));
    const times = Array.from(curve!.time);
    return {
      ...base,
      time: times,
      estimate,
      variance,
      lower: limits.map(([lo]) => finiteOrNull(lo)),
      upper: limits.map(([, hi]) => finiteOrNull(hi)),
      atHorizons: horizons.map((h) => stepValue(times, estimate, h)),
      reason: base.events === 0 ? `no ${endpoint} events` : null,
    };
  });
  return { endpoint, groups: curves, gray: grayAcross(byGroup, groups, endpoint) };
}

function grayAcross(
  byGroup: OutcomeSubject[][],
  groups: readonly string[],
  endpoint: string,
): CompetingEndpoint['gray'] {
  const entered = groups.filter((_, g) => byGroup[g]!.length > 0);
  const none = (reason: string) => ({ ...unavailableTest(reason), groups: entered });
  if (entered.length < 2) return none(`fewer than 2 groups with a record of ${endpoint}`);
  const members = entered.flatMap((g) => byGroup[groups.indexOf(g)]!);
  if (!members.some((s) => s.competing[endpoint]!.status === EVENT)) return none(`no ${endpoint} events`);
  const time = Float64Array.from(members, (s) => s.competing[endpoint]!.days);
  const status = Int32Array.from(members, (s) => s.competing[endpoint]!.status);
  const group = Int32Array.from(members, (s) => entered.indexOf(s.group));
  return orReason(
    () => {
      const test = grayTest(time, status, group, entered.length, EVENT);
      // A singular score covariance gives NaN (R: stat −1).
      if (Number.isNaN(test.p)) return none("Gray's test covariance is singular");
      return { statistic: test.stat, df: test.df, p: test.p, reason: null, groups: entered };
    },
    (reason) => none(reason),
  );
}

/**
 * Pointwise limits for a cumulative incidence F with standard error se, symmetric on log(−log F) (delta
 * method), so they stay within [0, 1]; the transform is undefined at F = 0 and F = 1.
 */
function logLogLimits(f: number, se: number, z: number): [number, number] {
  if (!(f > 0 && f < 1)) return [Number.NaN, Number.NaN];
  const half = (z * se) / (f * Math.log(f));
  return [Math.pow(f, Math.exp(-half)), Math.pow(f, Math.exp(half))];
}

/** The right-continuous step function through (time, value), 0 before the first time. */
function stepValue(time: readonly number[], value: readonly number[], at: number): number {
  let v = 0;
  for (let j = 0; j < time.length && time[j]! <= at; j++) v = value[j]!;
  return v;
}

/**
 * Outcomes per immunotype (issue 14 §3, docs immunotypes.md): Kaplan–Meier with confidence bands and numbers
 * at risk, the k-group log-rank test, a Cox model of the immunotype adjusted for age, sex, SOFA-2 and
 * infection site with its proportional-hazards check, mortality tables at fixed horizons, competing risks
 * (cumulative incidence and Gray's test) and EQ-5D-5L per visit. Pure: subjects in, one plain JSON-ready
 * object out, every number computed by the R-validated routines of src/stats.
 */
import { InputError } from '../core/errors.ts';
import type { OutcomeSubject } from './outcome-types.ts';
import { adjustedCox, type AdjustedCox } from './outcomes-cox.ts';
import { competingEndpoint, type CompetingEndpoint } from './outcomes-competing.ts';
import { logRankAcrossGroups, survivalCurves, type LogRankSummary, type SurvivalCurve } from './outcomes-survival.ts';
import { eq5dByVisit, mortalityTables, type Eq5dVisit, type MortalityTable } from './outcomes-tables.ts';
import { groupOrder } from './outcomes-values.ts';

export interface OutcomeOptions {
  /** The groups to compare, in order (the first is the Cox reference); default: those present, sorted. */
  groups?: string[];
  /** Mortality horizons in days; default 28, 90 and 365. */
  horizons?: number[];
  /** Times for the numbers at risk under the curves; default 0, 30, …, 360. */
  riskTimes?: number[];
  /** Keys of OutcomeSubject.competing to analyse; default none. */
  competingEndpoints?: string[];
  /** Keys of OutcomeSubject.eq5d (visit codes) to summarise, in order; default none. */
  eq5dVisits?: string[];
  /** Infection sites with fewer subjects in the Cox model are pooled into "other"; default 5. */
  minSiteCount?: number;
  /** Seed of the Monte Carlo Fisher test, used only when an exact test is too large; default 1. */
  seed?: number;
}

export interface OutcomeAnalysis {
  groups: string[];
  /** Subjects analysed, those whose group is not in `groups` (left out), and those without known survival. */
  n: number;
  notInGroups: number;
  unknownSurvival: number;
  survival: SurvivalCurve[];
  logRank: LogRankSummary;
  cox: AdjustedCox;
  mortality: MortalityTable[];
  competing: CompetingEndpoint[];
  eq5d: Eq5dVisit[];
}

export const DEFAULT_HORIZONS = [28, 90, 365];
export const DEFAULT_RISK_TIMES = Array.from({ length: 13 }, (_, i) => 30 * i);

export function analyseOutcomes(subjects: readonly OutcomeSubject[], options: OutcomeOptions = {}): OutcomeAnalysis {
  subjects.forEach(checkSubject);
  const horizons = options.horizons ?? DEFAULT_HORIZONS;
  const riskTimes = options.riskTimes ?? DEFAULT_RISK_TIMES;
  checkTimes(horizons, 'horizons');
  checkTimes(riskTimes, 'riskTimes');
  const groups = groupOrder(
    subjects.map((s) => s.group),
    options.groups,
  );
  if (groups.length === 0) throw new InputError('groups', 'there are no groups to compare');
  const analysed = subjects.filter((s) => groups.includes(s.group));
  return {
    groups,
    n: analysed.length,
    notInGroups: subjects.length - analysed.length,
    unknownSurvival: analysed.filter((s) => s.survival === null).length,
    survival: survivalCurves(analysed, groups, riskTimes),
    logRank: logRankAcrossGroups(analysed, groups),
    cox: adjustedCox(analysed, groups, { minSiteCount: options.minSiteCount ?? 5 }),
    mortality: mortalityTables(analysed, groups, horizons, options.seed ?? 1),
    competing: (options.competingEndpoints ?? []).map((e) => competingEndpoint(analysed, groups, e, horizons)),
    eq5d: eq5dByVisit(analysed, groups, options.eq5dVisits ?? []),
  };
}

function checkTimes(times: readonly number[], field: string): void {
  times.forEach((t, i) => {
    if (!(Number.isFinite(t) && t >= 0)) throw new InputError(`${field}.${i}`, `${t} is not a time in days (≥ 0)`);
  });
}

/** Rejects what would otherwise surface as a confusing error deep inside a stats routine. */
function checkSubject(s: OutcomeSubject, i: number): void {
  const field = (name: string) => `subjects.${i}.${name}`;
  const fail = (name: string, message: string): never => {
    throw new InputError(field(name), `${s.studyId}: ${message}`);
  };
  if (typeof s.group !== 'string') fail('group', 'the group must be a label');
  const finite = (name: 'age' | 'sofa2') => {
    const v = s[name];
    if (v !== null && !Number.isFinite(v)) fail(name, `${name} = ${v} is not a finite number`);
  };
  finite('age');
  finite('sofa2');
  if (s.sex !== null && s.sex !== 'male' && s.sex !== 'female') fail('sex', `sex = ${String(s.sex)}`);
  if (s.survival !== null) {
    const { days, dead } = s.survival;
    if (!(Number.isFinite(days) && days >= 0)) fail('survival.days', `${days} is not a time in days (≥ 0)`);
    if (typeof dead !== 'boolean') fail('survival.dead', 'dead must be true or false');
  }
  for (const [endpoint, record] of Object.entries(s.competing)) {
    if (record === undefined) continue;
    if (!(Number.isFinite(record.days) && record.days >= 0))
      fail(`competing.${endpoint}.days`, `${record.days} is not a time in days (≥ 0)`);
    if (record.status !== 0 && record.status !== 1 && record.status !== 2)
      fail(`competing.${endpoint}.status`, `status ${String(record.status)}: 0 censored, 1 event, 2 death first`);
  }
  for (const [visit, value] of Object.entries(s.eq5d)) {
    if (value !== undefined && !Number.isFinite(value)) fail(`eq5d.${visit}`, `${value} is not an index value`);
  }
}

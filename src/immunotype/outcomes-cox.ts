/**
 * The adjusted Cox model of survival on the immunotype (issue 14 §3): the group as dummies against the first
 * group, adjusted for age, sex, SOFA-2 and infection site, Efron ties, with the proportional-hazards check.
 * Complete cases only; the number dropped for a missing covariate is reported, as is every group left out.
 */
import { coxph, type CoxFit } from '../stats/survival/cox.ts';
import { coxZph } from '../stats/survival/cox-zph.ts';
import type { OutcomeSubject } from './outcome-types.ts';
import { finiteOrNull, orReason, unavailableTest, type TestSummary } from './outcomes-values.ts';

export type CoxVariable = 'group' | 'age' | 'sex' | 'sofa2' | 'infectionSite';

/** One column of the model: a hazard ratio per unit (age per year, SOFA-2 per point) or against the reference. */
export interface CoxTerm {
  /** Display name: "group: B", "age", "sex: male", "sofa2", "site: abdomen". */
  term: string;
  variable: CoxVariable;
  /** The level of a categorical variable, null for age and SOFA-2. */
  level: string | null;
  coef: number | null;
  se: number | null;
  hr: number | null;
  lower: number | null;
  upper: number | null;
  p: number | null;
}

export interface ProportionalHazards {
  /** cox.zph's global test over all columns. */
  global: TestSummary;
  /** One 1-df test per model column (each dummy separately), in the order of `terms`. */
  terms: (TestSummary & { term: string })[];
  reason: string | null;
}

export interface AdjustedCox {
  /** The reference group (the first group that could enter the model) and the reference infection site. */
  reference: string | null;
  siteReference: string | null;
  /** Subjects and deaths in the model. */
  n: number;
  events: number;
  /** Subjects with known survival left out for a missing covariate, and the count missing per covariate. */
  droppedMissingCovariates: number;
  missing: { age: number; sex: number; sofa2: number; infectionSite: number };
  /** Groups not in the model (fewer than 2 complete subjects, or no deaths: their hazard ratio is not estimable). */
  excludedGroups: { group: string; reason: string }[];
  /** Infection sites with fewer than `minSiteCount` subjects, pooled into one level "other". */
  pooledSites: string[];
  /** Columns left out because they are constant among the subjects in the model (e.g. all of one sex). */
  droppedTerms: { term: string; reason: string }[];
  terms: CoxTerm[];
  converged: boolean | null;
  likelihoodRatio: TestSummary;
  concordance: number | null;
  proportionalHazards: ProportionalHazards;
  /** Why there is no model, else null. */
  reason: string | null;
}

export interface AdjustedCoxOptions {
  /** Sites with fewer subjects in the model are pooled into "other" (default 5): a rare site's dummy is unstable. */
  minSiteCount?: number;
}

/** The pooled level of rare infection sites. */
export const OTHER_SITE = 'other';

interface Column {
  term: string;
  variable: CoxVariable;
  level: string | null;
  value: (s: OutcomeSubject) => number;
}

export function adjustedCox(
  subjects: readonly OutcomeSubject[],
  groups: readonly string[],
  options: AdjustedCoxOptions = {},
): AdjustedCox {
  const minSiteCount = options.minSiteCount ?? 5;
  const known = subjects.filter((s) => s.survival !== null && groups.includes(s.group));
  const missing = {
    age: known.filter((s) => s.age === null).length,
    sex: known.filter((s) => s.sex === null).length,
    sofa2: known.filter((s) => s.sofa2 === null).length,
    infectionSite: known.filter((s) => s.infectionSite === null).length,
  };
  const complete = known.filter(
    (s) => s.age !== null && s.sex !== null && s.sofa2 !== null && s.infectionSite !== null,
  );
  const result: AdjustedCox = {
    reference: null,
    siteReference: null,
    n: 0,
    events: 0,
    droppedMissingCovariates: known.length - complete.length,
    missing,
    excludedGroups: [],
    pooledSites: [],
    droppedTerms: [],
    terms: [],
    converged: null,
    likelihoodRatio: unavailableTest('no model'),
    concordance: null,
    proportionalHazards: { global: unavailableTest('no model'), terms: [], reason: 'no model' },
    reason: null,
  };

  const included: string[] = [];
  for (const group of groups) {
    const members = complete.filter((s) => s.group === group);
    const deaths = members.filter((s) => s.survival!.dead).length;
    const reason =
      members.length === 0
        ? 'no subject with known survival and complete covariates'
        : members.length < 2
          ? 'only 1 subject with known survival and complete covariates'
          : deaths === 0
            ? 'no deaths (the hazard ratio is not estimable)'
            : null;
    if (reason === null) included.push(group);
    else result.excludedGroups.push({ group, reason });
  }
  if (included.length < 2) return { ...result, reason: 'fewer than 2 groups with at least 2 subjects and a death' };
  const rows = complete.filter((s) => included.includes(s.group));
  const siteOf = poolSites(rows, minSiteCount, result.pooledSites);
  const sites = levelsByFrequency(rows.map(siteOf));
  result.reference = included[0]!;
  result.siteReference = sites[0]!;

  const candidates: Column[] = [
    ...included.slice(1).map((g) => dummy(`group: ${g}`, 'group', g, (s) => s.group === g)),
    { term: 'age', variable: 'age', level: null, value: (s) => s.age! },
    dummy('sex: male', 'sex', 'male', (s) => s.sex === 'male'),
    { term: 'sofa2', variable: 'sofa2', level: null, value: (s) => s.sofa2! },
    ...sites
      .slice(1)
      .sort()
      .map((site) => dummy(`site: ${site}`, 'infectionSite', site, (s) => siteOf(s) === site)),
  ];
  // A constant column makes the information matrix singular; R would report NA for it, we leave it out.
  const columns = candidates.filter((c) => {
    const first = c.value(rows[0]!);
    const constant = rows.every((s) => c.value(s) === first);
    if (constant) result.droppedTerms.push({ term: c.term, reason: 'constant among the subjects in the model' });
    return !constant;
  });

  const p = columns.length;
  const time = Float64Array.from(rows, (s) => s.survival!.days);
  const event = Uint8Array.from(rows, (s) => (s.survival!.dead ? 1 : 0));
  const x = new Float64Array(rows.length * p);
  rows.forEach((s, i) => columns.forEach((c, j) => (x[i * p + j] = c.value(s))));
  result.n = rows.length;
  result.events = event.reduce((a, b) => a + b, 0);

  const fit = orReason<CoxFit | string>(
    () => coxph(time, event, x, p, { ties: 'efron' }),
    (reason) => reason,
  );
  if (typeof fit === 'string') return { ...result, reason: fit };
  result.terms = columns.map((c, j) => ({
    term: c.term,
    variable: c.variable,
    level: c.level,
    coef: finiteOrNull(fit.coef[j]!),
    se: finiteOrNull(fit.se[j]!),
    hr: finiteOrNull(fit.hr[j]!),
    lower: finiteOrNull(fit.lower[j]!),
    upper: finiteOrNull(fit.upper[j]!),
    p: finiteOrNull(fit.p[j]!),
  }));
  result.converged = fit.converged;
  const lr = fit.likelihoodRatio;
  result.likelihoodRatio = { statistic: lr.chisq, df: lr.df, p: finiteOrNull(lr.p), reason: null };
  result.concordance = finiteOrNull(fit.concordance);
  result.proportionalHazards = orReason<ProportionalHazards>(
    () => {
      const zph = coxZph(time, event, x, p, fit.coef, { ties: 'efron' });
      const test = (t: { chisq: number; df: number; p: number }): TestSummary => ({
        statistic: finiteOrNull(t.chisq),
        df: t.df,
        p: finiteOrNull(t.p),
        reason: null,
      });
      return {
        global: test(zph.global),
        terms: zph.covariates.map((t, j) => ({ term: columns[j]!.term, ...test(t) })),
        reason: null,
      };
    },
    (reason) => ({ global: unavailableTest(reason), terms: [], reason }),
  );
  return result;
}

function dummy(term: string, variable: CoxVariable, level: string, is: (s: OutcomeSubject) => boolean): Column {
  return { term, variable, level, value: (s) => (is(s) ? 1 : 0) };
}

/** Maps each subject to its site, rare sites (fewer than `min` subjects) to "other"; records which were pooled. */
function poolSites(rows: readonly OutcomeSubject[], min: number, pooled: string[]): (s: OutcomeSubject) => string {
  const counts = new Map<string, number>();
  for (const s of rows) counts.set(s.infectionSite!, (counts.get(s.infectionSite!) ?? 0) + 1);
  for (const [site, count] of counts) if (count < min) pooled.push(site);
  pooled.sort();
  return (s) => (pooled.includes(s.infectionSite!) ? OTHER_SITE : s.infectionSite!);
}

/** Distinct levels, most frequent first (ties alphabetically), so the first is the reference. */
function levelsByFrequency(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b));
}

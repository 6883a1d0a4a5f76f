import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { rng } from '../stats/random.ts';
import { coxph } from '../stats/survival/cox.ts';
import { cumulativeIncidence } from '../stats/survival/cumulative-incidence.ts';
import { grayTest } from '../stats/survival/gray-test.ts';
import { kaplanMeier, numberAtRisk } from '../stats/survival/kaplan-meier.ts';
import { logRank } from '../stats/survival/logrank.ts';
import type { OutcomeSubject } from './outcome-types.ts';
import { analyseOutcomes, DEFAULT_RISK_TIMES } from './outcomes.ts';
import { wilsonInterval } from './outcomes-values.ts';

const SITES = ['lung', 'lung', 'lung', 'abdomen', 'abdomen', 'urinary', 'skin'];

interface GroupPlan {
  n: number;
  /** Daily hazard of death at age 65 and SOFA-2 6. */
  deathRate: number;
  /** Daily hazard of re-admission (death competes). */
  readmissionRate?: number;
}

/**
 * A cohort of exponential survival times with proportional effects of age and SOFA-2, random drop-out, whole
 * days (so deaths tie, as in the study) and administrative censoring at day 365.
 */
function cohort(seed: number, plan: Record<string, GroupPlan>): OutcomeSubject[] {
  const r = rng(seed);
  const exp = (rate: number) => -Math.log(1 - r.uniform()) / rate;
  const subjects: OutcomeSubject[] = [];
  for (const [group, { n, deathRate, readmissionRate = 0.002 }] of Object.entries(plan)) {
    for (let i = 0; i < n; i++) {
      const age = Math.round(65 + 12 * r.normal());
      const sofa2 = Math.max(0, Math.round(6 + 3 * r.normal()));
      const death = Math.ceil(exp(deathRate * Math.exp(0.02 * (age - 65) + 0.1 * (sofa2 - 6))));
      const dropOut = r.uniform() < 0.15 ? Math.ceil(365 * r.uniform()) : 365;
      const end = Math.min(death, dropOut, 365);
      const readmission = Math.ceil(exp(readmissionRate));
      subjects.push({
        studyId: `${group}-${i}`,
        group,
        age,
        sex: r.uniform() < 0.6 ? 'male' : 'female',
        sofa2,
        infectionSite: SITES[r.int(SITES.length)]!,
        survival: { days: end, dead: death <= end },
        competing: {
          readmission:
            readmission < death && readmission <= end
              ? { days: readmission, status: 1 }
              : { days: end, status: death <= end ? 2 : 0 },
        },
        eq5d: death > 28 && r.uniform() < 0.8 ? { D28: Math.round(1000 * (0.6 + 0.2 * r.normal())) / 1000 } : {},
      });
    }
  }
  return subjects;
}

const deadlier = cohort(11, {
  A: { n: 120, deathRate: 0.0008 },
  B: { n: 120, deathRate: 0.003, readmissionRate: 0.012 },
  C: { n: 120, deathRate: 0.0008 },
});

const subset = (subjects: OutcomeSubject[], group: string) =>
  subjects.filter((s) => s.group === group && s.survival !== null);
const times = (s: OutcomeSubject[]) => Float64Array.from(s, (x) => x.survival!.days);
const events = (s: OutcomeSubject[]) => Uint8Array.from(s, (x) => (x.survival!.dead ? 1 : 0));

describe('analyseOutcomes on a cohort where one immunotype dies more', () => {
  const result = analyseOutcomes(deadlier, { competingEndpoints: ['readmission'], eq5dVisits: ['D28'] });

  it('finds the difference: small log-rank p, adjusted HR > 1 against the reference, higher mortality at every horizon', () => {
    expect(result.groups).toEqual(['A', 'B', 'C']);
    expect(result.logRank.p).toBeLessThan(1e-6);
    expect(result.logRank.df).toBe(2);
    const b = result.cox.terms.find((t) => t.term === 'group: B')!;
    const c = result.cox.terms.find((t) => t.term === 'group: C')!;
    expect(result.cox.reference).toBe('A');
    expect(b.hr).toBeGreaterThan(2);
    expect(b.lower).toBeGreaterThan(1);
    expect(b.p).toBeLessThan(1e-6);
    expect(c.lower! < 1 && c.upper! > 1).toBe(true);
    for (const table of result.mortality) {
      const [a, bb, cc] = table.groups;
      expect(bb!.proportion!).toBeGreaterThan(a!.proportion!);
      expect(bb!.proportion!).toBeGreaterThan(cc!.proportion!);
    }
    expect(result.mortality.map((t) => t.horizon)).toEqual([28, 90, 365]);
    expect(result.mortality[2]!.test.p).toBeLessThan(1e-6);
  });

  it('each Kaplan–Meier curve is kaplanMeier of that group, with numbers at risk at 0, 30, …, 360', () => {
    for (const curve of result.survival) {
      const members = subset(deadlier, curve.group);
      const km = kaplanMeier(times(members), events(members));
      expect(curve.n).toBe(km.n);
      expect(curve.events).toBe(km.events);
      expect(curve.time).toEqual(Array.from(km.time));
      expect(curve.survival).toEqual(Array.from(km.survival));
      expect(curve.lower).toEqual(Array.from(km.lower, (v) => (Number.isFinite(v) ? v : null)));
      expect(curve.upper).toEqual(Array.from(km.upper, (v) => (Number.isFinite(v) ? v : null)));
      expect(curve.riskTimes).toEqual(DEFAULT_RISK_TIMES);
      expect(curve.atRisk).toEqual(Array.from(numberAtRisk(times(members), Float64Array.from(DEFAULT_RISK_TIMES))));
      expect(curve.reason).toBeNull();
    }
  });

  it('the log-rank test is logRank over the groups', () => {
    const all = deadlier.filter((s) => s.survival !== null);
    const direct = logRank(
      times(all),
      events(all),
      Int32Array.from(all, (s) => 'ABC'.indexOf(s.group)),
      3,
    );
    expect(result.logRank.statistic).toBe(direct.chisq);
    expect(result.logRank.p).toBe(direct.p);
    expect(result.logRank.observed).toEqual(Array.from(direct.observed));
  });

  it('the Cox model is coxph (Efron) on group dummies, age, sex, SOFA-2 and site dummies against the most frequent site', () => {
    expect(result.cox.siteReference).toBe('lung');
    expect(result.cox.terms.map((t) => t.term)).toEqual([
      'group: B',
      'group: C',
      'age',
      'sex: male',
      'sofa2',
      'site: abdomen',
      'site: skin',
      'site: urinary',
    ]);
    const rows = deadlier;
    const design = rows.flatMap((s) => [
      s.group === 'B' ? 1 : 0,
      s.group === 'C' ? 1 : 0,
      s.age!,
      s.sex === 'male' ? 1 : 0,
      s.sofa2!,
      ...['abdomen', 'skin', 'urinary'].map((site) => (s.infectionSite === site ? 1 : 0)),
    ]);
    const fit = coxph(times(rows), events(rows), Float64Array.from(design), 8, { ties: 'efron' });
    expect(result.cox.terms.map((t) => t.hr)).toEqual(Array.from(fit.hr));
    expect(result.cox.terms.map((t) => t.p)).toEqual(Array.from(fit.p));
    expect(result.cox.n).toBe(360);
    expect(result.cox.events).toBe(fit.events);
    // Age and SOFA-2 were planted as risk factors.
    expect(result.cox.terms.find((t) => t.term === 'age')!.lower).toBeGreaterThan(1);
    expect(result.cox.terms.find((t) => t.term === 'sofa2')!.lower).toBeGreaterThan(1);
  });

  it('checks proportional hazards (planted: they hold) globally and per model column', () => {
    const ph = result.cox.proportionalHazards;
    expect(ph.reason).toBeNull();
    expect(ph.global.df).toBe(8);
    expect(ph.global.p).toBeGreaterThan(0.01);
    expect(ph.terms.map((t) => t.term)).toEqual(result.cox.terms.map((t) => t.term));
    for (const t of ph.terms) expect(t.df).toBe(1);
  });

  it('mortality: deaths by the horizon over subjects whose status there is known, with a Wilson interval', () => {
    const table = result.mortality[0]!; // day 28
    const members = subset(deadlier, 'B');
    const deaths = members.filter((s) => s.survival!.dead && s.survival!.days <= 28).length;
    const known = members.filter((s) => (s.survival!.dead && s.survival!.days <= 28) || s.survival!.days >= 28).length;
    const cell = table.groups[1]!;
    expect([cell.deaths, cell.n]).toEqual([deaths, known]);
    expect(cell.proportion).toBe(deaths / known);
    expect(cell.lower!).toBeLessThan(cell.proportion!);
    expect(cell.upper!).toBeGreaterThan(cell.proportion!);
  });

  it('competing endpoint: cumulative incidence per group is cumulativeIncidence, Gray’s test is grayTest', () => {
    const [endpoint] = result.competing;
    expect(endpoint!.endpoint).toBe('readmission');
    for (const curve of endpoint!.groups) {
      const members = deadlier.filter((s) => s.group === curve.group);
      const time = Float64Array.from(members, (s) => s.competing.readmission!.days);
      const status = Int32Array.from(members, (s) => s.competing.readmission!.status);
      const [direct] = cumulativeIncidence(time, status, [1]);
      expect(curve.time).toEqual(Array.from(direct!.time));
      expect(curve.estimate).toEqual(Array.from(direct!.estimate));
      expect(curve.variance).toEqual(Array.from(direct!.variance));
      expect(curve.events + curve.competingDeaths).toBe(status.filter((s) => s > 0).length);
      curve.estimate.forEach((f, j) => {
        expect(curve.lower[j]!).toBeLessThanOrEqual(f);
        expect(curve.upper[j]!).toBeGreaterThanOrEqual(f);
      });
      // The value at a horizon is the last jump at or before it.
      const last = curve.time.findLastIndex((t) => t <= 90);
      expect(curve.atHorizons[1]).toBe(last < 0 ? 0 : curve.estimate[last]);
    }
    const time = Float64Array.from(deadlier, (s) => s.competing.readmission!.days);
    const status = Int32Array.from(deadlier, (s) => s.competing.readmission!.status);
    const gray = grayTest(
      time,
      status,
      Int32Array.from(deadlier, (s) => 'ABC'.indexOf(s.group)),
      3,
      1,
    );
    expect(endpoint!.gray.statistic).toBe(gray.stat);
    expect(endpoint!.gray.p).toBe(gray.p);
    // B was planted with six times the re-admission hazard (less visible, since its patients also die sooner).
    expect(endpoint!.gray.p).toBeLessThan(1e-3);
  });

  it('EQ-5D-5L per visit: n, median and quartiles (R quantile type 7) per group, Kruskal–Wallis across', () => {
    const [visit] = result.eq5d;
    expect(visit!.visit).toBe('D28');
    const values = deadlier
      .filter((s) => s.group === 'A' && s.eq5d.D28 !== undefined)
      .map((s) => s.eq5d.D28!)
      .sort((a, b) => a - b);
    const cell = visit!.groups[0]!;
    expect(cell.n).toBe(values.length);
    const h = (values.length - 1) / 2;
    expect(cell.median).toBeCloseTo((values[Math.floor(h)]! + values[Math.ceil(h)]!) / 2, 12);
    expect(cell.q1!).toBeLessThanOrEqual(cell.median!);
    expect(cell.q3!).toBeGreaterThanOrEqual(cell.median!);
    expect(visit!.test.df).toBe(2);
  });

  it('is plain JSON: a round trip through JSON gives the same object', () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('analyseOutcomes where the immunotypes do not differ', () => {
  const same = cohort(23, { A: { n: 100, deathRate: 0.0015 }, B: { n: 100, deathRate: 0.0015 } });
  const result = analyseOutcomes(same, { competingEndpoints: ['readmission'] });

  it('gives no small p-value for survival, mortality or re-admission', () => {
    expect(result.logRank.p).toBeGreaterThan(0.05);
    expect(result.cox.terms[0]!.p).toBeGreaterThan(0.05);
    expect(result.cox.terms[0]!.lower! < 1 && result.cox.terms[0]!.upper! > 1).toBe(true);
    for (const t of result.mortality) expect(t.test.p).toBeGreaterThan(0.05);
    expect(result.competing[0]!.gray.p).toBeGreaterThan(0.05);
  });
});

describe('analyseOutcomes with missing data', () => {
  const base = cohort(5, { A: { n: 80, deathRate: 0.001 }, B: { n: 80, deathRate: 0.003 } });
  const subjects = base.map((s, i): OutcomeSubject => {
    if (i % 10 === 0) return { ...s, age: null };
    if (i % 10 === 1) return { ...s, sofa2: null, infectionSite: null };
    if (i % 17 === 2) return { ...s, sex: null };
    if (i % 23 === 3) return { ...s, survival: null };
    return s;
  });

  it('drops subjects with a missing covariate from the Cox model only, and says how many for which covariate', () => {
    const result = analyseOutcomes(subjects);
    const known = subjects.filter((s) => s.survival !== null);
    const complete = known.filter(
      (s) => s.age !== null && s.sex !== null && s.sofa2 !== null && s.infectionSite !== null,
    );
    expect(result.unknownSurvival).toBe(subjects.length - known.length);
    expect(result.cox.droppedMissingCovariates).toBe(known.length - complete.length);
    expect(result.cox.n).toBe(complete.length);
    expect(result.cox.missing.age).toBe(known.filter((s) => s.age === null).length);
    expect(result.cox.missing.infectionSite).toBe(known.filter((s) => s.infectionSite === null).length);
    // Kaplan–Meier and log-rank use everyone with known survival.
    expect(result.survival.reduce((a, c) => a + c.n, 0)).toBe(known.length);
    expect(result.cox.reason).toBeNull();
  });
});

describe('analyseOutcomes with tiny groups', () => {
  const main = cohort(7, { A: { n: 60, deathRate: 0.002 }, B: { n: 60, deathRate: 0.002 } });
  const lonely: OutcomeSubject = { ...main[0]!, studyId: 'D-1', group: 'D' };
  const survivors = [main[1]!, main[2]!].map((s, i): OutcomeSubject => ({
    ...s,
    studyId: `E-${i}`,
    group: 'E',
    survival: { days: 365, dead: false },
  }));
  const unknown: OutcomeSubject = { ...main[3]!, studyId: 'F-1', group: 'F', survival: null, competing: {} };
  const subjects = [...main, lonely, ...survivors, unknown];
  const result = analyseOutcomes(subjects, { competingEndpoints: ['readmission'], eq5dVisits: ['D28', 'M12'] });

  it('reports what it can and a reason for the rest instead of failing', () => {
    expect(result.groups).toEqual(['A', 'B', 'D', 'E', 'F']);
    const curve = (g: string) => result.survival.find((c) => c.group === g)!;
    expect(curve('D').n).toBe(1);
    expect(curve('F').reason).toMatch(/no subject with known survival/);
    expect(curve('F').atRisk.every((n) => n === 0)).toBe(true);
    expect(result.logRank.groups).toEqual(['A', 'B', 'D', 'E']);
    expect(result.logRank.p).not.toBeNull();
    expect(result.cox.excludedGroups.map((e) => e.group)).toEqual(['D', 'E', 'F']);
    expect(result.cox.excludedGroups.find((e) => e.group === 'E')!.reason).toMatch(/no deaths/);
    expect(result.cox.terms.filter((t) => t.variable === 'group').map((t) => t.level)).toEqual(['B']);
    const f = result.mortality[0]!.groups.find((c) => c.group === 'F')!;
    expect([f.n, f.proportion, f.lower]).toEqual([0, null, null]);
    // Small expected counts at day 28 in the tiny groups: Fisher's exact test, not chi-square.
    expect(result.mortality[0]!.test.method).toBe('fisher');
    expect(result.competing[0]!.groups.find((c) => c.group === 'F')!.reason).toMatch(/no subject/);
    expect(result.eq5d[1]!.test.reason).not.toBeNull();
    expect(result.eq5d[1]!.groups.every((c) => c.n === 0 && c.median === null)).toBe(true);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('with a single group or no deaths, the comparisons say why they are missing', () => {
    const one = analyseOutcomes(main.filter((s) => s.group === 'A'));
    expect(one.logRank.p).toBeNull();
    expect(one.logRank.reason).toMatch(/fewer than 2 groups/);
    expect(one.cox.reason).toMatch(/fewer than 2 groups/);
    expect(one.mortality[0]!.test.reason).toMatch(/fewer than 2 groups/);
    const alive = main.map((s): OutcomeSubject => ({ ...s, survival: { days: 365, dead: false } }));
    const none = analyseOutcomes(alive);
    expect(none.logRank.reason).toBe('no deaths');
    expect(none.mortality[2]!.test.reason).toBe('no deaths');
    expect(none.survival[0]!.survival.every((s) => s === 1)).toBe(true);
  });

  it('pools infection sites with fewer than minSiteCount subjects into "other"', () => {
    const rare = main.map((s, i): OutcomeSubject => (i < 3 ? { ...s, infectionSite: 'bone' } : s));
    const pooled = analyseOutcomes(rare, { minSiteCount: 5 });
    expect(pooled.cox.pooledSites).toContain('bone');
    expect(pooled.cox.terms.some((t) => t.term === 'site: bone')).toBe(false);
    expect(pooled.cox.terms.some((t) => t.term === 'site: other')).toBe(true);
  });

  it('leaves out a covariate that is constant among the subjects in the model', () => {
    const men = main.map((s): OutcomeSubject => ({ ...s, sex: 'male' }));
    const result = analyseOutcomes(men);
    expect(result.cox.droppedTerms).toEqual([
      { term: 'sex: male', reason: 'constant among the subjects in the model' },
    ]);
    expect(result.cox.terms.some((t) => t.variable === 'sex')).toBe(false);
  });
});

describe('wilsonInterval', () => {
  it('matches R prop.test(x, n, correct = FALSE)$conf.int', () => {
    const [lo, hi] = wilsonInterval(3, 10);
    expect(lo).toBeCloseTo(0.1077913, 6);
    expect(hi).toBeCloseTo(0.6032219, 6);
    const [zero, top] = wilsonInterval(0, 10);
    expect(zero).toBe(0);
    expect(top).toBeCloseTo(0.2775328, 6);
  });
});

describe('analyseOutcomes options and input errors', () => {
  const subjects = cohort(3, { A: { n: 30, deathRate: 0.002 }, B: { n: 30, deathRate: 0.004 } });

  it('takes the group order from options: the first group is the reference; other groups are left out and counted', () => {
    const result = analyseOutcomes([...subjects, { ...subjects[0]!, group: 'Z' }], { groups: ['B', 'A'] });
    expect(result.groups).toEqual(['B', 'A']);
    expect(result.cox.reference).toBe('B');
    expect(result.cox.terms[0]!.term).toBe('group: A');
    expect(result.notInGroups).toBe(1);
    expect(result.n).toBe(60);
  });

  it('sorts default groups numerically within labels', () => {
    const labelled = subjects.map((s, i): OutcomeSubject => ({ ...s, group: ['C10', 'C2', 'C1'][i % 3]! }));
    expect(analyseOutcomes(labelled).groups).toEqual(['C1', 'C2', 'C10']);
  });

  it('rejects impossible values with an InputError naming the subject', () => {
    const bad = (patch: Partial<OutcomeSubject>) => () => analyseOutcomes([{ ...subjects[0]!, ...patch }, ...subjects]);
    expect(bad({ survival: { days: -1, dead: true } })).toThrow(InputError);
    expect(bad({ age: Number.NaN })).toThrow(/A-0/);
    expect(bad({ competing: { readmission: { days: 3, status: 3 as 1 } } })).toThrow(InputError);
    expect(bad({ eq5d: { D28: Number.POSITIVE_INFINITY } })).toThrow(InputError);
    expect(() => analyseOutcomes(subjects, { horizons: [-5] })).toThrow(InputError);
    expect(() => analyseOutcomes([])).toThrow(InputError);
  });
});

import { describe, expect, it } from 'vitest';
import { calculatorsFor } from '../ecrf/calculators.ts';
import { compileForms } from '../ecrf/compile.ts';
import { evaluateForm } from '../ecrf/evaluate.ts';
import { readSave } from '../features/crf/form-data.ts';
import { caseReportForms } from '../protocol/nct07273344/forms.ts';
import { Rng } from '../stats/random.ts';
import {
  endOfStudyEntries,
  endOfStudyOf,
  infectionEntries,
  infectionFormAt,
  outcomeEntries,
} from './clinical-forms.ts';
import type { FormEntries } from './forms.ts';
import { planPatient } from './patient-plan.ts';
import { icuDaysOf, plannedSofa2, sofa2DayEntries, spreadOverOrgans, type OrganPoints } from './sofa-days.ts';
import { dayMs, hourMs, isoDate, parseDate } from './time.ts';
import { treatmentsEntries, treatmentsFormAt, type SupportDays } from './treatments.ts';

/**
 * The demo's clinical forms, read and evaluated by the protocol's own form engine as a save would: no hard
 * finding, nothing required left out, and SOFA-2 days whose calculated total is the planned one.
 */

const compiled = compileForms(caseReportForms, calculatorsFor(caseReportForms));
const evaluate = (form: string, entries: FormEntries) => {
  const compiledForm = compiled.get(`${form}@1`)!;
  return evaluateForm(compiledForm, readSave(compiledForm, entries));
};
const admission = parseDate('2026-03-01') + 3 * hourMs;
const plans = Array.from({ length: 300 }, (_, i) => planPatient(new Rng(1000 + i), admission + (i % 40) * dayMs));

describe('SOFA-2 per ICU day in the demo', () => {
  it('gives every day a form without findings whose SOFA-2 is the planned total, and treatments that match', () => {
    const rng = new Rng(7);
    let days = 0;
    let vasopressors = 0;
    for (const plan of plans) {
      let before: OrganPoints | null = null;
      const support: SupportDays = { points: [], advanced: [], ecmo: [] };
      for (let day = 1; day <= icuDaysOf(plan); day += 1) {
        const total = plannedSofa2(rng, plan, day);
        if (day === 1) expect(total).toBe(plan.planted.sofa2);
        const points = spreadOverOrgans(rng, total, before);
        const items = sofa2DayEntries(rng, plan, day, points, before);
        const result = evaluate('sofa2_day', { items });
        expect(result.findings, `day ${day}`).toEqual([]);
        expect(result.missingRequired).toEqual([]);
        expect(result.calculated.sofa2_total).toBe(total);
        for (const organ of Object.keys(points) as (keyof OrganPoints)[]) {
          expect(result.calculated[`sofa2_${organ}`] ?? 0).toBe(points[organ]);
        }
        before = points;
        support.points.push(points);
        support.advanced.push((items.advanced_respiratory_support as { value: boolean }).value);
        support.ecmo.push((items.ecmo as { value: string }).value === 'respiratory');
        days += 1;
      }
      // The treatments the days show, entered after the unit stay.
      const at = treatmentsFormAt(plan)!;
      const treatments = evaluate('treatments', treatmentsEntries(rng, plan, at, 'pneumonia', support));
      expect(treatments.findings).toEqual([]);
      expect(treatments.missingRequired).toEqual([]);
      if (support.points.some((p) => p.cardiovascular >= 2)) vasopressors += 1;
    }
    expect(vasopressors).toBeGreaterThan(plans.length / 4);
    expect(days).toBeGreaterThan(plans.length * 1.5);
  });

  it('lasts the unit stay: until the unit discharge, before the hospital discharge, or until death', () => {
    for (const plan of plans) {
      if (plan.icuDischargeAt !== null) {
        expect(plan.icuDischargeAt).toBeGreaterThan(plan.admissionAt);
        expect(isoDate(plan.icuDischargeAt) < isoDate(plan.dischargeAt!)).toBe(true);
      } else expect(plan.deathAt).not.toBeNull();
      expect(icuDaysOf(plan)).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('infection, outcome and end of study in the demo', () => {
  it('fills forms that evaluate without a hard finding and with nothing required left out', () => {
    const rng = new Rng(8);
    const sites = new Map<string, number>();
    for (const plan of plans) {
      const infection = infectionEntries(rng, plan, infectionFormAt(plan), ['investigator.rumc', 'ID consultant']);
      const result = evaluate('infection', infection);
      expect(result.findings.filter((f) => f.severity === 'hard')).toEqual([]);
      expect(result.missingRequired).toEqual([]);
      const site = (infection.items.adjudicated_site as { value: string }).value;
      sites.set(site, (sites.get(site) ?? 0) + 1);

      const outcome = outcomeEntries(rng, plan, plan.admissionAt - dayMs);
      const checked = evaluate('outcome', outcome);
      expect(checked.findings).toEqual([]);
      expect(checked.missingRequired).toEqual([]);
      if (plan.dischargeAt !== null) {
        expect(outcome.items.hospital_discharged_on).toEqual({ value: isoDate(plan.dischargeAt) });
      } else expect(outcome.items.died_on).toEqual({ value: isoDate(plan.deathAt!) });

      const end = endOfStudyOf(plan);
      if (end !== null) {
        const ended = evaluate('end_of_study', endOfStudyEntries(end));
        expect(ended.findings).toEqual([]);
        expect(ended.missingRequired).toEqual([]);
      }
    }
    // Pneumonia is the commonest site, then the abdomen.
    const ranked = [...sites.entries()].sort((a, b) => b[1] - a[1]).map(([site]) => site);
    expect(ranked[0]).toBe('pneumonia');
    expect(ranked.slice(1, 3)).toContain('intra_abdominal');
  });
});

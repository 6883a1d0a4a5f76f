import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { charlsonIndex } from '../clinical/charlson.ts';
import { scoreSofa2Input } from '../clinical/sofa/sofa2.ts';
import type { MissingCode } from '../protocol/forms.ts';
import { prednisoneEquivalentDose } from '../clinical/steroids.ts';
import { prednisoneEquivalents } from '../protocol/nct07273344/corticosteroids.ts';
import { caseReportForms } from '../protocol/nct07273344/forms.ts';
import { visitSchedule } from '../protocol/nct07273344/visits.ts';
import { calculatorsFor, clinicalCalculators } from './calculators.ts';
import { compileForms, type CompiledForm } from './compile.ts';
import { evaluateForm, type Entry, type FormData } from './evaluate.ts';
import type { ItemValue } from './expressions.ts';
import { sofaDayValues } from '../../test/support/form-fixtures.ts';

/**
 * The case report forms of NCT07273344 load (every expression, calculator mapping and code list is checked by
 * compiling them, as start-up will) and behave as a data manager expects on realistic filled-in forms. Calculated
 * values are compared with src/clinical called directly on the same raw values, not with typed numbers.
 */

const compiled = compileForms(caseReportForms, calculatorsFor(caseReportForms));
const form = (id: string): CompiledForm => compiled.get(`${id}@1`)!;

const entries = (values: Record<string, ItemValue | { missing: MissingCode }>): Record<string, Entry> =>
  Object.fromEntries(
    Object.entries(values).map(([id, v]) => [
      id,
      typeof v === 'object' && !Array.isArray(v) ? (v as { missing: MissingCode }) : { value: v as ItemValue },
    ]),
  );
const evaluate = (
  id: string,
  values: Record<string, ItemValue | { missing: MissingCode }>,
  rows: FormData['rows'] = {},
) => evaluateForm(form(id), { items: entries(values), rows });

describe('NCT07273344 case report forms: loading', () => {
  it('compiles every form with the clinical calculators', () => {
    expect([...compiled.keys()]).toEqual(caseReportForms.forms.map((f) => `${f.id}@${f.version}`));
    expect(compiled.size).toBe(9);
  });

  it('schedules every form once, at the protocol’s visits only, SOFA-2 per ICU day', () => {
    const codes = new Set(visitSchedule.visits.map((visit) => visit.code));
    const named = caseReportForms.schedule.flatMap((entry) => entry.visits ?? []);
    expect(named.filter((code) => !codes.has(code))).toEqual([]);
    expect(caseReportForms.schedule.map((entry) => entry.form).sort()).toEqual(
      caseReportForms.forms.map((f) => f.id).sort(),
    );
    for (const entry of caseReportForms.schedule) {
      const ways = [entry.visits !== undefined, entry.perIcuDay === true].filter(Boolean).length;
      expect(ways + (entry.once === true ? 1 : 0), entry.form).toBeGreaterThan(0);
    }
    expect(caseReportForms.schedule.find((entry) => entry.form === 'sofa2_day')).toEqual({
      form: 'sofa2_day',
      perIcuDay: true,
    });
    expect(caseReportForms.schedule.find((entry) => entry.form === 'follow_up')?.visits).toEqual(['M3', 'M12']);
  });

  it('has labels and options in sentence case, and code lists used and defined once', () => {
    const texts: [string, string][] = [
      ...caseReportForms.forms.flatMap((f) => [
        [`form ${f.id}`, f.label] as [string, string],
        ...f.groups.flatMap((g) => [
          [`group ${f.id}.${g.id}`, g.label] as [string, string],
          ...g.items.map((i): [string, string] => [`item ${f.id}.${i.id}`, i.label]),
        ]),
        ...(f.checks ?? []).map((c): [string, string] => [`check ${f.id}.${c.id}`, c.message]),
      ]),
      ...caseReportForms.codeLists.flatMap((list) =>
        list.options.map((o): [string, string] => [`option ${list.id}.${o.code}`, o.label]),
      ),
    ];
    expect(texts.filter(([, text]) => !/^[\p{Lu}\d]/u.test(text))).toEqual([]);
    const ids = caseReportForms.codeLists.map((list) => list.id);
    expect(new Set(ids).size).toBe(ids.length);
    const used = new Set(caseReportForms.forms.flatMap((f) => f.groups.flatMap((g) => g.items.map((i) => i.codeList))));
    expect(ids.filter((id) => !used.has(id))).toEqual([]);
  });

  it('is described item by item in docs/forms.md', () => {
    const doc = readFileSync(new URL('../../docs/forms.md', import.meta.url), 'utf8');
    const items = caseReportForms.forms.flatMap((f) => f.groups.flatMap((g) => g.items.map((i) => `${f.id}.${i.id}`)));
    expect(items.filter((key) => !doc.includes(`\`${key.split('.')[1]}\``))).toEqual([]);
  });
});

describe('baseline', () => {
  const charlson: Record<string, boolean> = {
    congestive_heart_failure: true,
    chronic_pulmonary_disease: true,
    diabetes_end_organ_damage: true,
    ...Object.fromEntries(
      [
        'myocardial_infarction',
        'peripheral_vascular_disease',
        'cerebrovascular_disease',
        'dementia',
        'connective_tissue_disease',
        'peptic_ulcer_disease',
        'moderate_severe_liver_disease',
        'mild_liver_disease',
        'hemiplegia',
        'moderate_severe_renal_disease',
        'metastatic_solid_tumour',
        'solid_tumour',
        'leukaemia',
        'lymphoma',
        'aids',
      ].map((id) => [id, false]),
    ),
  };

  it('gives the BMI, and the Charlson index and age score as src/clinical does', () => {
    const result = evaluate('baseline', { age_years: 67, sex: 'male', height_cm: 180, weight_kg: 81, ...charlson });
    expect(result.calculated.bmi).toBeCloseTo(25, 10);
    const direct = charlsonIndex({
      congestiveHeartFailure: true,
      chronicPulmonaryDisease: true,
      diabetesWithEndOrganDamage: true,
      myocardialInfarction: false,
      peripheralVascularDisease: false,
      cerebrovascularDisease: false,
      dementia: false,
      connectiveTissueDisease: false,
      ulcerDisease: false,
      moderateSevereLiverDisease: false,
      mildLiverDisease: false,
      hemiplegia: false,
      moderateSevereRenalDisease: false,
      metastaticSolidTumor: false,
      anyTumor: false,
      leukemia: false,
      lymphoma: false,
      aids: false,
      ageYears: 67,
    });
    expect(result.calculated.charlson_index).toBe(direct.index);
    expect(result.calculated.charlson_age_score).toBe(direct.ageComorbidityScore);
    expect(direct.index).toBe(4);
    // Diabetes with end-organ damage hides (and makes unnecessary) the uncomplicated form.
    expect(result.shown.has('diabetes_uncomplicated')).toBe(false);
    expect(result.hiddenWithEntry).toEqual([]);
  });

  it('leaves the Charlson index open while a condition is unanswered', () => {
    const { dementia: _left, ...rest } = charlson;
    const result = evaluate('baseline', { age_years: 67, ...rest });
    expect(result.calculated.charlson_index).toBeNull();
    expect(result.missingRequired).toContain('dementia');
  });

  it('asks about pregnancy for a woman, not for a man', () => {
    expect(evaluate('baseline', { sex: 'female', age_years: 34 }).shown.has('pregnant')).toBe(true);
    const man = evaluate('baseline', { sex: 'male', age_years: 34, pregnant: false });
    expect(man.shown.has('pregnant')).toBe(false);
    expect(man.hiddenWithEntry).toEqual(['pregnant']);
  });

  it('refuses a child and a height in metres entered as centimetres, and asks about an unusual weight', () => {
    const { findings } = evaluate('baseline', { age_years: 16, height_cm: 1.8, weight_kg: 230 });
    expect(findings.map((f) => [f.keys[0], f.severity])).toEqual([
      ['age_years', 'hard'],
      ['height_cm', 'hard'],
      ['weight_kg', 'soft'],
    ]);
  });

  it('needs "other, specify" only for another admission source', () => {
    expect(evaluate('baseline', { admission_source: 'other' }).missingRequired).toContain('admission_source_other');
    expect(evaluate('baseline', { admission_source: 'hospital_ward' }).shown.has('admission_source_other')).toBe(false);
  });
});

describe('SOFA-2 per ICU day', () => {
  /** One day's worst values: a ventilated patient on norepinephrine with rising creatinine and falling platelets. */
  const day = sofaDayValues;
  /** The same raw values as the clinical engine names them. */
  const raw = {
    gcs: 13,
    sedated: false,
    deliriumDrugTreatment: false,
    pao2MmHg: 72,
    fio2: 0.5,
    advancedRespiratorySupport: true,
    respiratorySupportUnavailable: false,
    ecmo: 'none',
    mapMmHg: 64,
    norepinephrineUgKgMin: 0.3,
    norepinephrineSalt: 'bitartrate_monohydrate',
    epinephrineUgKgMin: 0,
    dopamineUgKgMin: 0,
    otherVasoactive: false,
    mechanicalCirculatorySupport: false,
    vasoactivesUnavailable: false,
    bilirubinUmolL: 40,
    creatinineUmolL: 190,
    urineOutputMlKgH: 0.4,
    urineOutputHours: 8,
    rrt: false,
    potassiumMmolL: 4.8,
    ph: 7.31,
    bicarbonateMmolL: 19,
    plateletsE3PerUl: 95,
  };

  it('gives the components and total the clinical engine gives for the same raw values', () => {
    const result = evaluate('sofa2_day', day);
    const direct = scoreSofa2Input(raw);
    expect(result.calculated).toMatchObject({
      sofa2_brain: direct.components.brain,
      sofa2_respiratory: direct.components.respiratory,
      sofa2_cardiovascular: direct.components.cardiovascular,
      sofa2_liver: direct.components.liver,
      sofa2_kidney: direct.components.kidney,
      sofa2_hemostasis: direct.components.hemostasis,
      sofa2_total: direct.total,
      sofa2_missing: [],
    });
    expect(result.calculated.pf_ratio).toBe(144);
    expect(result.findings).toEqual([]);
    expect(result.missingRequired).toEqual([]);
    // Not a trivial day: every organ scores.
    expect(direct.total).toBeGreaterThanOrEqual(10);
  });

  it('reports an organ without data as missing, as the clinical engine does, and no score for an empty day', () => {
    const { bilirubin: _b, platelets: _p, ...partial } = day;
    const result = evaluate('sofa2_day', { ...partial, bilirubin: { missing: 'not_done' } });
    const { bilirubinUmolL: _rb, plateletsE3PerUl: _rp, ...rawPartial } = raw;
    const direct = scoreSofa2Input(rawPartial);
    expect(result.calculated.sofa2_liver).toBeNull();
    expect(result.calculated.sofa2_hemostasis).toBeNull();
    expect(result.calculated.sofa2_total).toBe(direct.total);
    expect(result.calculated.sofa2_missing).toEqual(['liver', 'hemostasis']);
    expect(result.missingRequired).toEqual(['platelets']);
    expect(evaluate('sofa2_day', { icu_day: 1 }).calculated.sofa2_total).toBeNull();
  });

  it('uses the GCS before sedation for a sedated patient, and asks for the salt of a norepinephrine dose', () => {
    const sedated = evaluate('sofa2_day', { ...day, sedated: true, gcs: 6, gcs_before_sedation: 15 });
    expect(sedated.hiddenWithEntry).toEqual(['gcs']);
    expect(sedated.calculated.sofa2_brain).toBe(
      scoreSofa2Input({ ...raw, sedated: true, gcsBeforeSedation: 15 }).components.brain,
    );
    const { norepinephrine_salt: _salt, ...unsalted } = day;
    expect(evaluate('sofa2_day', unsalted).missingRequired).toEqual(['norepinephrine_salt']);
  });

  it('gives no score, rather than a wrong one, for a value the clinical engine refuses', () => {
    const run = (inputs: Record<string, ItemValue>) => clinicalCalculators.sofa2!.run(inputs);
    expect(run({ gcs: 17, plateletsE3PerUl: 95 })).toMatchObject({ total: null, brain: null, hemostasis: null });
    expect(run({ gcs: 13, plateletsE3PerUl: 95 })).toMatchObject({ total: 3, brain: 1, hemostasis: 2 });
  });

  it('refuses FiO2 in per cent entered as a fraction, and queries an infusion without any dose', () => {
    const { findings } = evaluate('sofa2_day', { ...day, fio2: 50, norepinephrine_dose: 0 });
    expect(findings.map((f) => [f.rule, f.keys[0], f.severity])).toEqual([
      ['range', 'fio2', 'hard'],
      ['dose_when_infused', 'vasoactive_infusion', 'soft'],
    ]);
  });
});

describe('infection', () => {
  it('asks culture details only when a culture was taken, and the organism only when something grew', () => {
    const row = entries({ specimen: 'blood', culture_taken_on: '2026-03-02', culture_result: 'growth' });
    const taken = evaluate('infection', { suspected_site: 'pneumonia', culture_taken: true }, { cultures: [row] });
    expect(taken.missingRequired).toContain('cultures[0].organism');
    expect(taken.shown.has('cultures[0].quantity')).toBe(true);
    const none = evaluate('infection', { suspected_site: 'pneumonia', culture_taken: false }, { cultures: [row] });
    expect(none.shown.has('cultures[0].specimen')).toBe(false);
    expect(none.hiddenWithEntry).toEqual([
      'cultures[0].specimen',
      'cultures[0].culture_taken_on',
      'cultures[0].culture_result',
    ]);
  });

  const first = {
    adjudicated_by: 'A. de Vries',
    adjudicated_on: '2026-05-01',
    adjudicated_site: 'pneumonia',
    adjudicated_certainty: 'probable',
    evidence: ['imaging', 'clinical_signs'],
    second_adjudication_done: true,
  };

  it('asks for a resolution only when two adjudicators disagree, and refuses one adjudicator twice', () => {
    const agree = {
      second_by: 'B. Jansen',
      second_on: '2026-05-03',
      second_site: 'pneumonia',
      second_certainty: 'probable',
    };
    expect(evaluate('infection', { ...first, ...agree }).shown.has('final_site')).toBe(false);
    const differ = evaluate('infection', { ...first, ...agree, second_certainty: 'possible' });
    expect(differ.missingRequired).toEqual(
      expect.arrayContaining(['resolution_method', 'final_site', 'final_certainty']),
    );
    const same = evaluate('infection', { ...first, ...agree, second_by: 'a. de vries' });
    expect(same.findings.map((f) => [f.rule, f.severity])).toEqual([['two_adjudicators', 'hard']]);
  });

  it('queries a definite infection without microbiological evidence', () => {
    const { findings } = evaluate('infection', { ...first, adjudicated_certainty: 'definite' });
    expect(findings.map((f) => f.rule)).toEqual(['definite_needs_culture']);
  });
});

describe('treatments', () => {
  it('queries an antibiotic stopped before it started, row by row', () => {
    const result = evaluate(
      'treatments',
      {},
      {
        antibiotics: [
          entries({
            antibiotic: 'ceftriaxone',
            antibiotic_route: 'intravenous',
            antibiotic_started_on: '2026-03-01',
            antibiotic_stopped_on: '2026-03-06',
          }),
          entries({
            antibiotic: 'meropenem',
            antibiotic_route: 'intravenous',
            antibiotic_started_on: '2026-03-04',
            antibiotic_stopped_on: '2026-03-02',
          }),
        ],
      },
    );
    expect(result.findings.map((f) => [f.rule, f.severity, f.keys[0]])).toEqual([
      ['antibiotic_stop_after_start', 'soft', 'antibiotics[1].antibiotic_stopped_on'],
    ]);
  });

  it('gives each corticosteroid dose as prednisone, and the highest, as src/clinical does with the protocol’s table', () => {
    const steroid = (drug: string, dose: number) =>
      entries({
        corticosteroid: drug,
        corticosteroid_daily_dose: dose,
        corticosteroid_started_on: '2026-03-01',
        corticosteroid_stopped_on: { missing: 'not_applicable' },
      });
    const result = evaluate(
      'treatments',
      { corticosteroids_given: true },
      { corticosteroids: [steroid('hydrocortisone', 200), steroid('dexamethasone', 6)] },
    );
    const asPrednisone = (drug: string, dose: number) =>
      prednisoneEquivalentDose({ corticosteroids: [{ drug, dailyDoseMg: dose }] }, prednisoneEquivalents).mgPerDay;
    expect(result.calculated['corticosteroids[0].corticosteroid_prednisone_mg']).toBe(
      asPrednisone('hydrocortisone', 200),
    );
    expect(result.calculated['corticosteroids[1].corticosteroid_prednisone_mg']).toBe(asPrednisone('dexamethasone', 6));
    expect(result.calculated.corticosteroid_highest_prednisone_mg).toBe(
      Math.max(asPrednisone('hydrocortisone', 200)!, asPrednisone('dexamethasone', 6)!),
    );
    expect(
      evaluate('treatments', { corticosteroids_given: false }).shown.has('corticosteroid_highest_prednisone_mg'),
    ).toBe(false);
  });
});

describe('routine labs', () => {
  it('refuses a creatinine in mg/dL entered as µmol/L, and queries an implausible one', () => {
    expect(evaluate('labs', { lab_creatinine: 1.4 }).findings.map((f) => f.severity)).toEqual(['hard']);
    expect(evaluate('labs', { lab_creatinine: 2100 }).findings.map((f) => f.severity)).toEqual(['soft']);
    expect(evaluate('labs', { lab_creatinine: 124 }).findings).toEqual([]);
  });

  it('converts creatinine and bilirubin from mg/dL by the factors the clinical engine uses', () => {
    const units = (id: string) => form('labs').items.get(id)!.definition.conversions;
    expect(units('lab_creatinine')).toEqual([{ unit: 'mg/dL', factor: 88.4 }]);
    expect(units('lab_bilirubin')).toEqual([{ unit: 'mg/dL', factor: 17.1 }]);
  });
});

describe('ICU and hospital outcome', () => {
  it('refuses a hospital discharge before the admission', () => {
    const { findings } = evaluate('outcome', {
      icu_admitted_on: '2026-03-02',
      icu_status: 'discharged_alive',
      icu_discharged_on: '2026-03-06',
      hospital_admitted_on: '2026-03-01',
      hospital_status: 'discharged_alive',
      hospital_discharged_on: '2026-02-27',
    });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['hospital_discharge_after_admission', 'hard'],
      ['hospital_discharge_after_icu', 'hard'],
    ]);
  });

  it('asks for the date of death and not for a discharge when the patient died in the ICU', () => {
    const result = evaluate('outcome', {
      icu_admitted_on: '2026-03-02',
      icu_status: 'died',
      hospital_admitted_on: '2026-03-01',
      hospital_status: 'died',
    });
    expect(result.shown.has('icu_discharged_on')).toBe(false);
    expect(result.missingRequired).toEqual(expect.arrayContaining(['died_on', 'cause_of_death']));
  });
});

describe('follow-up at M3 and M12', () => {
  const alive = {
    contacted_on: '2026-06-10',
    mode: 'phone',
    vital_status: 'alive',
    eq5d_mobility: '2',
    eq5d_self_care: '1',
    eq5d_usual_activities: '1',
    eq5d_pain_discomfort: '1',
    eq5d_anxiety_depression: '1',
    eq_vas: 75,
  };

  it('gives the Dutch EQ-5D-5L index 0.918 for 21111', () => {
    expect(evaluate('follow_up', alive).calculated.eq5d_index).toBe(0.918);
  });

  it('records cardiovascular events with date and source, none after the contact', () => {
    const result = evaluate(
      'follow_up',
      { ...alive, cardiovascular_event: true },
      {
        cardiovascular_events: [
          entries({ cv_event: 'stroke', cv_event_on: '2026-07-01', cv_event_source: 'hospital_records' }),
          entries({ cv_event: 'cardiovascular_death', cv_event_on: '2026-05-01', cv_event_source: 'registry' }),
        ],
      },
    );
    expect(result.findings.map((f) => [f.rule, f.keys[0]])).toEqual([
      ['cv_event_on_not_after_contact', 'cardiovascular_events[0].cv_event_on'],
      ['cardiovascular_death_means_died', 'cardiovascular_events[1].cv_event'],
    ]);
  });

  it('asks no questionnaire of a participant who died', () => {
    const result = evaluate('follow_up', { contacted_on: '2026-06-10', mode: 'proxy', vital_status: 'died' });
    expect(result.shown.has('eq5d_mobility')).toBe(false);
    expect(result.calculated.eq5d_index).toBeUndefined();
    expect(result.missingRequired).toContain('died_on');
  });
});

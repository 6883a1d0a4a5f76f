import type { MissingCode } from '../protocol/forms.ts';
import type { Rng } from '../stats/random.ts';
import type { PatientPlan } from './patient-plan.ts';
import { dayMs, isoDate, isoInstant } from './time.ts';

/**
 * Case report form entries of the demo (docs/forms.md): the baseline at D0 and the follow-up at M3 and M12, from
 * the participant's plan and planted outcomes. Missing data as sites leave it: an unknown frailty score, EQ-5D
 * questions the participant would not answer. A few values lie outside a soft range (a heavy patient), which opens
 * a query by itself as the form is saved. Pure; the shares are our assumption.
 */

type Entry = { value: string | number | boolean | string[] } | { missing: MissingCode };
export type Entries = Record<string, Entry>;
export interface FormEntries {
  items: Entries;
  rows?: Record<string, Entries[]>;
}

const v = (value: string | number | boolean): Entry => ({ value });
const yes = (rng: Rng, p: number) => v(rng.uniform() < p);

/** Charlson conditions with their rough prevalence among ICU sepsis patients. */
const comorbidities: readonly [string, number][] = [
  ['myocardial_infarction', 0.1],
  ['congestive_heart_failure', 0.12],
  ['peripheral_vascular_disease', 0.07],
  ['cerebrovascular_disease', 0.08],
  ['dementia', 0.03],
  ['chronic_pulmonary_disease', 0.18],
  ['connective_tissue_disease', 0.04],
  ['peptic_ulcer_disease', 0.03],
  ['moderate_severe_liver_disease', 0.03],
  ['diabetes_end_organ_damage', 0.06],
  ['hemiplegia', 0.02],
  ['moderate_severe_renal_disease', 0.1],
  ['metastatic_solid_tumour', 0.05],
  ['leukaemia', 0.02],
  ['lymphoma', 0.03],
  ['aids', 0.002],
];

export function baselineEntries(rng: Rng, plan: PatientPlan): FormEntries {
  const items: Entries = {};
  items.age_years = v(plan.ageYears);
  items.sex = v(plan.sex);
  if (plan.sex === 'female' && plan.ageYears < 60) items.pregnant = v(rng.uniform() < 0.02);
  const height = Math.round((plan.sex === 'female' ? 166 : 179) + 7 * rng.normal());
  // One in forty is heavier than the soft limit of 200 kg: the form opens a query about it by itself.
  const weight =
    rng.uniform() < 0.025 ? 205 + rng.int(30) : Math.round(10 * (height - 100) * (0.75 + 0.35 * rng.uniform())) / 10;
  items.height_cm = v(height);
  items.weight_kg = v(weight);
  items.weight_method = v(rng.uniform() < 0.5 ? 'estimated' : rng.uniform() < 0.6 ? 'reported' : 'measured');
  for (const [id, p] of comorbidities) items[id] = yes(rng, p);
  // A condition's milder form is asked only without its severe form (shown when `!severe`).
  const has = (id: string) => (items[id] as { value: boolean }).value;
  if (!has('moderate_severe_liver_disease')) items.mild_liver_disease = yes(rng, 0.04);
  if (!has('diabetes_end_organ_damage')) items.diabetes_uncomplicated = yes(rng, 0.18);
  if (!has('metastatic_solid_tumour')) items.solid_tumour = yes(rng, 0.08);
  const hospitalized = rng.uniform() < 0.3;
  const hospitalAt = hospitalized
    ? plan.admissionAt - (1 + rng.int(6)) * dayMs
    : plan.admissionAt - (2 + rng.int(6)) * 3_600_000;
  items.hospital_admitted_at = v(isoInstant(hospitalAt));
  items.icu_admitted_at = v(isoInstant(plan.admissionAt));
  items.admission_unit = v(plan.setting);
  items.admission_type = v(rng.uniform() < 0.75 ? 'medical' : 'surgical_emergency');
  items.admission_source = v(
    hospitalized ? 'hospital_ward' : rng.uniform() < 0.9 ? 'emergency_department' : 'other_hospital',
  );
  items.sepsis_onset = v(hospitalized ? 'hospital' : 'community');
  items.clinical_frailty_scale =
    rng.uniform() < 0.12
      ? { missing: 'unknown' }
      : v(String(Math.min(9, Math.max(1, Math.round(3 + plan.ageYears / 40 + rng.normal())))));
  return { items };
}

/**
 * The follow-up call at M3 or M12 (`contactAt`): vital status, EQ-5D-5L (worse after a sicker course), and the
 * planted re-admissions, new infections and cardiovascular events since the last contact (`sinceAt`).
 */
export function followUpEntries(rng: Rng, plan: PatientPlan, contactAt: number, sinceAt: number): FormEntries {
  const items: Entries = {};
  items.contacted_on = v(isoDate(contactAt));
  items.mode = v(rng.uniform() < 0.6 ? 'phone' : rng.uniform() < 0.7 ? 'self' : 'proxy');
  items.vital_status = v('alive');
  const burden = plan.planted.severity + (plan.planted.immunotype === 'immunoparalysis' ? 0.5 : 0);
  const level = () => String(Math.min(5, Math.max(1, Math.round(1.6 + 0.6 * burden + 0.9 * rng.normal()))));
  const refused = rng.uniform() < 0.05;
  for (const dimension of ['mobility', 'self_care', 'usual_activities', 'pain_discomfort', 'anxiety_depression']) {
    items[`eq5d_${dimension}`] = refused ? { missing: 'asked_refused' } : v(level());
  }
  items.eq_vas = refused
    ? { missing: 'asked_refused' }
    : v(Math.min(100, Math.max(5, Math.round(72 - 8 * burden + 12 * rng.normal()))));

  const admission = plan.admissionAt;
  const between = (days: number[]) =>
    days.map((d) => admission + d * dayMs).filter((at) => at > sinceAt && at <= contactAt);
  const readmissions = between(plan.planted.outcomes.readmissionDays);
  items.readmitted = v(readmissions.length > 0);
  const rows: Record<string, Entries[]> = {};
  if (readmissions.length > 0) {
    rows.readmissions = readmissions.map((at) => {
      const out = at + (2 + rng.int(10)) * dayMs;
      return {
        readmitted_on: v(isoDate(at)),
        readmission_discharged_on: out <= contactAt ? v(isoDate(out)) : { missing: 'unknown' },
        readmission_reason: v(rng.uniform() < 0.45 ? 'infection' : rng.uniform() < 0.4 ? 'cardiovascular' : 'planned'),
        readmission_icu: v(rng.uniform() < 0.15),
      };
    });
  }
  const infections = between(plan.planted.outcomes.infectionDays);
  items.new_infection = v(infections.length > 0);
  if (infections.length > 0) {
    const sites = ['pneumonia', 'urinary_tract', 'bloodstream', 'intra_abdominal', 'skin_soft_tissue'];
    rows.new_infections = infections.map((at) => ({
      new_infection_on: v(isoDate(at)),
      new_infection_site: v(sites[rng.int(sites.length)]!),
      new_infection_confirmation: v(rng.uniform() < 0.5 ? 'microbiology' : 'physician'),
      new_infection_hospitalised: v(rng.uniform() < 0.4),
    }));
  }
  const events = between(plan.planted.outcomes.cardiovascularDays);
  items.cardiovascular_event = v(events.length > 0);
  if (events.length > 0) {
    rows.cardiovascular_events = events.map((at) => ({
      cv_event: v(rng.uniform() < 0.4 ? 'myocardial_infarction' : rng.uniform() < 0.5 ? 'stroke' : 'heart_failure'),
      cv_event_on: v(isoDate(at)),
      cv_event_source: v(rng.uniform() < 0.7 ? 'hospital_records' : 'general_practitioner'),
    }));
  }
  items.gp_contacts = v(rng.int(8));
  items.outpatient_visits = v(rng.int(6));
  items.emergency_visits = v(rng.uniform() < 0.8 ? 0 : 1 + rng.int(2));
  for (const [id, p] of [
    ['rehabilitation', 0.3],
    ['physiotherapy', 0.5],
    ['home_care', 0.2],
    ['nursing_home', 0.04],
  ] as const) {
    items[id] = yes(rng, p);
  }
  return Object.keys(rows).length === 0 ? { items } : { items, rows };
}

/** What a monitor asks after source-data verification; the nurse answers most within days. */
export const monitorQuestions: readonly { item: string; text: string }[] = [
  { item: 'weight_kg', text: 'The weight differs from the nursing chart on the day of admission: please check.' },
  { item: 'hospital_admitted_at', text: 'The emergency department record shows another arrival time: please check.' },
  { item: 'chronic_pulmonary_disease', text: 'The discharge letter mentions COPD GOLD 2: please check.' },
];

import type { Rng } from '../stats/random.ts';
import { infectionFormAt } from './clinical-forms.ts';
import type { Entries, FormEntries } from './forms.ts';
import type { PatientPlan } from './patient-plan.ts';
import { icuDayDate, type OrganPoints } from './sofa-days.ts';
import { atHour, dayMs, hourMs, isoDate, startOfDay } from './time.ts';

/**
 * The treatments form (once, completed after the unit stay): antibiotics for the classified site, and the organ
 * support and corticosteroids that the SOFA-2 days entered show (vasopressors on the days the cardiovascular
 * score needed them, ventilation and kidney replacement likewise), continued for a few days past the last day
 * entered when the stay went on. Pure; the choices follow common Dutch ICU practice and are our assumption.
 */

/** What the SOFA-2 days entered showed, day by day (index 0 is ICU day 1). */
export interface SupportDays {
  points: OrganPoints[];
  /** Invasive or non-invasive ventilation, high flow: the respiratory items' advanced support. */
  advanced: boolean[];
  ecmo: boolean[];
}

/** Empirical antibiotics by primary site (SWAB guidance as Dutch ICUs use it). */
const antibioticsBySite: Readonly<Record<string, readonly string[]>> = {
  pneumonia: ['ceftriaxone', 'ciprofloxacin'],
  intra_abdominal: ['cefuroxime', 'metronidazole'],
  urinary_tract: ['ceftriaxone', 'gentamicin'],
  skin_soft_tissue: ['flucloxacillin', 'clindamycin'],
  central_nervous_system: ['ceftriaxone', 'amoxicillin'],
  catheter_related: ['vancomycin', 'ceftriaxone'],
  bone_joint: ['flucloxacillin'],
  surgical_wound: ['flucloxacillin', 'ceftriaxone'],
};

/** When the treatments form is entered: the day after the unit stay ends, and after the infection form. */
export function treatmentsFormAt(plan: PatientPlan): number | null {
  const end = plan.icuDischargeAt ?? plan.deathAt;
  if (end === null) return null;
  return Math.max(atHour(end + dayMs, 12), infectionFormAt(plan) + hourMs);
}

export function treatmentsEntries(
  rng: Rng,
  plan: PatientPlan,
  enteredAt: number,
  site: string | null,
  support: SupportDays,
): FormEntries {
  const items: Entries = {};
  const v = (value: string | number | boolean | string[]) => ({ value });
  const lastUnitDay = startOfDay(plan.icuDischargeAt ?? plan.deathAt ?? plan.admissionAt);
  const enteredOn = startOfDay(enteredAt);
  /** A stop date a few days on, or "not applicable" while it is still given when the form is entered. */
  const stop = (from: number, days: number) => {
    const at = Math.min(from + days * dayMs, plan.deathAt === null ? Infinity : startOfDay(plan.deathAt));
    return at <= enteredOn ? v(isoDate(at)) : { missing: 'not_applicable' as const };
  };
  /** The first and last day a support was on among the days entered, continued past them when the stay went on. */
  const period = (prefix: string, on: boolean[]) => {
    const first = on.indexOf(true);
    const last = on.lastIndexOf(true);
    items[`${prefix}_started_on`] = v(isoDate(icuDayDate(plan, first + 1)));
    const lastOn = icuDayDate(plan, last + 1);
    const more = last === on.length - 1 ? rng.int(4) : 0;
    items[`${prefix}_stopped_on`] = stop(lastOn, Math.min(more, Math.round((lastUnitDay - lastOn) / dayMs)));
  };
  const admittedOn = startOfDay(plan.admissionAt);

  const antibiotics = antibioticsBySite[site ?? ''] ?? ['ceftriaxone', 'gentamicin'];
  const rows = antibiotics.map((antibiotic, i) => ({
    antibiotic: v(antibiotic),
    antibiotic_route: v('intravenous'),
    antibiotic_started_on: v(isoDate(admittedOn)),
    // Gentamicin and the second drug stop after a few days; the main one runs a course of a week or so.
    antibiotic_stopped_on: stop(admittedOn, i === 0 ? 5 + rng.int(6) : 2 + rng.int(3)),
  }));

  const vasopressor = support.points.map((p) => p.cardiovascular >= 2);
  items.vasopressors_given = v(vasopressor.includes(true));
  if (vasopressor.includes(true)) {
    const second = support.points.some((p) => p.cardiovascular >= 3) && rng.uniform() < 0.35;
    items.vasopressor_agents = v(second ? ['norepinephrine', 'vasopressin'] : ['norepinephrine']);
    period('vasopressors', vasopressor);
  }
  const ventilated = support.points.map((p, i) => support.advanced[i]! && p.respiratory >= 3);
  items.invasive_ventilation = v(ventilated.includes(true));
  if (ventilated.includes(true)) period('ventilation', ventilated);
  items.noninvasive_support = v(support.advanced.some((on, i) => on && !ventilated[i]));
  const rrt = support.points.map((p) => p.kidney === 4);
  items.rrt_given = v(rrt.includes(true));
  if (rrt.includes(true)) {
    items.rrt_chronic = v(rng.uniform() < 0.05);
    items.rrt_modalities = v(['continuous']);
    period('rrt', rrt);
  }
  items.ecmo_given = v(support.ecmo.includes(true));
  if (support.ecmo.includes(true)) {
    items.ecmo_mode = v('vv');
    period('ecmo', support.ecmo);
  }
  // Hydrocortisone for shock needing more than a low dose of norepinephrine, in about half (practice varies).
  const shock = support.points.findIndex((p) => p.cardiovascular >= 3);
  const steroids = shock >= 0 && rng.uniform() < 0.5;
  items.corticosteroids_given = v(steroids);
  items.immunomodulators_given = v(false);
  const result: FormEntries = { items, rows: { antibiotics: rows } };
  if (steroids) {
    const started = icuDayDate(plan, shock + 1);
    result.rows!.corticosteroids = [
      {
        corticosteroid: v('hydrocortisone'),
        corticosteroid_daily_dose: v(200),
        corticosteroid_started_on: v(isoDate(started)),
        corticosteroid_stopped_on: stop(started, 5 + rng.int(3)),
      },
    ];
  }
  return result;
}

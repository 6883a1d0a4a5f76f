import type { Rng } from '../stats/random.ts';
import type { Entries } from './forms.ts';
import type { PatientPlan } from './patient-plan.ts';
import { dayMs, isoDate, startOfDay } from './time.ts';

/**
 * The SOFA-2 form per ICU day (sofa2.md, the protocol's `sofa2_day`): the day's SOFA-2 total follows the planted
 * one (day 1 is the planted `sofa2`, src/demo/model/immunotypes.ts `sofa2AtAdmission`), survivors recover towards
 * their unit discharge and non-survivors get worse towards death. The total is spread over the six organs, each
 * day starting from the day before (an organ on RRT stays on it while the total holds), and each organ's points
 * are turned into raw worst values inside the band of the SOFA-2 table, so that the form's own calculation gives
 * the planned points. Values left "not done" (bilirubin, a blood gas) are only left out where the organ scores 0
 * either way. Pure; the shares are our assumption.
 */

export const organs = ['brain', 'respiratory', 'cardiovascular', 'liver', 'kidney', 'hemostasis'] as const;
export type Organ = (typeof organs)[number];
export type OrganPoints = Record<Organ, number>;

/** How readily each organ takes a point of the total: circulation and lungs fail most often in sepsis. */
const organWeights: Readonly<OrganPoints> = {
  brain: 0.8,
  respiratory: 1.3,
  cardiovascular: 1.3,
  liver: 0.45,
  kidney: 1,
  hemostasis: 0.7,
};

/**
 * The unit days a form is entered for: the admission day and the next. Every further day costs a form save
 * through the API (about 2–3 ms of CPU each, two audit entries): all days of the stay (at most two weeks here)
 * made 400 patients take 10–15 s longer, past the 30 s target (docs/demo.md "Speed").
 */
export const maxSofaDays = 2;

/** The ICU days of a participant's unit stay (day 1 is the day of admission), at most `maxSofaDays`. */
export function icuDaysOf(plan: PatientPlan): number {
  const end = plan.icuDischargeAt ?? plan.deathAt ?? plan.admissionAt;
  const days = Math.round((startOfDay(end) - startOfDay(plan.admissionAt)) / dayMs) + 1;
  return Math.max(1, Math.min(maxSofaDays, days));
}

/** The date of ICU day `day`. */
export const icuDayDate = (plan: PatientPlan, day: number): number => startOfDay(plan.admissionAt) + (day - 1) * dayMs;

/**
 * The planned SOFA-2 total of ICU day `day`: the planted score on day 1, then on a line towards about a third of
 * it on the last unit day of a survivor, or two to three points above it on the day of death, with a point of
 * day-to-day noise.
 */
export function plannedSofa2(rng: Rng, plan: PatientPlan, day: number): number {
  const first = plan.planted.sofa2;
  if (day === 1) return first;
  const span = plan.icuDischargeAt ?? plan.deathAt ?? plan.admissionAt;
  const last = Math.max(2, Math.round((startOfDay(span) - startOfDay(plan.admissionAt)) / dayMs) + 1);
  const end = plan.planted.survivor ? Math.max(1, Math.round(first * 0.35)) : Math.min(24, first + 2.5);
  const at = first + ((end - first) * (day - 1)) / (last - 1);
  return Math.max(0, Math.min(24, Math.round(at + rng.normal())));
}

/** Spreads `total` over the organs, starting from the day before: points added or taken one at a time. */
export function spreadOverOrgans(rng: Rng, total: number, before: Readonly<OrganPoints> | null): OrganPoints {
  const points: OrganPoints = {
    ...(before ?? { brain: 0, respiratory: 0, cardiovascular: 0, liver: 0, kidney: 0, hemostasis: 0 }),
  };
  const sum = () => organs.reduce((a, o) => a + points[o], 0);
  const pick = (eligible: (o: Organ) => boolean): Organ | undefined => {
    const candidates = organs.filter(eligible);
    const weight = candidates.reduce((a, o) => a + organWeights[o], 0);
    let left = rng.uniform() * weight;
    for (const organ of candidates) {
      left -= organWeights[organ];
      if (left < 0) return organ;
    }
    return candidates.at(-1);
  };
  while (sum() < total) points[pick((o) => points[o] < 4)!] += 1;
  while (sum() > total) points[pick((o) => points[o] > 0)!] -= 1;
  return points;
}

const between = (rng: Rng, low: number, high: number) => low + (high - low) * rng.uniform();
const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const v = (value: string | number | boolean) => ({ value });
const notDone = { missing: 'not_done' as const };

/** Lowest GCS of each brain band (15 → 0; 13–14 → 1; 9–12 → 2; 6–8 → 3; 3–5 → 4). */
const gcsBands: readonly (readonly [number, number])[] = [
  [15, 15],
  [13, 14],
  [9, 12],
  [6, 8],
  [3, 5],
];
/** PaO2/FiO2 inside each band, away from its limits (> 300 → 0; ≤ 300; ≤ 225; ≤ 150; ≤ 75 → 4), and the FiO2. */
const oxygenation: readonly { ratio: [number, number]; fio2: [number, number] }[] = [
  { ratio: [320, 470], fio2: [0.21, 0.35] },
  { ratio: [232, 292], fio2: [0.3, 0.45] },
  { ratio: [158, 218], fio2: [0.35, 0.6] },
  { ratio: [85, 143], fio2: [0.5, 0.8] },
  { ratio: [52, 72], fio2: [0.8, 1] },
];
const bilirubinBands: readonly [number, number][] = [
  [5, 19],
  [22, 49],
  [54, 100],
  [106, 200],
  [210, 420],
];
const creatinineBands: readonly [number, number][] = [
  [45, 105],
  [114, 166],
  [180, 295],
  [310, 520],
];
const plateletBands: readonly [number, number][] = [
  [155, 380],
  [103, 148],
  [82, 98],
  [52, 79],
  [8, 48],
];

/** The day's form: raw worst values whose SOFA-2 is `points` organ by organ. */
export function sofa2DayEntries(
  rng: Rng,
  plan: PatientPlan,
  day: number,
  points: Readonly<OrganPoints>,
  before: Readonly<OrganPoints> | null,
): Entries {
  const items: Entries = {};
  const int = (band: readonly [number, number]) => band[0] + rng.int(band[1] - band[0] + 1);
  items.icu_day = v(day);
  items.day_date = v(isoDate(icuDayDate(plan, day)));

  // Respiratory first: a ventilated patient is often sedated.
  const respiratory = points.respiratory;
  const advanced = respiratory >= 3 || rng.uniform() < [0.1, 0.3, 0.55][respiratory]!;
  if (respiratory === 4 && rng.uniform() < 0.04) {
    items.ecmo = v('respiratory');
  } else items.ecmo = v('none');
  const band = oxygenation[respiratory]!;
  const fio2 = round(between(rng, ...band.fio2), 2);
  items.fio2 = v(fio2);
  // A few unit days without an arterial blood gas: SpO2 of 98 % or more gives no ratio, and the organ scores 0.
  if (respiratory === 0 && rng.uniform() < 0.06) {
    items.pao2 = notDone;
    items.spo2 = v(98 + rng.int(3));
  } else {
    items.pao2 = v(round(between(rng, ...band.ratio) * fio2, 1));
  }
  items.advanced_respiratory_support = v(advanced);
  items.respiratory_support_withheld = v(false);

  const brain = points.brain;
  const sedated = advanced && respiratory >= 3 && rng.uniform() < 0.6;
  items.sedated = v(sedated);
  if (sedated) {
    // The last GCS before sedation; unknown only where the brain scores 0 either way.
    items.gcs_before_sedation = brain === 0 && rng.uniform() < 0.3 ? { missing: 'unknown' } : v(int(gcsBands[brain]!));
    items.delirium_drug_treatment = v(false);
  } else if (brain === 1 && rng.uniform() < 0.3) {
    items.gcs = v(15);
    items.delirium_drug_treatment = v(true);
  } else {
    items.gcs = v(int(gcsBands[brain]!));
    items.delirium_drug_treatment = v(false);
  }

  const cardiovascular = points.cardiovascular;
  items.vasoactive_infusion = v(cardiovascular >= 2);
  if (cardiovascular <= 1) {
    items.map_mmhg = v(cardiovascular === 0 ? int([70, 92]) : int([56, 69]));
  } else {
    // Norepinephrine as base (µg/kg/min), alone or with a second agent (vasopressin, dobutamine).
    const withOther = cardiovascular >= 3 && rng.uniform() < 0.35;
    const dose =
      cardiovascular === 2
        ? between(rng, 0.02, 0.19)
        : cardiovascular === 3
          ? withOther
            ? between(rng, 0.05, 0.19)
            : between(rng, 0.21, 0.39)
          : withOther
            ? between(rng, 0.21, 0.39)
            : between(rng, 0.42, 1.2);
    items.map_mmhg = v(int([58, 76]));
    items.norepinephrine_dose = v(round(dose, 3));
    items.norepinephrine_salt = v('base');
    items.epinephrine_dose = v(0);
    items.dopamine_dose = v(0);
    items.other_vasoactive = v(withOther);
  }
  items.mechanical_circulatory_support = v(false);
  items.vasoactives_withheld = v(false);

  // Bilirubin is not measured every day: left "not done" on some days the liver scores 0 on both days.
  const liverQuiet = points.liver === 0 && (before?.liver ?? 0) === 0;
  items.bilirubin = liverQuiet && day > 1 && rng.uniform() < 0.3 ? notDone : v(int(bilirubinBands[points.liver]!));

  const kidney = points.kidney;
  items.rrt = v(kidney === 4);
  items.creatinine = v(int(creatinineBands[Math.min(3, kidney === 4 ? 2 + rng.int(2) : kidney)]!));
  items.urine_output = v(kidney === 4 ? round(between(rng, 0, 0.3), 2) : round(between(rng, 0.55, 1.8), 2));
  if (kidney === 4) items.urine_output_hours = v(24);
  // The blood gas and potassium away from the criteria for RRT (so they never add kidney points by themselves).
  if (rng.uniform() < 0.9) {
    items.potassium = v(round(between(rng, 3.4, 5.4), 1));
    items.ph = v(round(between(rng, 7.24, 7.46), 2));
    items.bicarbonate = v(round(between(rng, 15, 28), 1));
  }

  items.platelets = v(int(plateletBands[points.hemostasis]!));
  return items;
}

/**
 * Form data for tests and benchmarks: one ICU day of the study's SOFA-2 form (a ventilated patient on
 * norepinephrine; every organ scores), as a save sends it.
 */
export const sofaDayValues = {
  icu_day: 2,
  day_date: '2026-03-03',
  sedated: false,
  gcs: 13,
  delirium_drug_treatment: false,
  pao2: 72,
  fio2: 0.5,
  advanced_respiratory_support: true,
  respiratory_support_withheld: false,
  ecmo: 'none',
  map_mmhg: 64,
  vasoactive_infusion: true,
  norepinephrine_dose: 0.3,
  norepinephrine_salt: 'bitartrate_monohydrate',
  epinephrine_dose: 0,
  dopamine_dose: 0,
  other_vasoactive: false,
  mechanical_circulatory_support: false,
  vasoactives_withheld: false,
  bilirubin: 40,
  creatinine: 190,
  urine_output: 0.4,
  urine_output_hours: 8,
  rrt: false,
  potassium: 4.8,
  ph: 7.31,
  bicarbonate: 19,
  platelets: 95,
} as const;

/** Values as entries, optionally changed: `entries({gcs: 9})`. */
export function entries(
  changes: Record<string, unknown> = {},
  values: Record<string, unknown> = sofaDayValues,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...values, ...changes };
  return Object.fromEntries(
    Object.entries(merged)
      .filter(([, value]) => value !== undefined)
      .map(([id, value]) => [
        id,
        typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { value },
      ]),
  );
}

export const sofaDayPath = (participantId: number, day = 2) =>
  `/api/participants/${participantId}/forms/sofa2_day/day-${day}`;

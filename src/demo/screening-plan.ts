import type { Rng } from '../stats/random.ts';

/**
 * The screening log around the cohort: patients screened who were not eligible (each for a realistic reason),
 * eligible but never approached, and approached but declined. The shares are our assumption, in line with
 * sepsis cohorts' STROBE diagrams, where three to five patients are screened for every one enrolled.
 */

/** Screened but not enrolled, per enrolled participant. */
export const screenedPerEnrolled = 3;

export type NotEnrolledKind =
  | 'sofa_below_2'
  | 'no_infection'
  | 'under_18'
  | 'neutropenia'
  | 'cd4'
  | 'primary_immunodeficiency'
  | 'corticosteroids'
  | 'biologics'
  | 'solid_organ_transplant'
  | 'allogeneic_bmt'
  | 'not_approached'
  | 'declined';

const kinds: readonly [NotEnrolledKind, number][] = [
  ['sofa_below_2', 0.2],
  ['no_infection', 0.14],
  ['under_18', 0.02],
  ['neutropenia', 0.07],
  ['cd4', 0.02],
  ['primary_immunodeficiency', 0.02],
  ['corticosteroids', 0.08],
  ['biologics', 0.07],
  ['solid_organ_transplant', 0.06],
  ['allogeneic_bmt', 0.02],
  ['not_approached', 0.18],
  ['declined', 0.12],
];

export const notApproachedReasons = [
  'Admitted and discharged over the weekend',
  'No legal representative reachable within 48 hours',
  'Research nurse not available',
  'Treating physician advised against approaching',
  'Palliative care started',
];

export const declinedReasons = [
  'Representative does not want extra blood taken',
  'Patient not interested in research',
  'Representative too burdened to decide',
  'Already taking part in another study',
];

export function drawNotEnrolledKind(rng: Rng): NotEnrolledKind {
  let left = rng.uniform();
  for (const [kind, p] of kinds) {
    left -= p;
    if (left < 0) return kind;
  }
  return 'declined';
}

export interface EligibilityAnswers {
  ageYears: number;
  infection: 'suspected' | 'documented' | 'none';
  admissionType: 'new' | 'hospitalized';
  sofa2Total: number;
  baselineSofa2?: number;
  neutropenia: boolean;
  cd4Below400: boolean;
  primaryImmunodeficiency: boolean;
  biologics: boolean;
  solidOrganTransplant: boolean;
  allogeneicBmt: boolean;
  weightKg: number;
  corticosteroids: { drug: string; dailyDoseMg: number; days: number }[];
}

/** The answers of an eligible patient: the SOFA-2 of the planted model; a tenth already in hospital. */
export function eligibleAnswers(rng: Rng, ageYears: number, sofa2: number): EligibilityAnswers {
  const hospitalized = rng.uniform() < 0.1;
  const baseline = hospitalized ? Math.min(2, rng.int(3)) : 0;
  return {
    ageYears,
    infection: rng.uniform() < 0.6 ? 'suspected' : 'documented',
    admissionType: hospitalized ? 'hospitalized' : 'new',
    sofa2Total: Math.min(24, sofa2 + baseline),
    ...(hospitalized ? { baselineSofa2: baseline } : {}),
    neutropenia: false,
    cd4Below400: false,
    primaryImmunodeficiency: false,
    biologics: false,
    solidOrganTransplant: false,
    allogeneicBmt: false,
    weightKg: Math.round(55 + 45 * rng.uniform()),
    corticosteroids: [],
  };
}

/** The answers of a patient screened out for `kind` (the eligible kinds get eligible answers). */
export function answersFor(rng: Rng, kind: NotEnrolledKind, ageYears: number): EligibilityAnswers {
  const sofa = 2 + rng.int(10);
  const base = eligibleAnswers(rng, ageYears, sofa);
  switch (kind) {
    case 'sofa_below_2': {
      const { baselineSofa2: _baseline, ...rest } = base;
      return { ...rest, admissionType: 'new', sofa2Total: rng.int(2) };
    }
    case 'no_infection':
      return { ...base, infection: 'none' };
    case 'under_18':
      return { ...base, ageYears: 16 + rng.int(2) };
    case 'neutropenia':
      return { ...base, neutropenia: true };
    case 'cd4':
      return { ...base, cd4Below400: true };
    case 'primary_immunodeficiency':
      return { ...base, primaryImmunodeficiency: true };
    case 'corticosteroids':
      // 0.4 mg/kg prednisone equivalent for more than 15 days excludes: 40–60 mg prednisolone for weeks does.
      return {
        ...base,
        weightKg: 70,
        corticosteroids: [{ drug: 'prednisolone', dailyDoseMg: 40 + 10 * rng.int(3), days: 20 + rng.int(60) }],
      };
    case 'biologics':
      return { ...base, biologics: true };
    case 'solid_organ_transplant':
      return { ...base, solidOrganTransplant: true };
    case 'allogeneic_bmt':
      return { ...base, allogeneicBmt: true };
    case 'not_approached':
    case 'declined':
      return base;
  }
}

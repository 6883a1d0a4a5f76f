/**
 * Eligibility of the sepsis immunotype cohort (ClinicalTrials.gov NCT07273344, local id NL010169), as data.
 * Source: the registry record, restated in docs study-protocol.md. The clinical engine
 * (src/clinical/eligibility.ts) applies whatever criteria object it is given; nothing below is repeated there.
 */

export type InfectionStatus = 'suspected' | 'documented' | 'none';

/** The yes/no screening questions an exclusion can be read from (field names of the eligibility input). */
export const exclusionFlags = [
  'neutropenia',
  'cd4Below400',
  'primaryImmunodeficiency',
  'biologics',
  'solidOrganTransplant',
  'allogeneicBmt',
] as const;
export type ExclusionFlag = (typeof exclusionFlags)[number];

/** An exclusion answered by one yes/no question; `code` is what the screening log records. */
export interface FlagExclusion {
  kind: 'flag';
  code: string;
  field: ExclusionFlag;
  description: string;
}

/** Chronic corticosteroids: the summed prednisone-equivalent daily dose per kg of the drugs taken long enough. */
export interface CorticosteroidExclusion {
  kind: 'corticosteroids';
  code: string;
  /** At or above this many mg prednisone-equivalent per kg per day, the patient is excluded. */
  thresholdMgKgDay: number;
  /** Only drugs taken for more than this many days count. */
  moreThanDays: number;
  /** mg of prednisone equivalent to 1 mg of the drug; keys are lower-case drug names. */
  prednisoneEquivalents: Readonly<Record<string, number>>;
}

export type Exclusion = FlagExclusion | CorticosteroidExclusion;

export interface EligibilityCriteria {
  /** Which protocol (and version) these criteria come from; quoted in the screening log. */
  protocol: string;
  age: { minYears: number };
  /** Infection statuses that satisfy the infection criterion. */
  infection: { accepted: readonly InfectionStatus[] };
  sofa2: {
    /** New admission: total SOFA-2 at least this. */
    newAdmissionMinTotal: number;
    /** Already in hospital: total minus baseline at least this. */
    hospitalizedMinIncrease: number;
    /** Baseline assumed when none is known (no known pre-existing organ dysfunction). */
    defaultBaseline: number;
  };
  /** Any one excludes; in protocol order, which is also the order of `exclusionsMet`. */
  exclusions: readonly Exclusion[];
}

/**
 * Anti-inflammatory (glucocorticoid) potency relative to prednisone, per study-protocol.md:
 * 1 mg dexamethasone ≈ 6.67 mg prednisone, 1 mg hydrocortisone ≈ 0.25 mg prednisone.
 */
export const prednisoneEquivalents = {
  prednisone: 1,
  prednisolone: 1,
  methylprednisolone: 1.25,
  hydrocortisone: 0.25,
  dexamethasone: 6.67,
  betamethasone: 8.33,
  cortisone: 0.2,
} as const satisfies Record<string, number>;

export const eligibilityCriteria: EligibilityCriteria = {
  protocol: 'NCT07273344',
  age: { minYears: 18 },
  infection: { accepted: ['suspected', 'documented'] },
  sofa2: { newAdmissionMinTotal: 2, hospitalizedMinIncrease: 2, defaultBaseline: 0 },
  exclusions: [
    flag('neutropenia', 'neutropenia', 'known chemotherapy-induced or long-term neutropenia'),
    flag('cd4', 'cd4Below400', 'known CD4 count < 400 cells/µL'),
    flag('primaryImmunodeficiency', 'primaryImmunodeficiency', 'history of primary immunodeficiency'),
    {
      kind: 'corticosteroids',
      code: 'corticosteroids',
      thresholdMgKgDay: 0.4,
      moreThanDays: 15,
      prednisoneEquivalents,
    },
    flag('biologics', 'biologics', 'current use of biologics'),
    flag('solidOrganTransplant', 'solidOrganTransplant', 'solid organ transplant recipient'),
    flag('allogeneicBmt', 'allogeneicBmt', 'allogeneic bone marrow (stem cell) transplant recipient'),
  ],
};

function flag(code: string, field: ExclusionFlag, description: string): FlagExclusion {
  return { kind: 'flag', code, field, description };
}

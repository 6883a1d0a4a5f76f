/**
 * The shape of a study's eligibility criteria, as data. A protocol module (e.g.
 * src/protocol/nct07273344/eligibility.ts) fills it in; the clinical engine (src/clinical/eligibility.ts)
 * applies whatever criteria object it is given.
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

import { z } from 'zod';
import type {
  CorticosteroidExclusion,
  EligibilityCriteria,
  ExclusionFlag,
  FlagExclusion,
} from '../protocol/eligibility.ts';
import { parseInput } from '../core/zod-input.ts';
import { checkCorticosteroidNames, equivalenceOf } from './steroids.ts';

/**
 * Study eligibility: applies the criteria object it is given (a protocol's data) to one screened patient.
 * Every field may be absent or null. An unknown value is never read as "no": a criterion that depends on
 * it stays undecided, the patient is not eligible, and a note names the value the screening nurse must
 * look up.
 */
const yesNo = z.boolean().nullish();
export const corticosteroidEntryInput = z.strictObject({
  /** A drug name of the criteria's equivalence table, any letter case (src/clinical/steroids.ts matches it). */
  drug: z.string().trim().min(1),
  dailyDoseMg: z.number().finite().min(0).max(10_000).nullish(),
  /** Whole days taken, up to screening. */
  days: z.number().int().min(0).max(36_500).nullish(),
});
export const eligibilityInput = z.strictObject({
  ageYears: z.number().int().min(0).max(130).nullish(),
  infection: z.enum(['suspected', 'documented', 'none']).nullish(),
  /** hospitalized: already in hospital before sepsis onset. */
  admissionType: z.enum(['new', 'hospitalized']).nullish(),
  sofa2Total: z.number().int().min(0).max(24).nullish(),
  baselineSofa2: z.number().int().min(0).max(24).nullish(),
  neutropenia: yesNo,
  cd4Below400: yesNo,
  primaryImmunodeficiency: yesNo,
  biologics: yesNo,
  solidOrganTransplant: yesNo,
  allogeneicBmt: yesNo,
  weightKg: z.number().finite().gt(0).max(500).nullish(),
  /** [] means none taken; absent means not asked yet. */
  corticosteroids: z.array(corticosteroidEntryInput).max(50).nullish(),
});
export type EligibilityInput = z.output<typeof eligibilityInput>;
// Compile-time guard: every yes/no question a protocol may name is a field of the input.
const _everyFlagIsAField: Record<ExclusionFlag, unknown> = eligibilityInput.shape;

export type InclusionCode = 'age' | 'infection' | 'sofa2';
export interface EligibilityResult {
  eligible: boolean;
  inclusionFailed: InclusionCode[];
  exclusionsMet: string[];
  notes: string[];
}

/** One criterion's outcome: true (met / applies), false, or null when a missing value leaves it open. */
interface Outcome {
  holds: boolean | null;
  notes: string[];
}

export function assessEligibility(raw: unknown, criteria: EligibilityCriteria): EligibilityResult {
  const input = parseInput(eligibilityInput, raw ?? {});
  checkDrugNames(input, criteria);
  const inclusion: [InclusionCode, Outcome][] = [
    ['age', age(input, criteria)],
    ['infection', infection(input, criteria)],
    ['sofa2', sofa2(input, criteria)],
  ];
  const exclusion = criteria.exclusions.map((rule): [string, Outcome] => {
    switch (rule.kind) {
      case 'flag':
        return [rule.code, flag(input, rule)];
      case 'corticosteroids':
        return [rule.code, corticosteroids(input, rule)];
    }
  });
  const inclusionFailed = inclusion.filter(([, o]) => o.holds === false).map(([code]) => code);
  const exclusionsMet = exclusion.filter(([, o]) => o.holds === true).map(([code]) => code);
  const undecided = [...inclusion, ...exclusion].filter(([, o]) => o.holds === null).map(([code]) => code);
  const eligible = inclusionFailed.length + exclusionsMet.length + undecided.length === 0;
  const reasons = [
    inclusionFailed.length > 0 ? `inclusion not met: ${inclusionFailed.join(', ')}` : '',
    exclusionsMet.length > 0 ? `excluded by: ${exclusionsMet.join(', ')}` : '',
    undecided.length > 0 ? `undecided for missing values: ${undecided.join(', ')}` : '',
  ].filter((r) => r !== '');
  const notes = [...inclusion, ...exclusion].flatMap(([, o]) => o.notes);
  notes.push(`${criteria.protocol}: ${eligible ? 'eligible' : `not eligible (${reasons.join('; ')})`}`);
  return { eligible, inclusionFailed, exclusionsMet, notes };
}

const missing = (field: string, purpose: string): Outcome => ({
  holds: null,
  notes: [`${field} missing: needed to assess ${purpose}`],
});
const verdict = (holds: boolean) => (holds ? 'met' : 'not met');

function age(input: EligibilityInput, criteria: EligibilityCriteria): Outcome {
  if (input.ageYears == null) return missing('ageYears', 'the age criterion');
  const holds = input.ageYears >= criteria.age.minYears;
  return {
    holds,
    notes: [`age ${input.ageYears} ${holds ? '≥' : '<'} ${criteria.age.minYears} years: ${verdict(holds)}`],
  };
}

function infection(input: EligibilityInput, criteria: EligibilityCriteria): Outcome {
  if (input.infection == null) return missing('infection', 'the infection criterion');
  const holds = criteria.infection.accepted.includes(input.infection);
  return { holds, notes: [`infection ${input.infection}: ${verdict(holds)}`] };
}

function sofa2(input: EligibilityInput, criteria: EligibilityCriteria): Outcome {
  if (input.sofa2Total == null) return missing('sofa2Total', 'the SOFA-2 criterion');
  const rule = criteria.sofa2;
  const total = input.sofa2Total;
  const baseline = input.baselineSofa2 ?? rule.defaultBaseline;
  const assumed = input.baselineSofa2 == null ? ` (baselineSofa2 not given: ${baseline} assumed)` : '';
  const increase = total - baseline;
  const byType = {
    new: {
      holds: total >= rule.newAdmissionMinTotal,
      note: `new admission: SOFA-2 ${total} ${total >= rule.newAdmissionMinTotal ? '≥' : '<'} ${rule.newAdmissionMinTotal}`,
    },
    hospitalized: {
      holds: increase >= rule.hospitalizedMinIncrease,
      note: `hospitalized: SOFA-2 increase ${total} − ${baseline} = ${increase} ${increase >= rule.hospitalizedMinIncrease ? '≥' : '<'} ${rule.hospitalizedMinIncrease}${assumed}`,
    },
  };
  if (input.admissionType != null) {
    const { holds, note } = byType[input.admissionType];
    const unused = input.admissionType === 'new' && input.baselineSofa2 != null;
    return {
      holds,
      notes: [`${note}: ${verdict(holds)}`, ...(unused ? ['baselineSofa2 is not used for a new admission'] : [])],
    };
  }
  // Without the admission type, the answer is still known when both rules agree.
  if (byType.new.holds === byType.hospitalized.holds) {
    const holds = byType.new.holds;
    return {
      holds,
      notes: [
        `admissionType missing, both rules agree: ${byType.new.note}; ${byType.hospitalized.note}: ${verdict(holds)}`,
      ],
    };
  }
  return missing('admissionType', `the SOFA-2 criterion (${byType.new.note}; ${byType.hospitalized.note})`);
}

function flag(input: EligibilityInput, rule: FlagExclusion): Outcome {
  const value = input[rule.field];
  if (value == null) return missing(rule.field, `exclusion ${rule.code} (${rule.description})`);
  return { holds: value, notes: [`${rule.description}: ${value ? 'yes → excluded' : 'no'}`] };
}

/** Every drug name is checked before any decision: an unknown one is an input error (steroids.ts). */
function checkDrugNames(input: EligibilityInput, criteria: EligibilityCriteria): void {
  for (const rule of criteria.exclusions) {
    if (rule.kind !== 'corticosteroids') continue;
    checkCorticosteroidNames(input.corticosteroids ?? [], rule.prednisoneEquivalents, 'corticosteroids');
  }
}

/**
 * Sums prednisone equivalents of the drugs taken for more than `moreThanDays` days, per kg. Entries with
 * a missing dose or duration make the sum an interval [counted, counted + possible]; the exclusion is
 * decided when the whole interval lies on one side of the threshold, and open otherwise.
 */
function corticosteroids(input: EligibilityInput, rule: CorticosteroidExclusion): Outcome {
  const purpose = 'the corticosteroid dose';
  if (input.corticosteroids == null) return missing('corticosteroids', `${purpose} (give [] when none are taken)`);
  const notes: string[] = [];
  const lacking: string[] = [];
  let counted = 0;
  let possible = 0;
  for (const [index, { drug, dailyDoseMg: dose, days }] of input.corticosteroids.entries()) {
    const name = drug.toLowerCase();
    const taken = `${name} ${dose ?? '?'} mg/day for ${days ?? '?'} days`;
    if (days != null && days <= rule.moreThanDays) {
      notes.push(`${taken}: not counted (not more than ${rule.moreThanDays} days)`);
    } else if (dose == null) {
      lacking.push(`corticosteroids.${index}.dailyDoseMg`);
      possible = Infinity;
    } else {
      const equivalent = dose * (equivalenceOf(rule.prednisoneEquivalents, name) ?? Number.NaN);
      if (days == null) lacking.push(`corticosteroids.${index}.days`);
      if (days == null) possible += equivalent;
      else counted += equivalent;
      notes.push(`${taken} = ${show(equivalent)} mg prednisone-eq/day${days == null ? ' if taken long enough' : ''}`);
    }
  }
  if (input.corticosteroids.length === 0) notes.push('no corticosteroids');
  const needed = (fields: string[]) => fields.map((field) => `${field} missing: needed to assess ${purpose}`);
  const weight = input.weightKg;
  if (weight == null) {
    if (counted + possible === 0) return { holds: false, notes: [...notes, 'no dose counted: not excluded'] };
    return { holds: null, notes: [...notes, ...needed(['weightKg', ...lacking])] };
  }
  const t = rule.thresholdMgKgDay;
  const perKg = (mg: number) => clean(mg / weight);
  const sum = `${show(counted)} mg prednisone-eq/day ÷ ${weight} kg = ${showAgainst(perKg(counted), t)} mg/kg/day`;
  if (perKg(counted) >= t) return { holds: true, notes: [...notes, `${sum} ≥ ${t} → excluded`] };
  if (perKg(counted + possible) < t) return { holds: false, notes: [...notes, `${sum} < ${t}: not excluded`] };
  return { holds: null, notes: [...notes, `${sum} < ${t} so far`, ...needed(lacking)] };
}

/** Float noise must not move a dose exactly at the threshold (0.4 can compute as 0.39999999999999997). */
const clean = (value: number): number => Math.round(value * 1e9) / 1e9;
const show = (value: number, digits = 3): string => String(Number(value.toFixed(digits)));
/** Shows enough digits that the displayed value is on the same side of the threshold as the real one. */
const showAgainst = (value: number, threshold: number): string =>
  Number(show(value)) >= threshold === value >= threshold ? show(value) : show(value, 9);

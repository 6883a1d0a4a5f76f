import type { ScreeningCreate } from '../../api/types.ts';
import { exclusionFlags, type ExclusionFlag } from '../../../../src/protocol/eligibility.ts';
import { localInputToIso } from '../../i18n/site-time.ts';

/** A number input's value: a number, or '' while empty. */
export type NumberValue = number | string;
/** A yes/no question; '' is "unknown" (not asked yet), which the engine never reads as no. */
export type YesNo = 'yes' | 'no' | '';

/** The SOFA-2 calculator's fields: the variables needed to score each organ, in the units Dutch ICUs chart. */
export const sofaNumberFields = [
  'gcs',
  'gcsBeforeSedation',
  'pao2KPa',
  'fio2',
  'mapMmHg',
  'norepinephrineUgKgMin',
  'epinephrineUgKgMin',
  'bilirubinUmolL',
  'creatinineUmolL',
  'urineOutputMlKgH',
  'plateletsE3PerUl',
] as const;
export const sofaFlagFields = ['sedated', 'advancedRespiratorySupport', 'rrt'] as const;
type SofaNumberField = (typeof sofaNumberFields)[number];
type SofaFlagField = (typeof sofaFlagFields)[number];

export interface SteroidRow {
  drug: string;
  dailyDoseMg: NumberValue;
  days: NumberValue;
}

export interface ScreeningValues {
  screenedOn: string;
  /** 'YYYY-MM-DDTHH:mm' (DateTimeField), wall-clock time at the site. */
  icuAdmissionAt: string;
  setting: 'icu' | 'mc';
  sex: string;
  hospitalNumber: string;
  sofaMode: 'entered' | 'computed';
  steroids: 'unknown' | 'none' | 'list';
  eligibility: {
    ageYears: NumberValue;
    infection: string;
    admissionType: string;
    sofa2Total: NumberValue;
    baselineSofa2: NumberValue;
    weightKg: NumberValue;
    corticosteroids: SteroidRow[];
  } & Record<ExclusionFlag, YesNo>;
  sofa2: Record<SofaNumberField, NumberValue> & Record<SofaFlagField, boolean>;
}

/** `today`: the site's date (see useSiteToday). */
export function initialScreening(today: string): ScreeningValues {
  return {
    screenedOn: today,
    icuAdmissionAt: '',
    setting: 'icu',
    sex: '',
    hospitalNumber: '',
    sofaMode: 'entered',
    steroids: 'unknown',
    eligibility: {
      ageYears: '',
      infection: '',
      admissionType: '',
      sofa2Total: '',
      baselineSofa2: '',
      weightKg: '',
      corticosteroids: [],
      ...(Object.fromEntries(exclusionFlags.map((flag) => [flag, ''])) as Record<ExclusionFlag, YesNo>),
    },
    sofa2: {
      ...(Object.fromEntries(sofaNumberFields.map((field) => [field, ''])) as Record<SofaNumberField, NumberValue>),
      sedated: false,
      advancedRespiratorySupport: false,
      rrt: false,
    },
  };
}

export const numberOrNull = (value: NumberValue): number | null => (typeof value === 'number' ? value : null);
const textOrNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The SOFA-2 engine's input: only what was entered (absent means not measured). */
export function sofaRaw(values: ScreeningValues): Record<string, number | boolean> {
  const raw: Record<string, number | boolean> = {};
  for (const field of sofaNumberFields) {
    const value = numberOrNull(values.sofa2[field]);
    if (value !== null) raw[field] = value;
  }
  for (const field of sofaFlagFields) if (values.sofa2[field]) raw[field] = true;
  return raw;
}

/** The eligibility engine's input; `sofa2Total` is the typed total, or the computed one passed in. */
export function eligibilityRaw(values: ScreeningValues, computedTotal: number | null): Record<string, unknown> {
  const e = values.eligibility;
  const flags = Object.fromEntries(exclusionFlags.map((flag) => [flag, e[flag] === '' ? null : e[flag] === 'yes']));
  return {
    ageYears: numberOrNull(e.ageYears),
    infection: textOrNull(e.infection),
    admissionType: textOrNull(e.admissionType),
    sofa2Total: values.sofaMode === 'entered' ? numberOrNull(e.sofa2Total) : computedTotal,
    baselineSofa2: e.admissionType === 'hospitalized' ? numberOrNull(e.baselineSofa2) : null,
    ...flags,
    weightKg: numberOrNull(e.weightKg),
    corticosteroids:
      values.steroids === 'unknown'
        ? null
        : values.steroids === 'none'
          ? []
          : e.corticosteroids.map((row) => ({
              drug: row.drug.trim(),
              dailyDoseMg: numberOrNull(row.dailyDoseMg),
              days: numberOrNull(row.days),
            })),
  };
}

/** The request: with organ variables, the server scores SOFA-2 itself and the total stays out. */
export function toScreeningCreate(values: ScreeningValues, zone: string): ScreeningCreate {
  const eligibility = eligibilityRaw(values, null);
  if (values.sofaMode === 'computed') delete eligibility.sofa2Total;
  return {
    screenedOn: values.screenedOn,
    icuAdmissionAt: localInputToIso(values.icuAdmissionAt, zone) ?? values.icuAdmissionAt,
    setting: values.setting,
    sex: textOrNull(values.sex) as ScreeningCreate['sex'],
    hospitalNumber: textOrNull(values.hospitalNumber),
    eligibility: eligibility,
    sofa2: values.sofaMode === 'computed' ? sofaRaw(values) : null,
  };
}

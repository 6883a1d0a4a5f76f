import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { keyed } from '../../core/schemas.ts';
import { parseInput } from '../../core/zod-input.ts';
import { clinicalMessages } from '../messages.ts';

/**
 * One scoring window (normally 24 h) of worst values, as the command line and the API take it. Every
 * field is optional: absent or null means "not measured". Units are in the names; alternative units
 * (kPa, µmol/L, FiO2 in percent, norepinephrine salts) are converted by `normalizeWindow`, which notes
 * each conversion. An unknown field is an error: a misspelt "platelets" must not pass as "not measured".
 */
const measured = (schema: z.ZodNumber) => schema.nullish().transform((value) => value ?? undefined);
const flag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? false);
const nonNegative = (max: number) => measured(z.number().finite().min(0).max(max));

export const norepinephrineSalts = {
  base: 1,
  bitartrate_monohydrate: 2,
  bitartrate_anhydrous: 1.89,
  hydrochloride: 1.22,
} as const;
export type NorepinephrineSalt = keyof typeof norepinephrineSalts;

export const sofaWindowFields = {
  gcs: measured(z.number().int().min(3).max(15)),
  gcsMotor: measured(z.number().int().min(1).max(6)),
  sedated: flag,
  gcsBeforeSedation: measured(z.number().int().min(3).max(15)),
  deliriumDrugTreatment: flag,
  pao2MmHg: measured(z.number().finite().gt(0).max(800)),
  pao2KPa: measured(z.number().finite().gt(0).max(107)),
  fio2: measured(
    z
      .number()
      .finite()
      .refine((v) => (v >= 0.21 && v <= 1) || (v >= 21 && v <= 100), keyed(clinicalMessages.fio2())),
  ),
  spo2Pct: measured(z.number().finite().min(0).max(100)),
  advancedRespiratorySupport: flag,
  respiratorySupportUnavailable: flag,
  ecmo: z
    .enum(['none', 'respiratory', 'cardiac'])
    .nullish()
    .transform((value) => value ?? 'none'),
  mapMmHg: measured(z.number().finite().gt(0).max(300)),
  norepinephrineUgKgMin: nonNegative(20),
  /** The salt the site charts the norepinephrine dose as; converted to base. Default: base. */
  norepinephrineSalt: z
    .enum(Object.keys(norepinephrineSalts) as [NorepinephrineSalt, ...NorepinephrineSalt[]])
    .nullish()
    .transform((value) => value ?? 'base'),
  epinephrineUgKgMin: nonNegative(20),
  dopamineUgKgMin: nonNegative(100),
  otherVasoactive: flag,
  mechanicalCirculatorySupport: flag,
  vasoactivesUnavailable: flag,
  bilirubinMgDl: nonNegative(100),
  bilirubinUmolL: nonNegative(1710),
  creatinineMgDl: nonNegative(40),
  creatinineUmolL: nonNegative(3536),
  urineOutputMlKgH: nonNegative(50),
  urineOutputHours: nonNegative(168),
  rrt: flag,
  potassiumMmolL: measured(z.number().finite().gt(0).max(15)),
  ph: measured(z.number().finite().min(6.5).max(8)),
  bicarbonateMmolL: nonNegative(80),
  plateletsE3PerUl: nonNegative(5000),
};

export const sofaWindowInput = z.strictObject(sofaWindowFields);
export type SofaWindowInput = z.input<typeof sofaWindowInput>;
type Parsed = z.output<typeof sofaWindowInput>;

/** A window in canonical units: mmHg, fraction, mg/dL, norepinephrine as base. */
export interface SofaWindow {
  gcs?: number;
  gcsMotor?: number;
  sedated: boolean;
  gcsBeforeSedation?: number;
  deliriumDrugTreatment: boolean;
  pao2MmHg?: number;
  fio2?: number;
  spo2Pct?: number;
  advancedRespiratorySupport: boolean;
  respiratorySupportUnavailable: boolean;
  ecmo: 'none' | 'respiratory' | 'cardiac';
  mapMmHg?: number;
  norepinephrineUgKgMin?: number;
  epinephrineUgKgMin?: number;
  dopamineUgKgMin?: number;
  otherVasoactive: boolean;
  mechanicalCirculatorySupport: boolean;
  vasoactivesUnavailable: boolean;
  bilirubinMgDl?: number;
  creatinineMgDl?: number;
  urineOutputMlKgH?: number;
  urineOutputHours?: number;
  rrt: boolean;
  potassiumMmolL?: number;
  ph?: number;
  bicarbonateMmolL?: number;
  plateletsE3PerUl?: number;
}

export const conversions = {
  pao2MmHgPerKPa: 7.5,
  bilirubinUmolLPerMgDl: 17.1,
  creatinineUmolLPerMgDl: 88.4,
} as const;

/** Validates one window and converts it to canonical units, with a note for every conversion. */
export function normalizeWindow(raw: unknown): { window: SofaWindow; notes: string[] } {
  return toCanonical(parseInput(sofaWindowInput, raw ?? {}));
}

function oneOf(a: number | undefined, b: number | undefined, fieldA: string, fieldB: string): void {
  if (a !== undefined && b !== undefined) {
    throw new InputError(fieldB, clinicalMessages.eitherOr({ a: fieldA, b: fieldB }));
  }
}

function toCanonical(input: Parsed): { window: SofaWindow; notes: string[] } {
  const notes: string[] = [];
  oneOf(input.pao2MmHg, input.pao2KPa, 'pao2MmHg', 'pao2KPa');
  oneOf(input.bilirubinMgDl, input.bilirubinUmolL, 'bilirubinMgDl', 'bilirubinUmolL');
  oneOf(input.creatinineMgDl, input.creatinineUmolL, 'creatinineMgDl', 'creatinineUmolL');
  const { pao2KPa, bilirubinUmolL, creatinineUmolL, norepinephrineSalt, ...rest } = input;
  const window: SofaWindow = { ...rest };
  if (pao2KPa !== undefined) {
    window.pao2MmHg = pao2KPa * conversions.pao2MmHgPerKPa;
    notes.push(`PaO2 ${pao2KPa} kPa converted to ${round(window.pao2MmHg)} mmHg`);
  }
  if (input.fio2 !== undefined && input.fio2 > 1) {
    window.fio2 = input.fio2 / 100;
    notes.push(`FiO2 ${input.fio2} % converted to ${round(window.fio2)}`);
  }
  if (bilirubinUmolL !== undefined) {
    window.bilirubinMgDl = bilirubinUmolL / conversions.bilirubinUmolLPerMgDl;
    notes.push(`bilirubin ${bilirubinUmolL} µmol/L converted to ${round(window.bilirubinMgDl)} mg/dL`);
  }
  if (creatinineUmolL !== undefined) {
    window.creatinineMgDl = creatinineUmolL / conversions.creatinineUmolLPerMgDl;
    notes.push(`creatinine ${creatinineUmolL} µmol/L converted to ${round(window.creatinineMgDl)} mg/dL`);
  }
  if (input.norepinephrineUgKgMin !== undefined && norepinephrineSalt !== 'base') {
    window.norepinephrineUgKgMin = input.norepinephrineUgKgMin / norepinephrineSalts[norepinephrineSalt];
    notes.push(
      `norepinephrine converted from ${norepinephrineSalt.replace('_', ' ')}: ${input.norepinephrineUgKgMin} → ${round(window.norepinephrineUgKgMin)} µg/kg/min base`,
    );
  }
  return { window, notes };
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

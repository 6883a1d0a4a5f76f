import { charlsonConditions, charlsonIndex } from '../clinical/charlson.ts';
import { eq5d5lDimensions, eq5d5lIndexOfAnswers } from '../clinical/eq5d5l.ts';
import { organs } from '../clinical/sofa/result.ts';
import { scoreSofa2Input } from '../clinical/sofa/sofa2.ts';
import { prednisoneEquivalentDose, type PrednisoneEquivalents } from '../clinical/steroids.ts';
import { InputError } from '../core/errors.ts';
import type { CaseReportForms } from '../protocol/forms.ts';
import type { ItemValue } from './expressions.ts';

/**
 * A named calculation of src/clinical that a calculated item may use (SOFA-2, Charlson, EQ-5D-5L, steroid dose):
 * typed inputs and outputs (CEL type names), so the protocol's mapping of items to inputs is checked when it
 * loads. `run` gets every input with a value and answers every output, null for one it cannot give.
 */
export interface Calculator {
  inputs: Readonly<Record<string, string>>;
  outputs: Readonly<Record<string, string>>;
  run(inputs: Readonly<Record<string, CalculatorInput>>): Readonly<Record<string, ItemValue | null>>;
}

/** An input's value: an item's, or (a `list<…>` input over a repeating group) its values in the rows. */
export type CalculatorInput = ItemValue | readonly ItemValue[];

/**
 * SOFA-2 for one window of worst values (src/clinical/sofa/sofa2.ts), inputs named as its input fields. A form
 * maps every one of them; one unit per measure (PaO2 in mmHg, bilirubin and creatinine in µmol/L as Dutch
 * laboratories report them), the item's unit conversions taking other units. A yes/no not answered is "no", a
 * number not entered "not measured", as in the clinical engine.
 */
const sofa2Inputs: Readonly<Record<string, string>> = {
  gcs: 'int',
  gcsMotor: 'int',
  sedated: 'bool',
  gcsBeforeSedation: 'int',
  deliriumDrugTreatment: 'bool',
  pao2MmHg: 'double',
  fio2: 'double',
  spo2Pct: 'double',
  advancedRespiratorySupport: 'bool',
  respiratorySupportUnavailable: 'bool',
  ecmo: 'string',
  mapMmHg: 'double',
  norepinephrineUgKgMin: 'double',
  norepinephrineSalt: 'string',
  epinephrineUgKgMin: 'double',
  dopamineUgKgMin: 'double',
  otherVasoactive: 'bool',
  mechanicalCirculatorySupport: 'bool',
  vasoactivesUnavailable: 'bool',
  bilirubinUmolL: 'double',
  creatinineUmolL: 'double',
  urineOutputMlKgH: 'double',
  urineOutputHours: 'double',
  rrt: 'bool',
  potassiumMmolL: 'double',
  ph: 'double',
  bicarbonateMmolL: 'double',
  plateletsE3PerUl: 'double',
};

/**
 * The clinical calculators forms may name. Inputs are named as the calculators of src/clinical name them; the
 * protocol maps its items onto them. EQ-5D-5L levels come from single choices coded "1" to "5". SOFA-2 gives
 * the six components (null for an organ without data, as the clinical engine reports it), the total (a missing
 * organ counting 0, as the engine's window total does) and the list of missing organs; all null when the engine
 * refuses a value or nothing was entered. Carrying an organ forward from the day before is the multi-day scorer's
 * work (src/clinical/sofa/days.ts), not one day's form.
 */
export const clinicalCalculators: Readonly<Record<string, Calculator>> = {
  eq5d5l_nl_2016: {
    inputs: Object.fromEntries(eq5d5lDimensions.map((dimension) => [dimension, 'string'])),
    outputs: { index: 'double' },
    run: (inputs) => {
      const levels = Object.fromEntries(Object.entries(inputs).map(([dimension, level]) => [dimension, Number(level)]));
      return { index: eq5d5lIndexOfAnswers(levels).index };
    },
  },
  charlson: {
    inputs: { ...Object.fromEntries(charlsonConditions.map(({ code }) => [code, 'bool'])), ageYears: 'int' },
    outputs: { index: 'int', ageComorbidityScore: 'int' },
    run: (inputs) => {
      const result = charlsonIndex(inputs);
      return { index: result.index, ageComorbidityScore: result.ageComorbidityScore };
    },
  },
  sofa2: {
    inputs: sofa2Inputs,
    outputs: { ...Object.fromEntries(organs.map((organ) => [organ, 'int'])), total: 'int', missing: 'list<string>' },
    run: (inputs) => {
      const nothing = { ...Object.fromEntries(organs.map((organ) => [organ, null])), total: null, missing: null };
      let result;
      try {
        result = scoreSofa2Input(inputs);
      } catch (error) {
        // A value the clinical engine refuses (GCS 17, FiO2 0.1): no score rather than a wrong one.
        if (error instanceof InputError) return nothing;
        throw error;
      }
      // Nothing entered yet is no score, not a total of 0.
      if (result.missing.length === organs.length) return nothing;
      return { ...result.components, total: result.total, missing: result.missing };
    },
  },
};

/** Over a repeating group's rows: the largest and the sum of a number column (null for no rows). */
const overRows = (reduce: (values: number[]) => number): Calculator => ({
  inputs: { values: 'list<double>' },
  outputs: { result: 'double' },
  run: ({ values }) => {
    const numbers = (Array.isArray(values) ? values : []).filter((v): v is number => typeof v === 'number');
    return { result: numbers.length === 0 ? null : reduce(numbers) };
  },
});

/**
 * The calculators of a protocol's forms: the clinical ones, and those that need the protocol's own tables (the
 * prednisone equivalence of its corticosteroids).
 */
export function calculatorsFor(forms: CaseReportForms): Readonly<Record<string, Calculator>> {
  return {
    ...clinicalCalculators,
    maximum: overRows((values) => Math.max(...values)),
    sum: overRows((values) => values.reduce((a, b) => a + b, 0)),
    ...(forms.prednisoneEquivalents === undefined
      ? {}
      : { prednisone_equivalent: prednisoneEquivalent(forms.prednisoneEquivalents) }),
  };
}

/** One drug's daily dose as mg prednisone (src/clinical/steroids.ts); null until both are entered. */
function prednisoneEquivalent(table: PrednisoneEquivalents): Calculator {
  return {
    inputs: { drug: 'string', dailyDoseMg: 'double' },
    outputs: { mgPerDay: 'double' },
    run: ({ drug, dailyDoseMg }) => {
      if (typeof drug !== 'string' || typeof dailyDoseMg !== 'number') return { mgPerDay: null };
      return { mgPerDay: prednisoneEquivalentDose({ corticosteroids: [{ drug, dailyDoseMg }] }, table).mgPerDay };
    },
  };
}

import { charlsonConditions, charlsonIndex } from '../clinical/charlson.ts';
import { eq5d5lDimensions, eq5d5lIndexOfAnswers } from '../clinical/eq5d5l.ts';
import type { ItemValue } from './expressions.ts';

/**
 * A named calculation of src/clinical that a calculated item may use (SOFA-2, Charlson, EQ-5D-5L, steroid dose):
 * typed inputs and outputs (CEL type names), so the protocol's mapping of items to inputs is checked when it
 * loads. `run` gets every input with a value and answers every output, null for one it cannot give.
 */
export interface Calculator {
  inputs: Readonly<Record<string, string>>;
  outputs: Readonly<Record<string, string>>;
  run(inputs: Readonly<Record<string, ItemValue>>): Readonly<Record<string, ItemValue | null>>;
}

/**
 * The clinical calculators forms may name. Inputs are named as the calculators of src/clinical name them; the
 * protocol maps its items onto them. EQ-5D-5L levels come from single choices coded "1" to "5".
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
};

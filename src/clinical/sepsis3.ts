import { z } from 'zod';
import { parseInput } from '../core/zod-input.ts';

/**
 * Sepsis-3 (Singer et al., JAMA 2016;315:801–810) on a SOFA-2 total. Every field may be absent or null:
 * a value that is not known is never read as "no" — a conclusion that depends on it comes out false
 * with a note naming the value to look up.
 */
export const sepsis3Input = z.strictObject({
  infection: z.enum(['suspected', 'documented', 'none']).nullish(),
  sofa2Total: z.number().int().min(0).max(24).nullish(),
  /** Total SOFA-2 before the infection; 0 unless pre-existing organ dysfunction is known. */
  baselineSofa2: z.number().int().min(0).max(24).nullish(),
  vasopressorsForMap65: z.boolean().nullish(),
  lactateMmolL: z.number().finite().min(0).max(50).nullish(),
  adequateFluids: z.boolean().nullish(),
});
export type Sepsis3Input = z.input<typeof sepsis3Input>;

/** The published definition; these are not study parameters, so they live with the rule. */
export const sepsis3Definition = {
  minSofaIncrease: 2,
  defaultBaselineSofa2: 0,
  lactateAboveMmolL: 2,
} as const;

export interface Sepsis3Result {
  sepsis: boolean;
  septicShock: boolean;
  /** sofa2Total − baseline; null when sofa2Total is not known. */
  sofaIncrease: number | null;
  notes: string[];
}

/** One criterion of a conjunction: true, false, or null when its input is missing. */
interface Criterion {
  holds: boolean | null;
  /** Why it holds or not; for a missing input, the field to look up. */
  reason: string;
}

/**
 * Three-valued AND: false as soon as one criterion is false (missing inputs then do not matter and are
 * not reported), true when all hold, otherwise unknown — and then each missing input is named as needed.
 */
function conjunction(criteria: Criterion[], purpose: string): { holds: boolean | null; notes: string[] } {
  const failed = criteria.filter((c) => c.holds === false);
  if (failed.length > 0) return { holds: false, notes: failed.map((c) => c.reason) };
  const notes = criteria.map((c) => (c.holds === null ? `${c.reason} missing: needed to ${purpose}` : c.reason));
  return { holds: criteria.some((c) => c.holds === null) ? null : true, notes };
}

export function assessSepsis3(raw: unknown): Sepsis3Result {
  const input = parseInput(sepsis3Input, raw ?? {});
  const def = sepsis3Definition;
  const notes: string[] = [];

  const baseline = input.baselineSofa2 ?? def.defaultBaselineSofa2;
  const sofaIncrease = input.sofa2Total == null ? null : input.sofa2Total - baseline;
  if (input.baselineSofa2 == null && sofaIncrease !== null) {
    notes.push(`baselineSofa2 not given: ${baseline} assumed (no known pre-existing organ dysfunction)`);
  }
  const sepsis = conjunction(
    [
      {
        holds: input.infection == null ? null : input.infection !== 'none',
        reason: input.infection == null ? 'infection' : `infection ${input.infection}`,
      },
      {
        holds: sofaIncrease === null ? null : sofaIncrease >= def.minSofaIncrease,
        reason:
          sofaIncrease === null
            ? 'sofa2Total'
            : `SOFA-2 increase ${input.sofa2Total} − ${baseline} = ${sofaIncrease} ${sofaIncrease >= def.minSofaIncrease ? '≥' : '<'} ${def.minSofaIncrease}`,
      },
    ],
    'establish sepsis',
  );
  notes.push(...sepsis.notes, `sepsis: ${verdict(sepsis.holds)}`);

  if (sepsis.holds !== true) {
    notes.push(
      `septic shock: ${sepsis.holds === null ? 'not established (sepsis is not)' : 'no (it requires sepsis)'}`,
    );
    return { sepsis: false, septicShock: false, sofaIncrease, notes };
  }
  const lactate = input.lactateMmolL;
  const shock = conjunction(
    [
      {
        holds: input.vasopressorsForMap65 ?? null,
        reason:
          input.vasopressorsForMap65 == null ? 'vasopressorsForMap65' : vasopressorReason(input.vasopressorsForMap65),
      },
      {
        holds: lactate == null ? null : lactate > def.lactateAboveMmolL,
        reason:
          lactate == null
            ? 'lactateMmolL'
            : `lactate ${lactate} mmol/L ${lactate > def.lactateAboveMmolL ? '>' : '≤'} ${def.lactateAboveMmolL}`,
      },
      {
        holds: input.adequateFluids ?? null,
        reason:
          input.adequateFluids == null
            ? 'adequateFluids'
            : input.adequateFluids
              ? 'despite adequate fluid resuscitation'
              : 'fluid resuscitation not (yet) adequate',
      },
    ],
    'assess septic shock',
  );
  notes.push(...shock.notes, `septic shock: ${verdict(shock.holds)}`);
  return { sepsis: true, septicShock: shock.holds === true, sofaIncrease, notes };
}

const vasopressorReason = (given: boolean) =>
  given ? 'vasopressors needed to keep MAP ≥ 65 mmHg' : 'no vasopressors needed to keep MAP ≥ 65 mmHg';
const verdict = (holds: boolean | null) => (holds === null ? 'not established (missing values)' : holds ? 'yes' : 'no');

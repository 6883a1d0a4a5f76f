import { z } from 'zod';
import { parseInput } from '../core/zod-input.ts';

/** qSOFA (Singer et al., JAMA 2016): a bedside screening aid, not a diagnosis. Each value may be absent or null. */
export const qsofaInput = z.strictObject({
  respiratoryRate: z.number().finite().min(0).max(120).nullish(),
  gcs: z.number().int().min(3).max(15).nullish(),
  systolicBp: z.number().finite().gt(0).max(300).nullish(),
});
export type QsofaInput = z.input<typeof qsofaInput>;

export const qsofaDefinition = {
  respiratoryRateAtLeast: 22,
  /** Altered mentation: any GCS below 15. */
  gcsBelow: 15,
  systolicBpAtMost: 100,
  positiveAtLeast: 2,
} as const;

export interface QsofaResult {
  /** Criteria met (0..3); a missing value meets none. */
  score: number;
  positive: boolean;
  /** Each criterion: met, not met, or null when its value is missing. */
  criteria: { tachypnea: boolean | null; alteredMentation: boolean | null; hypotension: boolean | null };
  notes: string[];
}

export function assessQsofa(raw: unknown): QsofaResult {
  const input = parseInput(qsofaInput, raw ?? {});
  const def = qsofaDefinition;
  const notes: string[] = [];
  const check = (value: number | null | undefined, field: string, meets: (v: number) => boolean, rule: string) => {
    if (value == null) {
      notes.push(`${field} missing: criterion "${rule}" not assessed`);
      return null;
    }
    const met = meets(value);
    notes.push(`${field} ${value}: ${met ? '' : 'not '}${rule}`);
    return met;
  };
  const criteria = {
    tachypnea: check(
      input.respiratoryRate,
      'respiratoryRate',
      (v) => v >= def.respiratoryRateAtLeast,
      `≥ ${def.respiratoryRateAtLeast}/min`,
    ),
    alteredMentation: check(input.gcs, 'gcs', (v) => v < def.gcsBelow, `< ${def.gcsBelow}`),
    hypotension: check(
      input.systolicBp,
      'systolicBp',
      (v) => v <= def.systolicBpAtMost,
      `≤ ${def.systolicBpAtMost} mmHg`,
    ),
  };
  const values = Object.values(criteria);
  const score = values.filter((v) => v === true).length;
  const missing = values.filter((v) => v === null).length;
  const positive = score >= def.positiveAtLeast;
  // With values missing, a score below 2 is only "negative" when the missing ones could not reach 2.
  const undecided = !positive && score + missing >= def.positiveAtLeast;
  const verdict = positive
    ? 'positive'
    : undecided
      ? 'not positive on the values given, measure the missing'
      : 'negative';
  notes.push(`qSOFA ${score}/3: ${verdict} (positive at ≥ ${def.positiveAtLeast})`);
  return { score, positive, criteria, notes };
}

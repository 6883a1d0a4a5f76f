import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { parseInput } from '../core/zod-input.ts';
import { clinicalMessages } from './messages.ts';

/**
 * Prednisone-equivalent corticosteroid dose: each drug's daily dose times its equivalence, summed, and per kg
 * when the weight is known. The equivalence table is the protocol's data (for NCT07273344:
 * src/protocol/nct07273344/corticosteroids.ts), given as a parameter: mg prednisone per mg of the drug, keyed by
 * lower-case drug name.
 */
export type PrednisoneEquivalents = Readonly<Record<string, number>>;

export const corticosteroidDoseInput = z.strictObject({
  /** A drug of the equivalence table, any letter case; absent or null while not entered. */
  drug: z.string().trim().min(1).nullish(),
  dailyDoseMg: z.number().finite().min(0).max(10_000).nullish(),
});
export const prednisoneEquivalentInput = z.strictObject({
  /** [] means none taken; absent or null means not asked yet. */
  corticosteroids: z.array(corticosteroidDoseInput).max(50).nullish(),
  weightKg: z.number().finite().gt(0).max(500).nullish(),
});
export type PrednisoneEquivalentInput = z.input<typeof prednisoneEquivalentInput>;

export interface PrednisoneEquivalentEntry {
  /** As entered, lower case. */
  drug: string | null;
  dailyDoseMg: number | null;
  /** mg prednisone per mg of the drug, from the table. */
  equivalence: number | null;
  /** dailyDoseMg × equivalence. */
  prednisoneMgPerDay: number | null;
}

export interface PrednisoneEquivalentResult {
  /** Total mg prednisone-equivalent per day; null when a drug or dose is missing. */
  mgPerDay: number | null;
  /** mgPerDay / weightKg; null when either is missing (0 when mgPerDay is 0, without a weight). */
  mgPerKgPerDay: number | null;
  entries: PrednisoneEquivalentEntry[];
  /**
   * The fields whose missing value makes a result null: `corticosteroids`, `corticosteroids.N.drug` and
   * `corticosteroids.N.dailyDoseMg` (mgPerDay and mgPerKgPerDay null), `weightKg` (mgPerKgPerDay null).
   */
  missing: string[];
}

/**
 * The daily prednisone-equivalent dose of a list of corticosteroids. An unknown drug is an input error naming
 * `corticosteroids.N.drug` (the same field as the eligibility rule); a missing drug, dose or list is not a
 * silent 0: the total is null and the field is named in `missing`.
 */
export function prednisoneEquivalentDose(raw: unknown, equivalents: PrednisoneEquivalents): PrednisoneEquivalentResult {
  const input = parseInput(prednisoneEquivalentInput, raw ?? {});
  const weight = input.weightKg ?? null;
  if (input.corticosteroids == null) {
    const missing = ['corticosteroids', ...(weight === null ? ['weightKg'] : [])];
    return { mgPerDay: null, mgPerKgPerDay: null, entries: [], missing };
  }
  checkCorticosteroidNames(input.corticosteroids, equivalents, 'corticosteroids');
  const missing: string[] = [];
  const entries = input.corticosteroids.map(({ drug, dailyDoseMg }, index): PrednisoneEquivalentEntry => {
    if (drug == null) missing.push(`corticosteroids.${index}.drug`);
    if (dailyDoseMg == null) missing.push(`corticosteroids.${index}.dailyDoseMg`);
    const equivalence = drug == null ? null : (equivalenceOf(equivalents, drug) ?? null);
    const prednisoneMgPerDay = equivalence === null || dailyDoseMg == null ? null : clean(dailyDoseMg * equivalence);
    return { drug: drug?.toLowerCase() ?? null, dailyDoseMg: dailyDoseMg ?? null, equivalence, prednisoneMgPerDay };
  });
  const mgPerDay = missing.length > 0 ? null : clean(entries.reduce((sum, e) => sum + (e.prednisoneMgPerDay ?? 0), 0));
  // No dose is 0 mg/kg whatever the weight; any other dose needs it.
  if (weight === null && mgPerDay !== 0) missing.push('weightKg');
  const mgPerKgPerDay = mgPerDay === 0 ? 0 : mgPerDay === null || weight === null ? null : clean(mgPerDay / weight);
  return { mgPerDay, mgPerKgPerDay, entries, missing };
}

/** A drug's equivalence: the name trimmed and in lower case, matched as an own key only ("constructor" is not). */
export function equivalenceOf(equivalents: PrednisoneEquivalents, drug: string): number | undefined {
  const name = drug.trim().toLowerCase();
  return Object.hasOwn(equivalents, name) ? equivalents[name] : undefined;
}

/**
 * Unknown drug names are an input error, not a missing value: nobody can look up a dose for a typo. Names the
 * first unknown one as `<list>.<index>.drug`.
 */
export function checkCorticosteroidNames(
  entries: readonly { drug?: string | null }[],
  equivalents: PrednisoneEquivalents,
  list: string,
): void {
  for (const [index, { drug }] of entries.entries()) {
    if (drug != null && equivalenceOf(equivalents, drug) === undefined) {
      const drugs = Object.keys(equivalents).join(', ');
      throw new InputError(`${list}.${index}.drug`, clinicalMessages.unknownCorticosteroid({ drug, drugs }));
    }
  }
}

/** Floating-point noise removed (3 × 8.33 is 24.990000000000002): a billionth of a mg is no dose. */
const clean = (value: number): number => Math.round(value * 1e9) / 1e9;

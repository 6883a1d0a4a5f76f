import { z } from 'zod';
import { parseInput } from '../core/zod-input.ts';
import { immunoSepRules, type ImmunotypeRuleSet } from '../protocol/immunotype-rules.ts';

/**
 * The rule-based immunotype of one sample (shared/docs/immunotypes.md §1): MALS, immunoparalysis, intermediate,
 * or unclassifiable when a value the decision needs is missing — never a guess. Pure; the thresholds come from
 * a versioned rule set (src/protocol/immunotype-rules.ts), which the result names.
 */

export const ruleImmunotypes = ['MALS', 'immunoparalysis', 'intermediate', 'unclassifiable'] as const;
export type RuleImmunotype = (typeof ruleImmunotypes)[number];

export interface RuleValues {
  /** Serum ferritin in ng/mL; absent or null when not measured. */
  ferritinNgMl?: number | null;
  /** Monocyte HLA-DR in antibodies bound per cell; absent or null when not measured. */
  hladrAbc?: number | null;
}

/** Keys in the order of the command line's contract (`septype immunotype rules`). */
export interface RuleClassification {
  immunotype: RuleImmunotype;
  ruleSet: string;
  version: string;
  /** An English sentence with the values and thresholds that decided it, or the value that is missing. */
  reason: string;
}

// Zod 4's number() refuses NaN and Infinity; a concentration or a count of antibodies is never negative.
const value = z.number().nonnegative().nullable().optional();

/** One sample's values; unknown keys are refused, so that a misspelt `hladr` is not read as "not measured". */
export const ruleInput = z.strictObject({ ferritinNgMl: value, hladrAbc: value });

/** Validates one input object; a problem is an InputError naming the field (`hladrAbc`). */
export function parseRuleInput(raw: unknown): RuleValues {
  return parseInput(ruleInput, raw);
}

/** `septype immunotype rules`: one JSON object in, its classification out. */
export function classifyRuleInput(raw: unknown, ruleSet: ImmunotypeRuleSet = immunoSepRules): RuleClassification {
  return classifyByRules(parseRuleInput(raw), ruleSet);
}

/**
 * Classifies one sample. MALS needs ferritin only and wins over immunoparalysis; immunoparalysis needs both
 * values (low HLA-DR and ferritin not above its threshold). Thresholds are strict: ferritin at the threshold is
 * not MALS, HLA-DR at the threshold is not immunoparalysis. Invalid values (negative, NaN) are an InputError.
 */
export function classifyByRules(values: RuleValues, ruleSet: ImmunotypeRuleSet = immunoSepRules): RuleClassification {
  // Only the two values are checked: a caller may pass a wider record (a sample row) typed as RuleValues.
  const { ferritinNgMl: ferritin, hladrAbc: hladr } = parseRuleInput({
    ferritinNgMl: values.ferritinNgMl,
    hladrAbc: values.hladrAbc,
  });
  const { thresholds, units } = ruleSet;
  const result = (immunotype: RuleImmunotype, reason: string): RuleClassification => ({
    immunotype,
    ruleSet: ruleSet.name,
    version: ruleSet.version,
    reason,
  });
  const ferritinText = (n: number) => `ferritin ${readable(n)} ${units.ferritin}`;
  const hladrText = (n: number) => `HLA-DR ${readable(n)} ${units.hladr}`;
  const ferritinLimit = `${thresholds.ferritinNgMl} ${units.ferritin}`;
  const hladrLimit = `${thresholds.hladrAbc} ${units.hladr}`;
  const hladrMissing = `HLA-DR (${units.hladr}) is missing`;
  const measured = (n: number | null | undefined): n is number => n !== null && n !== undefined;

  if (!measured(ferritin)) {
    if (!measured(hladr)) return result('unclassifiable', `ferritin is missing and ${hladrMissing}.`);
    return result('unclassifiable', `ferritin is missing, so MALS cannot be ruled out (${hladrText(hladr)}).`);
  }
  if (ferritin > thresholds.ferritinNgMl) {
    const mals = `${ferritinText(ferritin)} > ${ferritinLimit}`;
    if (!measured(hladr)) return result('MALS', `${mals}; ${hladrMissing} but MALS does not need it.`);
    if (hladr < thresholds.hladrAbc) {
      return result('MALS', `${mals}; MALS wins over ${hladrText(hladr)} < ${hladrLimit}.`);
    }
    return result('MALS', `${mals} (${hladrText(hladr)} ≥ ${hladrLimit}).`);
  }
  const notMals = `${ferritinText(ferritin)} ≤ ${ferritinLimit}`;
  if (!measured(hladr)) {
    return result('unclassifiable', `${hladrMissing}: ${notMals} rules out MALS only.`);
  }
  if (hladr < thresholds.hladrAbc) {
    return result('immunoparalysis', `${hladrText(hladr)} < ${hladrLimit} and ${notMals}.`);
  }
  return result(
    'intermediate',
    `${hladrText(hladr)} ≥ ${hladrLimit} and ${notMals}: neither MALS nor immunoparalysis.`,
  );
}

/**
 * A measured value as a reason shows it: a calibrated HLA-DR of 11927.550227843594 AB/C reads 11927.6; one
 * decimal is kept so that a value just above a cut-off (4420.4 ng/mL) does not read as the cut-off itself.
 */
function readable(n: number): number {
  return n >= 100 ? Math.round(n * 10) / 10 : Number(n.toPrecision(3));
}

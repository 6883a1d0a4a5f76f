import { z } from 'zod';
import { parseInput } from '../core/zod-input.ts';

/**
 * Charlson comorbidity index (Charlson ME, Pompei P, Ales KL, MacKenzie CR. J Chronic Dis 1987;40:373–383):
 * 19 conditions weighted 1, 2, 3 or 6 by their relative risk of one-year mortality, summed. The codes are
 * stable identifiers (eCRF items, exports); the descriptions abbreviate the paper's definitions.
 */
export const charlsonConditions = [
  { code: 'myocardialInfarction', weight: 1, description: 'Myocardial infarction (definite or probable)' },
  { code: 'congestiveHeartFailure', weight: 1, description: 'Congestive heart failure (responded to treatment)' },
  {
    code: 'peripheralVascularDisease',
    weight: 1,
    description: 'Peripheral vascular disease (claudication, bypass, gangrene, aneurysm ≥ 6 cm)',
  },
  {
    code: 'cerebrovascularDisease',
    weight: 1,
    description: 'Cerebrovascular disease (stroke with little residue, TIA)',
  },
  { code: 'dementia', weight: 1, description: 'Dementia (chronic cognitive deficit)' },
  { code: 'chronicPulmonaryDisease', weight: 1, description: 'Chronic pulmonary disease' },
  { code: 'connectiveTissueDisease', weight: 1, description: 'Connective tissue disease' },
  { code: 'ulcerDisease', weight: 1, description: 'Peptic ulcer disease (treated)' },
  {
    code: 'mildLiverDisease',
    weight: 1,
    description: 'Mild liver disease (chronic hepatitis, cirrhosis without portal hypertension)',
  },
  { code: 'diabetes', weight: 1, description: 'Diabetes without end-organ damage (treated, not by diet alone)' },
  { code: 'hemiplegia', weight: 2, description: 'Hemiplegia or paraplegia' },
  {
    code: 'moderateSevereRenalDisease',
    weight: 2,
    description: 'Moderate or severe renal disease (creatinine > 3 mg/dL, dialysis, transplant, uraemia)',
  },
  {
    code: 'diabetesWithEndOrganDamage',
    weight: 2,
    description: 'Diabetes with end-organ damage (retinopathy, neuropathy, nephropathy)',
  },
  { code: 'anyTumor', weight: 2, description: 'Any tumour: solid, without metastases, treated in the last 5 years' },
  { code: 'leukemia', weight: 2, description: 'Leukaemia (acute or chronic)' },
  { code: 'lymphoma', weight: 2, description: 'Lymphoma (including myeloma and Waldenström)' },
  {
    code: 'moderateSevereLiverDisease',
    weight: 3,
    description: 'Moderate or severe liver disease (cirrhosis with portal hypertension)',
  },
  { code: 'metastaticSolidTumor', weight: 6, description: 'Metastatic solid tumour' },
  { code: 'aids', weight: 6, description: 'AIDS (not HIV infection alone)' },
] as const;
export type CharlsonCondition = (typeof charlsonConditions)[number]['code'];

/**
 * A condition and its more severe form count once: when the severe form is present, the milder is part of it.
 * Each pair is counted as the severe weight, the milder weight, or 0.
 */
export const charlsonHierarchy = [
  { milder: 'mildLiverDisease', severe: 'moderateSevereLiverDisease' },
  { milder: 'diabetes', severe: 'diabetesWithEndOrganDamage' },
  { milder: 'anyTumor', severe: 'metastaticSolidTumor' },
] as const satisfies readonly { milder: CharlsonCondition; severe: CharlsonCondition }[];

/** Age points of the combined age-comorbidity score: one per decade from 50 (50–59 → 1 … ≥ 80 → 4). */
export const charlsonAge = { fromYears: 50, perYears: 10, maxPoints: 4 } as const;

const answer = z.boolean().nullish();
/** Every condition true, false, or absent/null when not answered; `ageYears` for the age points (optional). */
export const charlsonInput = z.strictObject({
  ...(Object.fromEntries(charlsonConditions.map(({ code }) => [code, answer])) as Record<
    CharlsonCondition,
    typeof answer
  >),
  /** Completed years. */
  ageYears: z.number().int().min(0).max(130).nullish(),
});
export type CharlsonInput = z.input<typeof charlsonInput>;

export interface CharlsonResult {
  /** Sum of the weights of the conditions present; null when an answer that could change it is missing. */
  index: number | null;
  /** The conditions that count, with their points (a milder form under its severe form is not listed). */
  counted: { condition: CharlsonCondition; points: number }[];
  /** Unanswered conditions that leave the index open; empty when the index is known. */
  missing: CharlsonCondition[];
  /** One point per decade from age 50, at most 4; null without `ageYears`. */
  agePoints: number | null;
  /** The combined age-comorbidity score, index + agePoints; null when either is null. */
  ageComorbidityScore: number | null;
  notes: string[];
}

export function charlsonIndex(raw: unknown): CharlsonResult {
  const input = parseInput(charlsonInput, raw ?? {});
  const answerOf = (code: CharlsonCondition): boolean | null => input[code] ?? null;
  const severeFormOf = new Map<CharlsonCondition, CharlsonCondition>(
    charlsonHierarchy.map((p) => [p.milder, p.severe]),
  );
  const counted: CharlsonResult['counted'] = [];
  const missing: CharlsonCondition[] = [];
  const notes: string[] = [];
  for (const { code, weight } of charlsonConditions) {
    const severe = severeFormOf.get(code);
    if (severe !== undefined && answerOf(severe) === true) {
      // Present, absent or unanswered, the milder form adds nothing to its severe form.
      if (answerOf(code) === true) notes.push(`${code} not counted: included in ${severe}`);
      continue;
    }
    const present = answerOf(code);
    if (present === null) missing.push(code);
    if (present === true) counted.push({ condition: code, points: weight });
  }
  const known = counted.reduce((sum, c) => sum + c.points, 0);
  const index = missing.length === 0 ? known : null;
  notes.push(
    index === null
      ? `Charlson index not known: ${missing.join(', ')} not answered (${known} point${known === 1 ? '' : 's'} so far)`
      : `Charlson index ${index}`,
  );
  const agePoints = input.ageYears == null ? null : ageToPoints(input.ageYears);
  if (agePoints !== null) notes.push(`age ${input.ageYears}: ${agePoints} age points`);
  const ageComorbidityScore = index === null || agePoints === null ? null : index + agePoints;
  return { index, counted, missing, agePoints, ageComorbidityScore, notes };
}

function ageToPoints(ageYears: number): number {
  const { fromYears, perYears, maxPoints } = charlsonAge;
  if (ageYears < fromYears) return 0;
  return Math.min(maxPoints, Math.floor((ageYears - fromYears) / perYears) + 1);
}

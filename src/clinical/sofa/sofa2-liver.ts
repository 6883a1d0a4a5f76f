import type { SofaWindow } from './input.ts';
import type { OrganScore } from './result.ts';

/**
 * SOFA-2 liver (Ranzani et al., JAMA 2025): total bilirubin in mg/dL. First row with the value at most
 * `atMost` wins; above the last row → 4. The paper's µmol/L values are conversions (1 mg/dL = 17.1 µmol/L);
 * we compare in mg/dL after converting.
 */
export const bilirubinRows = [
  { atMost: 1.2, points: 0 },
  { atMost: 3.0, points: 1 },
  { atMost: 6.0, points: 2 },
  { atMost: 12.0, points: 3 },
] as const;
export const bilirubinAbovePoints = 4;

export function scoreSofa2Liver(window: SofaWindow): OrganScore {
  const bilirubin = window.bilirubinMgDl;
  if (bilirubin === undefined) return { points: null, notes: [] };
  const points = bilirubinRows.find((row) => bilirubin <= row.atMost)?.points ?? bilirubinAbovePoints;
  return { points, notes: [`bilirubin ${Math.round(bilirubin * 1000) / 1000} mg/dL → ${points}`] };
}

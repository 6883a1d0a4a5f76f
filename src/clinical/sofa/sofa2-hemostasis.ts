import type { SofaWindow } from './input.ts';
import type { OrganScore } from './result.ts';

/**
 * SOFA-2 hemostasis (Ranzani et al., JAMA 2025): platelets ×10³/µL. First (lowest) row with the count at
 * most `atMost` wins; above the last row (> 150) → 0.
 */
export const plateletRows = [
  { atMost: 50, points: 4 },
  { atMost: 80, points: 3 },
  { atMost: 100, points: 2 },
  { atMost: 150, points: 1 },
] as const;
export const plateletsAbovePoints = 0;

export function scoreSofa2Hemostasis(window: SofaWindow): OrganScore {
  const platelets = window.plateletsE3PerUl;
  if (platelets === undefined) return { points: null, notes: [] };
  const points = plateletRows.find((row) => platelets <= row.atMost)?.points ?? plateletsAbovePoints;
  return { points, notes: [`platelets ${platelets} ×10³/µL → ${points}`] };
}

import type { SofaWindow } from './input.ts';
import type { OrganScore } from './result.ts';

/**
 * SOFA-2 kidney (Ranzani et al., JAMA 2025). Creatinine in mg/dL: first row with the value at most
 * `atMost` wins; above the last row → 3 (4 needs RRT or RRT criteria).
 */
export const creatinineRows = [
  { atMost: 1.2, points: 0 },
  { atMost: 2.0, points: 1 },
  { atMost: 3.5, points: 2 },
] as const;
export const creatinineAbovePoints = 3;

/** Urine output below `belowMlKgH` for at least `forHours` → points; every row met counts, highest wins. */
export const urineOutputRows = [
  { belowMlKgH: 0.5, forHours: 6, points: 1 },
  { belowMlKgH: 0.5, forHours: 12, points: 2 },
  { belowMlKgH: 0.3, forHours: 24, points: 3 },
] as const;
/** Anuria (no urine at all) for at least this long → 3. */
export const anuria = { forHours: 12, points: 3 } as const;
/** A urine output without its period is the mean over the whole scoring window. */
export const defaultUrineOutputHours = 24;

/** Receiving RRT for a renal indication (chronic and intermittent RRT included) → 4. */
export const rrtPoints = 4;
/** Not on RRT but meeting its criteria → 4: a kidney failure part AND a metabolic part. */
export const rrtCriteria = {
  creatinineAboveMgDl: 1.2,
  urineBelowMlKgH: 0.3,
  urineForMoreThanHours: 6,
  potassiumAtLeastMmolL: 6.0,
  phAtMost: 7.2,
  bicarbonateAtMostMmolL: 12,
} as const;

export function scoreSofa2Kidney(window: SofaWindow): OrganScore {
  if (window.rrt) return { points: rrtPoints, notes: [`RRT → ${rrtPoints}`] };
  const { creatinineMgDl: creatinine, urineOutputMlKgH: urine } = window;
  if (creatinine === undefined && urine === undefined) return { points: null, notes: [] };
  const notes: string[] = [];
  const candidates: number[] = [];
  if (creatinine !== undefined) {
    const points = creatinineRows.find((row) => creatinine <= row.atMost)?.points ?? creatinineAbovePoints;
    notes.push(`creatinine ${show(creatinine)} mg/dL → ${points}`);
    candidates.push(points);
  }
  const hours = window.urineOutputHours ?? defaultUrineOutputHours;
  if (urine !== undefined) {
    if (window.urineOutputHours === undefined) notes.push(`urine output period not given: taken as ${hours} h`);
    const met: number[] = urineOutputRows
      .filter((row) => urine < row.belowMlKgH && hours >= row.forHours)
      .map((row) => row.points);
    if (urine === 0 && hours >= anuria.forHours) met.push(anuria.points);
    const points = Math.max(0, ...met);
    notes.push(`urine ${show(urine)} mL/kg/h for ${show(hours)} h${urine === 0 ? ' (anuria)' : ''} → ${points}`);
    candidates.push(points);
  }
  const criteria = rrtCriteriaMet(window, hours);
  if (criteria !== undefined) {
    notes.push(`RRT criteria met (${criteria}) → ${rrtPoints}`);
    candidates.push(rrtPoints);
  }
  return { points: Math.max(...candidates), notes };
}

/** Which RRT criteria the window meets, as text, or undefined when it does not meet them. */
function rrtCriteriaMet(window: SofaWindow, urineHours: number): string | undefined {
  const c = rrtCriteria;
  const { creatinineMgDl: creatinine, urineOutputMlKgH: urine, potassiumMmolL: k, ph, bicarbonateMmolL: hco3 } = window;
  const kidneyFailure: string[] = [];
  if (creatinine !== undefined && creatinine > c.creatinineAboveMgDl) {
    kidneyFailure.push(`creatinine > ${c.creatinineAboveMgDl}`);
  }
  if (urine !== undefined && urine < c.urineBelowMlKgH && urineHours > c.urineForMoreThanHours) {
    kidneyFailure.push(`urine < ${c.urineBelowMlKgH} mL/kg/h for > ${c.urineForMoreThanHours} h`);
  }
  const metabolic: string[] = [];
  if (k !== undefined && k >= c.potassiumAtLeastMmolL) metabolic.push(`potassium ${k} ≥ ${c.potassiumAtLeastMmolL}`);
  if (ph !== undefined && hco3 !== undefined && ph <= c.phAtMost && hco3 <= c.bicarbonateAtMostMmolL) {
    metabolic.push(`pH ${ph} ≤ ${c.phAtMost} and bicarbonate ${hco3} ≤ ${c.bicarbonateAtMostMmolL}`);
  }
  if (kidneyFailure.length === 0 || metabolic.length === 0) return undefined;
  return `${kidneyFailure.join(' or ')}; ${metabolic.join(' or ')}`;
}

const show = (value: number): string => String(Math.round(value * 1000) / 1000);

import type { SofaWindow } from './input.ts';
import type { OrganScore } from './result.ts';

/**
 * SOFA-2 respiratory (Ranzani et al., JAMA 2025). Each row: ratio at most `atMost` → points; the first
 * (lowest) matching row wins, above the last row → 0. Points 3 and 4 need advanced ventilatory support.
 */
export const pfRatioRows = [
  { atMost: 75, points: 4 },
  { atMost: 150, points: 3 },
  { atMost: 225, points: 2 },
  { atMost: 300, points: 1 },
] as const;

/** SpO2/FiO2, used only when PaO2 is not available and SpO2 is below `spo2UsableBelowPct`. */
export const sfRatioRows = [
  { atMost: 120, points: 4 },
  { atMost: 200, points: 3 },
  { atMost: 250, points: 2 },
  { atMost: 300, points: 1 },
] as const;

/** At or above this saturation the oxygen dissociation curve is flat: SpO2 says little about PaO2. */
export const spo2UsableBelowPct = 98;
/** Without advanced ventilatory support (and with it available) the ratio scores at most this. */
export const maxPointsWithoutAdvancedSupport = 2;
export const ecmoRespiratoryPoints = 4;

type Ratio = { kind: 'P/F' | 'S/F'; value: number; unit: string; rows: typeof pfRatioRows | typeof sfRatioRows };

/**
 * Scores the worst oxygenation of the window. The organ is missing when no ratio can be formed (FiO2
 * absent, or no PaO2 and no usable SpO2) and the patient is not on respiratory ECMO.
 */
export function scoreSofa2Respiratory(window: SofaWindow): OrganScore {
  if (window.ecmo === 'respiratory') {
    return { points: ecmoRespiratoryPoints, notes: [`ECMO for respiratory failure → ${ecmoRespiratoryPoints}`] };
  }
  const notes: string[] = [];
  const ratio = oxygenationRatio(window, notes);
  if (ratio === undefined) return { points: null, notes };
  let points = ratio.rows.find((row) => ratio.value <= row.atMost)?.points ?? 0;
  notes.push(`${ratio.kind} ${show(ratio.value)}${ratio.unit} → ${points}`);
  if (points > maxPointsWithoutAdvancedSupport && !window.advancedRespiratorySupport) {
    if (window.respiratorySupportUnavailable) {
      notes.push('no advanced support (unavailable or ceiling of treatment): the ratio alone decides');
    } else {
      points = maxPointsWithoutAdvancedSupport;
      notes.push(`respiratory capped at ${maxPointsWithoutAdvancedSupport}: no advanced support`);
    }
  }
  return { points, notes };
}

function oxygenationRatio(window: SofaWindow, notes: string[]): Ratio | undefined {
  const { pao2MmHg, spo2Pct, fio2 } = window;
  if (fio2 === undefined) {
    if (pao2MmHg !== undefined || spo2Pct !== undefined) notes.push('no FiO2: no oxygenation ratio');
    return undefined;
  }
  if (pao2MmHg !== undefined) {
    return { kind: 'P/F', value: clean(pao2MmHg / fio2), unit: ' mmHg', rows: pfRatioRows };
  }
  if (spo2Pct === undefined) return undefined;
  if (spo2Pct >= spo2UsableBelowPct) {
    notes.push(`SpO2 ${spo2Pct} % without PaO2: SpO2/FiO2 is used only below ${spo2UsableBelowPct} %`);
    return undefined;
  }
  notes.push('SpO2/FiO2 used: no PaO2');
  return { kind: 'S/F', value: clean(spo2Pct / fio2), unit: '', rows: sfRatioRows };
}

/** Removes floating-point noise so that e.g. 90 / 0.3 compares as exactly 300. */
const clean = (value: number): number => Math.round(value * 1e6) / 1e6;
const show = (value: number): string => String(Math.round(value * 100) / 100);

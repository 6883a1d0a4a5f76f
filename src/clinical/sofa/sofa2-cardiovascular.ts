import type { SofaWindow } from './input.ts';
import type { OrganScore } from './result.ts';

/** SOFA-2 cardiovascular (Ranzani et al., JAMA 2025). Doses in µg/kg/min of the base. */

/** No vasopressor or inotrope: MAP at least 70 → 0, below → 1. */
export const mapWithoutVasoactiveRows = [{ atLeast: 70, points: 0 }] as const;
export const mapWithoutVasoactiveBelowPoints = 1;

/** Norepinephrine + epinephrine summed: first row with the sum at most `atMost`; above the last → 4. */
export const nePlusERows = [
  { atMost: 0.2, alone: 2, withAnotherAgent: 3 },
  { atMost: 0.4, alone: 3, withAnotherAgent: 4 },
] as const;
export const nePlusEAboveRows = { alone: 4, withAnotherAgent: 4 } as const;

/** Any dose of another vasopressor/inotrope without norepinephrine or epinephrine. */
export const otherAgentAlonePoints = 2;

/** Dopamine as the only agent: first row with the dose at most `atMost`; above the last → 4. */
export const dopamineOnlyRows = [
  { atMost: 20, points: 2 },
  { atMost: 40, points: 3 },
] as const;
export const dopamineOnlyAbovePoints = 4;

/** Vasoactives unavailable or withheld (ceiling of treatment): MAP alone, first row reached wins. */
export const mapOnlyRows = [
  { atLeast: 70, points: 0 },
  { atLeast: 60, points: 1 },
  { atLeast: 50, points: 2 },
  { atLeast: 40, points: 3 },
] as const;
export const mapOnlyBelowPoints = 4;

/** VA-ECMO, IABP, LVAD, microaxial flow pump. */
export const mechanicalSupportPoints = 4;

/**
 * Every row the window meets is a candidate; the highest wins. A dose of 0 means "not running". The organ
 * is missing when there is no MAP and no agent or mechanical support (a dose of 0 alone says nothing
 * about the circulation). Respiratory (VV) ECMO is scored under respiratory, never here.
 */
export function scoreSofa2Cardiovascular(window: SofaWindow): OrganScore {
  const notes: string[] = [];
  const candidates: number[] = [];
  const add = (points: number, note: string): void => {
    candidates.push(points);
    notes.push(`${note} → ${points}`);
  };
  if (window.ecmo === 'cardiac') add(mechanicalSupportPoints, 'ECMO for cardiac failure (mechanical support)');
  if (window.mechanicalCirculatorySupport) add(mechanicalSupportPoints, 'mechanical circulatory support');
  if (window.ecmo === 'respiratory') notes.push('respiratory ECMO is scored under respiratory, not here');

  const nePlusE = clean((window.norepinephrineUgKgMin ?? 0) + (window.epinephrineUgKgMin ?? 0));
  const dopamine = window.dopamineUgKgMin ?? 0;
  const anotherAgent = window.otherVasoactive || dopamine > 0;
  if (nePlusE > 0) {
    const row = nePlusERows.find((r) => nePlusE <= r.atMost) ?? nePlusEAboveRows;
    const points = anotherAgent ? row.withAnotherAgent : row.alone;
    add(points, `NE+E ${show(nePlusE)} µg/kg/min${anotherAgent ? ' with another agent' : ''}`);
  } else if (window.otherVasoactive) {
    add(otherAgentAlonePoints, 'other vasopressor/inotrope without NE+E');
  }
  if (dopamine > 0) {
    // The paper's dopamine table is for dopamine alone; combined, dopamine counts as "another agent"
    // above. We keep its table as a floor so that adding a drug can never lower the score.
    const points = dopamineOnlyRows.find((r) => dopamine <= r.atMost)?.points ?? dopamineOnlyAbovePoints;
    const alone = nePlusE === 0 && !window.otherVasoactive;
    add(points, `dopamine ${show(dopamine)} µg/kg/min ${alone ? 'as the only agent' : '(dopamine table as a floor)'}`);
  }

  const map = window.mapMmHg;
  if (window.vasoactivesUnavailable) {
    if (map === undefined) notes.push('vasoactives unavailable or withheld, but no MAP');
    else {
      const points = mapOnlyRows.find((r) => map >= r.atLeast)?.points ?? mapOnlyBelowPoints;
      add(points, `vasoactives unavailable or withheld: MAP ${show(map)} mmHg`);
    }
  } else if (map !== undefined && candidates.length === 0) {
    const points = mapWithoutVasoactiveRows.find((r) => map >= r.atLeast)?.points ?? mapWithoutVasoactiveBelowPoints;
    add(points, `MAP ${show(map)} mmHg without vasoactive`);
  }
  return { points: candidates.length > 0 ? Math.max(...candidates) : null, notes };
}

/** Removes floating-point noise from the sum (0.15 + 0.05 must compare as exactly 0.2). */
const clean = (value: number): number => Math.round(value * 1e9) / 1e9;
const show = (value: number): string => String(Math.round(value * 1000) / 1000);

import type { SofaWindow } from './input.ts';
import type { OrganScore } from './result.ts';

/**
 * SOFA-2 brain (Ranzani et al., JAMA 2025). Total GCS bands, read from the top: the first band whose
 * lowest GCS the patient reaches gives the points (15 → 0; 13–14 → 1; 9–12 → 2; 6–8 → 3; 3–5 → 4).
 */
export const gcsBands = [
  { atLeast: 15, points: 0 },
  { atLeast: 13, points: 1 },
  { atLeast: 9, points: 2 },
  { atLeast: 6, points: 3 },
  { atLeast: 3, points: 4 },
] as const;

/** When only the motor response can be assessed (e.g. intubated): best motor response → points. */
export const motorOnlyPoints: Readonly<Record<number, { response: string; points: number }>> = {
  6: { response: 'obeys', points: 0 },
  5: { response: 'localizes', points: 1 },
  4: { response: 'withdraws', points: 2 },
  3: { response: 'flexion', points: 3 },
  2: { response: 'extension', points: 4 },
  1: { response: 'none', points: 4 },
};

/** Any drug treatment for delirium scores at least this, even with GCS 15. */
export const deliriumTreatmentMinimum = 1;

function gcsPoints(gcs: number): number {
  return gcsBands.find((band) => gcs >= band.atLeast)?.points ?? 4;
}

/**
 * The worst neurological state in the window. A sedated patient is scored from the last GCS before
 * sedation, because a GCS under sedation measures the drug, not the brain; when that GCS is unknown the
 * paper scores 0, and we also leave the organ missing so the multi-day scorer can carry the last
 * observation forward (which is the last GCS before sedation). Total GCS and motor-only GCS may both be
 * charted in one window (assessable at one time, intubated at another): the worse one wins.
 */
export function scoreSofa2Brain(window: SofaWindow): OrganScore {
  const notes: string[] = [];
  const candidates: number[] = [];
  if (window.sedated) {
    if (window.gcs !== undefined || window.gcsMotor !== undefined) {
      notes.push('GCS assessed under sedation not used');
    }
    if (window.gcsBeforeSedation !== undefined) {
      const points = gcsPoints(window.gcsBeforeSedation);
      notes.push(`sedated: last GCS before sedation ${window.gcsBeforeSedation} → ${points}`);
      candidates.push(points);
    } else {
      notes.push('sedated, GCS before sedation unknown → 0 (reported as missing)');
    }
  } else {
    if (window.gcsBeforeSedation !== undefined) {
      notes.push(`GCS before sedation ${window.gcsBeforeSedation} not used: not sedated`);
    }
    if (window.gcs !== undefined) {
      const points = gcsPoints(window.gcs);
      notes.push(`GCS ${window.gcs} → ${points}`);
      candidates.push(points);
    }
    const motor = window.gcsMotor === undefined ? undefined : motorOnlyPoints[window.gcsMotor];
    if (motor !== undefined) {
      notes.push(`motor GCS ${window.gcsMotor} (${motor.response}) → ${motor.points}`);
      candidates.push(motor.points);
    }
  }
  if (window.deliriumDrugTreatment) {
    notes.push(`delirium drug treatment → at least ${deliriumTreatmentMinimum}`);
    candidates.push(deliriumTreatmentMinimum);
  }
  return { points: candidates.length > 0 ? Math.max(...candidates) : null, notes };
}

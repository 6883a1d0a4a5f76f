import { normalizeWindow, type SofaWindow } from './input.ts';
import { sofaResult, type SofaResult } from './result.ts';
import { scoreSofa2Brain } from './sofa2-brain.ts';
import { scoreSofa2Cardiovascular } from './sofa2-cardiovascular.ts';
import { scoreSofa2Hemostasis } from './sofa2-hemostasis.ts';
import { scoreSofa2Kidney } from './sofa2-kidney.ts';
import { scoreSofa2Liver } from './sofa2-liver.ts';
import { scoreSofa2Respiratory } from './sofa2-respiratory.ts';

/**
 * SOFA-2 (Ranzani et al., JAMA 2025) for one scoring window of worst values in canonical units. Each
 * organ's rule lives in its own file; this only assembles them. `inputNotes` are the unit conversions
 * `normalizeWindow` made, kept first so the reader sees what was converted before how it scored.
 */
export function scoreSofa2(window: SofaWindow, inputNotes: string[] = []): SofaResult {
  return sofaResult(
    'sofa2',
    {
      brain: scoreSofa2Brain(window),
      respiratory: scoreSofa2Respiratory(window),
      cardiovascular: scoreSofa2Cardiovascular(window),
      liver: scoreSofa2Liver(window),
      kidney: scoreSofa2Kidney(window),
      hemostasis: scoreSofa2Hemostasis(window),
    },
    inputNotes,
  );
}

/** Validates raw input (throws InputError naming the field), converts units, then scores. */
export function scoreSofa2Input(raw: unknown): SofaResult {
  const { window, notes } = normalizeWindow(raw);
  return scoreSofa2(window, notes);
}

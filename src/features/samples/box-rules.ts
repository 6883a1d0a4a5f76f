import { InputError } from '../../core/errors.ts';
import { sampleMessages } from './messages.ts';
import { parsePosition, positionLabel, type BoxPosition } from './positions.ts';

/** What the rules need of a box: its grid. */
export interface BoxGrid {
  rows: number;
  columns: number;
}

/** The last position of a box, "H12" for 8 × 12: the positions run from A1 to it. */
export function lastPosition(box: BoxGrid): string {
  return positionLabel(box.rows, box.columns);
}

/**
 * A position typed or scanned for a box: one `parsePosition` reads ("B7", "b07", "2,7"), inside the box's rows
 * and columns. Pure; the refusal names `field`.
 */
export function positionInBox(box: BoxGrid, text: string, field = 'position'): BoxPosition {
  let position: BoxPosition;
  try {
    position = parsePosition(text);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(field, sampleMessages.badPosition({ position: text }));
    throw error;
  }
  if (position.row > box.rows || position.column > box.columns) {
    throw new InputError(field, sampleMessages.positionOutside({ position: label(position), last: lastPosition(box) }));
  }
  return position;
}

function label(position: BoxPosition): string {
  // Huge numbers parse but have no letters worth showing; the text as typed says enough then.
  return position.row <= 18_278 ? positionLabel(position.row, position.column) : `${position.row},${position.column}`;
}

/** Where something is, in words a person reads on a screen or in the chain of custody: parts joined by " · ". */
export function placeText(...parts: (string | null | undefined)[]): string {
  return parts.filter((part): part is string => part !== null && part !== undefined && part !== '').join(' · ');
}

/** "Box 12 · B7" for an aliquot in a box, null out of one. */
export function boxPositionText(boxName: string | null, row: number | null, column: number | null): string | null {
  if (boxName === null || row === null || column === null) return null;
  return placeText(boxName, positionLabel(row, column));
}

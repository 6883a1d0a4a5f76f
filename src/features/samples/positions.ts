import { InputError } from '../../core/errors.ts';
import { inputMessages } from '../../core/messages.ts';
import { sampleMessages } from './messages.ts';

/** A place in a storage box: 1-based row (A = 1) and column. */
export interface BoxPosition {
  row: number;
  column: number;
}

/**
 * The label of a box position as printed on boxes and manifests: the row as letters, the column as a number
 * ("A1", "H12"). Rows past Z go on as spreadsheet columns do (Z, AA, AB ... AZ, BA), so a 384-well layout or a
 * rack with many shelves still has a label that sorts and reads the usual way.
 */
export function positionLabel(row: number, column: number): string {
  checkIndex('row', row);
  checkIndex('column', column);
  return `${rowLetters(row)}${column}`;
}

/**
 * A position typed or scanned by lab staff: "B7", "b7", "B07", "B 7", or the numeric "2,7" / "2:7" that some
 * freezer software exports. Anything else is refused rather than guessed, so an aliquot never lands in a
 * position nobody meant.
 */
export function parsePosition(text: string): BoxPosition {
  const value = text.trim();
  const lettered = /^([A-Za-z]{1,4})\s*(\d{1,6})$/.exec(value);
  const numeric = /^(\d{1,6})\s*[,:]\s*(\d{1,6})$/.exec(value);
  const [row, column] =
    lettered !== null
      ? [rowNumber(lettered[1] ?? ''), Number(lettered[2])]
      : numeric !== null
        ? [Number(numeric[1]), Number(numeric[2])]
        : [0, 0];
  if (row < 1 || column < 1) throw new InputError('position', sampleMessages.badPosition({ position: text }));
  return { row, column };
}

/** Bijective base 26: 1 → A, 26 → Z, 27 → AA, 702 → ZZ, 703 → AAA. */
function rowLetters(row: number): string {
  let letters = '';
  for (let rest = row; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

function rowNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((row, letter) => row * 26 + (letter.charCodeAt(0) - 64), 0);
}

function checkIndex(field: 'row' | 'column', value: number): void {
  if (!Number.isSafeInteger(value)) throw new InputError(field, inputMessages.notInteger());
  if (value < 1) throw new InputError(field, inputMessages.tooSmall({ minimum: 1 }));
}

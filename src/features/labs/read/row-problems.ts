import type { Message } from '../../../core/errors.ts';
import { labReadMessages } from './messages.ts';
import type { ReadBatch, RowProblem } from './result-types.ts';

/** Adds the problem of one cell: `index` is the 0-based column, named by its header. */
export function addProblem(
  out: ReadBatch,
  headers: readonly string[],
  line: number,
  index: number,
  message: Message,
): void {
  out.problems.push({
    line,
    column: index + 1,
    field: headers[index]?.trim() ?? `column ${index + 1}`,
    problem: message.text,
    key: message.key,
    params: message.params,
  } satisfies RowProblem);
}

/**
 * A record whose field count differs from the header's: the problem is at the first missing cell, or at the
 * first cell too many.
 */
export function addFieldCountProblem(out: ReadBatch, headers: readonly string[], line: number, found: number): void {
  const message = labReadMessages.fieldCount({ expected: headers.length, found });
  addProblem(out, headers, line, Math.min(found, headers.length), message);
}

/** A line of separators only (`;;;`, as spreadsheets write below the data) is no row. */
export function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

/** `NA`, as R (and so Olink's software) writes a missing value, is an empty cell. */
export function isEmptyCell(text: string): boolean {
  return text === '' || text === 'NA' || text.trim() === '';
}

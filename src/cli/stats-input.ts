import { readFileSync } from 'node:fs';
import type { CsvTable } from '../stats/csv.ts';
import { InputError } from '../core/errors.ts';

/** What the stats subcommands share: reading the CSV file, checking values, ordering groups, JSON numbers. */

export function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError('--input', `cannot read "${path}" (${reason})`);
  }
}

export function checkValues(
  table: CsvTable,
  name: string,
  values: Float64Array,
  ok: (v: number) => boolean,
  rule: string,
): void {
  values.forEach((v, row) => {
    if (Number.isNaN(v) || ok(v)) return;
    const line = table.line(row);
    throw new InputError(name, `line ${line}, column "${name}": ${v}: ${rule}`, {
      line,
      column: table.header.indexOf(name) + 1,
    });
  });
}

/** Group order as R's factor(): numeric when every label is a number, else by code point. */
export function sortLabels(cells: string[]): string[] {
  const labels = [...new Set(cells)];
  const numeric = labels.every((l) => Number.isFinite(Number(l)));
  return labels.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** JSON has no NaN or Infinity: R's NA (an infinite se where S = 0, a singular test) become null. */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

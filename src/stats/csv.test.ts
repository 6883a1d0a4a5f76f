import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumn, parseCsv } from './csv.ts';
import { InputError } from '../core/errors.ts';

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected a InputError');
}

describe('parseCsv', () => {
  it('reads columns by name; empty cells (quoted or not) are missing', () => {
    const table = parseCsv('time,event,arm\n5,1,A\n7.5,,"B"\n,0,""\n');
    expect(table.header).toEqual(['time', 'event', 'arm']);
    expect(table.rowCount).toBe(3);
    expect(table.column('time')).toEqual(['5', '7.5', null]);
    expect(table.column('event')).toEqual(['1', null, '0']);
    expect(table.column('arm')).toEqual(['A', 'B', null]);
  });

  it('accepts CRLF, no trailing newline, a BOM, quoted commas, newlines and "" escapes', () => {
    const table = parseCsv('\uFEFF"a","b"\r\n"x, ""y""",2\r\n"two\nlines",3');
    expect(table.column('a')).toEqual(['x, "y"', 'two\nlines']);
    expect(table.column('b')).toEqual(['2', '3']);
    expect(table.line(0)).toBe(2);
    expect(table.line(1)).toBe(3);
  });

  it('reads a header-only file as zero rows', () => {
    expect(parseCsv('time,event\n').rowCount).toBe(0);
  });

  it('names the line of a malformed row', () => {
    expect(errorOf(() => parseCsv('a,b\n1,2\n3\n')).message).toMatch(/^line 3: 1 fields where the header has 2/);
    expect(errorOf(() => parseCsv('a,b\n1,2\n\n3,4\n')).message).toMatch(/^line 3: an empty line/);
    expect(errorOf(() => parseCsv('a,b\n1,"2\n')).message).toMatch(/^line 2: a quoted field is not closed/);
    expect(errorOf(() => parseCsv('a,b\n1,"2"x\n')).message).toMatch(/^line 2: unexpected character/);
    expect(errorOf(() => parseCsv('a,b\n1,2"\n')).message).toMatch(/^line 2: a quote inside/);
    expect(errorOf(() => parseCsv('a,a\n1,2\n')).message).toMatch(/column "a" appears twice/);
    expect(errorOf(() => parseCsv('a,\n1,2\n')).message).toMatch(/header column 2 has no name/);
    expect(errorOf(() => parseCsv('')).message).toMatch(/empty/);
  });

  it('carries the line (and the column of a bad cell) for a form or a report to point at', () => {
    expect(errorOf(() => parseCsv('a,b\n1,2\n3\n'))).toMatchObject({ field: 'input', line: 3 });
    expect(errorOf(() => numericColumn(parseCsv('a,b\n1,2\n3,x\n'), 'b'))).toMatchObject({
      code: 'invalid_input',
      field: 'b',
      line: 3,
      column: 2,
    });
  });

  it('names the column and lists the known ones for an unknown column', () => {
    const error = errorOf(() => parseCsv('time,event\n1,0\n').column('status'));
    expect(error.field).toBe('status');
    expect(error.message).toBe('unknown column "status"; the columns are time, event');
  });

  it('reads back any table written with quoting (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', '1', '.'), minLength: 1 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 6 }).map((rows) => ({
            width,
            rows,
          })),
        ),
        fc.boolean(),
        ({ width, rows }, crlf) => {
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
          const eol = crlf ? '\r\n' : '\n';
          const text = [header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + eol;
          const table = parseCsv(text);
          expect(table.rowCount).toBe(rows.length);
          header.forEach((name, c) => expect(table.column(name)).toEqual(rows.map((r) => r[c])));
        },
      ),
    );
  });
});

describe('numericColumn', () => {
  it('reads plain decimals with a point; missing becomes NaN', () => {
    const values = numericColumn(parseCsv('x\n1\n-2.5\n.5\n1e3\n\n7.\n'), 'x');
    expect(Array.from(values)).toEqual([1, -2.5, 0.5, 1000, Number.NaN, 7]);
  });

  it('rejects anything else, naming the line and the column', () => {
    for (const bad of ['1,5', 'NA', 'Inf', ' 3', 'abc', '0x10', '1e999']) {
      const table = parseCsv(`id,x\n1,2\n2,${bad.includes(',') ? `"${bad}"` : bad}\n`);
      const error = errorOf(() => numericColumn(table, 'x'));
      expect(error.field).toBe('x');
      expect(error.message).toBe(`line 3, column "x": "${bad}" is not a number`);
    }
  });
});

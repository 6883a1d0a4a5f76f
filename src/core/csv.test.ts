import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

/** The one value as its CSV line, without the header and line end. */
const cellOf = (value: unknown): string => toCsv(['v'], [[value]]).slice('"v"\r\n'.length, -'\r\n'.length);

describe('CSV export', () => {
  it('quotes every field, the header too, doubles quotes and leaves null and undefined empty', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          ['x, y', 'say "hi"', null],
          ['line\nbreak', 3, undefined],
          ['plain', true, ''],
        ],
      ),
    ).toBe('"a","b","c"\r\n"x, y","say ""hi""",""\r\n"line\nbreak","3",""\r\n"plain","true",""\r\n');
  });

  it('writes dates as ISO text and other objects as JSON', () => {
    expect(cellOf(new Date('2026-03-02T09:00:00Z'))).toBe('"2026-03-02T09:00:00.000Z"');
    expect(cellOf(['a', 'b'])).toBe('"[""a"",""b""]"');
    expect(cellOf(12n)).toBe('"12"');
  });

  it.each([
    ['=1+1', `"'=1+1"`],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+1', `"'+1+1"`],
    ['-1+1', `"'-1+1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['-', `"'-"`],
  ])('defuses %j, which a spreadsheet would run as a formula', (value, csv) => {
    expect(cellOf(value)).toBe(csv);
  });

  it.each([
    ['a leading tab', '\tx'],
    ['a leading carriage return', '\rx'],
    ['a tab before the formula', '\t=1+1'],
  ])('defuses a field with %s', (_case, value) => {
    expect(cellOf(value).startsWith(`"'`)).toBe(true);
  });

  it.each([
    ['spaces', '   =1+1'],
    ['a no-break space', '\u00a0=1+1'],
    ['an ideographic space', '\u3000=1+1'],
    ['a zero-width space', '\u200b=1+1'],
    ['a zero-width non-joiner', '\u200c+1+1'],
    ['a zero-width joiner', '\u200d-1+1'],
    ['a word joiner', '\u2060@SUM(A1)'],
    ['a byte-order mark', '\ufeff=1+1'],
    ['a right-to-left mark', '\u200f=1+1'],
    ['a mix of them', ' \u200b\u00a0\ufeff =1+1'],
  ])('defuses a formula behind %s, with the apostrophe first', (_case, value) => {
    expect(cellOf(value)).toBe(`"'${value}"`);
  });

  it.each([
    ['full-width equals', '＝1+1'],
    ['full-width plus', '＋1+1'],
    ['full-width minus', '－1+1'],
    ['full-width at', '＠SUM(A1)'],
    ['small equals', '﹦1+1'],
    ['full-width minus before a number', '－2'],
  ])('defuses a %s look-alike', (_case, value) => {
    expect(cellOf(value)).toBe(`"'${value}"`);
  });

  it.each([
    [';=1+1', `";'=1+1"`],
    ['a,=1+1', `"a,'=1+1"`],
    ['a; @SUM(A1)', `"a;' @SUM(A1)"`],
    ['a;\u200b＝1+1', `"a;'\u200b＝1+1"`],
    ['first line\n=1+1', `"first line\n'=1+1"`],
    ['a\r\n+1+1', `"a\r\n'+1+1"`],
    ['a\t-1+1', `"a\t'-1+1"`],
    ['x;"=1+1', `"x;'""=1+1"`],
    ['=1;=2', `"'=1;'=2"`],
  ])(
    'defuses %j, where a separator in the value could start a cell (Excel with the ; list separator)',
    (value, csv) => {
      expect(cellOf(value)).toBe(csv);
    },
  );

  it.each([
    [-3, '"-3"'],
    [-0.5, '"-0.5"'],
    [-1e-7, '"-1e-7"'],
    ['-2.5', '"-2.5"'],
    ['+1', '"+1"'],
    ['-.5', '"-.5"'],
    ['1;-2', '"1;-2"'],
    ['-1,5', '"-1,5"'],
  ])('keeps the number %j usable: a spreadsheet reads it as a number, not a formula', (value, csv) => {
    expect(cellOf(value)).toBe(csv);
  });

  it.each(['nurse@example.org', 'x-y', 'Radboudumc Nijmegen', '2026-03-01', "'=already defused", 'age;infection', ''])(
    'leaves %j as it is',
    (value) => {
      expect(cellOf(value)).toBe(`"${value}"`);
    },
  );

  it('never lets a cell open a formula, wherever a reader that ignores the quotes would split the line', () => {
    const hostile = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '\t', '\r', '\n', ';', ',', '"', "'", ' '];
    const invisible = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00a0'];
    const unit = fc.constantFrom(...hostile, ...invisible, 'a', '1', '2', '.', 'e', '(', ')');
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 12 }), { minLength: 1, maxLength: 4 }), (values) => {
        const csv = toCsv(['h'], [values]);
        for (const piece of csv.split(/[,;\t\r\n]/)) {
          const cell = piece.replace(/^[\s\p{Cc}\p{Cf}"]*/u, '').replace(/"*$/, '');
          const first = String.fromCodePoint(cell.codePointAt(0) ?? 32).normalize('NFKC');
          const number = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(cell);
          expect(['=', '+', '-', '@'].includes(first) && !number, JSON.stringify({ values, piece })).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

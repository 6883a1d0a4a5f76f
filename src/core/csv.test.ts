import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('CSV export', () => {
  it('quotes fields with commas, quotes and line breaks, and leaves empty cells for null', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          ['x, y', 'say "hi"', null],
          ['line\nbreak', 3, undefined],
        ],
      ),
    ).toBe('a,b,c\r\n"x, y","say ""hi""",\r\n"line\nbreak",3,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but keeps negative numbers', () => {
    expect(toCsv(['v'], [['=HYPERLINK("x")'], ['+1+1'], ['@SUM(A1)'], ['-2.5'], [-3]])).toBe(
      'v\r\n"\'=HYPERLINK(""x"")"\r\n\'+1+1\r\n\'@SUM(A1)\r\n-2.5\r\n-3\r\n',
    );
  });
});

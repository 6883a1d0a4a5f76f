import { describe, expect, it } from 'vitest';
import { copyText } from './copy-text.ts';

describe("PostgreSQL's COPY text format", () => {
  it('separates columns by tabs and rows by newlines, with null as \\N', () => {
    expect(
      copyText([
        [1, 'a', null],
        [2.5, 'b', 'c'],
      ]),
    ).toBe('1\ta\t\\N\n2.5\tb\tc\n');
  });

  it('escapes what would break a row: backslash, tab, newline, carriage return', () => {
    expect(copyText([['a\\b\tc\nd\re']])).toBe('a\\\\b\\tc\\nd\\re\n');
  });

  it('keeps a literal "\\N" text apart from null', () => {
    expect(copyText([['\\N']])).toBe('\\\\N\n');
  });

  it('refuses what PostgreSQL would store wrongly: infinities and objects', () => {
    expect(() => copyText([[Infinity]])).toThrow(/finite/);
    expect(() => copyText([[{}]])).toThrow(/not object/);
  });
});

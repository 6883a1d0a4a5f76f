import { describe, expect, it } from 'vitest';
import { localInputToPicker, parseDateText, pickerToLocalInput } from './date-text.ts';

describe('a date typed into a date field', () => {
  it('reads the display format in either language, with the month as a word', () => {
    expect(parseDateText('6 dec 2026')).toBe('2026-12-06');
    expect(parseDateText('6 Dec. 2026')).toBe('2026-12-06');
    expect(parseDateText('6 december 2026')).toBe('2026-12-06');
    expect(parseDateText('2 mrt 2026')).toBe('2026-03-02');
    expect(parseDateText('2 maart 2026')).toBe('2026-03-02');
    expect(parseDateText('Mar 2, 2026')).toBe('2026-03-02');
    expect(parseDateText('1 sept 2026')).toBe('2026-09-01');
  });

  it('reads ISO dates and day-first numbers as written in the Netherlands', () => {
    expect(parseDateText('2026-12-06')).toBe('2026-12-06');
    expect(parseDateText('6-12-2026')).toBe('2026-12-06');
    expect(parseDateText('6/12/2026')).toBe('2026-12-06');
    expect(parseDateText('6.12.2026')).toBe('2026-12-06');
  });

  it('refuses dates that do not exist, two-digit years and months it cannot tell apart', () => {
    expect(parseDateText('31 feb 2026')).toBeNull();
    expect(parseDateText('29-02-2026')).toBeNull();
    expect(parseDateText('29-02-2028')).toBe('2028-02-29');
    expect(parseDateText('6-12-26')).toBeNull();
    expect(parseDateText('6 ma 2026')).toBeNull(); // maart or mei?
    expect(parseDateText('6 ju 2026')).toBeNull();
    expect(parseDateText('')).toBeNull();
  });
});

describe('a date-time between the forms and the picker', () => {
  it('keeps the wall-clock time as it is, both ways', () => {
    expect(localInputToPicker('2026-03-01T22:00')).toBe('2026-03-01 22:00:00');
    expect(pickerToLocalInput('2026-03-01 22:00:00')).toBe('2026-03-01T22:00');
    expect(localInputToPicker('')).toBeNull();
    expect(pickerToLocalInput(null)).toBe('');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { InputError } from './errors.ts';
import { birthDate, calendarDate, id, instant, maxId } from './schemas.ts';
import { parseInput } from './zod-input.ts';

function refusal(schema: z.ZodType, raw: unknown): InputError {
  try {
    parseInput(schema, raw);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('an id', () => {
  it('is a whole number from 1 to the largest the database column holds, given as a number or as digits', () => {
    expect(parseInput(id, 1)).toBe(1);
    expect(parseInput(id, '42')).toBe(42);
    expect(parseInput(id, maxId)).toBe(2_147_483_647);
    expect(parseInput(id, String(maxId))).toBe(maxId);
  });

  it('refuses what PostgreSQL cannot store as an input error naming the limit, the same on every engine', () => {
    for (const tooBig of [maxId + 1, '2147483648', 2 ** 53, 1e308, '99999999999999999999']) {
      expect(refusal(id, tooBig)).toMatchObject({ key: 'input.tooBig', params: { maximum: maxId } });
    }
    for (const tooSmall of [0, -1, '0', '-1']) expect(refusal(id, tooSmall)).toMatchObject({ key: 'input.tooSmall' });
    expect(refusal(id, '1.5')).toMatchObject({ key: 'input.notInteger' });
  });

  it('does not read other spellings or types as a number, as z.coerce did (true was 1, [7] was 7)', () => {
    for (const other of [true, [7], '0x10', ' 7', '1e3', '', null, 'NaN', 'Infinity', '１']) {
      expect(refusal(id, other)).toMatchObject({ key: 'input.wrongType', params: { expected: 'number' } });
    }
  });

  it('takes every id in range and refuses every whole number outside it', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: maxId }), (n) => parseInput(id, String(n)) === n));
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -maxId, max: 0 }), fc.integer({ min: maxId + 1, max: Number.MAX_SAFE_INTEGER })),
        (n) => {
          expect(() => parseInput(id, n)).toThrow(InputError);
        },
      ),
    );
  });
});

describe('an instant', () => {
  it('needs a real UTC offset: at most 14 hours, minutes below 60', () => {
    expect(parseInput(instant, '2026-12-05T10:00:00+01:00')).toBe('2026-12-05T10:00:00+01:00');
    expect(parseInput(instant, '2026-12-05T10:00:00+14:00')).toBe('2026-12-05T10:00:00+14:00');
    expect(parseInput(instant, '2026-12-05T10:00:00-12:00')).toBe('2026-12-05T10:00:00-12:00');
    expect(parseInput(instant, '2026-12-05T10:00Z')).toBe('2026-12-05T10:00Z');
    for (const offset of ['+99:99', '+14:01', '-14:30', '+15:00', '+01:60', '+0160']) {
      expect(refusal(instant, `2026-12-05T10:00:00${offset}`), offset).toMatchObject({ key: 'input.offset' });
    }
  });

  it('lies within the study period, 2000-01-01 to 2100-12-31 in UTC', () => {
    expect(refusal(instant, '0001-01-01T00:00:00Z')).toMatchObject({
      key: 'input.dateRange',
      params: { from: '2000-01-01', to: '2100-12-31' },
    });
    expect(refusal(instant, '1999-12-31T23:59:59Z')).toMatchObject({ key: 'input.dateRange' });
    expect(refusal(instant, '2000-01-01T00:30:00+01:00')).toMatchObject({ key: 'input.dateRange' });
    expect(refusal(instant, '2101-01-01T00:00:00Z')).toMatchObject({ key: 'input.dateRange' });
    expect(parseInput(instant, '2000-01-01T00:00:00Z')).toBe('2000-01-01T00:00:00Z');
    expect(parseInput(instant, '2100-12-31T23:59:59.999Z')).toBe('2100-12-31T23:59:59.999Z');
  });

  it('still refuses what is no date-time at all, without an offset, or a day that does not exist', () => {
    for (const text of ['2026-03-02', '2026-03-02T10:00:00', '2026-02-30T10:00Z', '2026-03-02T25:00:00Z', 'now']) {
      expect(refusal(instant, text), text).toMatchObject({ key: 'input.instant' });
    }
  });
});

describe('a calendar date', () => {
  it('of the study lies from 2000-01-01 to 2100-12-31', () => {
    expect(parseInput(calendarDate, '2026-03-02')).toBe('2026-03-02');
    expect(parseInput(calendarDate, '2000-01-01')).toBe('2000-01-01');
    expect(parseInput(calendarDate, '2100-12-31')).toBe('2100-12-31');
    for (const text of ['0001-01-01', '1999-12-31', '2101-01-01', '9999-12-31']) {
      expect(refusal(calendarDate, text), text).toMatchObject({ key: 'input.dateRange' });
    }
    expect(refusal(calendarDate, '2026-02-29')).toMatchObject({ key: 'input.calendarDate' });
  });

  it('of birth reaches back to 1870: up to 130 years old when the study began', () => {
    expect(parseInput(birthDate, '1961-05-04')).toBe('1961-05-04');
    expect(parseInput(birthDate, '1870-01-01')).toBe('1870-01-01');
    expect(refusal(birthDate, '1869-12-31')).toMatchObject({
      key: 'input.dateRange',
      params: { from: '1870-01-01', to: '2100-12-31' },
    });
  });
});

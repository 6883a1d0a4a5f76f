import { describe, expect, it } from 'vitest';
import { parseDecimal, parseQcFlag, parseQualifier, parseResultValue } from './numbers.ts';

const text = (result: unknown): unknown =>
  typeof result === 'object' && result !== null ? (result as { text: string }).text : result;

describe('parseDecimal', () => {
  it('reads a decimal comma where the file uses one, and a decimal point always', () => {
    expect(parseDecimal('12,5', true)).toBe(12.5);
    expect(parseDecimal('12.5', true)).toBe(12.5);
    expect(parseDecimal('12.5', false)).toBe(12.5);
    expect(parseDecimal(' -0,25 ', true)).toBe(-0.25);
    expect(parseDecimal('+3', false)).toBe(3);
    expect(parseDecimal(',5', true)).toBe(0.5);
  });

  it('reads exponents with either decimal mark', () => {
    expect(parseDecimal('1,2E3', true)).toBe(1200);
    expect(parseDecimal('1.2e3', false)).toBe(1200);
    expect(parseDecimal('5E-2', false)).toBe(0.05);
  });

  it('refuses thousands separators as ambiguous', () => {
    expect(text(parseDecimal('1.234,5', true))).toBe(
      'ambiguous number "1.234,5": thousands separators are not accepted',
    );
    expect(text(parseDecimal('1,234.5', false))).toBe(
      'ambiguous number "1,234.5": thousands separators are not accepted',
    );
  });

  it('says what is not a number', () => {
    expect(text(parseDecimal('12,5,3', true))).toBe('"12,5,3" is not a number');
    expect(text(parseDecimal('1.234.567', true))).toBe('"1.234.567" is not a number');
    expect(text(parseDecimal('12,5', false))).toBe('"12,5" is not a number');
    for (const bad of ['', '-', '.', 'abc', '1 234', '1e', 'e5', '0x10', '12a', '1e999', 'Infinity', 'NaN']) {
      expect(typeof parseDecimal(bad, true), bad).toBe('object');
    }
  });
});

describe('parseResultValue', () => {
  it('reads a plain number without a qualifier', () => {
    expect(parseResultValue('12,5', true)).toEqual({ value: 12.5, qualifier: null });
    expect(parseResultValue('-1', false)).toEqual({ value: -1, qualifier: null });
  });

  it('keeps the limit of "<x" as the value, below the detection limit, and of ">x" above quantification', () => {
    expect(parseResultValue('<0,5', true)).toEqual({ value: 0.5, qualifier: '<LOD' });
    expect(parseResultValue('< 0.5', false)).toEqual({ value: 0.5, qualifier: '<LOD' });
    expect(parseResultValue('>5000', false)).toEqual({ value: 5000, qualifier: '>ULOQ' });
  });

  it('reads qualifier words without a number, in any case and spacing', () => {
    for (const word of ['<LOD', '< LOD', 'LOD', '<lod', 'lod']) {
      expect(parseResultValue(word, true), word).toEqual({ value: null, qualifier: '<LOD' });
    }
    expect(parseResultValue('<LLOQ', true)).toEqual({ value: null, qualifier: '<LLOQ' });
    expect(parseResultValue('>ULOQ', true)).toEqual({ value: null, qualifier: '>ULOQ' });
    expect(parseResultValue('> uloq', true)).toEqual({ value: null, qualifier: '>ULOQ' });
  });

  it('gives a problem for an empty cell and for text that is neither', () => {
    expect(parseResultValue('  ', true)).toEqual({ problem: expect.objectContaining({ text: 'no value' }) });
    expect(parseResultValue('positive', true)).toEqual({
      problem: expect.objectContaining({ text: '"positive" is not a number', key: 'labRead.notANumber' }),
    });
    expect(parseResultValue('<ULOQ', true)).toEqual({
      problem: expect.objectContaining({ text: '"<ULOQ" is not a number' }),
    });
    expect(parseResultValue('<1.234,5', true)).toEqual({
      problem: expect.objectContaining({ key: 'labRead.notANumber' }),
    });
  });
});

describe('qualifier and QC columns', () => {
  it('normalise a qualifier column, null when empty, undefined when unknown', () => {
    expect(parseQualifier('<LOD')).toBe('<LOD');
    expect(parseQualifier(' < lloq ')).toBe('<LLOQ');
    expect(parseQualifier('>ULOQ')).toBe('>ULOQ');
    expect(parseQualifier('')).toBeNull();
    expect(parseQualifier('high')).toBeUndefined();
  });

  it("normalise Olink's QC flags", () => {
    expect(['Pass', 'PASS', 'pass'].map(parseQcFlag)).toEqual(['pass', 'pass', 'pass']);
    expect(['Warning', 'WARN', 'warn'].map(parseQcFlag)).toEqual(['warning', 'warning', 'warning']);
    expect(['Fail', 'FAIL'].map(parseQcFlag)).toEqual(['fail', 'fail']);
    expect(parseQcFlag(' ')).toBeNull();
    expect(parseQcFlag('maybe')).toBeUndefined();
  });
});

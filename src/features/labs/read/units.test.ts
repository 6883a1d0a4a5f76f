import { describe, expect, it } from 'vitest';
import { normaliseUnit, splitAnalyteHeader } from './units.ts';

describe('normaliseUnit', () => {
  it('writes the micro sign and the Greek mu as u, and trims', () => {
    expect(normaliseUnit(' \u00B5g/L ')).toBe('ug/L');
    expect(normaliseUnit('\u03BCmol/L')).toBe('umol/L');
    expect(normaliseUnit('pg/mL')).toBe('pg/mL');
  });
});

describe('splitAnalyteHeader', () => {
  it('takes the unit from round or square brackets at the end', () => {
    expect(splitAnalyteHeader('IL-6 (pg/mL)')).toEqual({ name: 'IL-6', unit: 'pg/mL' });
    expect(splitAnalyteHeader('IL6 [pg/mL]')).toEqual({ name: 'IL6', unit: 'pg/mL' });
    expect(splitAnalyteHeader(' CRP(\u00B5g/L) ')).toEqual({ name: 'CRP', unit: 'ug/L' });
    expect(splitAnalyteHeader('sTNF-R1 (soluble) (ng/mL)')).toEqual({ name: 'sTNF-R1 (soluble)', unit: 'ng/mL' });
  });

  it('gives no unit where the header carries none', () => {
    expect(splitAnalyteHeader('IL6')).toEqual({ name: 'IL6', unit: null });
    expect(splitAnalyteHeader('IL6 ()')).toEqual({ name: 'IL6', unit: null });
    expect(splitAnalyteHeader('(pg/mL)')).toEqual({ name: '(pg/mL)', unit: null });
  });
});

import { describe, expect, it } from 'vitest';
import { analyte } from '../../protocol/assays.ts';
import { canonicalValue, sampleFits } from './result-rules.ts';

const il1ra = analyte('il1ra', 'IL-1Ra', 'pg/mL', { conversions: [{ unit: 'ng/mL', factor: 1000 }] });

describe('a result in its canonical unit', () => {
  it('keeps a value in the canonical unit, whatever the case of the unit', () => {
    expect(canonicalValue(il1ra, 12.5, 'pg/mL')).toEqual({ value: 12.5 });
    expect(canonicalValue(il1ra, 12.5, 'PG/ML')).toEqual({ value: 12.5 });
  });

  it('converts by the factor of the catalogue, without float noise', () => {
    expect(canonicalValue(il1ra, 0.3, 'ng/mL')).toEqual({ value: 300 });
  });

  it('keeps a bare qualifier (no number) as a null value', () => {
    expect(canonicalValue(il1ra, null, 'ng/mL')).toEqual({ value: null });
  });

  it('refuses a unit the catalogue does not convert, naming the accepted ones', () => {
    expect(canonicalValue(il1ra, 3, 'mg/L')).toMatchObject({
      problem: { key: 'labs.rowWrongUnit', text: 'wrong unit "mg/L" for IL-1Ra: use pg/mL, ng/mL' },
    });
  });
});

describe('the sample an assay needs', () => {
  it('accepts an aliquot of the assay sample type, and a tube that can give it', () => {
    expect(sampleFits({ kind: 'aliquot', barcode: 'A1', sampleTypes: ['plasma'] }, 'plasma', 'cytokines')).toBeNull();
    expect(
      sampleFits({ kind: 'tube', barcode: 'T1', sampleTypes: ['whole_blood', 'plasma'] }, 'whole_blood', 'flow'),
    ).toBeNull();
  });

  it('refuses a serum aliquot on a plasma assay', () => {
    expect(sampleFits({ kind: 'aliquot', barcode: 'A1', sampleTypes: ['serum'] }, 'plasma', 'cytokines')?.text).toBe(
      'sample A1 is serum; assay cytokines needs plasma',
    );
  });
});

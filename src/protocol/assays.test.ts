import { describe, expect, it } from 'vitest';
import { analyte, checkAssayCatalogue, type AssayDefinition } from './assays.ts';
import { assayCatalogue } from './nct07273344/assays.ts';
import { samplePlan } from './nct07273344/samples.ts';

const sampleTypes = samplePlan.sampleTypes.map((t) => t.code);
const assay = (code: string, analytes = [analyte(`${code.replace(/-/g, '_')}_a`, 'A', 'pg/mL')]): AssayDefinition => ({
  code,
  name: code,
  platform: 'elisa',
  sampleType: 'serum',
  analytes,
});

describe('the assay catalogue', () => {
  it("holds the study's panel: cytokines, soluble markers, monocyte HLA-DR, the differential, LPS-stimulated TNF", () => {
    checkAssayCatalogue(assayCatalogue, sampleTypes);
    const codes = assayCatalogue.flatMap((a) => a.analytes.map((x) => x.code));
    for (const code of ['il6', 'il8', 'il10', 'il1b', 'il1ra', 'tnf', 'ifng', 'ferritin', 'crp', 'pct', 'scd163']) {
      expect(codes).toContain(code);
    }
    for (const code of ['spdl1', 'mhladr', 'leukocytes', 'lymphocytes', 'monocytes', 'lps_tnf'])
      expect(codes).toContain(code);
    expect(new Set(assayCatalogue.map((a) => a.platform))).toEqual(
      new Set(['luminex', 'elisa', 'flow_cytometry', 'ex_vivo_stimulation', 'olink']),
    );
  });

  it('refuses an analyte code used twice, since a result is keyed by it', () => {
    const twice = [assay('one', [analyte('x', 'X', 'pg/mL')]), assay('two', [analyte('x', 'X', 'pg/mL')])];
    expect(() => checkAssayCatalogue(twice, sampleTypes)).toThrow(/analyte x \(assay two\) is in the catalogue twice/);
  });

  it('refuses a sample type the sample plan does not make, and a malformed code', () => {
    expect(() => checkAssayCatalogue([{ ...assay('one'), sampleType: 'csf' }], sampleTypes)).toThrow(/sample type csf/);
    expect(() => checkAssayCatalogue([assay('One')], sampleTypes)).toThrow(/assay One/);
  });
});

import { describe, expect, it } from 'vitest';
import { fhirMapping } from '../../protocol/nct07273344/fhir-mapping.ts';
import { convertUnit } from './units.ts';

const weightOf = (item: string) =>
  [...fhirMapping.days.observations, ...fhirMapping.visits.observations].find((r) => r.item === item)!.molecularWeight;

describe('unit conversion by UCUM', () => {
  it('converts creatinine and bilirubin mg/dL to µmol/L with the molecular weights of the mapping (the forms’ factors)', () => {
    expect(convertUnit(1, 'mg/dL', 'umol/L', weightOf('creatinine'))).toBeCloseTo(88.4, 1);
    expect(convertUnit(1, 'mg/dL', 'umol/L', weightOf('bilirubin'))).toBeCloseTo(17.1, 1);
    expect(convertUnit(88.4, 'umol/L', 'mg/dL', weightOf('lab_creatinine'))).toBeCloseTo(1, 3);
    // Without a molecular weight mass and substance do not convert.
    expect(convertUnit(1, 'mg/dL', 'umol/L')).toBeNull();
  });

  it('converts pressures, fractions, counts, masses and rates', () => {
    expect(convertUnit(9.6, 'kPa', 'mm[Hg]')).toBeCloseTo(72.0, 1);
    expect(convertUnit(40, '%', '1')).toBeCloseTo(0.4, 10);
    expect(convertUnit(150, '10*9/L', '10*3/uL')).toBeCloseTo(150, 10);
    expect(convertUnit(850, 'ug/L', 'ng/mL')).toBeCloseTo(850, 10);
    expect(convertUnit(18, 'mg/dL', 'mg/L')).toBeCloseTo(180, 10);
    expect(convertUnit(0.6, 'mg/h', 'ug/min')).toBeCloseTo(10, 10);
    expect(convertUnit(0.1, '(ug)/(kg.min)', 'ug/kg/min')).toBeCloseTo(0.1, 10);
  });

  it('refuses what measures something else, or is no UCUM unit', () => {
    expect(convertUnit(1.5, '%', 'umol/L', 113.12)).toBeNull();
    expect(convertUnit(12, 'ug/min', 'ug/kg/min')).toBeNull();
    expect(convertUnit(1, 'furlongs', 'mL')).toBeNull();
    expect(convertUnit(50, 'mL/h', 'mL')).toBeNull();
  });
});

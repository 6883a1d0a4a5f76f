import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { assessSepsis3 } from './sepsis3.ts';

const shockReady = {
  infection: 'documented',
  sofa2Total: 8,
  baselineSofa2: 1,
  vasopressorsForMap65: true,
  lactateMmolL: 4.1,
  adequateFluids: true,
};

describe('Sepsis-3: infection and an acute SOFA-2 increase ≥ 2 (baseline 0 unless known)', () => {
  it.each([
    ['suspected', 2, true],
    ['documented', 2, true],
    ['suspected', 1, false],
    ['none', 12, false],
  ] as const)('infection %s, SOFA-2 %i over baseline 0 → sepsis %s', (infection, sofa2Total, sepsis) => {
    expect(assessSepsis3({ infection, sofa2Total, baselineSofa2: 0 })).toMatchObject({
      sepsis,
      sofaIncrease: sofa2Total,
    });
  });
  it('the increase is measured over the known baseline: 5 − 4 = 1 is not sepsis, 6 − 4 = 2 is', () => {
    expect(assessSepsis3({ infection: 'suspected', sofa2Total: 5, baselineSofa2: 4 })).toMatchObject({
      sepsis: false,
      sofaIncrease: 1,
    });
    expect(assessSepsis3({ infection: 'suspected', sofa2Total: 6, baselineSofa2: 4 }).sepsis).toBe(true);
  });
  it('a total below the baseline is a negative increase, not sepsis', () => {
    expect(assessSepsis3({ infection: 'suspected', sofa2Total: 2, baselineSofa2: 5 })).toMatchObject({
      sepsis: false,
      sofaIncrease: -3,
    });
  });
  it('no baseline: 0 assumed, and said so', () => {
    const result = assessSepsis3({ infection: 'suspected', sofa2Total: 2 });
    expect(result).toMatchObject({ sepsis: true, sofaIncrease: 2 });
    expect(result.notes.join('\n')).toMatch(/baselineSofa2 not given: 0 assumed/);
  });
  it('missing infection or SOFA-2: sepsis false, with a note naming the value to look up', () => {
    const noInfection = assessSepsis3({ sofa2Total: 6 });
    expect(noInfection.sepsis).toBe(false);
    expect(noInfection.notes).toContain('infection missing: needed to establish sepsis');
    const noSofa = assessSepsis3({ infection: 'suspected', sofa2Total: null });
    expect(noSofa).toMatchObject({ sepsis: false, sofaIncrease: null });
    expect(noSofa.notes).toContain('sofa2Total missing: needed to establish sepsis');
  });
  it('a missing value that cannot change the answer is not reported as needed', () => {
    const result = assessSepsis3({ infection: 'none' });
    expect(result.sepsis).toBe(false);
    expect(result.notes.join('\n')).not.toMatch(/sofa2Total missing/);
  });
});

describe('Septic shock: sepsis + vasopressors for MAP ≥ 65 + lactate > 2 mmol/L despite adequate fluids', () => {
  it('all four → septic shock', () => {
    const result = assessSepsis3(shockReady);
    expect(result).toMatchObject({ sepsis: true, septicShock: true, sofaIncrease: 7 });
    expect(result.notes).toContain('lactate 4.1 mmol/L > 2');
  });
  it.each([
    [2, false],
    [2.01, true],
  ])('lactate %d mmol/L → shock %s (strictly above 2)', (lactateMmolL, septicShock) => {
    expect(assessSepsis3({ ...shockReady, lactateMmolL }).septicShock).toBe(septicShock);
  });
  it.each([
    ['vasopressorsForMap65', false],
    ['adequateFluids', false],
    ['sofa2Total', 2],
    ['infection', 'none'],
  ] as const)('%s = %s → no septic shock', (field, value) => {
    expect(assessSepsis3({ ...shockReady, [field]: value }).septicShock).toBe(false);
  });
  it.each(['vasopressorsForMap65', 'lactateMmolL', 'adequateFluids'])(
    'missing %s in a septic patient: shock false with a note naming it',
    (field) => {
      const result = assessSepsis3({ ...shockReady, [field]: null });
      expect(result).toMatchObject({ sepsis: true, septicShock: false });
      expect(result.notes).toContain(`${field} missing: needed to assess septic shock`);
      expect(result.notes).toContain('septic shock: not established (missing values)');
    },
  );
  it('a missing lactate does not matter when no vasopressors are needed', () => {
    const result = assessSepsis3({ ...shockReady, vasopressorsForMap65: false, lactateMmolL: undefined });
    expect(result.septicShock).toBe(false);
    expect(result.notes.join('\n')).not.toMatch(/lactateMmolL missing/);
  });
  it('shock is never true without sepsis, whatever the other values', () => {
    const arb = fc.record({
      infection: fc.constantFrom('suspected', 'documented', 'none', null),
      sofa2Total: fc.option(fc.integer({ min: 0, max: 24 })),
      baselineSofa2: fc.option(fc.integer({ min: 0, max: 24 })),
      vasopressorsForMap65: fc.option(fc.boolean()),
      lactateMmolL: fc.option(fc.double({ min: 0, max: 20, noNaN: true })),
      adequateFluids: fc.option(fc.boolean()),
    });
    fc.assert(
      fc.property(arb, (raw) => {
        const result = assessSepsis3(raw);
        if (result.septicShock) expect(result.sepsis).toBe(true);
        expect(result.sepsis).toBe(
          raw.infection !== null && raw.infection !== 'none' && raw.sofa2Total !== null
            ? raw.sofa2Total - (raw.baselineSofa2 ?? 0) >= 2
            : false,
        );
      }),
    );
  });
});

describe('Sepsis-3 input', () => {
  it('rejects unknown fields and out-of-range values, naming the field', () => {
    expect(() => assessSepsis3({ ...shockReady, lactate: 3 })).toThrow(InputError);
    expect(() => assessSepsis3({ ...shockReady, sofa2Total: 25 })).toThrow(
      expect.objectContaining({ field: 'sofa2Total' }),
    );
    expect(() => assessSepsis3({ infection: 'probable' })).toThrow(expect.objectContaining({ field: 'infection' }));
  });
});

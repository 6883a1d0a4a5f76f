import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { hladr8000Rules, immunoSepRules, ruleSets } from '../protocol/immunotype-rules.ts';
import { classifyByRules, classifyRuleInput, parseRuleInput } from './rules.ts';

/** shared/docs/immunotypes.md §1, the ImmunoSep rule (ferritin > 4420 ng/mL; mHLA-DR < 5000 AB/C). */
const classify = (ferritinNgMl?: number | null, hladrAbc?: number | null) =>
  classifyByRules({ ferritinNgMl, hladrAbc });
const typeOf = (ferritinNgMl?: number | null, hladrAbc?: number | null) => classify(ferritinNgMl, hladrAbc).immunotype;

describe('the ImmunoSep rule set (PROVIDE, ImmunoSep)', () => {
  it('is version 1 with ferritin 4420 ng/mL and HLA-DR 5000 AB/C, and is the default of the rule sets', () => {
    expect(immunoSepRules).toMatchObject({
      name: 'ImmunoSep',
      version: '1',
      thresholds: { ferritinNgMl: 4420, hladrAbc: 5000 },
      units: { ferritin: 'ng/mL', hladr: 'AB/C' },
    });
    expect(ruleSets.ImmunoSep).toBe(immunoSepRules);
    expect(Object.keys(ruleSets)).toEqual(['ImmunoSep', 'HLA-DR-8000']);
    for (const [name, set] of Object.entries(ruleSets)) expect(set.name).toBe(name);
  });
});

describe('MALS: ferritin above 4420 ng/mL', () => {
  it('is MALS with HLA-DR normal, naming the value and the threshold', () => {
    expect(classify(5200, 12000)).toEqual({
      immunotype: 'MALS',
      ruleSet: 'ImmunoSep',
      version: '1',
      reason: 'ferritin 5200 ng/mL > 4420 ng/mL (HLA-DR 12000 AB/C ≥ 5000 AB/C).',
    });
  });

  it('wins when the immunoparalysis criterion holds as well', () => {
    const both = classify(9000, 2000);
    expect(both.immunotype).toBe('MALS');
    expect(both.reason).toBe('ferritin 9000 ng/mL > 4420 ng/mL; MALS wins over HLA-DR 2000 AB/C < 5000 AB/C.');
  });

  it('needs ferritin only: MALS with HLA-DR missing (absent or null), saying it is missing', () => {
    for (const hladr of [undefined, null]) {
      const result = classify(6000, hladr);
      expect(result.immunotype).toBe('MALS');
      expect(result.reason).toContain('ferritin 6000 ng/mL > 4420 ng/mL');
      expect(result.reason).toContain('HLA-DR (AB/C) is missing');
    }
  });

  it('starts strictly above the threshold: 4420 is not MALS, 4420.01 is', () => {
    expect(typeOf(4420, 12000)).toBe('intermediate');
    expect(typeOf(4420, 3000)).toBe('immunoparalysis');
    expect(typeOf(4420.01, 12000)).toBe('MALS');
  });
});

describe('immunoparalysis: HLA-DR below 5000 AB/C and ferritin at most 4420 ng/mL', () => {
  it('is immunoparalysis, naming both values and thresholds', () => {
    expect(classify(600, 2700)).toMatchObject({
      immunotype: 'immunoparalysis',
      reason: 'HLA-DR 2700 AB/C < 5000 AB/C and ferritin 600 ng/mL ≤ 4420 ng/mL.',
    });
  });

  it('starts strictly below the threshold: 5000 is not immunoparalysis, 4999.9 is', () => {
    expect(typeOf(600, 5000)).toBe('intermediate');
    expect(typeOf(600, 4999.9)).toBe('immunoparalysis');
  });

  it('takes zero as a measured value (below the limit of detection is reported as a number)', () => {
    expect(typeOf(0, 0)).toBe('immunoparalysis');
  });
});

describe('intermediate: both measured, neither criterion', () => {
  it('is intermediate, saying why', () => {
    expect(classify(600, 12000)).toMatchObject({
      immunotype: 'intermediate',
      reason: 'HLA-DR 12000 AB/C ≥ 5000 AB/C and ferritin 600 ng/mL ≤ 4420 ng/mL: neither MALS nor immunoparalysis.',
    });
  });
});

describe('unclassifiable: a value the decision needs is missing — never a guess', () => {
  it('ferritin missing: MALS cannot be ruled out, even with HLA-DR very low', () => {
    for (const ferritin of [undefined, null]) {
      const result = classify(ferritin, 1500);
      expect(result.immunotype).toBe('unclassifiable');
      expect(result.reason).toBe('ferritin is missing, so MALS cannot be ruled out (HLA-DR 1500 AB/C).');
    }
  });

  it('HLA-DR missing with ferritin at most 4420: immunoparalysis cannot be decided', () => {
    const result = classify(4420, null);
    expect(result.immunotype).toBe('unclassifiable');
    expect(result.reason).toBe('HLA-DR (AB/C) is missing: ferritin 4420 ng/mL ≤ 4420 ng/mL rules out MALS only.');
  });

  it('both missing: names both', () => {
    const result = classifyByRules({});
    expect(result).toMatchObject({ immunotype: 'unclassifiable', ruleSet: 'ImmunoSep', version: '1' });
    expect(result.reason).toBe('ferritin is missing and HLA-DR (AB/C) is missing.');
  });
});

describe('another rule set', () => {
  it('uses its own thresholds and names itself in the result', () => {
    expect(classifyByRules({ ferritinNgMl: 600, hladrAbc: 6000 }, hladr8000Rules)).toEqual({
      immunotype: 'immunoparalysis',
      ruleSet: 'HLA-DR-8000',
      version: '1',
      reason: 'HLA-DR 6000 AB/C < 8000 AB/C and ferritin 600 ng/mL ≤ 4420 ng/mL.',
    });
    expect(typeOf(600, 6000)).toBe('intermediate');
  });

  it('reads a custom rule set: the thresholds and units are data', () => {
    const custom = {
      ...immunoSepRules,
      name: 'strict',
      version: '2',
      thresholds: { ferritinNgMl: 3000, hladrAbc: 4000 },
    };
    expect(classifyByRules({ ferritinNgMl: 3500, hladrAbc: 9000 }, custom)).toMatchObject({
      immunotype: 'MALS',
      ruleSet: 'strict',
      version: '2',
      reason: 'ferritin 3500 ng/mL > 3000 ng/mL (HLA-DR 9000 AB/C ≥ 4000 AB/C).',
    });
  });
});

describe('input validation', () => {
  const refusal = (raw: unknown) => {
    try {
      parseRuleInput(raw);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return error as InputError;
    }
    throw new Error('expected an InputError');
  };

  it('accepts absent, null, zero and finite non-negative numbers', () => {
    expect(parseRuleInput({})).toEqual({});
    expect(parseRuleInput({ ferritinNgMl: null, hladrAbc: 0 })).toEqual({ ferritinNgMl: null, hladrAbc: 0 });
    expect(parseRuleInput({ ferritinNgMl: 4420.5 })).toEqual({ ferritinNgMl: 4420.5 });
  });

  it.each([
    ['a negative ferritin', { ferritinNgMl: -1 }, 'ferritinNgMl'],
    ['a negative HLA-DR', { ferritinNgMl: 600, hladrAbc: -0.5 }, 'hladrAbc'],
    ['a number as text', { hladrAbc: '3000' }, 'hladrAbc'],
    ['a boolean', { ferritinNgMl: true }, 'ferritinNgMl'],
    ['an unknown key (a misspelling is not "not measured")', { ferritin: 600 }, 'ferritin'],
  ])('refuses %s, naming the field', (_what, raw, field) => {
    const error = refusal(raw);
    expect(error.field).toBe(field);
    expect(error.code).toBe('invalid_input');
  });

  it('refuses what is not an object', () => {
    for (const raw of [null, 5, 'x', [1]]) expect(refusal(raw).field).toBe('input');
  });

  it('refuses NaN and Infinity passed in code, not only through JSON', () => {
    expect(() => classifyByRules({ ferritinNgMl: Number.NaN, hladrAbc: 3000 })).toThrow(InputError);
    expect(() => classifyByRules({ ferritinNgMl: 600, hladrAbc: Infinity })).toThrow(InputError);
  });

  it('classifyRuleInput validates, then classifies with the rule set given', () => {
    expect(classifyRuleInput({ ferritinNgMl: 600, hladrAbc: 7000 }, hladr8000Rules).immunotype).toBe('immunoparalysis');
    expect(() => classifyRuleInput({ ferritinNgMl: -3 })).toThrow(InputError);
  });
});

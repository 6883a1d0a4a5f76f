import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import type { SofaWindow } from './input.ts';
import { organs, type Organ } from './result.ts';
import { scoreSofa1, scoreSofa1Input } from './sofa1.ts';

const points = (raw: Record<string, unknown>, organ: Organ) => scoreSofa1Input(raw).components[organ];
const notes = (raw: Record<string, unknown>) => scoreSofa1Input(raw).notes.join('\n');

describe('SOFA-1 brain: GCS 15 → 0; 13–14 → 1; 10–12 → 2; 6–9 → 3; < 6 → 4', () => {
  // prettier-ignore
  const byGcs: [number, number][] = [[15, 0], [14, 1], [13, 1], [12, 2], [10, 2], [9, 3], [6, 3], [5, 4], [3, 4]];
  it.each(byGcs)('GCS %i → %i', (gcs, expected) => expect(points({ gcs }, 'brain')).toBe(expected));

  it('sedated: the GCS before sedation counts, the GCS under sedation does not', () => {
    expect(points({ gcs: 3, sedated: true, gcsBeforeSedation: 14 }, 'brain')).toBe(1);
  });
  it('sedated with the GCS before sedation unknown: 0 in the total, reported as missing (as in SOFA-2)', () => {
    const result = scoreSofa1Input({ gcs: 3, sedated: true, plateletsE3PerUl: 90 });
    expect(result.components.brain).toBeNull();
    expect(result.missing).toContain('brain');
    expect(result.total).toBe(2);
    expect(result.notes).toContain('brain: sedated, GCS before sedation unknown → 0 (reported as missing)');
  });
  it('a motor score alone and delirium treatment are SOFA-2 rules: not used', () => {
    expect(points({ gcsMotor: 3 }, 'brain')).toBeNull();
    expect(points({ gcs: 15, deliriumDrugTreatment: true }, 'brain')).toBe(0);
    expect(notes({ gcsMotor: 3 })).toMatch(/motor score alone is a SOFA-2 rule/);
  });
});

describe('SOFA-1 respiratory: PaO2/FiO2 < 400 → 1; < 300 → 2; < 200 → 3 and < 100 → 4 with support', () => {
  const supported = (ratio: number) => ({ pao2MmHg: ratio / 2, fio2: 0.5, advancedRespiratorySupport: true });
  // prettier-ignore
  const withSupport: [number, number][] = [[400, 0], [399, 1], [300, 1], [299, 2], [200, 2], [199, 3], [100, 3], [99, 4]];
  it.each(withSupport)('ratio %i with respiratory support → %i', (ratio, expected) => {
    expect(points(supported(ratio), 'respiratory')).toBe(expected);
  });
  // prettier-ignore
  const withoutSupport: [number, number][] = [[199, 2], [99, 2], [299, 2]];
  it.each(withoutSupport)('ratio %i without respiratory support → %i (3-4 need support)', (ratio, expected) => {
    expect(points({ pao2MmHg: ratio / 2, fio2: 0.5 }, 'respiratory')).toBe(expected);
  });
  it('says why it capped', () =>
    expect(notes({ pao2MmHg: 49, fio2: 0.5 })).toMatch(/capped at 2: no respiratory support/));
  it('VV-ECMO for lung failure counts as respiratory support; a SOFA-2 "ceiling of treatment" does not', () => {
    expect(points({ pao2MmHg: 49, fio2: 0.5, ecmo: 'respiratory' }, 'respiratory')).toBe(4);
    expect(points({ pao2MmHg: 49, fio2: 0.5, respiratorySupportUnavailable: true }, 'respiratory')).toBe(2);
  });
  it('room air and percent FiO2 land exactly on the bounds', () => {
    expect(points({ pao2MmHg: 84, fio2: 0.21 }, 'respiratory')).toBe(0); // 400
    expect(points({ pao2MmHg: 63, fio2: 21 }, 'respiratory')).toBe(1); // 300
    expect(points({ pao2MmHg: 21, fio2: 0.21, advancedRespiratorySupport: true }, 'respiratory')).toBe(3); // 100
  });
  it('PaO2 in kPa: 13.3 kPa = 99.75 mmHg, / 0.5 = 199.5 → 3 with support', () => {
    expect(points({ pao2KPa: 13.3, fio2: 0.5, advancedRespiratorySupport: true }, 'respiratory')).toBe(3);
  });
  it('needs PaO2 and FiO2; SpO2/FiO2 is a SOFA-2 rule', () => {
    expect(points({ pao2MmHg: 80 }, 'respiratory')).toBeNull();
    expect(points({ spo2Pct: 88, fio2: 0.6 }, 'respiratory')).toBeNull();
    expect(notes({ spo2Pct: 88, fio2: 0.6 })).toMatch(/SpO2\/FiO2 is a SOFA-2 rule/);
  });
});

describe('SOFA-1 cardiovascular', () => {
  it.each([
    [{ mapMmHg: 70 }, 0],
    [{ mapMmHg: 69.9 }, 1],
    [{ dopamineUgKgMin: 5, mapMmHg: 80 }, 2],
    [{ dopamineUgKgMin: 5.01 }, 3],
    [{ dopamineUgKgMin: 15 }, 3],
    [{ dopamineUgKgMin: 15.01 }, 4],
    [{ epinephrineUgKgMin: 0.01 }, 3],
    [{ epinephrineUgKgMin: 0.1 }, 3],
    [{ epinephrineUgKgMin: 0.11 }, 4],
    [{ norepinephrineUgKgMin: 0.01 }, 3],
    [{ norepinephrineUgKgMin: 0.1 }, 3],
    [{ norepinephrineUgKgMin: 0.11 }, 4],
    [{ otherVasoactive: true, mapMmHg: 75 }, 2],
    [{ dopamineUgKgMin: 0, norepinephrineUgKgMin: 0, mapMmHg: 80 }, 0],
    [{ mapMmHg: 55, dopamineUgKgMin: 3, norepinephrineUgKgMin: 0.2 }, 4],
  ])('%j → %i', (raw, expected) => expect(points(raw, 'cardiovascular')).toBe(expected));

  it('norepinephrine charted as bitartrate monohydrate: 0.2 salt = 0.1 base → 3, not 4', () => {
    expect(points({ norepinephrineUgKgMin: 0.2, norepinephrineSalt: 'bitartrate_monohydrate' }, 'cardiovascular')).toBe(
      3,
    );
  });
  it('a dose of 0 means "not running": without a MAP the organ is missing, as in SOFA-2', () => {
    expect(points({ norepinephrineUgKgMin: 0 }, 'cardiovascular')).toBeNull();
    expect(notes({ norepinephrineUgKgMin: 0 })).toMatch(/no MAP and no vasoactive running/);
    expect(points({}, 'cardiovascular')).toBeNull();
  });
  it('mechanical circulatory support and "vasoactives unavailable" are SOFA-2 rules: not used', () => {
    const raw = { mapMmHg: 45, mechanicalCirculatorySupport: true, ecmo: 'cardiac', vasoactivesUnavailable: true };
    expect(points(raw, 'cardiovascular')).toBe(1);
    expect(notes(raw)).toMatch(/mechanical circulatory support is a SOFA-2 rule/);
  });
});

describe('SOFA-1 liver: bilirubin 1.2–1.9 → 1; 2.0–5.9 → 2; 6.0–11.9 → 3; ≥ 12 → 4 (mg/dL)', () => {
  // prettier-ignore
  const byMgDl: [number, number][] = [[1.19, 0], [1.2, 1], [1.9, 1], [1.99, 1], [2, 2], [5.9, 2], [5.99, 2], [6, 3], [11.9, 3], [12, 4]];
  it.each(byMgDl)('%d mg/dL → %i', (bilirubinMgDl, expected) =>
    expect(points({ bilirubinMgDl }, 'liver')).toBe(expected),
  );
  // prettier-ignore
  const byUmolL: [number, number][] = [[20.5, 0], [20.6, 1], [102.6, 3], [205.2, 4]];
  it.each(byUmolL)('%d µmol/L → %i (exact conversions land on the bound)', (bilirubinUmolL, expected) => {
    expect(points({ bilirubinUmolL }, 'liver')).toBe(expected);
  });
});

describe('SOFA-1 renal: creatinine 1.2–1.9 → 1; 2.0–3.4 → 2; 3.5–4.9 → 3; ≥ 5 → 4; urine < 500/< 200 mL/day', () => {
  // prettier-ignore
  const byCreatinine: [number, number][] = [[1.19, 0], [1.2, 1], [1.99, 1], [2, 2], [3.49, 2], [3.5, 3], [4.99, 3], [5, 4]];
  it.each(byCreatinine)('creatinine %d mg/dL → %i', (creatinineMgDl, expected) => {
    expect(points({ creatinineMgDl }, 'kidney')).toBe(expected);
  });
  it('creatinine 309.4 µmol/L is exactly 3.5 mg/dL → 3; 442 µmol/L = 5.0 → 4', () => {
    expect(points({ creatinineUmolL: 309.4 }, 'kidney')).toBe(3);
    expect(points({ creatinineUmolL: 442 }, 'kidney')).toBe(4);
  });
  it('anuria over the whole 24-hour window is 0 mL/day (< 200) → 4, whatever the creatinine', () => {
    expect(points({ creatinineMgDl: 1, urineOutputMlKgH: 0, urineOutputHours: 24 }, 'kidney')).toBe(4);
  });
  it('anuria for 23 h, or any output in mL/kg/h: not convertible to mL/day without weight, creatinine decides', () => {
    expect(points({ creatinineMgDl: 2.2, urineOutputMlKgH: 0, urineOutputHours: 23 }, 'kidney')).toBe(2);
    expect(points({ creatinineMgDl: 1, urineOutputMlKgH: 0.1, urineOutputHours: 24 }, 'kidney')).toBe(0);
    expect(notes({ urineOutputMlKgH: 0.1, urineOutputHours: 24 })).toMatch(/without body weight: not scored/);
    expect(points({ urineOutputMlKgH: 0.1, urineOutputHours: 24 }, 'kidney')).toBeNull();
  });
  it('RRT is not part of SOFA-1: noted, not scored', () => {
    expect(points({ creatinineMgDl: 1, rrt: true }, 'kidney')).toBe(0);
    expect(notes({ creatinineMgDl: 1, rrt: true })).toMatch(/RRT is not part of SOFA-1/);
  });
});

describe('SOFA-1 coagulation: platelets < 150 → 1; < 100 → 2; < 50 → 3; < 20 → 4 (×10³/µL)', () => {
  // prettier-ignore
  const byPlatelets: [number, number][] = [[150, 0], [149, 1], [100, 1], [99, 2], [50, 2], [49, 3], [20, 3], [19, 4]];
  it.each(byPlatelets)('%i → %i', (plateletsE3PerUl, expected) =>
    expect(points({ plateletsE3PerUl }, 'hemostasis')).toBe(expected),
  );
});

describe('SOFA-1 whole patients, worked by hand', () => {
  it('ventilated septic patient: 1 + 3 + 3 + 2 + 1 + 2 = 12', () => {
    const result = scoreSofa1Input({
      gcs: 13, // 13–14 → 1
      pao2MmHg: 80,
      fio2: 0.5,
      advancedRespiratorySupport: true, // 160 < 200 with support → 3
      mapMmHg: 65,
      norepinephrineUgKgMin: 0.08, // norepinephrine ≤ 0.1 → 3
      bilirubinMgDl: 2.5, // 2.0–5.9 → 2
      creatinineMgDl: 1.5, // 1.2–1.9 → 1
      plateletsE3PerUl: 90, // < 100 → 2
    });
    expect(result).toMatchObject({ version: 'sofa1', total: 12, missing: [] });
    expect(result.components).toEqual({
      brain: 1,
      respiratory: 3,
      cardiovascular: 3,
      liver: 2,
      kidney: 1,
      hemostasis: 2,
    });
  });
  it('first window with two labs only: missing organs count 0 and are listed', () => {
    const result = scoreSofa1Input({ plateletsE3PerUl: 140, creatinineMgDl: 2.1 });
    expect(result.total).toBe(3);
    expect(result.missing).toEqual(['brain', 'respiratory', 'cardiovascular', 'liver']);
  });
  it('SOFA-2-only support (VA-ECMO, RRT, delirium drugs) leaves SOFA-1 at 0', () => {
    const raw = {
      gcs: 15,
      deliriumDrugTreatment: true,
      mapMmHg: 72,
      mechanicalCirculatorySupport: true,
      ecmo: 'cardiac',
    };
    expect(scoreSofa1Input({ ...raw, creatinineMgDl: 1, rrt: true }).total).toBe(0);
  });
  it('rejects invalid input naming the field', () => {
    expect(() => scoreSofa1Input({ gcs: 17 })).toThrow(InputError);
    expect(() => scoreSofa1Input({ platelets: 100 })).toThrow(/platelets/);
  });
});

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const windowArb: fc.Arbitrary<SofaWindow> = fc.record({
  gcs: opt(fc.integer({ min: 3, max: 15 })),
  gcsMotor: opt(fc.integer({ min: 1, max: 6 })),
  sedated: fc.boolean(),
  gcsBeforeSedation: opt(fc.integer({ min: 3, max: 15 })),
  deliriumDrugTreatment: fc.boolean(),
  pao2MmHg: opt(num(1, 700)),
  fio2: opt(num(0.21, 1)),
  spo2Pct: opt(num(50, 100)),
  advancedRespiratorySupport: fc.boolean(),
  respiratorySupportUnavailable: fc.boolean(),
  ecmo: fc.constantFrom('none', 'respiratory', 'cardiac'),
  mapMmHg: opt(num(20, 150)),
  norepinephrineUgKgMin: opt(fc.oneof(fc.constant(0), num(0, 2))),
  epinephrineUgKgMin: opt(fc.oneof(fc.constant(0), num(0, 2))),
  dopamineUgKgMin: opt(fc.oneof(fc.constant(0), num(0, 30))),
  otherVasoactive: fc.boolean(),
  mechanicalCirculatorySupport: fc.boolean(),
  vasoactivesUnavailable: fc.boolean(),
  bilirubinMgDl: opt(num(0, 30)),
  creatinineMgDl: opt(num(0, 12)),
  urineOutputMlKgH: opt(fc.oneof(fc.constant(0), num(0, 3))),
  urineOutputHours: opt(num(0, 48)),
  rrt: fc.boolean(),
  plateletsE3PerUl: opt(num(0, 600)),
});

/** A window that is worse in every respect (or equal): lower GCS, PaO2, MAP, platelets, urine; more of the rest. */
const worsened = (w: SofaWindow): fc.Arbitrary<SofaWindow> =>
  fc
    .record({ drop: fc.integer({ min: 0, max: 12 }), factor: num(0, 1), up: num(0, 5), flag: fc.boolean() })
    .map(({ drop, factor, up, flag }) => {
      const lower = (v?: number) => (v === undefined ? undefined : v * factor);
      const higher = (v?: number) => (v === undefined ? undefined : v + up);
      const gcs = (v?: number) => (v === undefined ? undefined : Math.max(3, v - drop));
      return {
        ...w,
        gcs: gcs(w.gcs),
        gcsBeforeSedation: gcs(w.gcsBeforeSedation),
        pao2MmHg: lower(w.pao2MmHg),
        fio2: w.fio2 === undefined ? undefined : Math.min(1, w.fio2 + up / 10),
        advancedRespiratorySupport: w.advancedRespiratorySupport || flag,
        mapMmHg: lower(w.mapMmHg),
        norepinephrineUgKgMin: higher(w.norepinephrineUgKgMin),
        epinephrineUgKgMin: higher(w.epinephrineUgKgMin),
        dopamineUgKgMin: higher(w.dopamineUgKgMin),
        otherVasoactive: w.otherVasoactive || flag,
        bilirubinMgDl: higher(w.bilirubinMgDl),
        creatinineMgDl: higher(w.creatinineMgDl),
        urineOutputMlKgH: lower(w.urineOutputMlKgH),
        urineOutputHours: higher(w.urineOutputHours),
        plateletsE3PerUl: lower(w.plateletsE3PerUl),
      };
    });

describe('SOFA-1 properties', () => {
  it('the total is the sum of the components (missing = 0), each 0..4, and missing lists the nulls', () => {
    fc.assert(
      fc.property(windowArb, (window) => {
        const result = scoreSofa1(window);
        const values = organs.map((organ) => result.components[organ]);
        expect(result.total).toBe(values.reduce<number>((sum, v) => sum + (v ?? 0), 0));
        for (const v of values) if (v !== null) expect(v >= 0 && v <= 4 && Number.isInteger(v)).toBe(true);
        expect(result.missing).toEqual(organs.filter((organ) => result.components[organ] === null));
      }),
    );
  });
  it('a worse value never lowers any component or the total', () => {
    const pair = windowArb.chain((base) => worsened(base).map((worse) => ({ base, worse })));
    fc.assert(
      fc.property(pair, ({ base, worse }) => {
        const [before, after] = [scoreSofa1(base), scoreSofa1(worse)];
        for (const organ of organs) {
          expect(after.components[organ] ?? 0).toBeGreaterThanOrEqual(before.components[organ] ?? 0);
        }
        expect(after.total).toBeGreaterThanOrEqual(before.total);
      }),
    );
  });
});

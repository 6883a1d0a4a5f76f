import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SofaWindow } from './input.ts';
import { organs, type SofaResult } from './result.ts';
import { scoreSofa2, scoreSofa2Input } from './sofa2.ts';

describe('SOFA-2 whole-patient examples, worked by hand', () => {
  it('ventilated septic shock on vasopressin, site units (kPa, FiO2 %, µmol/L, NE salt): 13', () => {
    // brain: sedated, last GCS before sedation 13 → 1
    // respiratory: 9 kPa × 7.5 = 67.5 mmHg; 45 % = 0.45; 67.5 / 0.45 = 150 → 3 (ventilated, so not capped)
    // cardiovascular: 0.5 bitartrate monohydrate / 2 = 0.25 base; 0.2 < 0.25 ≤ 0.4 plus vasopressin → 4
    // liver: 34.2 / 17.1 = 2.0 mg/dL → 1
    // kidney: creatinine 2.4 → 2; urine 0.4 for 8 h → 1; highest → 2
    // hemostasis: 95 → 2
    // total 1 + 3 + 4 + 1 + 2 + 2 = 13
    const result = scoreSofa2Input({
      sedated: true,
      gcsBeforeSedation: 13,
      pao2KPa: 9,
      fio2: 45,
      advancedRespiratorySupport: true,
      mapMmHg: 62,
      norepinephrineUgKgMin: 0.5,
      norepinephrineSalt: 'bitartrate_monohydrate',
      otherVasoactive: true,
      bilirubinUmolL: 34.2,
      creatinineMgDl: 2.4,
      urineOutputMlKgH: 0.4,
      urineOutputHours: 8,
      plateletsE3PerUl: 95,
    });
    expect(result).toMatchObject({
      version: 'sofa2',
      total: 13,
      components: { brain: 1, respiratory: 3, cardiovascular: 4, liver: 1, kidney: 2, hemostasis: 2 },
      missing: [],
    });
    expect(result.notes).toEqual([
      'PaO2 9 kPa converted to 67.5 mmHg',
      'FiO2 45 % converted to 0.45',
      'bilirubin 34.2 µmol/L converted to 2 mg/dL',
      'norepinephrine converted from bitartrate monohydrate: 0.5 → 0.25 µg/kg/min base',
      'brain: sedated: last GCS before sedation 13 → 1',
      'respiratory: P/F 150 mmHg → 3',
      'cardiovascular: NE+E 0.25 µg/kg/min with another agent → 4',
      'liver: bilirubin 2 mg/dL → 1',
      'kidney: creatinine 2.4 mg/dL → 2',
      'kidney: urine 0.4 mL/kg/h for 8 h → 1',
      'hemostasis: platelets 95 ×10³/µL → 2',
    ]);
  });

  it('ward pneumonia without a blood gas and without bilirubin: 5, liver missing', () => {
    // brain: GCS 14 → 1
    // respiratory: no PaO2, SpO2 92 % < 98 % → S/F = 92 / 0.4 = 230; 200 < 230 ≤ 250 → 2
    // cardiovascular: MAP 68 < 70, no vasoactive → 1
    // liver: not measured → missing, counts 0
    // kidney: creatinine 1.3 → 1
    // hemostasis: 160 > 150 → 0
    // total 1 + 2 + 1 + 0 + 1 + 0 = 5
    const result = scoreSofa2Input({
      gcs: 14,
      spo2Pct: 92,
      fio2: 0.4,
      mapMmHg: 68,
      creatinineMgDl: 1.3,
      plateletsE3PerUl: 160,
    });
    expect(result).toMatchObject({
      total: 5,
      components: { brain: 1, respiratory: 2, cardiovascular: 1, liver: null, kidney: 1, hemostasis: 0 },
      missing: ['liver'],
    });
    expect(result.notes).toContain('respiratory: SpO2/FiO2 used: no PaO2');
  });

  it('delirium, hypoxaemia without advanced support, dopamine alone, RRT criteria: 17', () => {
    // brain: GCS 15 → 0, but haloperidol for delirium → at least 1
    // respiratory: 60 / 0.6 = 100 → 3, no advanced support → capped at 2
    // cardiovascular: dopamine 12 as the only agent (≤ 20) → 2
    // liver: bilirubin 13 > 12 → 4
    // kidney: creatinine 1.1 → 0; urine 0.2 for 8 h (< 0.5 for 6–12 h) → 1;
    //         RRT criteria: urine < 0.3 for > 6 h and potassium 6.3 ≥ 6.0 → 4
    // hemostasis: 45 ≤ 50 → 4
    // total 1 + 2 + 2 + 4 + 4 + 4 = 17
    const result = scoreSofa2Input({
      gcs: 15,
      deliriumDrugTreatment: true,
      pao2MmHg: 60,
      fio2: 0.6,
      dopamineUgKgMin: 12,
      mapMmHg: 72,
      bilirubinMgDl: 13,
      creatinineMgDl: 1.1,
      urineOutputMlKgH: 0.2,
      urineOutputHours: 8,
      potassiumMmolL: 6.3,
      plateletsE3PerUl: 45,
    });
    expect(result).toMatchObject({
      total: 17,
      components: { brain: 1, respiratory: 2, cardiovascular: 2, liver: 4, kidney: 4, hemostasis: 4 },
    });
    expect(result.notes).toContain('respiratory: respiratory capped at 2: no advanced support');
    expect(result.notes).toContain('kidney: RRT criteria met (urine < 0.3 mL/kg/h for > 6 h; potassium 6.3 ≥ 6) → 4');
  });

  it('VV-ECMO and chronic RRT, motor response only: 12', () => {
    // brain: motor 5 (localizes) → 1
    // respiratory: ECMO for respiratory failure → 4 (the P/F of 55 does not matter)
    // cardiovascular: VV-ECMO is not scored here; MAP 75, no vasoactive → 0
    // liver: 0.8 → 0
    // kidney: RRT → 4
    // hemostasis: 70 (50 < 70 ≤ 80) → 3
    // total 1 + 4 + 0 + 0 + 4 + 3 = 12
    const result = scoreSofa2Input({
      gcsMotor: 5,
      ecmo: 'respiratory',
      pao2MmHg: 55,
      fio2: 1,
      advancedRespiratorySupport: true,
      mapMmHg: 75,
      bilirubinMgDl: 0.8,
      rrt: true,
      plateletsE3PerUl: 70,
    });
    expect(result).toMatchObject({
      total: 12,
      components: { brain: 1, respiratory: 4, cardiovascular: 0, liver: 0, kidney: 4, hemostasis: 3 },
    });
  });

  it('scores an empty window 0 with every organ missing', () => {
    expect(scoreSofa2Input({})).toEqual({
      version: 'sofa2',
      total: 0,
      components: { brain: null, respiratory: null, cardiovascular: null, liver: null, kidney: null, hemostasis: null },
      missing: [...organs],
      notes: [],
    });
  });

  it.each([
    [{ gcs: 17 }, 'gcs'],
    [{ fio2: 0.1 }, 'fio2'],
    [{ norepinephrineUgKgMin: -0.1 }, 'norepinephrineUgKgMin'],
    [{ platelets: 100 }, 'platelets'],
  ])('rejects %j with an error naming the field %s', (raw, field) => {
    expect(() => scoreSofa2Input(raw)).toThrow(expect.objectContaining({ name: 'InputError', field }));
  });
});

/**
 * Arbitrary valid windows in canonical units. Per numeric field: the generated range, which way is worse, and
 * the paper's limits (values land on a limit or 0.01 either side often, so boundaries are exercised).
 */
type Spec = { min: number; max: number; worse: 'lower' | 'higher'; limits: number[]; integer?: boolean };
const numeric: Partial<Record<keyof SofaWindow, Spec>> = {
  gcs: { min: 3, max: 15, worse: 'lower', limits: [], integer: true },
  gcsMotor: { min: 1, max: 6, worse: 'lower', limits: [], integer: true },
  gcsBeforeSedation: { min: 3, max: 15, worse: 'lower', limits: [], integer: true },
  pao2MmHg: { min: 20, max: 600, worse: 'lower', limits: [60, 75, 150, 225, 300] },
  fio2: { min: 0.21, max: 1, worse: 'higher', limits: [0.3, 0.5, 1] },
  spo2Pct: { min: 50, max: 100, worse: 'lower', limits: [90, 98] },
  mapMmHg: { min: 20, max: 150, worse: 'lower', limits: [40, 50, 60, 70] },
  norepinephrineUgKgMin: { min: 0, max: 2, worse: 'higher', limits: [0, 0.1, 0.2, 0.4] },
  epinephrineUgKgMin: { min: 0, max: 2, worse: 'higher', limits: [0, 0.1, 0.2] },
  dopamineUgKgMin: { min: 0, max: 60, worse: 'higher', limits: [0, 20, 40] },
  bilirubinMgDl: { min: 0, max: 30, worse: 'higher', limits: [1.2, 3, 6, 12] },
  creatinineMgDl: { min: 0, max: 10, worse: 'higher', limits: [1.2, 2, 3.5] },
  urineOutputMlKgH: { min: 0, max: 3, worse: 'lower', limits: [0, 0.3, 0.5] },
  urineOutputHours: { min: 0, max: 72, worse: 'higher', limits: [6, 12, 24] },
  potassiumMmolL: { min: 2, max: 9, worse: 'higher', limits: [6] },
  ph: { min: 6.8, max: 7.6, worse: 'lower', limits: [7.2] },
  bicarbonateMmolL: { min: 2, max: 40, worse: 'lower', limits: [12] },
  plateletsE3PerUl: { min: 0, max: 500, worse: 'lower', limits: [50, 80, 100, 150] },
};
/** Flags that can only make things worse (sedation is not one: it replaces the GCS). */
const worseningFlags = [
  'deliriumDrugTreatment',
  'advancedRespiratorySupport',
  'respiratorySupportUnavailable',
  'otherVasoactive',
  'mechanicalCirculatorySupport',
  'vasoactivesUnavailable',
  'rrt',
] as const;

const value = ({ min, max, limits, integer }: Spec) =>
  integer
    ? fc.integer({ min, max })
    : fc.oneof(
        fc.double({ min, max, noNaN: true }),
        fc.constantFrom(...limits.flatMap((l) => [l - 0.01, l, l + 0.01]).filter((v) => v >= min && v <= max)),
      );
const windows = fc.record({
  ...Object.fromEntries(
    Object.entries(numeric).map(([field, spec]) => [field, fc.option(value(spec), { nil: undefined })]),
  ),
  ...Object.fromEntries([...worseningFlags, 'sedated'].map((flag) => [flag, fc.boolean()])),
  ecmo: fc.constantFrom('none', 'none', 'respiratory', 'cardiac'),
}) as unknown as fc.Arbitrary<SofaWindow>;

describe('SOFA-2 over arbitrary valid windows (property tests)', () => {
  it('keeps every component in 0..4 or null, the total their sum (missing as 0), and explains each scored organ', () => {
    fc.assert(
      fc.property(windows, (window) => {
        const result = scoreSofa2(window);
        for (const organ of organs) {
          const points = result.components[organ];
          expect(points === null || (Number.isInteger(points) && points >= 0 && points <= 4)).toBe(true);
          if (points !== null) expect(result.notes.some((note) => note.startsWith(`${organ}: `))).toBe(true);
        }
        expect(result.total).toBe(organs.reduce((sum, organ) => sum + (result.components[organ] ?? 0), 0));
        expect(result.missing).toEqual(organs.filter((organ) => result.components[organ] === null));
      }),
      { numRuns: 1000 },
    );
  });

  it('scores raw input exactly as the normalized window (the CLI and the API agree)', () => {
    fc.assert(
      fc.property(windows, (window) => {
        expect(scoreSofa2Input(window)).toEqual(scoreSofa2(window));
      }),
    );
  });
});

/** Moves one value a fraction t of the way to its worst end, or sets one worsening flag, or starts ECMO. */
function worsen(w: SofaWindow, change: string, t: number): SofaWindow {
  if (change === 'ecmo') return w.ecmo === 'none' ? { ...w, ecmo: t < 0.5 ? 'respiratory' : 'cardiac' } : w;
  const spec = numeric[change as keyof SofaWindow];
  if (spec === undefined) return { ...w, [change]: true };
  // An absent dose is no infusion (0); any other absent value stays unmeasured.
  const before = (w[change as keyof SofaWindow] as number | undefined) ?? (change.endsWith('UgKgMin') ? 0 : undefined);
  if (before === undefined) return w;
  const after = before + t * ((spec.worse === 'lower' ? spec.min : spec.max) - before);
  return { ...w, [change]: spec.integer ? Math.round(after) : after };
}

const pointsOf = (result: SofaResult) => organs.map((organ) => result.components[organ] ?? 0);

describe('SOFA-2 is monotonic: making one value worse never lowers any organ or the total', () => {
  const changes = [
    ...Object.entries(numeric).map(([field, spec]) => [`${spec.worse} ${field}`, field]),
    ...worseningFlags.map((flag) => [`${flag} added`, flag]),
    ['ECMO started', 'ecmo'],
  ];
  it.each(changes)('%s', (_name, change) => {
    fc.assert(
      fc.property(windows, fc.double({ min: 0, max: 1, noNaN: true }), (window, t) => {
        const before = scoreSofa2(window);
        const after = scoreSofa2(worsen(window, change, t));
        expect(after.total).toBeGreaterThanOrEqual(before.total);
        pointsOf(after).forEach((points, i) => expect(points).toBeGreaterThanOrEqual(pointsOf(before)[i]!));
      }),
      { numRuns: 1000 },
    );
  });
});

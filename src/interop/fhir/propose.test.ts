import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { protocolV1 } from '../../protocol/nct07273344/protocol.ts';
import type { FhirProposals, SlotProposal } from './model.ts';
import { proposeFromBundle, type ProposeInput } from './propose.ts';
import type { TimelineVisit } from './visits.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/fhir/icu-stay.json', import.meta.url), 'utf8'),
) as {
  entry: { resource: Record<string, unknown> }[];
};

const admission = '2026-03-01T21:00:00.000Z';
const timeline: TimelineVisit[] = [
  // D0 done at 06:30 local: the labs drawn at 06:00 are nearest.
  {
    visit: 'D0',
    precision: 'instant',
    applicable: true,
    target: '2026-03-02T22:00:00+01:00',
    occurredAt: '2026-03-02T06:30:00+01:00',
    missed: false,
  },
  { visit: 'D3', precision: 'date', applicable: true, target: '2026-03-05', occurredAt: null, missed: false },
  { visit: 'DIS', precision: 'date', applicable: true, target: null, occurredAt: null, missed: false },
];

function propose(bundle: unknown, extra: Partial<ProposeInput> = {}): FhirProposals {
  return proposeFromBundle({
    bundle,
    protocol: protocolV1,
    mapping: protocolV1.fhirMapping!,
    admission,
    timeZone: 'Europe/Amsterdam',
    visits: timeline,
    ...extra,
  });
}

const values = (slot: SlotProposal | undefined) =>
  Object.fromEntries((slot?.items ?? []).map((i) => [i.item, i.value]));
const sourcesOf = (slot: SlotProposal | undefined, item: string) =>
  slot?.items.find((i) => i.item === item)?.sources.map((s) => s.id);

/** A bundle of the given resources around a minimal ICU encounter. */
function bundleOf(...resources: Record<string, unknown>[]) {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'Encounter',
          id: 'icu',
          status: 'finished',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'ICU' },
          period: { start: admission, end: '2026-03-05T21:00:00Z' },
        },
      },
      ...resources.map((resource) => ({ resource })),
    ],
  };
}
let ids = 0;
const observation = (code: string, time: string | null, value: number, unit?: string) => ({
  resourceType: 'Observation',
  id: `o${++ids}`,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code }] },
  ...(time === null ? {} : { effectiveDateTime: time }),
  valueQuantity: { value, ...(unit === undefined ? {} : { unit, system: 'http://unitsofmeasure.org', code: unit }) },
});
const infusion = (
  atc: string,
  start: string,
  end: string | null,
  rate?: [number, string],
  extra: Record<string, unknown> = {},
) => ({
  resourceType: 'MedicationAdministration',
  id: `m${++ids}`,
  status: 'completed',
  subject: { reference: 'Patient/p' },
  medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: atc }] },
  effectivePeriod: { start, ...(end === null ? {} : { end }) },
  ...(rate === undefined
    ? {}
    : { dosage: { rateQuantity: { value: rate[0], system: 'http://unitsofmeasure.org', code: rate[1] } } }),
  ...extra,
});
const procedure = (code: string, start: string, end?: string) => ({
  resourceType: 'Procedure',
  id: `p${++ids}`,
  status: 'completed',
  subject: { reference: 'Patient/p' },
  code: { coding: [{ system: 'http://snomed.info/sct', code }] },
  performedPeriod: { start, ...(end === undefined ? {} : { end }) },
});

describe('proposals from a realistic three-day ICU stay', () => {
  const result = propose(fixture);
  const day = (n: number) => result.days.find((d) => d.icuDay === n);

  it('reads the stay from the ICU encounter (not the emergency department) and counts days from the admission', () => {
    expect(result.encounter).toEqual({ id: 'icu-stay', start: admission, end: '2026-03-04T15:00:00.000Z' });
    expect(result.days.map((d) => [d.slot, d.start, d.end])).toEqual([
      ['day-1', '2026-03-01T21:00:00.000Z', '2026-03-02T21:00:00.000Z'],
      ['day-2', '2026-03-02T21:00:00.000Z', '2026-03-03T21:00:00.000Z'],
      ['day-3', '2026-03-03T21:00:00.000Z', '2026-03-04T15:00:00.000Z'],
    ]);
    // The day's date is the local date its 24 hours start on (admission at 22:00 in Amsterdam).
    expect(values(day(1))).toMatchObject({ icu_day: 1, day_date: '2026-03-01' });
  });

  it('takes the worst value of each day, converted to the item’s unit', () => {
    expect(values(day(1))).toMatchObject({
      gcs: 10, // lowest (13 charted without a unit, 10 as {score})
      map_mmhg: 58, // lowest
      bilirubin: 43, // highest: 35 µmol/L and 2.5 mg/dL (= 42.8 µmol/L)
      creatinine: 168, // 1.9 mg/dL
      platelets: 95,
    });
    expect(sourcesOf(day(1), 'bilirubin')).toEqual(['bili-d1b']);
    expect(values(day(2))).toMatchObject({ gcs: 11, map_mmhg: 66, bilirubin: 53, creatinine: 250, platelets: 70 });
    expect(values(day(3))).toMatchObject({ gcs: 14, map_mmhg: 72, platelets: 82 });
  });

  it('pairs the PaO2 of the lowest PaO2/FiO2 with the FiO2 charted last before it, and uses SpO2 only without PaO2', () => {
    // 9.6 kPa = 72 mmHg at FiO2 60 % (ratio 120) is worse than 85 mmHg at 40 % (212).
    expect(values(day(1))).toMatchObject({ pao2: 72, fio2: 0.6 });
    expect(values(day(1)).spo2).toBeUndefined();
    expect(sourcesOf(day(1), 'fio2')).toEqual(['fio2-d1a']);
    expect(values(day(2))).toMatchObject({ pao2: 80, fio2: 0.45 });
    expect(values(day(3))).toMatchObject({ spo2: 95, fio2: 0.3 });
    expect(values(day(3)).pao2).toBeUndefined();
  });

  it('gives the highest norepinephrine rate per day, per kg with the charted weight when given in µg/min', () => {
    expect(values(day(1))).toMatchObject({
      vasoactive_infusion: true,
      norepinephrine_dose: 0.32,
      norepinephrine_salt: 'base',
      epinephrine_dose: 0,
      dopamine_dose: 0,
      other_vasoactive: false,
    });
    // 12 µg/min at 80 kg = 0.15 µg/kg/min; vasopressin is another vasoactive.
    expect(values(day(2))).toMatchObject({ norepinephrine_dose: 0.15, other_vasoactive: true });
    expect(sourcesOf(day(2), 'norepinephrine_dose')).toEqual(['ne-3']);
    expect(day(1)!.items.find((i) => i.item === 'norepinephrine_salt')!.check).toMatch(/salt/);
    expect(values(day(3)).vasoactive_infusion).toBeUndefined();
  });

  it('sums urine output over the day per kg and hour, and sets procedures on each day they run', () => {
    // 120 + 480 mL over 24 h at 80 kg.
    expect(values(day(1))).toMatchObject({ urine_output: 0.31, urine_output_hours: 24 });
    expect(values(day(2))).toMatchObject({ urine_output: 0.1 });
    expect(values(day(1)).advanced_respiratory_support).toBe(true);
    expect(values(day(2)).advanced_respiratory_support).toBe(true);
    expect(values(day(3)).advanced_respiratory_support).toBeUndefined();
    // CRRT still running at the end of the export: it counts until the end of the stay.
    expect([values(day(1)).rrt, values(day(2)).rrt, values(day(3)).rrt]).toEqual([undefined, true, true]);
  });

  it('proposes the labs nearest each visit: the recorded D0, and D3 at noon of its target date', () => {
    const d0 = result.visits.find((v) => v.visit === 'D0');
    expect(values(d0)).toEqual({
      labs_drawn_at: '2026-03-02T05:00:00.000Z',
      leukocytes: 14.2,
      lab_platelets: 95,
      crp: 180, // 18 mg/dL
      procalcitonin: 12.5,
      lab_creatinine: 168,
      lab_bilirubin: 35,
      lactate: 3.4,
    });
    const d3 = result.visits.find((v) => v.visit === 'D3');
    expect(d3!.start).toBe('2026-03-05T11:00:00.000Z');
    expect(values(d3)).toEqual({
      labs_drawn_at: '2026-03-05T06:00:00.000Z',
      leukocytes: 9.1, // 10*9/L
      crp: 95,
      ferritin: 850, // ug/L
      lab_creatinine: 140,
    });
    // DIS has no date yet: nothing proposed.
    expect(result.visits.map((v) => v.visit)).toEqual(['D0', 'D3']);
  });

  it('lists what it could not use: unknown code, wrong unit, missing time, a value out of range, a duplicate, outside the stay', () => {
    const found = result.findings.map((f) => [f.kind, f.source?.id]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['unknown_code', 'heart-rate'],
        ['unit', 'crea-wrong-unit'],
        ['missing_time', 'plt-no-time'],
        ['out_of_range', 'map-d3-typo'],
        ['duplicate', 'gcs-d3-again'],
        ['outside_stay', 'map-ward'],
      ]),
    );
    expect(found).toHaveLength(6);
    expect(result.findings.find((f) => f.kind === 'unit')!.params).toMatchObject({ unit: '%', to: 'umol/L' });
    expect(result.counts).toMatchObject({ entries: 53, unread: { Patient: 1 } });
  });
});

describe('the rules, one at a time', () => {
  const at = (hoursAfterAdmission: number) =>
    new Date(Date.parse(admission) + hoursAfterAdmission * 3_600_000).toISOString();

  it('day n is the n-th 24 hours from admission; before admission is outside the stay', () => {
    const result = propose(
      bundleOf(
        observation('777-3', at(0), 100, '10*3/uL'),
        observation('777-3', at(23.99), 90, '10*3/uL'),
        observation('777-3', at(24), 80, '10*3/uL'),
        // A platelet count before admission may still be a D0 lab; a MAP there is outside the stay.
        observation('777-3', at(-0.5), 10, '10*3/uL'),
        observation('8478-0', at(-0.5), 50, 'mm[Hg]'),
      ),
    );
    expect(result.days.map((d) => [d.slot, values(d).platelets])).toEqual([
      ['day-1', 90],
      ['day-2', 80],
    ]);
    expect(result.findings.map((f) => f.kind)).toEqual(['outside_stay']);
  });

  it('reports different values at the same time as a conflict and keeps the worst', () => {
    const result = propose(
      bundleOf(observation('8478-0', at(2), 65, 'mm[Hg]'), observation('8478-0', at(2), 55, 'mm[Hg]')),
    );
    expect(values(result.days[0])).toMatchObject({ map_mmhg: 55 });
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'conflict',
        item: 'map_mmhg',
        params: expect.objectContaining({ values: '65, 55' }),
      }),
    ]);
  });

  it('proposes no lab when two different values are equally near the visit', () => {
    const result = propose(
      bundleOf(
        observation('1988-5', '2026-03-02T05:30:00Z', 100, 'mg/L'),
        observation('1988-5', '2026-03-02T05:30:00Z', 120, 'mg/L'),
      ),
    );
    expect(result.visits).toEqual([]);
    expect(result.findings.map((f) => [f.kind, f.slot])).toContainEqual(['conflict', 'D0']);
  });

  it('needs the weight for a rate in µg/min, an infusion for a dose, and an hour of it', () => {
    const result = propose(
      bundleOf(
        infusion('C01CA03', at(1), at(5), [10, 'ug/min']),
        { ...infusion('C01CA24', at(1), null), effectivePeriod: undefined, effectiveDateTime: at(1) },
        infusion('C01CA04', at(2), at(2.5), [5, 'ug/kg/min']),
        infusion('C01CA24', at(3), at(6), [0.05, 'ug/kg/min'], { status: 'entered-in-error' }),
        infusion('B01AB01', at(3), at(6), [1000, '[iU]/h']),
      ),
    );
    expect(result.findings.map((f) => f.kind)).toEqual([
      'no_weight',
      'not_infusion',
      'short_infusion',
      'status',
      'unknown_code',
    ]);
    expect(result.days).toEqual([]);
  });

  it('converts mg/h to µg/kg/min with the weight, sums concurrent infusions of one drug, and takes rateRatio', () => {
    const weight = observation('29463-7', at(0), 60, 'kg');
    const result = propose(
      bundleOf(
        weight,
        infusion('C01CA03', at(1), at(10), [0.36, 'mg/h']), // 6 µg/min = 0.1 µg/kg/min
        infusion('C01CA03', at(4), at(8), [0.05, 'ug/kg/min']),
        {
          ...infusion('C01CA24', at(2), at(6)),
          dosage: {
            rateRatio: {
              numerator: { value: 3, system: 'http://unitsofmeasure.org', code: 'ug' },
              denominator: { value: 1, system: 'http://unitsofmeasure.org', code: 'min' },
            },
          },
        },
      ),
    );
    expect(values(result.days[0])).toMatchObject({
      norepinephrine_dose: 0.15,
      epinephrine_dose: 0.05,
      other_vasoactive: false,
    });
  });

  it('sets ECMO by its kind, and asks the coordinator when the record does not say which', () => {
    const result = propose(bundleOf(procedure('786451004', at(1), at(30)), procedure('233573008', at(40))));
    expect(values(result.days[0])).toMatchObject({ ecmo: 'cardiac', mechanical_circulatory_support: true });
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'review',
        params: expect.objectContaining({ code: 'http://snomed.info/sct|233573008' }),
      }),
    ]);
  });

  it('counts days from the participant’s admission when the bundle has no ICU encounter, and says so', () => {
    const result = propose({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ resource: observation('777-3', at(30), 120, '10*9/L') }],
    });
    expect(result.encounter).toBeNull();
    expect(result.days.map((d) => d.slot)).toEqual(['day-2']);
    expect(result.findings.map((f) => f.kind)).toEqual(['no_icu_encounter']);
  });

  it('says when the encounter starts at another time than the participant’s admission', () => {
    const late = bundleOf();
    (late.entry[0]!.resource as { period: { start: string } }).period.start = at(3);
    expect(propose(late).findings.map((f) => f.kind)).toEqual(['admission_differs']);
  });
});

describe('a malformed bundle', () => {
  const fieldOf = (bundle: unknown, extra: Partial<ProposeInput> = {}) => {
    try {
      propose(bundle, extra);
    } catch (error) {
      if (error instanceof InputError) return error.field;
      throw error;
    }
    return 'accepted';
  };

  it('is refused naming the JSON path of the problem', () => {
    expect(fieldOf({ resourceType: 'Patient' })).toBe('bundle.resourceType');
    expect(fieldOf({ resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'x' }] })).toBe(
      'bundle.entry.0.resource',
    );
    const text = observation('777-3', admission, 1) as Record<string, unknown>;
    text.valueQuantity = { value: '95' };
    expect(fieldOf(bundleOf(text))).toBe('bundle.entry.1.resource.valueQuantity.value');
    expect(fieldOf(bundleOf({ ...observation('777-3', 'yesterday', 1) }))).toBe(
      'bundle.entry.1.resource.effectiveDateTime',
    );
    expect(fieldOf(bundleOf({ ...observation('777-3', admission, 1), status: 'done' }))).toBe(
      'bundle.entry.1.resource.status',
    );
    // A date the calendar does not have is not a dateTime either.
    expect(fieldOf(bundleOf(observation('777-3', '2026-02-30T06:00:00Z', 1)))).toBe(
      'bundle.entry.1.resource.effectiveDateTime',
    );
  });

  it('is refused with two patients, or an encounter id it does not hold', () => {
    const two = bundleOf({ resourceType: 'Patient', id: 'a' }, { resourceType: 'Patient', id: 'b' });
    expect(fieldOf(two)).toBe('bundle');
    expect(fieldOf(bundleOf(), { encounterId: 'nope' })).toBe('encounterId');
    expect(fieldOf(bundleOf(), { encounterId: 'icu' })).toBe('accepted');
  });
});

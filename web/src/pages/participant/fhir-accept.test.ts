import { describe, expect, it } from 'vitest';
import { sofa2DayForm } from '../../../../src/protocol/nct07273344/forms/sofa2-day.ts';
import { acceptedSave } from './fhir-accept.ts';

describe('accepting proposals from the hospital record', () => {
  it('sends what the form holds with the proposed values over it, without calculated items', () => {
    const body = acceptedSave(
      sofa2DayForm,
      {
        version: 3,
        items: {
          pao2: { value: 72, entered: { value: 9.6, unit: 'kPa' } },
          delirium_drug_treatment: { value: true },
          potassium: { missing: 'not_done' },
          pf_ratio: { value: 144 },
          sofa2_total: { value: 9 },
          platelets: { value: 120 },
        },
        rows: {},
      },
      { items: [{ item: 'platelets', value: 95, unit: '10*3/uL', sources: [], check: null }] },
      null,
    );
    expect(body).toEqual({
      version: 3,
      items: {
        pao2: { value: 9.6, unit: 'kPa' },
        delirium_drug_treatment: { value: true },
        potassium: { missing: 'not_done' },
        platelets: { value: 95 },
      },
      rows: {},
      reason: null,
    });
  });
});

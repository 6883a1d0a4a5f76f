import type { FhirFinding } from '../../../src/features/fhir/contract.ts';

type Params = FhirFinding['params'];
const s = (p: Params, name: string) => String(p[name] ?? '');

/** English texts of pre-filling forms from the hospital record (merged into `en`). */
export const enFhir = {
  fhir: {
    heading: 'Hospital record (FHIR)',
    intro:
      'Load the patient’s export from the hospital record (a FHIR R4 Bundle in JSON). Proposed values for each ICU day and visit are shown with where they come from; nothing is entered until you accept a form, which saves it as if typed (same checks, same audit trail).',
    file: 'FHIR bundle (JSON file)',
    notJson: 'The file is not JSON.',
    reading: 'Reading the bundle…',
    stay: (start: string, end: string) => `ICU stay from ${start} to ${end}`,
    noStay: 'No ICU stay in the bundle: days count from the ICU admission.',
    counts: (entries: number, used: number) => `${entries} resources read, values taken from ${used}`,
    nothing: 'Nothing in the bundle fills a form.',
    day: (n: number) => `ICU day ${n}`,
    visit: (code: string) => `Visit ${code}`,
    item: 'Item',
    value: 'Proposed value',
    source: 'From the record',
    check: 'To check',
    yes: 'yes',
    no: 'no',
    accept: 'Accept into form',
    accepted: 'Accepted',
    acceptedMessage: (slot: string) => `${slot}: saved with the proposed values`,
    reason: 'Reason for change (needed when the form is already complete)',
    findings: (n: number) => `Not used (${n})`,
    noFindings: 'Every resource of the bundle was read.',
    kind: 'Finding',
    resource: 'Resource',
    kinds: {
      unknown_code: (p: Params) => `${s(p, 'code')}: not in the study’s mapping, ignored`,
      unit: (p: Params) =>
        `${s(p, 'code')}: ${s(p, 'value')} ${s(p, 'unit') || '(no unit)'} does not convert to ${s(p, 'to')}`,
      no_value: (p: Params) => `${s(p, 'code')}: no numeric value`,
      missing_time: (p: Params) => `${s(p, 'code')}: no usable time, not assigned to a day or visit`,
      outside_stay: (p: Params) => `${s(p, 'code')} at ${s(p, 'time')}: outside the ICU stay`,
      out_of_range: (p: Params) =>
        `${s(p, 'item')}: ${s(p, 'value')} ${s(p, 'unit')} is outside what the item accepts (${s(p, 'range')})`,
      conflict: (p: Params) => `${s(p, 'item')}: different values at the same time (${s(p, 'values')})`,
      duplicate: (p: Params) => `${s(p, 'item') || s(p, 'resource')}: charted twice, read once`,
      no_weight: (p: Params) =>
        `${s(p, 'code') || s(p, 'item')}: needs the body weight, which the bundle does not have`,
      not_infusion: (p: Params) => `${s(p, 'code')}: given at one moment, not as a continuous infusion`,
      short_infusion: (p: Params) => `${s(p, 'code')}: an infusion of less than ${s(p, 'hours')} h does not count`,
      status: (p: Params) => `${s(p, 'code')}: status ${s(p, 'status')}, ignored`,
      review: (p: Params) => `${s(p, 'code')}: ${s(p, 'review')}`,
      no_icu_encounter: () =>
        'No ICU encounter in the bundle: days count from the ICU admission, without an end of stay',
      admission_differs: (p: Params) =>
        `The encounter starts at ${s(p, 'encounter')}, the ICU admission is ${s(p, 'admission')}: days count from the admission`,
    } satisfies Record<FhirFinding['kind'], (p: Params) => string> as Record<
      FhirFinding['kind'],
      (p: Params) => string
    >,
  },
};

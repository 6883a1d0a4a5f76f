import { describe, expect, it } from 'vitest';
import { analysis } from '../protocol/nct07273344/analysis.ts';
import { assembleDatasets, competingOf, survivalOf, type StudyRows } from './dataset.ts';

/**
 * The analysis datasets as the statistician reads them: times in days from the day of ICU admission, follow-up
 * ending at one year or at a withdrawal, death from the participant's event or the forms, the first value of
 * the items the protocol names, the last stored result of a marker at a visit.
 */

const participant = (id: number, studyId: string, more: Partial<StudyRows['participants'][number]> = {}) => ({
  id,
  studyId,
  siteCode: 'NIJ',
  icuAdmissionAt: '2027-01-10T08:00:00.000Z',
  followUpStoppedOn: null,
  ...more,
});
const item = (participantId: number, form: string, slot: string, name: string, value: string | null, row = 0) => ({
  participantId,
  form,
  slot,
  item: name,
  row,
  value,
});

const rows: StudyRows = {
  participants: [participant(2, 'NIJ-002', { followUpStoppedOn: '2027-03-01' }), participant(1, 'NIJ-001')],
  results: [
    { id: 1, participantId: 1, visit: 'D0', analyte: 'il6', value: 300, qualifier: null },
    { id: 5, participantId: 1, visit: 'D0', analyte: 'il6', value: 320, qualifier: null },
    { id: 2, participantId: 1, visit: 'D0', analyte: 'il1b', value: 0.5, qualifier: '<LOD' },
    { id: 3, participantId: 1, visit: 'D3', analyte: 'ferritin', value: 900, qualifier: null },
    { id: 4, participantId: 1, visit: 'W52', analyte: 'ferritin', value: 100, qualifier: null },
    { id: 6, participantId: 2, visit: 'D0', analyte: 'crp', value: null, qualifier: null },
  ],
  items: [
    item(1, 'baseline', 'once', 'age_years', '71'),
    item(1, 'baseline', 'once', 'sex', 'female'),
    item(1, 'sofa2_day', 'day-2', 'sofa2_total', '4'),
    item(1, 'sofa2_day', 'day-1', 'sofa2_total', '9'),
    item(1, 'infection', 'once', 'final_site', null),
    item(1, 'infection', 'once', 'adjudicated_site', 'pneumonia'),
    item(1, 'infection', 'once', 'suspected_site', 'intra_abdominal'),
    item(1, 'outcome', 'once', 'hospital_discharged_on', '2027-02-01'),
    item(1, 'follow_up', 'M3', 'contacted_on', '2027-04-15'),
    item(1, 'follow_up', 'M3', 'eq5d_index', '0.812'),
    item(1, 'follow_up', 'M3', 'readmitted_on', '2027-03-20', 0),
    item(1, 'follow_up', 'M3', 'readmitted_on', '2027-03-01', 1),
    item(1, 'follow_up', 'M12', 'died_on', '2027-06-30'),
    item(2, 'baseline', 'once', 'sex', 'unknown'),
    item(2, 'follow_up', 'M3', 'contacted_on', '2027-04-01'),
  ],
  deaths: [],
  visits: [{ participantId: 2, visit: 'D0', occurredAt: '2027-01-10T10:00:00.000Z' }],
};

describe('the analysis datasets', () => {
  const { participants, samples } = assembleDatasets(analysis, rows);
  const [first, second] = participants;

  it('has one row per participant, by study id, with the covariates from the items the protocol names', () => {
    expect(participants.map((p) => p.studyId)).toEqual(['NIJ-001', 'NIJ-002']);
    expect(first).toMatchObject({ site: 'NIJ', age: 71, sex: 'female', sofa2: 9, infectionSite: 'pneumonia' });
    // A sex outside the two codes, and items never entered, are missing, not guessed.
    expect(second).toMatchObject({ age: null, sex: null, sofa2: null, infectionSite: null });
  });

  it('counts days from the day of ICU admission and ends follow-up at a death from the forms', () => {
    // Died on 30 June: 171 days after 10 January.
    expect(first!.survival).toEqual({ days: 171, dead: true });
    expect(first!.mortality).toEqual({ day28: false, day90: false, day365: true });
    // Re-admitted first on 1 March (day 50), before the death.
    expect(first!.competing.readmission).toEqual({ days: 50, status: 1 });
    // Never a new infection: death comes first.
    expect(first!.competing.newInfection).toEqual({ days: 171, status: 2 });
    expect(first!.eq5d).toEqual({ M3: 0.812 });
  });

  it("ends a withdrawn participant's follow-up where it stopped", () => {
    // Seen on 1 April, but follow-up stopped on 1 March (day 50).
    expect(second!.survival).toEqual({ days: 50, dead: false });
    expect(second!.mortality).toEqual({ day28: false, day90: null, day365: null });
    expect(second!.competing.readmission).toEqual({ days: 50, status: 0 });
  });

  it('has one row per participant × sampled visit, with the last stored value and the LOD flag', () => {
    expect(samples.map((s) => `${s.studyId} ${s.visit}`)).toEqual(['NIJ-001 D0', 'NIJ-001 D3']);
    expect(samples[0]!.values).toEqual({ il6: { value: 320, belowLod: false }, il1b: { value: 0.5, belowLod: true } });
    // A visit the analysis does not sample (W52) and a result without a value are left out.
    expect(samples[1]!.values).toEqual({ ferritin: { value: 900, belowLod: false } });
  });
});

describe('survival and competing times', () => {
  it('counts a death on the day of admission as half a day, and after the horizon as alive through it', () => {
    expect(survivalOf(0, null, 365)).toEqual({ days: 0.5, dead: true });
    expect(survivalOf(400, 120, 365)).toEqual({ days: 365, dead: false });
    expect(survivalOf(null, 500, 365)).toEqual({ days: 365, dead: false });
    expect(survivalOf(null, null, 365)).toBeNull();
  });

  it('gives the event when it comes first, death when it comes first, else censoring', () => {
    expect(competingOf(40, 100, 200, 365)).toEqual({ days: 40, status: 1 });
    expect(competingOf(150, 100, 200, 365)).toEqual({ days: 100, status: 2 });
    expect(competingOf(null, null, 200, 365)).toEqual({ days: 200, status: 0 });
    // An event reported after the last contact the analysis knows of is beyond follow-up.
    expect(competingOf(300, null, 200, 365)).toEqual({ days: 200, status: 0 });
  });
});

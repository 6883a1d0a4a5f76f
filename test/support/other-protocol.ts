import { eligibilityCriteria } from '../../src/protocol/nct07273344/eligibility.ts';
import type { StudyProtocol } from '../../src/protocol/study.ts';

/**
 * A made-up second study (TEST-0002) with other visits, tubes, blood limit, consent types, withdrawal scopes,
 * study-id format, age limit and one form: what the second-protocol and form-amendment tests run.
 */
export const other: StudyProtocol = {
  id: 'TEST-0002',
  version: '3',
  title: 'A different study',
  studyIdFormat: 'T{SITE}{NNNN}',
  recruitmentTarget: 120,
  visits: {
    protocol: 'TEST-0002',
    version: '3',
    day0SampleVisit: 'BASE',
    visits: [
      {
        code: 'BASE',
        name: 'Baseline',
        precision: 'instant',
        anchor: 'icuAdmission',
        target: { hours: 6 },
        window: { relativeTo: 'anchor', earliest: { hours: 0 }, latest: { hours: 12 } },
      },
      {
        code: 'W1',
        name: 'Week 1',
        precision: 'date',
        anchor: 'day0Sample',
        target: { days: 7 },
        window: { relativeTo: 'target', earliest: { days: 0 }, latest: { days: 0 } },
        followUpCall: true,
      },
    ],
  },
  samplePlan: {
    maxBloodMlPerVisit: 12,
    tubes: [{ code: 'CIT', name: 'Citrate 5 mL', volumeMl: 5, purpose: 'coagulation', makes: ['citrate_plasma'] }],
    sampleTypes: [{ code: 'citrate_plasma', name: 'Citrate plasma', maxDelayMinutes: 60, defaultVolumeUl: 250 }],
    perVisit: { BASE: [{ tube: 'CIT', count: 2 }], W1: [{ tube: 'CIT', count: 1 }] },
  },
  eligibility: { ...eligibilityCriteria, protocol: 'TEST-0002', age: { minYears: 50 } },
  consent: {
    types: [
      { code: 'self', name: 'Self', kind: 'decision' },
      { code: 'later', name: 'Later', kind: 'deferral' },
    ],
    deferredDueDays: 3,
    informationLetterVersions: ['7b'],
    optionalItems: [],
  },
  withdrawal: {
    scopes: [{ code: 'all', name: 'Everything', destroySamples: true, destroyData: true }],
    requesters: [{ code: 'self', name: 'Self' }],
  },
  forms: {
    codeLists: [],
    forms: [
      {
        id: 'week_one',
        version: '1',
        label: 'Week one',
        groups: [
          {
            id: 'main',
            label: 'Main',
            items: [{ id: 'temperature_c', label: 'Temperature', type: 'decimal', unit: 'Cel' }],
          },
        ],
      },
    ],
    schedule: [{ form: 'week_one', visits: ['W1'] }],
  },
  // Another panel and other form items: the analysis must take all of them from here.
  analysis: {
    visits: ['BASE', 'W1'],
    discoveryVisit: 'BASE',
    panel: ['il6', 'crp', 'ferritin'],
    ruleMarkers: { ferritinNgMl: 'ferritin', hladrAbc: 'mhladr' },
    horizonDays: 90,
    covariates: {
      age: { form: 'week_one', item: 'age' },
      sex: { form: 'week_one', item: 'sex' },
      sofa2: { form: 'week_one', item: 'sofa' },
      infectionSite: [{ form: 'week_one', item: 'site' }],
    },
    eq5dIndex: { form: 'week_one', item: 'eq5d' },
    deathDates: [],
    contactDates: [{ form: 'week_one', item: 'seen_on' }],
    competingEvents: [],
  },
};

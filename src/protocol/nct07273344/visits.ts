import type { VisitSchedule } from '../visits.ts';

/**
 * Visits (timepoints) and windows of the sepsis immunotype cohort (ClinicalTrials.gov NCT07273344, local id
 * NL010169), as data; restated from docs study-protocol.md "Timepoints (visits) and windows". The schedule
 * engine (src/protocol/schedule.ts) applies whatever definitions it is given; nothing below is repeated there.
 */
export const visitSchedule: VisitSchedule = {
  protocol: 'NCT07273344',
  version: '1',
  day0SampleVisit: 'D0',
  visits: [
    {
      code: 'D0',
      name: 'Day 0',
      precision: 'instant',
      anchor: 'icuAdmission',
      // The protocol gives no single target point ("within 48 h"): the middle of the window (docs/schedule.md).
      target: { hours: 24 },
      window: { relativeTo: 'anchor', earliest: { hours: 0 }, latest: { hours: 48 } },
    },
    {
      code: 'D3',
      name: 'Day 3',
      precision: 'date',
      anchor: 'day0Sample',
      target: { days: 3 },
      window: { relativeTo: 'target', earliest: { days: -1 }, latest: { days: 1 } },
    },
    {
      code: 'DIS',
      name: 'Hospital discharge',
      precision: 'date',
      anchor: 'hospitalDischarge',
      target: {},
      window: { relativeTo: 'target', earliest: { days: -2 }, latest: { days: 2 } },
    },
    {
      code: 'M3',
      name: '3 months',
      followUpCall: true,
      precision: 'date',
      anchor: 'hospitalDischarge',
      target: { months: 3 },
      window: { relativeTo: 'target', earliest: { days: -14 }, latest: { days: 14 } },
    },
    {
      code: 'M12',
      name: '12 months',
      followUpCall: true,
      precision: 'date',
      anchor: 'hospitalDischarge',
      target: { months: 12 },
      window: { relativeTo: 'target', earliest: { days: -14 }, latest: { days: 14 } },
    },
  ],
};

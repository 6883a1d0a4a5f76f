import { computeSchedule, type ScheduleAnchors } from './schedule.ts';
import type { StudyProtocol } from './study.ts';

/** What a participant's schedule anchors are read from: admission, the visits recorded, the clinical events. */
export interface AnchorRecords {
  icuAdmissionAt: string;
  visits: readonly { visit: string; outcome: string; occurredAt: string | null }[];
  events: readonly { kind: string; date: string }[];
}

/** The last event of a kind (a correction replaces a discharge, death or loss to follow-up; the last one counts). */
export function latestEvent<E extends { kind: string }>(events: readonly E[], kind: string): E | undefined {
  return events.filter((e) => e.kind === kind).at(-1);
}

/**
 * The schedule anchors known from the records. The first sample (`day0SampleAt`) is the time blood was drawn at
 * the protocol's first-sample visit. Recorded without a draw, that visit's own time stands in; recorded as
 * missed, its target does — so that the visits anchored on it still fall due (and overdue) instead of waiting
 * for ever (docs/participants.md).
 */
export function anchorsOf(records: AnchorRecords, protocol: StudyProtocol, timeZone: string): ScheduleAnchors {
  const anchors: ScheduleAnchors = {
    icuAdmission: records.icuAdmissionAt,
    day0SampleAt: null,
    hospitalDischarge: latestEvent(records.events, 'hospital_discharge')?.date ?? null,
    death: latestEvent(records.events, 'death')?.date ?? null,
    timeZone,
  };
  const code = protocol.visits.day0SampleVisit;
  const first = records.visits.find((v) => v.visit === code);
  if (first?.outcome === 'done') return { ...anchors, day0SampleAt: first.occurredAt };
  if (first?.outcome === 'missed') {
    const index = protocol.visits.visits.findIndex((v) => v.code === code);
    return { ...anchors, day0SampleAt: computeSchedule(protocol.visits.visits, anchors)[index]?.target ?? null };
  }
  return anchors;
}

/** Whether the first-sample visit is recorded as done (its time is then a real anchor, not a stand-in). */
export function sampleTaken(records: AnchorRecords, protocol: StudyProtocol): boolean {
  return records.visits.some((v) => v.visit === protocol.visits.day0SampleVisit && v.outcome === 'done');
}

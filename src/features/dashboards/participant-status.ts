import { anchorsOf, latestEvent } from '../../protocol/anchors.ts';
import { computeSchedule, type ScheduleEntry } from '../../protocol/schedule.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import type { Memo } from './memo.ts';
import { visitStatus, type RecordedVisit, type VisitStatus } from '../../protocol/visit-status.ts';

/**
 * A participant's visit statuses, state and consent status for the dashboards: the participant page's rules
 * (src/features/participants/view.ts) on the protocol's schedule and visit-status functions, without what only
 * the page shows (record views, staff names, deviations). The page assembles far more per participant than a
 * count needs; on a 400-patient study that difference is what keeps a dashboard under its 200 ms.
 * `test/integration/dashboards.test.ts` checks every participant against their page. Pure.
 */

export interface ParticipantRecords {
  participantId: number;
  studyId: string;
  siteId: number;
  protocolVersion: string;
  icuAdmissionAt: string;
  followUpStoppedOn: string | null;
  followUpStopReason: string | null;
  /** In the order recorded (id). */
  visits: { visit: string; outcome: string; occurredAt: string | null; bloodDrawn: boolean }[];
  events: { kind: string; date: string }[];
  /** Decisions in the order recorded: given | refused; null for a deferral. */
  consents: (string | null)[];
}

export interface ParticipantStatuses {
  participantId: number;
  studyId: string;
  siteId: number;
  protocolVersion: string;
  /** active | withdrawn | deceased | lost_to_follow_up | completed */
  state: string;
  /** pending | given | refused | withdrawn */
  consent: string;
  visits: { visit: string; name: string; status: VisitStatus; bloodDrawn: boolean }[];
}

/** Kept results of the protocol's rules (memo.ts). */
export interface StatusMemos {
  schedules: Memo<readonly ScheduleEntry[]>;
  doneStatuses: Memo<VisitStatus>;
}

const open: readonly VisitStatus[] = ['not_yet_due', 'due', 'overdue'];

export function participantStatuses(
  record: ParticipantRecords,
  protocol: StudyProtocol,
  timeZone: string,
  now: string,
  memos: StatusMemos,
): ParticipantStatuses {
  const definitions = protocol.visits.visits;
  const anchors = anchorsOf(
    { icuAdmissionAt: record.icuAdmissionAt, visits: record.visits, events: record.events },
    protocol,
    timeZone,
  );
  const anchorKey = [
    anchors.timeZone,
    anchors.icuAdmission,
    anchors.day0SampleAt,
    anchors.hospitalDischarge,
    anchors.death,
  ];
  const schedule = memos.schedules.get(definitions, anchorKey.join('|'), () => computeSchedule(definitions, anchors));
  const visits = definitions.map((definition, i) => {
    const row = record.visits.find((v) => v.visit === definition.code);
    const recorded: RecordedVisit | null =
      row === undefined
        ? null
        : row.outcome === 'done' && row.occurredAt !== null
          ? { outcome: 'done', occurredAt: row.occurredAt }
          : { outcome: 'missed' };
    const entry = schedule[i]!;
    const input = { definition, entry, recorded, now, timeZone, followUpStoppedOn: record.followUpStoppedOn };
    // A visit done is in or out of its window whatever the time now: that status is kept between requests.
    const status =
      recorded?.outcome === 'done'
        ? memos.doneStatuses.get(
            definition,
            [entry.earliest, entry.latest, recorded.occurredAt, timeZone].join('|'),
            () => visitStatus(input),
          )
        : visitStatus(input);
    return { visit: definition.code, name: definition.name, status, bloodDrawn: row?.bloodDrawn === true };
  });
  return {
    participantId: record.participantId,
    studyId: record.studyId,
    siteId: record.siteId,
    protocolVersion: record.protocolVersion,
    state: stateOf(record, visits),
    consent: consentOf(record),
    visits,
  };
}

function stateOf(record: ParticipantRecords, visits: readonly { status: VisitStatus }[]): string {
  const reason = record.followUpStopReason;
  if (reason === 'withdrawn' || reason === 'consent_refused') return 'withdrawn';
  if (latestEvent(record.events, 'death') !== undefined) return 'deceased';
  if (reason === 'lost_to_follow_up') return 'lost_to_follow_up';
  return visits.some((v) => open.includes(v.status)) ? 'active' : 'completed';
}

function consentOf(record: ParticipantRecords): string {
  if (record.followUpStopReason === 'withdrawn') return 'withdrawn';
  const last = record.consents.filter((d) => d === 'given' || d === 'refused').at(-1);
  if (last !== undefined) return last;
  return 'pending';
}

import { DateTime } from 'luxon';
import { anchorsOf, latestEvent, type AnchorRecords } from '../../protocol/anchors.ts';
import { computeSchedule } from '../../protocol/schedule.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import { visitStatus, type RecordedVisit, type VisitStatus } from '../../protocol/visit-status.ts';
import type {
  ConsentView,
  DestructionView,
  ParticipantDetail,
  ParticipantSummary,
  VisitTimelineEntry,
} from './contract.ts';
import type { ConsentRow, DestructionRow, EventRow, ParticipantRecord, VisitRow } from './repo.ts';

/**
 * A participant as people see them, assembled from the records: the visit timeline (windows from the
 * protocol the participant was enrolled under, statuses at `now` in the site's time zone), the consent
 * status and the participant's state. Pure.
 */
export function toParticipantDetail(
  record: ParticipantRecord,
  protocol: StudyProtocol,
  timeZone: string,
  now: string,
): ParticipantDetail {
  const { participant } = record;
  const visits = timeline(record, protocol, timeZone, now);
  const consents = record.consents.map(toConsentView);
  const withdrawal =
    participant.withdrawal_json === null
      ? null
      : (JSON.parse(participant.withdrawal_json) as ParticipantDetail['withdrawal']);
  return {
    id: Number(participant.id),
    siteId: Number(participant.site_id),
    studyId: participant.study_id,
    protocolVersion: participant.protocol_version,
    enrolledAt: participant.enrolled_at,
    state: participantState(record, visits),
    consent: consentStatus(record, consents),
    nextVisit: nextVisit(visits),
    destructionPending: record.destruction?.status === 'pending',
    screeningId: Number(participant.screening_id),
    icuAdmissionAt: participant.icu_admission_at,
    consentRoute: participant.consent_route === 'deferred' ? 'deferred' : 'prior',
    consents,
    visits,
    events: record.events.map((event) => toEventView(event, record.staff)),
    deviations: record.deviations.map((d) => ({
      id: Number(d.id),
      visit: d.visit_code,
      kind: d.kind === 'blood_volume' ? 'blood_volume' : 'out_of_window',
      description: d.description,
      createdAt: d.created_at,
    })),
    withdrawal,
    destruction: record.destruction === null ? null : toDestructionView(record.destruction),
  };
}

export function toParticipantSummary(detail: ParticipantDetail): ParticipantSummary {
  const { id, siteId, studyId, protocolVersion, enrolledAt, state, consent, nextVisit, destructionPending } = detail;
  return { id, siteId, studyId, protocolVersion, enrolledAt, state, consent, nextVisit, destructionPending };
}

/** The records as the schedule rules read them (src/protocol/anchors.ts). */
export function anchorRecords(record: Pick<ParticipantRecord, 'participant' | 'visits' | 'events'>): AnchorRecords {
  return {
    icuAdmissionAt: record.participant.icu_admission_at,
    visits: record.visits.map((v) => ({ visit: v.visit_code, outcome: v.outcome, occurredAt: v.occurred_at })),
    events: record.events.map((e) => ({ kind: e.kind, date: e.occurred_on })),
  };
}

function timeline(
  record: ParticipantRecord,
  protocol: StudyProtocol,
  timeZone: string,
  now: string,
): VisitTimelineEntry[] {
  const definitions = protocol.visits.visits;
  const schedule = computeSchedule(definitions, anchorsOf(anchorRecords(record), protocol, timeZone));
  return definitions.map((definition, i) => {
    const entry = schedule[i]!;
    const row = record.visits.find((v) => v.visit_code === definition.code) ?? null;
    const status = visitStatus({
      definition,
      entry,
      recorded: row === null ? null : recorded(row),
      now,
      timeZone,
      followUpStoppedOn: record.participant.follow_up_stopped_on,
    });
    return {
      visit: definition.code,
      name: definition.name,
      precision: definition.precision,
      applicable: entry.applicable,
      target: entry.target,
      earliest: entry.earliest,
      latest: entry.latest,
      status,
      record: row === null ? null : toVisitRecordView(row, status, timeZone, record.staff),
    };
  });
}

function recorded(row: VisitRow): RecordedVisit {
  return row.outcome === 'done' && row.occurred_at !== null
    ? { outcome: 'done', occurredAt: row.occurred_at }
    : { outcome: 'missed' };
}

function toVisitRecordView(
  row: VisitRow,
  status: VisitStatus,
  timeZone: string,
  staff: ReadonlyMap<number, string>,
): VisitTimelineEntry['record'] {
  return {
    outcome: row.outcome === 'done' ? 'done' : 'missed',
    occurredAt:
      row.occurred_at === null
        ? null
        : (DateTime.fromISO(row.occurred_at).setZone(timeZone).toISO({ suppressMilliseconds: true }) ??
          row.occurred_at),
    bloodDrawn: row.blood_drawn === null ? null : row.blood_drawn === 1,
    noBloodReason: row.no_blood_reason,
    missedReason: row.missed_reason,
    tubes: row.tubes_json === null ? [] : (JSON.parse(row.tubes_json) as { tube: string; count: number }[]),
    bloodVolumeMl: row.blood_volume_ml === null ? null : Number(row.blood_volume_ml),
    inWindow: row.outcome === 'done' ? status === 'done_in_window' : null,
    recordedAt: row.recorded_at,
    recordedBy: staffName(staff, row.recorded_by),
  };
}

export function toConsentView(row: ConsentRow): ConsentView {
  return {
    id: Number(row.id),
    type: row.type,
    decision: row.decision === 'given' || row.decision === 'refused' ? row.decision : null,
    date: row.decided_on,
    dueOn: row.due_on,
    informationLetterVersion: row.information_letter_version,
    optionalItems: JSON.parse(row.optional_json) as Record<string, boolean>,
    obtainedBy: row.obtained_by,
    note: row.note,
    recordedAt: row.recorded_at,
  };
}

function toEventView(row: EventRow, staff: ReadonlyMap<number, string>): ParticipantDetail['events'][number] {
  const details = JSON.parse(row.details_json) as { place?: string; destination?: string; note?: string };
  return {
    id: Number(row.id),
    kind: row.kind as ParticipantDetail['events'][number]['kind'],
    date: row.occurred_on,
    place: details.place ?? null,
    destination: details.destination ?? null,
    note: details.note ?? null,
    recordedAt: row.recorded_at,
    recordedBy: staffName(staff, row.recorded_by),
  };
}

/**
 * Withdrawn (or refused) beats everything; then the last decision; with only a deferral, pending until
 * its due date (shown; overdue on the worklist).
 */
function consentStatus(record: ParticipantRecord, consents: ConsentView[]): ParticipantDetail['consent'] {
  const reason = record.participant.follow_up_stop_reason;
  if (reason === 'withdrawn') return { status: 'withdrawn', dueOn: null };
  const decisions = consents.filter((c) => c.decision !== null);
  const last = decisions.at(-1);
  if (last !== undefined) return { status: last.decision === 'refused' ? 'refused' : 'given', dueOn: null };
  const deferral = consents.filter((c) => c.decision === null).at(-1);
  return { status: 'pending', dueOn: deferral?.dueOn ?? null };
}

function participantState(record: ParticipantRecord, visits: VisitTimelineEntry[]): ParticipantDetail['state'] {
  const reason = record.participant.follow_up_stop_reason;
  if (reason === 'withdrawn' || reason === 'consent_refused') return 'withdrawn';
  if (latestEvent(record.events, 'death') !== undefined) return 'deceased';
  if (reason === 'lost_to_follow_up') return 'lost_to_follow_up';
  const open: VisitStatus[] = ['not_yet_due', 'due', 'overdue'];
  return visits.some((v) => open.includes(v.status)) ? 'active' : 'completed';
}

/** The first visit due or overdue, else the first not yet due. */
function nextVisit(visits: VisitTimelineEntry[]): ParticipantDetail['nextVisit'] {
  const pick =
    visits.find((v) => v.status === 'overdue' || v.status === 'due') ?? visits.find((v) => v.status === 'not_yet_due');
  return pick === undefined
    ? null
    : { visit: pick.visit, status: pick.status, earliest: pick.earliest, latest: pick.latest };
}

export function toDestructionView(row: DestructionRow): DestructionView {
  return {
    id: Number(row.id),
    siteId: Number(row.site_id),
    studyId: row.study_id,
    participantId: row.participant_id === null ? null : Number(row.participant_id),
    reason: row.reason === 'consent_refused' ? 'consent_refused' : 'withdrawal',
    destroyData: row.destroy_data === 1,
    destroySamples: row.destroy_samples === 1,
    requestedBy: row.requested_by_name,
    requestedAt: row.requested_at,
    status: row.status as DestructionView['status'],
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  };
}

function staffName(staff: ReadonlyMap<number, string>, userId: number | null): string | null {
  return userId === null ? null : (staff.get(Number(userId)) ?? null);
}

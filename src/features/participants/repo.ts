import type { Kysely, Selectable } from 'kysely';
import type {
  ClinicalEventsTable,
  ConsentsTable,
  DestructionsTable,
  DeviationsTable,
  ParticipantsTable,
  Tables,
  VisitRecordsTable,
} from '../../db/tables.ts';
import type { StudyDb } from '../../kernel/study-db.ts';

/** The version is the claim's business (src/db/claim.ts), not the services'. */
export type ParticipantRow = Omit<Selectable<ParticipantsTable>, 'version'>;
export type ConsentRow = Selectable<ConsentsTable>;
export type VisitRow = Selectable<VisitRecordsTable>;
export type EventRow = Selectable<ClinicalEventsTable>;
export type DeviationRow = Selectable<DeviationsTable>;
export type DestructionRow = Omit<Selectable<DestructionsTable>, 'version'>;

/** Everything recorded about one participant (not their identity, which is read on its own, audited). */
export interface ParticipantRecord {
  participant: ParticipantRow;
  consents: ConsentRow[];
  visits: VisitRow[];
  events: EventRow[];
  deviations: DeviationRow[];
  /** The newest destruction request, if any. */
  destruction: DestructionRow | null;
  /** The user names of the staff who recorded the visits and events, by user id. */
  staff: ReadonlyMap<number, string>;
}

const participantColumns = [
  'id',
  'site_id',
  'study_id',
  'screening_id',
  'data_key_id',
  'protocol_version',
  'icu_admission_at',
  'consent_route',
  'enrolled_at',
  'enrolled_by',
  'follow_up_stopped_on',
  'follow_up_stop_reason',
  'withdrawal_json',
] as const;
const consentColumns = [
  'id',
  'site_id',
  'participant_id',
  'type',
  'decision',
  'decided_on',
  'due_on',
  'information_letter_version',
  'optional_json',
  'obtained_by',
  'note',
  'recorded_by',
  'recorded_at',
] as const;
const visitColumns = [
  'id',
  'site_id',
  'participant_id',
  'visit_code',
  'protocol_version',
  'outcome',
  'occurred_at',
  'blood_drawn',
  'no_blood_reason',
  'missed_reason',
  'tubes_json',
  'blood_volume_ml',
  'in_window',
  'recorded_by',
  'recorded_at',
] as const;
const eventColumns = [
  'id',
  'site_id',
  'participant_id',
  'kind',
  'occurred_on',
  'details_json',
  'recorded_by',
  'recorded_at',
] as const;
const deviationColumns = [
  'id',
  'site_id',
  'participant_id',
  'visit_code',
  'kind',
  'description',
  'created_at',
  'created_by',
] as const;
export const destructionColumns = [
  'id',
  'site_id',
  'participant_id',
  'study_id',
  'reason',
  'destroy_data',
  'destroy_samples',
  'requested_by',
  'requested_by_name',
  'requested_at',
  'status',
  'decided_by',
  'decided_by_name',
  'decided_at',
  'decision_note',
] as const;

/** The participants of one site, or one participant, with all their records (in a few queries, not one per row). */
export async function loadParticipants(
  accounts: Kysely<Tables>,
  db: StudyDb,
  which: { siteId: number } | { participantId: number },
): Promise<ParticipantRecord[]> {
  let query = db.selectFrom('participants').select(participantColumns).orderBy('id');
  query = 'siteId' in which ? query.where('site_id', '=', which.siteId) : query.where('id', '=', which.participantId);
  const participants = await query.execute();
  if (participants.length === 0) return [];
  const ids = participants.map((p) => Number(p.id));
  const [consents, visits, events, deviations, destructions] = await Promise.all([
    db.selectFrom('consents').select(consentColumns).where('participant_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('visit_records').select(visitColumns).where('participant_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('clinical_events').select(eventColumns).where('participant_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('deviations').select(deviationColumns).where('participant_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('destructions').select(destructionColumns).where('participant_id', 'in', ids).orderBy('id').execute(),
  ]);
  const staff = await userNames(
    accounts,
    [...visits, ...events].map((row) => row.recorded_by),
  );
  const of = <R extends { participant_id: number | null }>(rows: R[], id: number) =>
    rows.filter((row) => Number(row.participant_id) === id);
  return participants.map((participant) => {
    const id = Number(participant.id);
    return {
      participant,
      consents: of(consents, id),
      visits: of(visits, id),
      events: of(events, id),
      deviations: of(deviations, id),
      destruction: of(destructions, id).at(-1) ?? null,
      staff,
    };
  });
}

export async function loadParticipant(
  accounts: Kysely<Tables>,
  db: StudyDb,
  participantId: number,
): Promise<ParticipantRecord | undefined> {
  return (await loadParticipants(accounts, db, { participantId }))[0];
}

async function userNames(accounts: Kysely<Tables>, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null).map(Number))];
  if (wanted.length === 0) return new Map();
  const rows = await accounts.selectFrom('users').select(['id', 'username']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [Number(row.id), row.username]));
}

import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Tables } from '../../db/tables.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import type { QueryView } from './contract.ts';
import { userNames } from './repo.ts';

export type QueryFilter = { queryId: number } | { recordId: number } | { siteId: number; statuses: readonly string[] };

/** Queries with their threads, the form and participant they are about, and their age in days at `now`. */
export async function loadQueries(
  trx: Kysely<Tables>,
  db: StudyDb,
  filter: QueryFilter,
  now: string,
): Promise<QueryView[]> {
  let query = db
    .selectFrom('queries')
    .innerJoin('form_records', 'form_records.id', 'queries.record_id')
    .innerJoin('participants', 'participants.id', 'queries.participant_id')
    .select([
      'queries.id',
      'queries.participant_id',
      'participants.study_id',
      'form_records.form_id',
      'form_records.slot',
      'queries.item_key',
      'queries.rule',
      'queries.status',
      'queries.assigned_to',
      'queries.opened_at',
      'queries.closed_at',
    ])
    .orderBy('queries.opened_at')
    .orderBy('queries.id');
  if ('queryId' in filter) query = query.where('queries.id', '=', filter.queryId);
  else if ('recordId' in filter) query = query.where('queries.record_id', '=', filter.recordId);
  else query = query.where('queries.site_id', '=', filter.siteId).where('queries.status', 'in', [...filter.statuses]);
  const rows = await query.execute();
  if (rows.length === 0) return [];

  const ids = rows.map((r) => Number(r.id));
  const messages = await db
    .selectFrom('query_messages')
    .select(['query_id', 'at', 'actor', 'kind', 'text'])
    .where('query_id', 'in', ids)
    .orderBy('id')
    .execute();
  const threads = new Map<number, QueryView['messages']>();
  for (const m of messages) {
    const thread = threads.get(Number(m.query_id)) ?? [];
    thread.push({ at: m.at, actor: m.actor, kind: m.kind as QueryView['messages'][number]['kind'], text: m.text });
    threads.set(Number(m.query_id), thread);
  }
  const names = await userNames(
    trx,
    rows.map((r) => (r.assigned_to === null ? null : Number(r.assigned_to))),
  );
  const today = DateTime.fromISO(now, { zone: 'utc' });
  return rows.map((row) => {
    const assigned = row.assigned_to === null ? null : Number(row.assigned_to);
    const end = row.closed_at === null ? today : DateTime.fromISO(row.closed_at, { zone: 'utc' });
    return {
      id: Number(row.id),
      participantId: Number(row.participant_id),
      studyId: row.study_id,
      form: row.form_id,
      slot: row.slot,
      itemKey: row.item_key,
      rule: row.rule,
      status: row.status as QueryView['status'],
      assignedTo: assigned === null ? null : { id: assigned, name: names.get(assigned) ?? String(assigned) },
      openedAt: row.opened_at,
      ageDays: Math.max(0, Math.floor(end.diff(DateTime.fromISO(row.opened_at, { zone: 'utc' }), 'days').days)),
      messages: threads.get(Number(row.id)) ?? [],
    };
  });
}

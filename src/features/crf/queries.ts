import { AppError, InputError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import type { Action } from '../../core/permissions.ts';
import type { Finding } from '../../ecrf/evaluate.ts';
import { callerName, callerUserId, inTransaction, type CallContext, type Trx } from '../../kernel/context.ts';
import { auditPersonal, openPersonalKey, type PersonalKey } from '../../kernel/personal-keys.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import type { QueryView } from './contract.ts';
import { parseItemKey } from './form-data.ts';
import { crfMessages } from './messages.ts';
import { planAutoQueries, type AutoQuery } from './auto-queries.ts';
import { withForm, type FormAddress, type OpenForm } from './open.ts';
import { loadQueries } from './queries-repo.ts';
import { findParticipant, type FormRecordRow } from './repo.ts';
import { systemContext } from './system.ts';

/**
 * Queries on form data: opened automatically by soft findings (src/features/crf/auto-queries.ts) or by hand (a
 * monitor, a data manager), answered by the site, closed or re-opened by whoever manages queries. Each has a
 * thread of messages; every step is audited with the participant's key (the texts are about their data).
 */

const staffName = 'septype';

export async function syncAutoQueries(
  ctx: CallContext,
  open: OpenForm,
  record: FormRecordRow,
  soft: readonly Finding[],
  softBefore: number,
  key: PersonalKey,
): Promise<void> {
  if (soft.length === 0 && softBefore === 0) return;
  const { db, participant } = open;
  const existing: AutoQuery[] = (
    await db
      .selectFrom('queries')
      .innerJoin('query_messages', 'query_messages.query_id', 'queries.id')
      .select(['queries.id', 'queries.item_key', 'queries.rule', 'queries.status', 'query_messages.text'])
      .where('queries.record_id', '=', Number(record.id))
      .where('queries.rule', 'is not', null)
      .where('query_messages.kind', '=', 'open')
      .execute()
  ).map((q) => ({
    id: Number(q.id),
    itemKey: q.item_key,
    rule: q.rule ?? '',
    text: q.text,
    active: q.status !== 'closed',
  }));
  const plan = planAutoQueries(existing, soft);
  if (plan.open.length === 0 && plan.resolve.length === 0) return;
  const now = ctx.clock.now().toISOString();
  const opened: number[] = [];
  for (const finding of plan.open) {
    opened.push(await insertQuery(db, open, record, { itemKey: finding.keys[0] ?? '', rule: finding.rule }, now));
  }
  const messages = [
    ...plan.open.map((finding, i) => ({ queryId: opened[i]!, kind: 'open', text: finding.message })),
    ...plan.resolve.map((q) => ({
      queryId: q.id,
      kind: 'resolved',
      text: 'the data changed: the check no longer finds this',
    })),
  ];
  await db
    .insertInto(
      'query_messages',
      messages.map((m) => ({
        site_id: participant.siteId,
        participant_id: participant.id,
        query_id: m.queryId,
        at: now,
        user_id: null,
        actor: staffName,
        kind: m.kind,
        text: m.text,
      })),
    )
    .execute();
  if (plan.resolve.length > 0) {
    await db
      .updateTable('queries')
      .set({ status: 'closed', closed_at: now, updated_at: now })
      .where(
        'id',
        'in',
        plan.resolve.map((q) => q.id),
      )
      .execute();
  }
  await auditPersonal(systemContext(ctx), open.trx, key, {
    siteId: participant.siteId,
    action: 'query.automatic',
    entity: 'form_record',
    entityId: Number(record.id),
    after: {
      opened: plan.open.map((f, i) => ({ id: opened[i], item: f.keys[0], rule: f.rule, text: f.message })),
      resolved: plan.resolve.map((q) => q.id),
    },
  });
}

export function openQuery(
  ctx: CallContext,
  address: FormAddress,
  input: { item: string; text: string; assignedTo?: number | null },
): Promise<QueryView> {
  return withForm(ctx, 'query.manage', address, undefined, async (open) => {
    const { db, participant, record } = open;
    if (record === undefined) throw new AppError('conflict', crfMessages.notStarted());
    if (parseItemKey(open.form, input.item) === undefined) throw new InputError('item', crfMessages.queryItem());
    const assignee = input.assignedTo ?? null;
    if (assignee !== null) await checkAssignee(open.trx, assignee, participant.siteId, 'assignedTo');
    const now = ctx.clock.now().toISOString();
    const queryId = await insertQuery(
      db,
      open,
      record,
      { itemKey: input.item, rule: null, assignedTo: assignee, openedBy: callerUserId(ctx.caller) },
      now,
    );
    await addMessage(
      ctx,
      db,
      { queryId, siteId: participant.siteId, participantId: participant.id },
      'open',
      input.text,
    );
    const key = openPersonalKey(ctx, participant.dataKeyId, participant.sealedKey);
    await auditPersonal(ctx, open.trx, key, {
      siteId: participant.siteId,
      action: 'query.opened',
      entity: 'query',
      entityId: queryId,
      after: { form: record.form_id, slot: record.slot, item: input.item, text: input.text, assignedTo: assignee },
    });
    return (await loadQueries(open.trx, db, { queryId }, now))[0]!;
  });
}

type QueryStep = 'answer' | 'close' | 'reopen';
const steps: Record<QueryStep, { action: Action; from: readonly string[]; to: string }> = {
  answer: { action: 'participant.write', from: ['open'], to: 'answered' },
  close: { action: 'query.manage', from: ['open', 'answered'], to: 'closed' },
  reopen: { action: 'query.manage', from: ['answered', 'closed'], to: 'open' },
};

/** Answers, closes or re-opens a query: one winner per step (the query is claimed first). */
export function stepQuery(ctx: CallContext, queryId: number, step: QueryStep, text: string | null): Promise<QueryView> {
  const { action, from, to } = steps[step];
  return withQuery(ctx, action, queryId, async ({ trx, db, query, key }) => {
    if (!from.includes(query.status)) {
      const closed = step === 'answer' && query.status === 'closed';
      throw new AppError(
        'conflict',
        closed ? crfMessages.queryClosed() : crfMessages.queryNotOpen({ status: query.status }),
      );
    }
    const now = ctx.clock.now().toISOString();
    await db
      .updateTable('queries')
      .set({ status: to, updated_at: now, closed_at: to === 'closed' ? now : null })
      .where('id', '=', queryId)
      .execute();
    const kind = step === 'answer' ? 'answer' : step;
    await addMessage(
      ctx,
      db,
      { queryId, siteId: query.siteId, participantId: query.participantId },
      kind,
      text ?? 'closed',
    );
    await auditPersonal(ctx, trx, key, {
      siteId: query.siteId,
      action: `query.${step === 'answer' ? 'answered' : step === 'close' ? 'closed' : 'reopened'}`,
      entity: 'query',
      entityId: queryId,
      before: { status: query.status },
      after: { status: to, text },
    });
    return (await loadQueries(trx, db, { queryId }, now))[0]!;
  });
}

export function assignQuery(ctx: CallContext, queryId: number, userId: number | null): Promise<QueryView> {
  return withQuery(ctx, 'query.manage', queryId, async ({ trx, db, query, key }) => {
    if (userId !== null) await checkAssignee(trx, userId, query.siteId, 'userId');
    const now = ctx.clock.now().toISOString();
    await db.updateTable('queries').set({ assigned_to: userId, updated_at: now }).where('id', '=', queryId).execute();
    await addMessage(
      ctx,
      db,
      { queryId, siteId: query.siteId, participantId: query.participantId },
      'assign',
      userId === null ? 'unassigned' : `assigned to user ${userId}`,
    );
    await auditPersonal(ctx, trx, key, {
      siteId: query.siteId,
      action: 'query.assigned',
      entity: 'query',
      entityId: queryId,
      before: { assignedTo: query.assignedTo },
      after: { assignedTo: userId },
    });
    return (await loadQueries(trx, db, { queryId }, now))[0]!;
  });
}

export function siteQueries(ctx: CallContext, siteId: number, status: string): Promise<{ queries: QueryView[] }> {
  const scope = scopeFor(ctx, 'participant.read');
  return inTransaction(ctx, async (trx) => {
    const statuses = status === 'active' ? ['open', 'answered'] : [status];
    const queries = await loadQueries(trx, studyDb(trx, scope), { siteId, statuses }, ctx.clock.now().toISOString());
    return { queries };
  });
}

interface ClaimedQuery {
  trx: Trx;
  db: StudyDb;
  key: PersonalKey;
  query: { status: string; siteId: number; participantId: number; assignedTo: number | null };
}

function withQuery<T>(
  ctx: CallContext,
  action: Action,
  queryId: number,
  work: (claimed: ClaimedQuery) => Promise<T>,
): Promise<T> {
  const scope = scopeFor(ctx, action);
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    if (!(await db.claim('queries', queryId))) throw notFound('query', queryId);
    const row = await db
      .selectFrom('queries')
      .select(['status', 'site_id', 'participant_id', 'assigned_to'])
      .where('id', '=', queryId)
      .executeTakeFirstOrThrow();
    const participant = (await findParticipant(db, Number(row.participant_id)))!;
    const key = openPersonalKey(ctx, participant.dataKeyId, participant.sealedKey);
    return work({
      trx,
      db,
      key,
      query: {
        status: row.status,
        siteId: Number(row.site_id),
        participantId: Number(row.participant_id),
        assignedTo: row.assigned_to === null ? null : Number(row.assigned_to),
      },
    });
  });
}

/** A new open query on an item of a record; opened by nobody: by the engine. */
async function insertQuery(
  db: StudyDb,
  open: OpenForm,
  record: FormRecordRow,
  query: { itemKey: string; rule: string | null; assignedTo?: number | null; openedBy?: number | null },
  now: string,
): Promise<number> {
  const row = await db
    .insertInto('queries', [
      {
        site_id: open.participant.siteId,
        participant_id: open.participant.id,
        record_id: Number(record.id),
        item_key: query.itemKey,
        rule: query.rule,
        status: 'open',
        assigned_to: query.assignedTo ?? null,
        opened_by: query.openedBy ?? null,
        opened_at: now,
        updated_at: now,
      },
    ])
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function addMessage(
  ctx: CallContext,
  db: StudyDb,
  query: { queryId: number; siteId: number; participantId: number },
  kind: string,
  text: string,
): Promise<void> {
  await db
    .insertInto('query_messages', [
      {
        site_id: query.siteId,
        participant_id: query.participantId,
        query_id: query.queryId,
        at: ctx.clock.now().toISOString(),
        user_id: callerUserId(ctx.caller),
        actor: callerName(ctx.caller),
        kind,
        text,
      },
    ])
    .execute();
}

/** A query is assigned to an active user with a role at its site (or at every site). */
async function checkAssignee(trx: Trx, userId: number, siteId: number, field: string): Promise<void> {
  const member = await trx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.id')
    .where('memberships.user_id', '=', userId)
    .where('users.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('memberships.site_id', '=', siteId), eb('memberships.site_id', 'is', null)]))
    .executeTakeFirst();
  if (member === undefined) throw new InputError(field, crfMessages.assigneeNotAtSite());
}

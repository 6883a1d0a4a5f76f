import { notFound } from '../../core/messages.ts';
import { inTransaction, type CallContext } from '../../kernel/context.ts';
import { openPayloads } from '../../kernel/personal-keys.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { protocolVersion } from '../../protocol/study.ts';
import type { EntryView, FormHistory, FormRecordView, ParticipantForms } from './contract.ts';
import { lockScope } from './locks.ts';
import { withForm, type FormAddress } from './open.ts';
import { findParticipant, locksOver, storedItemsOf } from './repo.ts';
import { recordView, statusOf } from './view.ts';

export function readForm(ctx: CallContext, address: FormAddress): Promise<FormRecordView> {
  return withForm(ctx, 'participant.read', address, undefined, async (open) => {
    const stored = open.record === undefined ? new Map() : await storedItemsOf(open.db, Number(open.record.id));
    const locks = await locksOver(open.trx, open.db, lockScope(open));
    return recordView(ctx, open, open.record, stored, locks);
  });
}

/** The participant's forms in schedule order: every visit form, each ICU day entered (and the next), once forms. */
export function participantForms(ctx: CallContext, participantId: number): Promise<ParticipantForms> {
  const scope = scopeFor(ctx, 'participant.read');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const participant = await findParticipant(db, participantId);
    if (participant === undefined) throw notFound('participant', participantId);
    const protocol = protocolVersion(ctx.study, participant.protocolVersion);
    const records = await db
      .selectFrom('form_records')
      .selectAll()
      .where('participant_id', '=', participantId)
      .execute();
    const open = await openQueryCounts(db, participantId);
    const byKey = new Map(records.map((r) => [`${r.form_id}/${r.slot}`, r]));
    const forms: ParticipantForms['forms'] = [];
    for (const entry of protocol.forms.schedule) {
      const definition = protocol.forms.forms.find((f) => f.id === entry.form)!;
      const slot = (name: string, visit: string | null, icuDay: number | null) => {
        const record = byKey.get(`${entry.form}/${name}`);
        forms.push({
          form: entry.form,
          label: definition.label,
          formVersion: record?.form_version ?? definition.version,
          slot: name,
          visit,
          icuDay,
          status: statusOf(record),
          version: record === undefined ? 0 : Number(record.version),
          openQueries: record === undefined ? 0 : (open.get(Number(record.id)) ?? 0),
        });
      };
      if (entry.perIcuDay === true) {
        const days = records
          .filter((r) => r.form_id === entry.form)
          .map((r) => Number(/^day-(\d+)$/.exec(r.slot)?.[1] ?? 0))
          .sort((a, b) => a - b);
        for (const day of [...days, (days.at(-1) ?? 0) + 1]) slot(`day-${day}`, null, day);
      } else if (entry.visits !== undefined) {
        for (const visit of entry.visits) slot(visit, visit, null);
      } else slot('once', null, null);
    }
    return { forms, locks: await locksOver(trx, db, { siteId: participant.siteId, participantId }) };
  });
}

async function openQueryCounts(db: ReturnType<typeof studyDb>, participantId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('queries')
    .select(['record_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('participant_id', '=', participantId)
    .where('status', 'in', ['open', 'answered'])
    .groupBy('record_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.record_id), Number(r.n)]));
}

const itemActions = new Set(['form.started', 'form.saved', 'form.calculated']);

/** Every change of a form from the audit trail: one entry per item changed, and one per status change. */
export function formHistoryOf(ctx: CallContext, address: FormAddress): Promise<FormHistory> {
  return withForm(ctx, 'participant.read', address, undefined, async (open) => {
    if (open.record === undefined) return { entries: [] };
    const rows = await open.trx
      .selectFrom('audit_log')
      .select(['at', 'actor', 'source', 'action', 'before_json', 'after_json', 'reason'])
      .where('entity', '=', 'form_record')
      .where('entity_id', '=', String(open.record.id))
      .where('site_id', '=', open.participant.siteId)
      .orderBy('seq')
      .execute();
    const payloads = rows.flatMap((r) => [parse(r.before_json), parse(r.after_json)]);
    const opened = await openPayloads(ctx, open.db, payloads);
    const entries: FormHistory['entries'] = [];
    rows.forEach((row, i) => {
      const common = { at: row.at, actor: row.actor, source: row.source, action: row.action, reason: row.reason };
      if (!itemActions.has(row.action)) {
        entries.push({ ...common, itemKey: null, before: null, after: null });
        return;
      }
      const before = itemsOf(opened[2 * i]);
      const after = itemsOf(opened[2 * i + 1]);
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        entries.push({ ...common, itemKey: key, before: before[key] ?? null, after: after[key] ?? null });
      }
    });
    return { entries };
  });
}

function parse(json: string | null): unknown {
  return json === null ? undefined : (JSON.parse(json) as unknown);
}

function itemsOf(payload: unknown): Record<string, EntryView | null> {
  const items = (payload as { items?: unknown } | undefined)?.items;
  return typeof items === 'object' && items !== null ? (items as Record<string, EntryView | null>) : {};
}

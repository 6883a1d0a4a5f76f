import type { Entry, Finding } from '../../ecrf/evaluate.ts';
import { evaluateForm } from '../../ecrf/evaluate.ts';
import { entryOfStored } from '../../ecrf/values.ts';
import type { CallContext } from '../../kernel/context.ts';
import type { FormRecordView, FormStatus, LockView } from './contract.ts';
import { entriesView, itemKey, type ItemChange, type StoredItem } from './form-data.ts';
import type { OpenForm } from './open.ts';
import { loadQueries } from './queries-repo.ts';
import { userNames, type FormRecordRow } from './repo.ts';

/** What the engine found at the last save: kept with the record, listed by the data-quality report. */
export interface Quality {
  missingRequired: readonly string[];
  findings: readonly Finding[];
}

export function qualityOf(record: FormRecordRow): Quality {
  return JSON.parse(record.quality_json) as Quality;
}

export function statusOf(record: Pick<FormRecordRow, 'status' | 'locked_at'> | undefined): FormStatus {
  if (record === undefined) return 'not_started';
  return record.locked_at === null ? (record.status as FormStatus) : 'locked';
}

/** The lock that applies to a form: its own, else the narrowest of the wider ones. */
export async function lockOf(open: OpenForm, record: FormRecordRow | undefined, locks: readonly LockView[]) {
  if (record?.locked_at != null) {
    const names = await userNames(open.trx, [record.locked_by === null ? null : Number(record.locked_by)]);
    return {
      level: 'form' as const,
      visit: null,
      lockedAt: record.locked_at,
      lockedBy: names.get(Number(record.locked_by)) ?? 'operator',
      reason: null,
    };
  }
  return locks.at(-1) ?? null;
}

export async function recordView(
  ctx: CallContext,
  open: OpenForm,
  record: FormRecordRow | undefined,
  stored: ReadonlyMap<string, StoredItem>,
  locks: readonly LockView[],
  /** The record's queries when the caller knows them (a record this save created, without findings: none). */
  knownQueries?: FormRecordView['queries'],
): Promise<FormRecordView> {
  const { form, participant, trx, db } = open;
  const quality = record === undefined ? evaluateForm(form, { items: {} }) : qualityOf(record);
  const verifier = record?.verified_by == null ? null : Number(record.verified_by);
  const names = await userNames(trx, [verifier]);
  return {
    participantId: participant.id,
    studyId: participant.studyId,
    form: form.definition.id,
    formVersion: record?.form_version ?? form.definition.version,
    slot: open.slot.slot,
    status: statusOf(record),
    version: record === undefined ? 0 : Number(record.version),
    ...entriesView(form, stored.values()),
    missingRequired: [...quality.missingRequired],
    findings: quality.findings.map((f) => ({ ...f, keys: [...f.keys] })),
    verified:
      record?.verified_at == null ? null : { by: names.get(verifier ?? -1) ?? 'operator', at: record.verified_at },
    signature:
      record?.signed_at == null
        ? null
        : { by: record.signed_by_name ?? '', at: record.signed_at, meaning: record.signature_meaning ?? '' },
    lock: await lockOf(open, record, locks),
    queries:
      knownQueries ??
      (record === undefined
        ? []
        : await loadQueries(trx, db, { recordId: Number(record.id) }, ctx.clock.now().toISOString())),
  };
}

/** One side of a save's item changes as the audit trail keeps it: entries by item key (null: no entry). */
export function changePayload(
  open: OpenForm,
  changes: readonly ItemChange[],
  side: 'before' | 'after',
): Record<string, Entry | null> {
  const out: Record<string, Entry | null> = {};
  for (const change of changes) {
    const item = change[side];
    out[itemKey(open.form, change.itemId, change.row)] =
      item === undefined ? null : entryOfStored(open.form.items.get(item.itemId)!, item.entry);
  }
  return out;
}

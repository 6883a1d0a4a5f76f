import { InputError } from '../../core/errors.ts';
import { evaluateForm } from '../../ecrf/evaluate.ts';
import { callerUserId, type CallContext } from '../../kernel/context.ts';
import { auditPersonal, openPersonalKey } from '../../kernel/personal-keys.ts';
import type { FormRecordView, FormSave } from './contract.ts';
import { changesBetween, itemsToStore, readSave, requestField } from './form-data.ts';
import { refuseUnlessOpen } from './locks.ts';
import { crfMessages } from './messages.ts';
import { refuseStale, withForm, type FormAddress, type OpenForm } from './open.ts';
import { syncAutoQueries } from './queries.ts';
import { findRecord, storedItemsOf, writeItemChanges, type FormRecordRow } from './repo.ts';
import { afterSave, isRecordStatus } from './status-rules.ts';
import { systemContext } from './system.ts';
import { changePayload, recordView } from './view.ts';

/**
 * Saves a form: every entry read with the item's rules, the form evaluated (branching, calculations, checks), hard
 * findings refused, and the result written with the calculated items in the same transaction, so a calculated
 * value is never stale. Entered changes are audited as the caller's, calculated ones as the system's; soft
 * findings open queries. A complete form needs a reason for change, and a change voids its verification and
 * signature.
 */
export function saveForm(ctx: CallContext, address: FormAddress, input: FormSave): Promise<FormRecordView> {
  return withForm(ctx, 'participant.write', address, { expected: input.version }, async (open) => {
    const { db, participant, form } = open;
    const locks = await refuseUnlessOpen(open);
    const data = readSave(form, input);
    const evaluation = evaluateForm(form, data);
    const hard = evaluation.findings.find((f) => f.severity === 'hard');
    if (hard !== undefined)
      throw new InputError(requestField(form, hard.keys[0] ?? ''), crfMessages.hardFinding({ message: hard.message }));

    const before = open.record === undefined ? new Map() : await storedItemsOf(db, Number(open.record.id));
    const kept = itemsToStore(form, data, evaluation);
    const changes = changesBetween(before, kept);
    if (open.record !== undefined && changes.length === 0) return recordView(ctx, open, open.record, before, locks);

    const entered = changes.filter((c) => !(c.after ?? c.before)!.calculated);
    const calculated = changes.filter((c) => (c.after ?? c.before)!.calculated);
    const current = open.record?.status;
    const outcome = afterSave(
      current !== undefined && isRecordStatus(current) ? current : undefined,
      entered.length > 0,
      evaluation.missingRequired.length,
      input.reason,
    );
    const now = ctx.clock.now().toISOString();
    const soft = evaluation.findings.filter((f) => f.severity === 'soft');
    const values = {
      status: outcome.status,
      missing_required: evaluation.missingRequired.length,
      hard_findings: 0,
      soft_findings: soft.length,
      quality_json: JSON.stringify({ missingRequired: evaluation.missingRequired, findings: evaluation.findings }),
      updated_at: now,
      updated_by: callerUserId(ctx.caller),
      ...(outcome.voidsVerification ? { verified_by: null, verified_at: null } : {}),
      ...(outcome.voidsSignature
        ? { signed_by: null, signed_by_name: null, signed_at: null, signature_meaning: null }
        : {}),
    };
    const record = await writeRecord(open, values, now);
    const recordId = Number(record.id);
    const version = Number(record.version);
    await writeItemChanges(
      db,
      { id: recordId, siteId: participant.siteId, participantId: participant.id },
      changes,
      version,
    );

    const key = openPersonalKey(ctx, participant.dataKeyId, participant.sealedKey);
    const about = { siteId: participant.siteId, entity: 'form_record', entityId: recordId };
    const what = { form: form.definition.id, formVersion: record.form_version, slot: open.slot.slot, version };
    // A form started empty is a change too: the record exists from now on.
    if (entered.length > 0 || open.record === undefined) {
      await auditPersonal(ctx, open.trx, key, {
        ...about,
        action: open.record === undefined ? 'form.started' : 'form.saved',
        before: open.record === undefined ? undefined : { ...what, items: changePayload(open, entered, 'before') },
        after: { ...what, status: outcome.status, items: changePayload(open, entered, 'after') },
        reason: input.reason ?? null,
      });
    }
    if (calculated.length > 0) {
      await auditPersonal(systemContext(ctx), open.trx, key, {
        ...about,
        action: 'form.calculated',
        before: { ...what, items: changePayload(open, calculated, 'before') },
        after: { ...what, items: changePayload(open, calculated, 'after') },
      });
    }
    if (outcome.voidsVerification || outcome.voidsSignature) {
      await auditPersonal(ctx, open.trx, key, {
        ...about,
        action: outcome.voidsSignature ? 'form.signature_voided' : 'form.verification_voided',
        before: { ...what, status: current },
        after: { ...what, status: outcome.status },
        reason: input.reason ?? null,
      });
    }
    const softBefore = open.record === undefined ? 0 : Number(open.record.soft_findings);
    await syncAutoQueries(ctx, open, record, soft, softBefore, key);
    const none = open.record === undefined && soft.length === 0 ? [] : undefined;
    return recordView(ctx, open, record, kept, locks, none);
  });
}

async function writeRecord(
  open: OpenForm,
  values: Omit<Partial<FormRecordRow>, 'id' | 'version'>,
  now: string,
): Promise<FormRecordRow> {
  const { db, participant, form } = open;
  if (open.record !== undefined) {
    return db
      .updateTable('form_records')
      .set(values)
      .where('id', '=', Number(open.record.id))
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const created = await db
    .insertInto('form_records', [
      {
        site_id: participant.siteId,
        participant_id: participant.id,
        form_id: form.definition.id,
        form_version: form.definition.version,
        slot: open.slot.slot,
        status: 'in_progress',
        missing_required: 0,
        hard_findings: 0,
        soft_findings: 0,
        quality_json: '{}',
        created_at: now,
        updated_at: now,
        version: 1,
        ...values,
      },
    ])
    .onConflict((conflict) => conflict.columns(['participant_id', 'form_id', 'slot']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (created !== undefined) return created;
  // A first save of the same form committed while this one was being worked out: it won.
  const winner = (await findRecord(db, participant.id, form.definition.id, open.slot.slot))!;
  return refuseStale(db, winner, 0, Number(winner.version));
}

import { AppError, InputError } from '../../core/errors.ts';
import { callerName, callerUserId, type CallContext } from '../../kernel/context.ts';
import { auditPersonal, openPersonalKey } from '../../kernel/personal-keys.ts';
import { verifySignerPassword } from '../auth/public.ts';
import type { FormRecordView } from './contract.ts';
import { refuseUnlessOpen } from './locks.ts';
import { crfMessages } from './messages.ts';
import { withForm, type FormAddress } from './open.ts';
import { storedItemsOf } from './repo.ts';
import { checkCompletable, checkTransition, isRecordStatus, type Transition } from './status-rules.ts';
import { qualityOf, recordView } from './view.ts';

/** What an investigator's signature means, stored with it (21 CFR Part 11 § 11.50: the meaning of a signature). */
export const signatureMeaning = 'Approval: I confirm that the data of this form are complete and accurate';

const actions: Record<Transition, 'participant.write' | 'form.verify' | 'form.sign'> = {
  complete: 'participant.write',
  verify: 'form.verify',
  sign: 'form.sign',
};

/**
 * Moves a form on: complete (every required item has an entry), source-verified (a monitor), signed (an
 * investigator who enters the password again). The record is claimed with the version the caller read: one
 * winner, and a stale request is told what changed.
 */
export function moveForm(
  ctx: CallContext,
  address: FormAddress,
  transition: Transition,
  input: { version: number; password?: string },
): Promise<FormRecordView> {
  return withForm(ctx, actions[transition], address, { expected: input.version }, async (open) => {
    const record = open.record;
    if (record === undefined) throw new AppError('conflict', crfMessages.notStarted());
    const locks = await refuseUnlessOpen(open);
    const current = isRecordStatus(record.status) ? record.status : 'in_progress';
    const next = checkTransition(transition, current);
    if (transition === 'complete') checkCompletable(qualityOf(record).missingRequired);
    const now = ctx.clock.now().toISOString();
    const userId = callerUserId(ctx.caller);
    if (transition === 'sign') {
      if (userId === null || !(await verifySignerPassword(open.trx, userId, input.password ?? ''))) {
        throw new InputError('password', crfMessages.wrongPassword());
      }
    }
    const updated = await open.db
      .updateTable('form_records')
      .set({
        status: next,
        ...(transition === 'verify' ? { verified_by: userId, verified_at: now } : {}),
        ...(transition === 'sign'
          ? {
              signed_by: userId,
              signed_by_name: callerName(ctx.caller),
              signed_at: now,
              signature_meaning: signatureMeaning,
            }
          : {}),
      })
      .where('id', '=', Number(record.id))
      .returningAll()
      .executeTakeFirstOrThrow();
    const key = openPersonalKey(ctx, open.participant.dataKeyId, open.participant.sealedKey);
    const what = { form: record.form_id, slot: record.slot, version: Number(updated.version) };
    await auditPersonal(ctx, open.trx, key, {
      siteId: open.participant.siteId,
      action: { complete: 'form.completed', verify: 'form.verified', sign: 'form.signed' }[transition],
      entity: 'form_record',
      entityId: Number(record.id),
      before: { ...what, status: current },
      after: {
        ...what,
        status: next,
        ...(transition === 'sign' ? { meaning: signatureMeaning, signer: callerName(ctx.caller) } : {}),
      },
    });
    return recordView(ctx, open, updated, await storedItemsOf(open.db, Number(record.id)), locks);
  });
}

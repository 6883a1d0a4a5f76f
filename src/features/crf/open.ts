import { AppError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import type { Action } from '../../core/permissions.ts';
import { nextVersion } from '../../db/claim.ts';
import type { CompiledForm } from '../../ecrf/compile.ts';
import { compiledForm } from '../../ecrf/study.ts';
import { inTransaction, type CallContext, type Trx } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { protocolVersion, type StudyProtocol } from '../../protocol/study.ts';
import { crfMessages } from './messages.ts';
import { changedSince, findParticipant, findRecord, type FormParticipant, type FormRecordRow } from './repo.ts';
import { slotOf, type Slot } from './slots.ts';

export interface FormAddress {
  participantId: number;
  form: string;
  slot: string;
}

/** One form of one participant, opened in a transaction on the caller's sites for an action. */
export interface OpenForm {
  trx: Trx;
  db: StudyDb;
  participant: FormParticipant;
  protocol: StudyProtocol;
  slot: Slot;
  /** undefined: not started. */
  record: FormRecordRow | undefined;
  form: CompiledForm;
}

/**
 * Opens a form. With a change, an existing record is claimed (its version bumped and its row locked until the
 * transaction ends: concurrent changes of one form run one after the other) and `expected` is the version the
 * caller read: another one is a conflict naming what changed since. A record that does not exist yet is created
 * by the save (`createRecord`), where the unique slot gives two first saves one winner.
 */
export function withForm<T>(
  ctx: CallContext,
  action: Action,
  address: FormAddress,
  change: { expected: number } | undefined,
  work: (open: OpenForm) => Promise<T>,
): Promise<T> {
  const scope = scopeFor(ctx, action);
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const participant = await findParticipant(db, address.participantId);
    if (participant === undefined) throw notFound('participant', address.participantId);
    const protocol = protocolVersion(ctx.study, participant.protocolVersion);
    const slot = slotOf(protocol, address.form, address.slot);
    let record: FormRecordRow | undefined;
    if (change === undefined) {
      record = await findRecord(db, participant.id, address.form, address.slot);
    } else {
      record = await claimRecord(db, address);
      if (record !== undefined) {
        const read = Number(record.version) - 1;
        if (read !== change.expected) await refuseStale(db, record, change.expected, read);
      } else if (change.expected !== 0) {
        await refuseStale(db, undefined, change.expected, 0);
      }
    }
    const form = compiledForm(ctx.study, participant.protocolVersion, address.form, record?.form_version);
    if (form === undefined) {
      throw new Error(
        `form ${address.form}@${record?.form_version ?? '(current)'} is not defined by any protocol version`,
      );
    }
    return work({ trx, db, participant, protocol, slot, record, form });
  });
}

/** Bumps the record's version and reads it, in one statement (the row stays locked until commit). */
function claimRecord(db: StudyDb, address: FormAddress): Promise<FormRecordRow | undefined> {
  return db
    .updateTable('form_records')
    .set(nextVersion)
    .where('participant_id', '=', address.participantId)
    .where('form_id', '=', address.form)
    .where('slot', '=', address.slot)
    .returningAll()
    .executeTakeFirst();
}

/** A change made on version `expected` of a record that is now at `current`: 409, naming what changed since. */
export async function refuseStale(
  db: StudyDb,
  record: FormRecordRow | undefined,
  expected: number,
  current: number,
): Promise<never> {
  const changed = record === undefined ? [] : await changedSince(db, Number(record.id), expected);
  const names = changed.map((c) => c.itemId + (c.row > 0 ? `[${c.row}]` : ''));
  const what = names.length === 0 ? 'its status' : names.slice(0, 20).join(', ') + (names.length > 20 ? ' …' : '');
  throw new AppError('conflict', crfMessages.stale({ version: current, changed: what }));
}

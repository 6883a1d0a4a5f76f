import { AppError, InputError } from '../../core/errors.ts';
import { callerName, callerUserId, type CallContext, type Trx } from '../../kernel/context.ts';
import { auditPersonal, type PersonalKey } from '../../kernel/personal-keys.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import { checkConsent, type CheckedConsent } from '../../protocol/consent-rules.ts';
import { localDate } from '../../protocol/visit-status.ts';
import { requestDestruction } from '../destruction/public.ts';
import { participantMessages } from '../participants/messages.ts';
import { changeParticipant, toConsentView, type ParticipantDetail } from '../participants/public.ts';
import type { ConsentCreate } from './contract.ts';
import { consentMessages } from './messages.ts';

export function recordConsent(
  ctx: CallContext,
  participantId: number,
  input: ConsentCreate,
): Promise<ParticipantDetail> {
  return changeParticipant(ctx, participantId, async ({ trx, db, ...open }) => {
    const left = open.record.participant.follow_up_stop_reason;
    if (left !== null) {
      throw new AppError('conflict', consentMessages.leftStudy({ studyId: open.detail.studyId, reason: left }));
    }
    const checked = checkConsent(open.protocol, input, localDate(ctx.clock.now().toISOString(), open.site.timeZone));
    const admissionDay = localDate(open.record.participant.icu_admission_at, open.site.timeZone);
    if (checked.date < admissionDay) {
      throw new InputError('date', participantMessages.beforeAdmission({ date: admissionDay }));
    }
    const target = { key: open.key, participantId, siteId: open.site.id };
    await insertConsent(ctx, trx, db, target, checked, input);
    if (checked.decision === 'refused') {
      await db
        .updateTable('participants')
        .set({ follow_up_stopped_on: checked.date, follow_up_stop_reason: 'consent_refused' })
        .where('id', '=', participantId)
        .execute();
      await requestDestruction(ctx, trx, db, open.record.participant, {
        reason: 'consent_refused',
        destroyData: true,
        destroySamples: true,
      });
    }
  });
}

/** Stores a checked consent record and audits it (sealed with the participant's data key). */
export async function insertConsent(
  ctx: CallContext,
  trx: Trx,
  db: StudyDb,
  open: { key: PersonalKey; participantId: number; siteId: number },
  checked: CheckedConsent,
  input: Pick<ConsentCreate, 'obtainedBy' | 'note'>,
): Promise<void> {
  const row = await db
    .insertInto('consents', [
      {
        site_id: open.siteId,
        participant_id: open.participantId,
        type: checked.type,
        decision: checked.decision,
        decided_on: checked.date,
        due_on: checked.dueOn,
        information_letter_version: checked.informationLetterVersion,
        optional_json: JSON.stringify(checked.optionalItems),
        obtained_by: input.obtainedBy ?? callerName(ctx.caller),
        note: input.note ?? null,
        recorded_by: callerUserId(ctx.caller),
        recorded_at: ctx.clock.now().toISOString(),
      },
    ])
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditPersonal(ctx, trx, open.key, {
    siteId: open.siteId,
    action: checked.decision === 'refused' ? 'consent.refused' : 'consent.recorded',
    entity: 'participant',
    entityId: open.participantId,
    after: toConsentView(row),
  });
}

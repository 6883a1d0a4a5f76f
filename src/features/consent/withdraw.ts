import type { z } from 'zod';
import { AppError, InputError } from '../../core/errors.ts';
import type { CallContext } from '../../kernel/context.ts';
import { auditPersonal } from '../../kernel/personal-keys.ts';
import { localDate } from '../../protocol/visit-status.ts';
import { requestDestruction } from '../destruction/public.ts';
import { participantMessages } from '../participants/messages.ts';
import { changeParticipant, type ParticipantDetail } from '../participants/public.ts';
import type { withdrawalCreate } from './contract.ts';
import { consentMessages } from './messages.ts';

/**
 * Withdrawal at the participant's (or representative's) request: follow-up stops from the date; a scope that
 * destroys samples or data opens a destruction request for an investigator to approve.
 */
export function withdraw(
  ctx: CallContext,
  participantId: number,
  input: z.infer<typeof withdrawalCreate>,
): Promise<ParticipantDetail> {
  return changeParticipant(ctx, participantId, async ({ trx, db, ...open }) => {
    const { withdrawal } = open.protocol;
    const chosen = withdrawal.scopes.find((s) => s.code === input.scope);
    if (chosen === undefined) {
      const scopes = withdrawal.scopes.map((s) => s.code).join(', ');
      throw new InputError('scope', consentMessages.unknownScope({ scopes }));
    }
    if (!withdrawal.requesters.some((r) => r.code === input.requestedBy)) {
      const requesters = withdrawal.requesters.map((r) => r.code).join(', ');
      throw new InputError('requestedBy', consentMessages.unknownRequester({ requesters }));
    }
    if (open.record.participant.follow_up_stop_reason === 'withdrawn') {
      throw new AppError('conflict', consentMessages.withdrawnAlready({ studyId: open.detail.studyId }));
    }
    const today = localDate(ctx.clock.now().toISOString(), open.site.timeZone);
    const admitted = localDate(open.record.participant.icu_admission_at, open.site.timeZone);
    if (input.date > today) throw new InputError('date', participantMessages.afterToday({ today }));
    if (input.date < admitted) throw new InputError('date', participantMessages.beforeAdmission({ date: admitted }));
    const enrolledOn = localDate(open.record.participant.enrolled_at, open.site.timeZone);
    if (input.date < enrolledOn) throw new InputError('date', consentMessages.beforeEnrollment({ date: enrolledOn }));
    const record = {
      date: input.date,
      requestedBy: input.requestedBy,
      scope: chosen.code,
      reason: input.reason ?? null,
    };
    await db
      .updateTable('participants')
      .set({
        follow_up_stopped_on: input.date,
        follow_up_stop_reason: 'withdrawn',
        withdrawal_json: JSON.stringify(record),
      })
      .where('id', '=', participantId)
      .execute();
    if (chosen.destroyData || chosen.destroySamples) {
      await requestDestruction(ctx, trx, db, open.record.participant, {
        reason: 'withdrawal',
        destroyData: chosen.destroyData,
        destroySamples: chosen.destroySamples,
      });
    }
    await auditPersonal(ctx, trx, open.key, {
      siteId: open.site.id,
      action: 'participant.withdrawn',
      entity: 'participant',
      entityId: participantId,
      after: record,
    });
  });
}

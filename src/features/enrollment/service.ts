import type { z } from 'zod';
import { AppError, InputError, withinPart } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { callerUserId, inTransaction, type CallContext } from '../../kernel/context.ts';
import { auditPersonal, personalKey } from '../../kernel/personal-keys.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { hospitalNumberHash } from '../../kernel/site-secret.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { checkConsent } from '../../protocol/consent-rules.ts';
import { formatStudyId, protocolVersion } from '../../protocol/study.ts';
import { localDate } from '../../protocol/visit-status.ts';
import { insertConsent } from '../consent/public.ts';
import { reloadDetail, writeIdentity, type ParticipantDetail } from '../participants/public.ts';
import { enrollableOutcomes, type ScreeningOutcome } from '../screening/contract.ts';
import { screeningOf } from '../screening/public.ts';
import { siteOf } from '../sites/public.ts';
import type { enrollment } from './contract.ts';
import { enrollmentMessages } from './messages.ts';

/**
 * Enrolls an eligible screened patient: a study id of the site (never reused), the sealed identity, the
 * first consent record (given, or deferred). The same hospital number cannot be enrolled twice at a site.
 */
export async function enroll(
  ctx: CallContext,
  screeningId: number,
  input: z.infer<typeof enrollment>,
): Promise<ParticipantDetail> {
  const scope = scopeFor(ctx, 'participant.write');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    if (!(await db.claim('screenings', screeningId))) throw notFound('screening', screeningId);
    const screening = await screeningOf(db, screeningId);
    const siteId = Number(screening.site_id);
    const site = await siteOf(trx, siteId);
    if (screening.eligible !== 1) throw new AppError('conflict', enrollmentMessages.notEligible());
    const { icu_admission_at: admittedAt, data_key_id: dataKeyId } = screening;
    const outcome = screening.outcome as ScreeningOutcome;
    if (!enrollableOutcomes.includes(outcome) || admittedAt === null || dataKeyId === null) {
      throw new AppError('conflict', enrollmentMessages.notEnrollable({ outcome: screening.outcome }));
    }
    const protocol = protocolVersion(ctx.study, screening.protocol_version);
    const today = localDate(ctx.clock.now().toISOString(), site.timeZone);
    const consent = withinPart('consent', () => checkConsent(protocol, input.consent, today));
    if (consent.decision === 'refused') throw new InputError('consent.decision', enrollmentMessages.consentRefused());
    if (consent.date < localDate(admittedAt, site.timeZone)) {
      throw new InputError('consent.date', enrollmentMessages.beforeAdmission());
    }

    const hash = await hospitalNumberHash(ctx, db, siteId, input.identity.hospitalNumber);
    if (screening.hospital_number_hash !== null && screening.hospital_number_hash !== hash) {
      throw new InputError('identity.hospitalNumber', enrollmentMessages.otherHospitalNumber());
    }
    await refuseSecondEnrollment(db, siteId, hash);

    const number = await nextParticipantNumber(db, siteId);
    const studyId = formatStudyId(protocol.studyIdFormat, site.code, number);
    const now = ctx.clock.now().toISOString();
    const inserted = await db
      .insertInto('participants', [
        {
          site_id: siteId,
          study_id: studyId,
          screening_id: screeningId,
          data_key_id: Number(dataKeyId),
          protocol_version: protocol.version,
          icu_admission_at: admittedAt,
          consent_route: consent.kind === 'deferral' ? 'deferred' : 'prior',
          enrolled_at: now,
          enrolled_by: callerUserId(ctx.caller),
          follow_up_stopped_on: null,
          follow_up_stop_reason: null,
          withdrawal_json: null,
        },
      ])
      .returning('id')
      .executeTakeFirstOrThrow();
    const participantId = Number(inserted.id);
    await db
      .updateTable('screenings')
      .set({ outcome: 'enrolled', hospital_number_hash: hash, updated_at: now })
      .where('id', '=', screeningId)
      .execute();
    const key = await personalKey(ctx, db, Number(dataKeyId));
    await writeIdentity(ctx, trx, db, { participantId, siteId, key }, input.identity, now);
    await insertConsent(ctx, trx, db, { key, participantId, siteId }, consent, input.consent);
    const detail = await reloadDetail(ctx, trx, db, participantId);
    await auditPersonal(ctx, trx, key, {
      siteId,
      action: 'participant.enrolled',
      entity: 'participant',
      entityId: participantId,
      after: { studyId, screeningId, protocolVersion: protocol.version, consentRoute: detail.consentRoute },
    });
    return detail;
  });
}

async function refuseSecondEnrollment(db: StudyDb, siteId: number, hash: string): Promise<void> {
  const enrolled = await db
    .selectFrom('screenings')
    .innerJoin('participants', 'participants.screening_id', 'screenings.id')
    .select('participants.study_id')
    .where('screenings.site_id', '=', siteId)
    .where('screenings.hospital_number_hash', '=', hash)
    .executeTakeFirst();
  if (enrolled !== undefined) {
    throw new AppError('conflict', enrollmentMessages.enrolledAlready({ studyId: enrolled.study_id }), {
      field: 'identity.hospitalNumber',
    });
  }
}

/** The site's next participant number: one atomic increment, so concurrent enrollments never share one. */
async function nextParticipantNumber(db: StudyDb, siteId: number): Promise<number> {
  await db
    .insertInto('study_id_counters', [{ site_id: siteId, last_number: 0 }])
    .onConflict((oc) => oc.column('site_id').doNothing())
    .execute();
  const row = await db
    .updateTable('study_id_counters')
    .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
    .where('site_id', '=', siteId)
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

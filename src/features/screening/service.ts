import { DateTime } from 'luxon';
import type { z } from 'zod';
import { assessEligibility } from '../../clinical/eligibility.ts';
import { scoreSofa2Input } from '../../clinical/sofa/sofa2.ts';
import { AppError, InputError, withinPart } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { localDate } from '../../protocol/visit-status.ts';
import { inTransaction, type CallContext } from '../../kernel/context.ts';
import { auditPersonal, createPersonalKey, personalKey } from '../../kernel/personal-keys.ts';
import { requireAtSite, scopeFor } from '../../kernel/scope.ts';
import { hospitalNumberHash } from '../../kernel/site-secret.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { siteOf } from '../sites/public.ts';
import {
  nextOutcomes,
  type ScreeningCreate,
  type screeningCreated,
  type screeningOutcomeUpdate,
  type screeningQuery,
  type ScreeningView,
} from './contract.ts';
import { screeningMessages } from './messages.ts';
import { screeningOf, selectScreenings, toScreeningView } from './repo.ts';

export async function createScreening(
  ctx: CallContext,
  siteId: number,
  input: ScreeningCreate,
): Promise<z.infer<typeof screeningCreated>> {
  const scope = requireAtSite(ctx, 'participant.write', siteId);
  const site = await siteOf(ctx.database.kysely, siteId);
  const protocol = ctx.study.current;
  const today = localDate(ctx.clock.now().toISOString(), site.timeZone);
  const admissionDay = localDate(input.icuAdmissionAt, site.timeZone);
  if (DateTime.fromISO(input.icuAdmissionAt) > DateTime.fromJSDate(ctx.clock.now())) {
    throw new InputError('icuAdmissionAt', screeningMessages.admissionInFuture());
  }
  if (input.screenedOn > today) throw new InputError('screenedOn', screeningMessages.screenedAfterToday({ today }));
  if (input.screenedOn < admissionDay) {
    throw new InputError('screenedOn', screeningMessages.screenedBeforeAdmission({ date: admissionDay }));
  }
  if (input.sofa2 != null && input.eligibility.sofa2Total != null) {
    throw new InputError('eligibility.sofa2Total', screeningMessages.sofaTwice());
  }
  const sofa2 = input.sofa2 == null ? null : withinPart('sofa2', () => scoreSofa2Input(input.sofa2));
  const eligibilityInput = { ...input.eligibility, ...(sofa2 === null ? {} : { sofa2Total: sofa2.total }) };
  const result = withinPart('eligibility', () => assessEligibility(eligibilityInput, protocol.eligibility));

  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const hash = input.hospitalNumber == null ? null : await hospitalNumberHash(ctx, db, siteId, input.hospitalNumber);
    const earlier =
      hash === null
        ? []
        : await selectScreenings(db)
            .where('screenings.site_id', '=', siteId)
            .where('screenings.hospital_number_hash', '=', hash)
            .orderBy('screenings.id', 'desc')
            .execute();
    const key = await createPersonalKey(ctx, db, siteId);
    const now = ctx.clock.now().toISOString();
    const inserted = await db
      .insertInto('screenings', [
        {
          site_id: siteId,
          data_key_id: key.id,
          protocol_version: protocol.version,
          screened_on: input.screenedOn,
          icu_admission_at: DateTime.fromISO(input.icuAdmissionAt).toUTC().toISO() ?? input.icuAdmissionAt,
          setting: input.setting,
          sex: input.sex ?? null,
          eligibility_input_json: JSON.stringify(eligibilityInput),
          sofa2_source: sofa2 === null ? 'entered' : 'computed',
          sofa2_json: input.sofa2 == null ? null : JSON.stringify(input.sofa2),
          eligible: result.eligible ? 1 : 0,
          inclusion_failed_json: JSON.stringify(result.inclusionFailed),
          exclusions_met_json: JSON.stringify(result.exclusionsMet),
          notes_json: JSON.stringify(result.notes),
          outcome: result.eligible ? 'eligible' : 'not_eligible',
          outcome_reason: null,
          hospital_number_hash: hash,
          previous_screening_id: earlier[0] === undefined ? null : Number(earlier[0].id),
          created_at: now,
          created_by: ctx.caller.kind === 'user' ? ctx.caller.userId : null,
          updated_at: now,
        },
      ])
      .returning('id')
      .executeTakeFirstOrThrow();
    const screening = toScreeningView(await screeningOf(db, Number(inserted.id)));
    await auditPersonal(ctx, trx, key, {
      siteId,
      action: 'screening.created',
      entity: 'screening',
      entityId: screening.id,
      after: screening,
    });
    const earlierScreenings = earlier.map((e) => ({
      id: Number(e.id),
      screenedOn: e.screened_on,
      outcome: toScreeningView(e).outcome,
      studyId: e.study_id,
    }));
    return { screening, earlierScreenings };
  });
}

export async function listScreenings(
  ctx: CallContext,
  siteId: number,
  query: z.infer<typeof screeningQuery>,
): Promise<ScreeningView[]> {
  const scope = requireAtSite(ctx, 'participant.read', siteId);
  let q = selectScreenings(studyDb(ctx.database.kysely, scope)).where('screenings.site_id', '=', siteId);
  if (query.outcome !== undefined) q = q.where('screenings.outcome', '=', query.outcome);
  if (query.eligible !== undefined) q = q.where('screenings.eligible', '=', query.eligible === 'true' ? 1 : 0);
  if (query.from !== undefined) q = q.where('screenings.screened_on', '>=', query.from);
  if (query.to !== undefined) q = q.where('screenings.screened_on', '<=', query.to);
  const rows = await q.orderBy('screenings.screened_on', 'desc').orderBy('screenings.id', 'desc').execute();
  return rows.map(toScreeningView);
}

export async function getScreening(ctx: CallContext, screeningId: number): Promise<ScreeningView> {
  return toScreeningView(
    await screeningOf(studyDb(ctx.database.kysely, scopeFor(ctx, 'participant.read')), screeningId),
  );
}

export async function setScreeningOutcome(
  ctx: CallContext,
  screeningId: number,
  input: z.infer<typeof screeningOutcomeUpdate>,
): Promise<ScreeningView> {
  const scope = scopeFor(ctx, 'participant.write');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    if (!(await db.claim('screenings', screeningId))) throw notFound('screening', screeningId);
    const row = await screeningOf(db, screeningId);
    const before = toScreeningView(row);
    if (!(nextOutcomes[before.outcome] ?? []).includes(input.outcome)) {
      const message = screeningMessages.outcomeNotAllowed({ from: before.outcome, to: input.outcome });
      throw new AppError('conflict', message, { field: 'outcome' });
    }
    const reason = input.reason ?? null;
    if (input.outcome !== 'approached' && reason === null) {
      throw new InputError(
        'reason',
        input.outcome === 'declined' ? screeningMessages.reasonNotEnrolled() : screeningMessages.reasonNotApproached(),
      );
    }
    await db
      .updateTable('screenings')
      .set({ outcome: input.outcome, outcome_reason: reason, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', screeningId)
      .execute();
    const after = { ...before, outcome: input.outcome, outcomeReason: reason };
    const key = await personalKey(ctx, db, Number(row.data_key_id));
    await auditPersonal(ctx, trx, key, {
      siteId: before.siteId,
      action: 'screening.outcome_changed',
      entity: 'screening',
      entityId: screeningId,
      before: { outcome: before.outcome, outcomeReason: before.outcomeReason },
      after: { outcome: after.outcome, outcomeReason: after.outcomeReason },
    });
    return after;
  });
}

import type { Kysely } from 'kysely';
import { AppError, InputError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import type { Tables } from '../../db/tables.ts';
import { callerUserId, inTransaction, type AppContext, type CallContext } from '../../kernel/context.ts';
import { auditPersonal, personalKey } from '../../kernel/personal-keys.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import type { TubeCount } from '../../protocol/samples.ts';
import { protocolVersion } from '../../protocol/study.ts';
import { freshBarcodes } from './barcodes.ts';
import { sampleMessages } from './messages.ts';
import { checkProcessing } from './processing-rules.ts';
import { everySite } from './reach.ts';
import { barcodesInUse, recordCustody, selectAliquots, siteNames, tubeColumns, type CustodyEvent } from './repo.ts';
import type { ParticipantSamples, SampleProcessing } from './schemas.ts';
import { toAliquotView, toTubeView } from './views.ts';

/** The participant's tubes and aliquots per visit (those shipped to other sites too). */
export function participantSamples(ctx: CallContext, participantId: number): Promise<ParticipantSamples> {
  const scope = scopeFor(ctx, 'participant.read');
  const handle = ctx.database.kysely;
  return samplesView(ctx, handle, studyDb(handle, scope), participantId);
}

/**
 * Receives and processes tubes drawn at a visit: each tube (a type the visit drew, no more than it recorded) with
 * its times, centrifugation and the aliquots made from it, barcodes made where none is given. The delay from
 * draw to processing is flagged per aliquot past its sample type's limit. The participant is claimed first, so
 * concurrent requests for one participant count each other's tubes; all in one transaction, one audit entry.
 */
export function processVisitSamples(
  ctx: CallContext,
  participantId: number,
  visit: string,
  input: SampleProcessing,
): Promise<ParticipantSamples> {
  const scope = scopeFor(ctx, 'sample.write');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    if (!(await db.claim('participants', participantId))) throw notFound('participant', participantId);
    const participant = await findParticipant(db, participantId);
    if (participant === undefined) throw notFound('participant', participantId);
    const siteId = Number(participant.site_id);
    const protocol = protocolVersion(ctx.study, participant.protocol_version);
    if (!protocol.visits.visits.some((v) => v.code === visit)) {
      const visits = protocol.visits.visits.map((v) => v.code).join(', ');
      throw new InputError('visit', sampleMessages.unknownVisit({ visits }));
    }
    if (await samplesToBeDestroyed(db, participantId)) {
      throw new AppError('conflict', sampleMessages.samplesToBeDestroyed());
    }
    const record = await db
      .selectFrom('visit_records')
      .select(['outcome', 'blood_drawn', 'tubes_json'])
      .where('participant_id', '=', participantId)
      .where('visit_code', '=', visit)
      .executeTakeFirst();
    if (record?.outcome !== 'done' || Number(record.blood_drawn) !== 1) {
      throw new AppError('conflict', sampleMessages.noBloodDrawn({ visit }), { field: 'visit' });
    }
    const counts = await db
      .selectFrom('tubes')
      .select(['tube_type', (eb) => eb.fn.countAll().as('n')])
      .where('participant_id', '=', participantId)
      .where('visit_code', '=', visit)
      .groupBy('tube_type')
      .execute();
    const now = ctx.clock.now().toISOString();
    const tubes = checkProcessing(input, {
      plan: protocol.samplePlan,
      visit,
      drawn: JSON.parse(record.tubes_json ?? '[]') as TubeCount[],
      processedBefore: Object.fromEntries(counts.map((c) => [c.tube_type, Number(c.n)])),
      now,
    });

    // Barcodes are unique across the study: those given are checked everywhere, new ones avoid them too.
    const everywhere = everySite(trx, 'sample.write');
    const given = tubes.flatMap((t) => (t.barcode === null ? [] : [t.barcode]));
    const inUse = await barcodesInUse(everywhere, given);
    const clash = tubes.findIndex((t) => t.barcode !== null && inUse.has(t.barcode));
    if (clash !== -1) {
      const barcode = tubes[clash]!.barcode!;
      throw new AppError('conflict', sampleMessages.barcodeTaken({ barcode }), { field: `tubes.${clash}.barcode` });
    }
    const taken = async (candidates: string[]) => {
      const used = await barcodesInUse(everywhere, candidates);
      for (const candidate of candidates) if (given.includes(candidate)) used.add(candidate);
      return used;
    };
    const tubeCodes = await freshBarcodes('tube', tubes.filter((t) => t.barcode === null).length, taken, ctx.random);
    const aliquotTotal = tubes.flatMap((t) => t.aliquots).reduce((n, a) => n + a.count, 0);
    const aliquotCodes = await freshBarcodes('aliquot', aliquotTotal, taken, ctx.random);

    const location = (await siteNames(trx, [siteId])).get(siteId) ?? null;
    const byUser = callerUserId(ctx.caller);
    const custody: CustodyEvent[] = [];
    const audited = [];
    for (const tube of tubes) {
      const barcode = tube.barcode ?? tubeCodes.shift()!;
      const inserted = await db
        .insertInto('tubes', [
          {
            site_id: siteId,
            participant_id: participantId,
            visit_code: visit,
            tube_type: tube.tubeType,
            barcode,
            drawn_at: tube.drawnAt,
            received_at: tube.receivedAt,
            processed_at: tube.processedAt,
            centrifuge_json: tube.centrifugation === null ? null : JSON.stringify(tube.centrifugation),
            delay_minutes: tube.delayMinutes,
            delay_exceeded: tube.delayExceeded ? 1 : 0,
            status: 'processed',
            recorded_by: byUser,
            recorded_at: now,
          },
        ])
        .returning('id')
        .executeTakeFirstOrThrow();
      const tubeId = Number(inserted.id);
      const made = tube.aliquots.flatMap((a) =>
        Array.from({ length: a.count }, () => ({ ...a, barcode: aliquotCodes.shift()! })),
      );
      if (made.length > 0) {
        await db
          .insertInto(
            'aliquots',
            made.map((a) => ({
              site_id: siteId,
              participant_id: participantId,
              tube_id: tubeId,
              visit_code: visit,
              sample_type: a.sampleType,
              volume_ul: a.volumeUl,
              barcode: a.barcode,
              status: 'unplaced',
              freeze_thaw_count: 0,
              created_by: byUser,
              created_at: now,
            })),
          )
          .execute();
      }
      const ids = await db.selectFrom('aliquots').select(['id', 'barcode']).where('tube_id', '=', tubeId).execute();
      const event = { site_id: siteId, participant_id: participantId, tube_id: tubeId, location };
      custody.push(
        { ...event, event: 'drawn', at: tube.drawnAt, details: { visit } },
        { ...event, event: 'received', at: tube.receivedAt },
        {
          ...event,
          event: 'processed',
          at: tube.processedAt,
          details: { delayMinutes: tube.delayMinutes, centrifugation: tube.centrifugation },
        },
        ...ids.map((a) => ({ ...event, aliquot_id: Number(a.id), event: 'aliquoted', at: tube.processedAt })),
      );
      audited.push({
        barcode,
        tubeType: tube.tubeType,
        drawnAt: tube.drawnAt,
        receivedAt: tube.receivedAt,
        processedAt: tube.processedAt,
        centrifugation: tube.centrifugation,
        delayMinutes: tube.delayMinutes,
        delayExceeded: tube.delayExceeded,
        aliquots: made.map((a) => ({ barcode: a.barcode, sampleType: a.sampleType, volumeUl: a.volumeUl })),
      });
    }
    await recordCustody(ctx, db, custody);
    await auditPersonal(ctx, trx, await personalKey(ctx, db, Number(participant.data_key_id)), {
      siteId,
      action: 'samples.processed',
      entity: 'participant',
      entityId: participantId,
      after: { visit, tubes: audited },
    });
    return samplesView(ctx, trx, db, participantId);
  });
}

function findParticipant(db: StudyDb, participantId: number) {
  return db
    .selectFrom('participants')
    .select(['id', 'site_id', 'study_id', 'protocol_version', 'data_key_id'])
    .where('id', '=', participantId)
    .executeTakeFirst();
}

/** A destruction of the participant's samples is pending or carried out. */
async function samplesToBeDestroyed(db: StudyDb, participantId: number): Promise<boolean> {
  const row = await db
    .selectFrom('destructions')
    .select('id')
    .where('participant_id', '=', participantId)
    .where('destroy_samples', '=', 1)
    .where('status', 'in', ['pending', 'carried_out'])
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The participant (found at the caller's sites: else not found) with their tubes and aliquots wherever these
 * are now, by visit in the protocol's order.
 */
async function samplesView(
  ctx: AppContext,
  handle: Kysely<Tables>,
  db: StudyDb,
  participantId: number,
): Promise<ParticipantSamples> {
  const participant = await findParticipant(db, participantId);
  if (participant === undefined) throw notFound('participant', participantId);
  const everywhere = everySite(handle, 'participant.read');
  const [tubes, aliquots, destroying] = await Promise.all([
    everywhere
      .selectFrom('tubes')
      .select(tubeColumns)
      .where('participant_id', '=', participantId)
      .orderBy('id')
      .execute(),
    selectAliquots(everywhere).where('aliquots.participant_id', '=', participantId).orderBy('aliquots.id').execute(),
    samplesToBeDestroyed(db, participantId),
  ]);
  const aliquotViews = aliquots.map((row) => toAliquotView(row, ctx.study));
  const protocol = protocolVersion(ctx.study, participant.protocol_version);
  const order = protocol.visits.visits.map((v) => v.code);
  const visits = [...new Set(tubes.map((t) => t.visit_code))].sort(
    (a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return {
    participantId,
    studyId: participant.study_id,
    siteId: Number(participant.site_id),
    toBeDestroyed: destroying,
    visits: visits.map((visit) => ({
      visit,
      tubes: tubes
        .filter((t) => t.visit_code === visit)
        .map((t) =>
          toTubeView(
            t,
            aliquotViews.filter((a) => a.tubeId === Number(t.id)),
          ),
        ),
    })),
  };
}

function rank(order: readonly string[], visit: string): number {
  const index = order.indexOf(visit);
  return index === -1 ? order.length : index;
}

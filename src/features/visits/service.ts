import { InputError } from '../../core/errors.ts';
import { callerUserId, type CallContext } from '../../kernel/context.ts';
import { auditPersonal } from '../../kernel/personal-keys.ts';
import { anchorsOf } from '../../protocol/anchors.ts';
import { computeSchedule } from '../../protocol/schedule.ts';
import { isInWindow } from '../../protocol/visit-status.ts';
import { anchorRecords, changeParticipant, type ParticipantDetail } from '../participants/public.ts';
import type { VisitRecordCreate } from './contract.ts';
import { visitMessages } from './messages.ts';
import { checkDone, checkMissed } from './record-rules.ts';

/**
 * Records a visit as done or missed. Done: when (not in the future, not before admission, not after follow-up
 * stopped), blood drawn or why not, the tubes (default: the protocol's plan) within the blood limit or with a
 * documented deviation. Done outside the window is kept, with a protocol deviation. A change to a recorded
 * visit needs a reason; its deviations are worked out again.
 */
export function recordVisit(
  ctx: CallContext,
  participantId: number,
  input: VisitRecordCreate,
): Promise<ParticipantDetail> {
  return changeParticipant(ctx, participantId, async ({ trx, db, ...open }) => {
    const { protocol, site, record } = open;
    const index = protocol.visits.visits.findIndex((v) => v.code === input.visit);
    const definition = protocol.visits.visits[index];
    if (definition === undefined) {
      throw new InputError(
        'visit',
        visitMessages.unknownVisit({ visits: protocol.visits.visits.map((v) => v.code).join(', ') }),
      );
    }
    const earlier = record.visits.find((v) => v.visit_code === input.visit);
    if (earlier !== undefined && input.reason == null) {
      throw new InputError('reason', visitMessages.recordedAlready({ visit: input.visit }));
    }
    const now = ctx.clock.now().toISOString();
    const participant = record.participant;
    const checked =
      input.outcome === 'done'
        ? checkDone(input, {
            protocol,
            icuAdmissionAt: participant.icu_admission_at,
            followUpStoppedOn: participant.follow_up_stopped_on,
            timeZone: site.timeZone,
            now,
          })
        : checkMissed(input);

    // The window as it stands with this record (the first visit's sample anchors the next ones).
    const records = anchorRecords(record);
    const withThis = {
      ...records,
      visits: [
        ...records.visits.filter((v) => v.visit !== input.visit),
        { visit: input.visit, outcome: input.outcome, occurredAt: checked.occurredAt },
      ],
    };
    const entry = computeSchedule(protocol.visits.visits, anchorsOf(withThis, protocol, site.timeZone))[index]!;
    const inWindow =
      checked.occurredAt === null ? null : isInWindow(definition, entry, checked.occurredAt, site.timeZone);

    const values = {
      protocol_version: protocol.version,
      outcome: input.outcome,
      occurred_at: checked.occurredAt,
      blood_drawn: checked.bloodDrawn === null ? null : checked.bloodDrawn ? 1 : 0,
      no_blood_reason: checked.noBloodReason,
      missed_reason: checked.missedReason,
      tubes_json: checked.tubes === null ? null : JSON.stringify(checked.tubes),
      blood_volume_ml: checked.volumeMl,
      in_window: inWindow === null ? null : inWindow ? 1 : 0,
      recorded_by: callerUserId(ctx.caller),
      recorded_at: now,
    };
    if (earlier === undefined) {
      await db
        .insertInto('visit_records', [
          { site_id: site.id, participant_id: participantId, visit_code: input.visit, ...values },
        ])
        .execute();
    } else {
      await db.updateTable('visit_records').set(values).where('id', '=', Number(earlier.id)).execute();
      await db
        .deleteFrom('deviations')
        .where('participant_id', '=', participantId)
        .where('visit_code', '=', input.visit)
        .execute();
    }
    const deviations: { kind: string; description: string }[] = [];
    if (inWindow === false) {
      deviations.push({
        kind: 'out_of_window',
        description: `${input.visit} done ${checked.occurredAt ?? ''}, outside its window ${entry.earliest ?? '?'} – ${entry.latest ?? '?'}`,
      });
    }
    if (checked.volumeDeviation !== null)
      deviations.push({ kind: 'blood_volume', description: checked.volumeDeviation });
    if (deviations.length > 0) {
      await db
        .insertInto(
          'deviations',
          deviations.map((d) => ({
            site_id: site.id,
            participant_id: participantId,
            visit_code: input.visit,
            ...d,
            created_at: now,
            created_by: callerUserId(ctx.caller),
          })),
        )
        .execute();
    }
    await auditPersonal(ctx, trx, open.key, {
      siteId: site.id,
      action: earlier === undefined ? 'visit.recorded' : 'visit.changed',
      entity: 'participant',
      entityId: participantId,
      before: earlier,
      after: { visit: input.visit, ...values, deviations },
      reason: input.reason ?? null,
    });
  });
}

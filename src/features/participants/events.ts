import type { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { firstMessage } from '../../core/zod-input.ts';
import { callerUserId, type CallContext } from '../../kernel/context.ts';
import { auditPersonal } from '../../kernel/personal-keys.ts';
import { anchorsOf, latestEvent, sampleTaken } from '../../protocol/anchors.ts';
import { scheduleInput } from '../../protocol/schedule.ts';
import { localDate } from '../../protocol/visit-status.ts';
import type { eventCreate, ParticipantDetail } from './contract.ts';
import { changeParticipant } from './load.ts';
import { participantMessages } from './messages.ts';
import { anchorRecords } from './view.ts';

/** Events of which a participant has one (a correction replaces it); transfers may repeat. */
const singular = new Set(['hospital_discharge', 'death', 'lost_to_follow_up']);

/**
 * Clinical events that move the schedule: hospital discharge (anchors DIS, M3, M12), death (later visits no
 * longer apply), transfer, lost to follow-up (stops follow-up from that date).
 */
export function recordEvent(
  ctx: CallContext,
  participantId: number,
  input: z.infer<typeof eventCreate>,
): Promise<ParticipantDetail> {
  return changeParticipant(ctx, participantId, async ({ trx, db, ...open }) => {
    const today = localDate(ctx.clock.now().toISOString(), open.site.timeZone);
    const admitted = localDate(open.record.participant.icu_admission_at, open.site.timeZone);
    if (input.date > today) throw new InputError('date', participantMessages.afterToday({ today }));
    if (input.date < admitted) throw new InputError('date', participantMessages.beforeAdmission({ date: admitted }));
    if (input.place != null && input.kind !== 'death')
      throw new InputError('place', participantMessages.placeForDeathOnly());
    if (input.destination != null && input.kind !== 'transfer') {
      throw new InputError('destination', participantMessages.destinationForTransferOnly());
    }
    const earlier = singular.has(input.kind) ? latestEvent(open.record.events, input.kind) : undefined;
    if (earlier !== undefined && input.reason == null) {
      throw new InputError(
        'reason',
        participantMessages.eventOnRecord({ kind: input.kind, date: earlier.occurred_on }),
      );
    }
    // The schedule's own rules decide whether the dates fit together (discharge after admission and after the
    // first sample ...); only a sample actually taken counts here, not the stand-in for a missed one.
    const records = anchorRecords(open.record);
    const anchors = { ...anchorsOf(records, open.protocol, open.site.timeZone) };
    if (!sampleTaken(records, open.protocol)) anchors.day0SampleAt = null;
    if (input.kind === 'hospital_discharge') anchors.hospitalDischarge = input.date;
    if (input.kind === 'death') anchors.death = input.date;
    const checked = scheduleInput.safeParse(anchors);
    if (!checked.success) throw new InputError('date', firstMessage(checked.error));

    const details = JSON.stringify({
      ...(input.place == null ? {} : { place: input.place }),
      ...(input.destination == null ? {} : { destination: input.destination }),
      ...(input.note == null ? {} : { note: input.note }),
    });
    const now = ctx.clock.now().toISOString();
    if (earlier !== undefined) {
      await db
        .updateTable('clinical_events')
        .set({
          occurred_on: input.date,
          details_json: details,
          recorded_by: callerUserId(ctx.caller),
          recorded_at: now,
        })
        .where('id', '=', Number(earlier.id))
        .execute();
    } else {
      await db
        .insertInto('clinical_events', [
          {
            site_id: open.site.id,
            participant_id: participantId,
            kind: input.kind,
            occurred_on: input.date,
            details_json: details,
            recorded_by: callerUserId(ctx.caller),
            recorded_at: now,
          },
        ])
        .execute();
    }
    const participant = open.record.participant;
    if (
      input.kind === 'lost_to_follow_up' &&
      (participant.follow_up_stop_reason ?? 'lost_to_follow_up') === 'lost_to_follow_up'
    ) {
      await db
        .updateTable('participants')
        .set({ follow_up_stopped_on: input.date, follow_up_stop_reason: 'lost_to_follow_up' })
        .where('id', '=', participantId)
        .execute();
    }
    await auditPersonal(ctx, trx, open.key, {
      siteId: open.site.id,
      action: earlier === undefined ? 'event.recorded' : 'event.changed',
      entity: 'participant',
      entityId: participantId,
      before:
        earlier === undefined
          ? undefined
          : { kind: earlier.kind, date: earlier.occurred_on, details: JSON.parse(earlier.details_json) as unknown },
      after: { kind: input.kind, date: input.date, details: JSON.parse(details) as unknown },
      reason: input.reason ?? null,
    });
  });
}

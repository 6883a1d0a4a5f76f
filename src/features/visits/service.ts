import { DateTime } from 'luxon';
import { AppError, invalidInput } from '../../core/errors.ts';
import { bloodVolume, type TubeCount } from '../../protocol/samples.ts';
import { computeSchedule } from '../../protocol/schedule.ts';
import { isInWindow } from '../../protocol/visit-status.ts';
import { callerUserId, type CallContext } from '../access/context.ts';
import { auditPersonal } from '../access/personal-keys.ts';
import type { ParticipantDetail } from '../participants/contract.ts';
import { changeParticipant, type OpenParticipant } from '../participants/load.ts';
import { anchorsOf } from '../participants/view.ts';
import type { VisitRecordCreate } from './contract.ts';

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
      throw invalidInput('visit', `unknown visit; one of ${protocol.visits.visits.map((v) => v.code).join(', ')}`);
    }
    const earlier = record.visits.find((v) => v.visit_code === input.visit);
    if (earlier !== undefined && input.reason == null) {
      throw invalidInput('reason', `${input.visit} is recorded already; give a reason to change it`);
    }
    const now = ctx.clock.now().toISOString();
    const checked = input.outcome === 'done' ? checkDone(input, open, now) : checkMissed(input);

    // The window as it stands with this record (the first visit's sample anchors the next ones).
    const withThis = {
      ...record,
      visits: [
        ...record.visits.filter((v) => v.visit_code !== input.visit),
        { visit_code: input.visit, outcome: input.outcome, occurred_at: checked.occurredAt },
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

interface CheckedVisit {
  occurredAt: string | null;
  bloodDrawn: boolean | null;
  noBloodReason: string | null;
  missedReason: string | null;
  tubes: TubeCount[] | null;
  volumeMl: number | null;
  volumeDeviation: string | null;
}

function checkDone(input: VisitRecordCreate, open: OpenParticipant, now: string): CheckedVisit {
  const { protocol, record, site } = open;
  if (input.missedReason != null) throw invalidInput('missedReason', 'a visit that was done has no missed reason');
  if (input.occurredAt == null) throw invalidInput('occurredAt', 'when was the visit done?');
  const at = DateTime.fromISO(input.occurredAt, { setZone: true });
  // A few minutes' grace: the time typed in comes from a ward clock, not ours.
  if (at.toMillis() > Date.parse(now) + 5 * 60_000) throw invalidInput('occurredAt', 'in the future');
  const occurredAt = at.toUTC().toISO() ?? input.occurredAt;
  if (at.toMillis() < DateTime.fromISO(record.participant.icu_admission_at).toMillis()) {
    throw invalidInput('occurredAt', 'before ICU/MC admission');
  }
  const stopped = record.participant.follow_up_stopped_on;
  if (stopped !== null && (at.setZone(site.timeZone).toISODate() ?? '') > stopped) {
    throw new AppError('conflict', `follow-up stopped on ${stopped}; no visits after that date`, {
      field: 'occurredAt',
    });
  }
  if (input.bloodDrawn == null) throw invalidInput('bloodDrawn', 'was blood drawn?');
  if (!input.bloodDrawn) {
    if (input.noBloodReason == null) throw invalidInput('noBloodReason', 'say why no blood was drawn');
    if (input.tubes != null && input.tubes.length > 0) throw invalidInput('tubes', 'no blood drawn, so no tubes');
    return {
      occurredAt,
      bloodDrawn: false,
      noBloodReason: input.noBloodReason,
      missedReason: null,
      tubes: null,
      volumeMl: null,
      volumeDeviation: null,
    };
  }
  if (input.noBloodReason != null) throw invalidInput('noBloodReason', 'blood was drawn');
  const tubes = input.tubes ?? [...(protocol.samplePlan.perVisit[input.visit] ?? [])];
  const unknown = tubes.find((t) => !protocol.samplePlan.tubes.some((type) => type.code === t.tube));
  if (unknown !== undefined) {
    throw invalidInput(
      'tubes',
      `unknown tube ${unknown.tube}; one of ${protocol.samplePlan.tubes.map((t) => t.code).join(', ')}`,
    );
  }
  if (tubes.length === 0) throw invalidInput('tubes', 'which tubes were drawn?');
  const volume = bloodVolume(protocol.samplePlan, tubes);
  let volumeDeviation: string | null = null;
  if (!volume.withinLimit) {
    const limit = protocol.samplePlan.maxBloodMlPerVisit;
    if (input.volumeDeviationReason == null) {
      throw invalidInput(
        'tubes',
        `${volume.totalMl} mL is over the ${limit} mL limit per visit: draw fewer tubes, or document the deviation (volumeDeviationReason)`,
      );
    }
    volumeDeviation = `${volume.totalMl} mL drawn, over the ${limit} mL limit: ${input.volumeDeviationReason}`;
  } else if (input.volumeDeviationReason != null) {
    throw invalidInput(
      'volumeDeviationReason',
      `within the ${protocol.samplePlan.maxBloodMlPerVisit} mL limit: no deviation to document`,
    );
  }
  return {
    occurredAt,
    bloodDrawn: true,
    noBloodReason: null,
    missedReason: null,
    tubes,
    volumeMl: volume.totalMl,
    volumeDeviation,
  };
}

function checkMissed(input: VisitRecordCreate): CheckedVisit {
  if (input.missedReason == null) throw invalidInput('missedReason', 'say why the visit was missed');
  for (const field of ['occurredAt', 'bloodDrawn', 'noBloodReason', 'tubes', 'volumeDeviationReason'] as const) {
    if (input[field] != null) throw invalidInput(field, 'a missed visit has no ' + field);
  }
  return {
    occurredAt: null,
    bloodDrawn: null,
    noBloodReason: null,
    missedReason: input.missedReason,
    tubes: null,
    volumeMl: null,
    volumeDeviation: null,
  };
}

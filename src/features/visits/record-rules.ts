import { DateTime } from 'luxon';
import { AppError, InputError } from '../../core/errors.ts';
import { bloodVolume, type TubeCount } from '../../protocol/samples.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import type { VisitRecordCreate } from './contract.ts';
import { visitMessages } from './messages.ts';

/** A visit record checked against the protocol and the participant's dates, ready to store. */
export interface CheckedVisit {
  /** UTC. */
  occurredAt: string | null;
  bloodDrawn: boolean | null;
  noBloodReason: string | null;
  missedReason: string | null;
  tubes: TubeCount[] | null;
  volumeMl: number | null;
  /** The documented reason to draw over the blood limit, as the deviation reads. */
  volumeDeviation: string | null;
}

/** What the rules need to know of the participant. */
export interface VisitContext {
  protocol: StudyProtocol;
  icuAdmissionAt: string;
  /** The date follow-up stopped (withdrawal, lost to follow-up), if it did. */
  followUpStoppedOn: string | null;
  timeZone: string;
  now: string;
}

/**
 * A visit done: when (not in the future, not before admission, not after follow-up stopped), blood drawn or why
 * not, and the tubes (default: the protocol's plan for the visit) within the blood limit per visit, or over it
 * with the deviation documented. Pure.
 */
export function checkDone(input: VisitRecordCreate, visit: VisitContext): CheckedVisit {
  const { protocol } = visit;
  if (input.missedReason != null) throw new InputError('missedReason', visitMessages.doneHasNoMissedReason());
  if (input.occurredAt == null) throw new InputError('occurredAt', visitMessages.whenDone());
  const at = DateTime.fromISO(input.occurredAt, { setZone: true });
  // A few minutes' grace: the time typed in comes from a ward clock, not ours.
  if (at.toMillis() > Date.parse(visit.now) + 5 * 60_000) throw new InputError('occurredAt', visitMessages.inFuture());
  const occurredAt = at.toUTC().toISO() ?? input.occurredAt;
  if (at.toMillis() < DateTime.fromISO(visit.icuAdmissionAt).toMillis()) {
    throw new InputError('occurredAt', visitMessages.beforeAdmission());
  }
  const stopped = visit.followUpStoppedOn;
  if (stopped !== null && (at.setZone(visit.timeZone).toISODate() ?? '') > stopped) {
    throw new AppError('conflict', visitMessages.afterFollowUpStopped({ date: stopped }), { field: 'occurredAt' });
  }
  if (input.bloodDrawn == null) throw new InputError('bloodDrawn', visitMessages.bloodDrawn());
  const none = { missedReason: null, tubes: null, volumeMl: null, volumeDeviation: null };
  if (!input.bloodDrawn) {
    if (input.noBloodReason == null) throw new InputError('noBloodReason', visitMessages.whyNoBlood());
    if (input.tubes != null && input.tubes.length > 0) throw new InputError('tubes', visitMessages.noBloodNoTubes());
    return { ...none, occurredAt, bloodDrawn: false, noBloodReason: input.noBloodReason };
  }
  if (input.noBloodReason != null) throw new InputError('noBloodReason', visitMessages.bloodWasDrawn());
  const plan = protocol.samplePlan;
  const tubes = input.tubes ?? [...(plan.perVisit[input.visit] ?? [])];
  const unknown = tubes.find((t) => !plan.tubes.some((type) => type.code === t.tube));
  if (unknown !== undefined) {
    const known = plan.tubes.map((t) => t.code).join(', ');
    throw new InputError('tubes', visitMessages.unknownTube({ tube: unknown.tube, tubes: known }));
  }
  if (tubes.length === 0) throw new InputError('tubes', visitMessages.whichTubes());
  const volume = bloodVolume(plan, tubes);
  const limitMl = plan.maxBloodMlPerVisit;
  let volumeDeviation: string | null = null;
  if (!volume.withinLimit) {
    if (input.volumeDeviationReason == null) {
      throw new InputError('tubes', visitMessages.overLimit({ totalMl: volume.totalMl, limitMl }));
    }
    volumeDeviation = `${volume.totalMl} mL drawn, over the ${limitMl} mL limit: ${input.volumeDeviationReason}`;
  } else if (input.volumeDeviationReason != null) {
    throw new InputError('volumeDeviationReason', visitMessages.withinLimit({ limitMl }));
  }
  return {
    ...none,
    occurredAt,
    bloodDrawn: true,
    noBloodReason: null,
    tubes,
    volumeMl: volume.totalMl,
    volumeDeviation,
  };
}

/** A visit missed: why, and nothing of a visit done. Pure. */
export function checkMissed(input: VisitRecordCreate): CheckedVisit {
  if (input.missedReason == null) throw new InputError('missedReason', visitMessages.whyMissed());
  for (const field of ['occurredAt', 'bloodDrawn', 'noBloodReason', 'tubes', 'volumeDeviationReason'] as const) {
    if (input[field] != null) throw new InputError(field, visitMessages.missedHasNo({ field }));
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

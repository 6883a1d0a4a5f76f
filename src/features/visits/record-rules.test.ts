import { describe, expect, it } from 'vitest';
import { protocolV1 } from '../../protocol/nct07273344/protocol.ts';
import type { VisitRecordCreate } from './contract.ts';
import { checkDone, checkMissed, type VisitContext } from './record-rules.ts';

const context: VisitContext = {
  protocol: protocolV1,
  icuAdmissionAt: '2026-03-01T21:00:00Z',
  followUpStoppedOn: null,
  timeZone: 'Europe/Amsterdam',
  now: '2026-03-04T12:00:00Z',
};
const done: VisitRecordCreate = {
  visit: 'D3',
  outcome: 'done',
  occurredAt: '2026-03-04T09:30:00+01:00',
  bloodDrawn: true,
};

function refusal(run: () => unknown): { code?: string; field?: string; key?: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; field?: string; key?: string };
  }
  throw new Error('the record was accepted');
}

describe('a visit recorded as done', () => {
  it("draws the protocol's tubes for the visit unless others are given, within the 40 mL limit", () => {
    expect(checkDone(done, context)).toEqual({
      occurredAt: '2026-03-04T08:30:00.000Z',
      bloodDrawn: true,
      noBloodReason: null,
      missedReason: null,
      tubes: protocolV1.samplePlan.perVisit.D3,
      volumeMl: 37,
      volumeDeviation: null,
    });
  });

  it('refuses more than 40 mL unless the deviation is documented, and a deviation that is not one', () => {
    const over = { ...done, tubes: [{ tube: 'EDTA', count: 5 }] };
    expect(refusal(() => checkDone(over, context))).toMatchObject({ field: 'tubes', key: 'visits.overLimit' });
    const documented = checkDone({ ...over, volumeDeviationReason: 'extra tube for a clinical question' }, context);
    expect(documented.volumeDeviation).toBe('50 mL drawn, over the 40 mL limit: extra tube for a clinical question');
    expect(refusal(() => checkDone({ ...done, volumeDeviationReason: 'none' }, context))).toMatchObject({
      field: 'volumeDeviationReason',
      key: 'visits.withinLimit',
    });
  });

  it('says why no blood was drawn, and then has no tubes', () => {
    const noBlood = { ...done, bloodDrawn: false, noBloodReason: 'no venous access' };
    expect(checkDone(noBlood, context)).toMatchObject({ bloodDrawn: false, tubes: null, volumeMl: null });
    expect(refusal(() => checkDone({ ...noBlood, noBloodReason: null }, context))).toMatchObject({
      field: 'noBloodReason',
    });
    expect(refusal(() => checkDone({ ...noBlood, tubes: [{ tube: 'EDTA', count: 1 }] }, context))).toMatchObject({
      field: 'tubes',
    });
  });

  it('happened after admission, not in the future (a few minutes of ward-clock grace), before follow-up stopped', () => {
    expect(refusal(() => checkDone({ ...done, occurredAt: '2026-03-01T20:00:00Z' }, context))).toMatchObject({
      field: 'occurredAt',
      key: 'visits.beforeAdmission',
    });
    expect(checkDone({ ...done, occurredAt: '2026-03-04T12:04:00Z' }, context).occurredAt).toBe(
      '2026-03-04T12:04:00.000Z',
    );
    expect(refusal(() => checkDone({ ...done, occurredAt: '2026-03-04T12:06:00Z' }, context))).toMatchObject({
      key: 'visits.inFuture',
    });
    const stopped = { ...context, followUpStoppedOn: '2026-03-03' };
    expect(refusal(() => checkDone(done, stopped))).toMatchObject({ code: 'conflict', field: 'occurredAt' });
  });

  it('names only tubes of the protocol', () => {
    expect(refusal(() => checkDone({ ...done, tubes: [{ tube: 'CITRATE', count: 1 }] }, context))).toMatchObject({
      field: 'tubes',
      key: 'visits.unknownTube',
    });
  });
});

describe('a visit recorded as missed', () => {
  it('says why, and nothing of a visit done', () => {
    const missed: VisitRecordCreate = { visit: 'D3', outcome: 'missed', missedReason: 'patient on the OR' };
    expect(checkMissed(missed)).toMatchObject({ missedReason: 'patient on the OR', occurredAt: null, tubes: null });
    expect(refusal(() => checkMissed({ ...missed, missedReason: null }))).toMatchObject({ field: 'missedReason' });
    expect(refusal(() => checkMissed({ ...missed, bloodDrawn: true }))).toMatchObject({ field: 'bloodDrawn' });
  });
});

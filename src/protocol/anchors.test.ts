import { describe, expect, it } from 'vitest';
import { anchorsOf, latestEvent, sampleTaken, type AnchorRecords } from './anchors.ts';
import { protocolV1 } from './nct07273344/protocol.ts';

const admitted: AnchorRecords = { icuAdmissionAt: '2026-03-01T22:10:00Z', visits: [], events: [] };
const zone = 'Europe/Amsterdam';

describe('the schedule anchors of a participant', () => {
  it('know only the admission before anything is recorded', () => {
    expect(anchorsOf(admitted, protocolV1, zone)).toEqual({
      icuAdmission: '2026-03-01T22:10:00Z',
      day0SampleAt: null,
      hospitalDischarge: null,
      death: null,
      timeZone: zone,
    });
  });

  it('take the first sample from the time the first-sample visit was done', () => {
    const records = { ...admitted, visits: [{ visit: 'D0', outcome: 'done', occurredAt: '2026-03-02T07:30:00Z' }] };
    expect(anchorsOf(records, protocolV1, zone).day0SampleAt).toBe('2026-03-02T07:30:00Z');
    expect(sampleTaken(records, protocolV1)).toBe(true);
  });

  it("let a missed first sample's target stand in, so the later visits still fall due", () => {
    const records = { ...admitted, visits: [{ visit: 'D0', outcome: 'missed', occurredAt: null }] };
    const anchors = anchorsOf(records, protocolV1, zone);
    // D0's target is admission + 24 h (protocol v1), written in the site's zone.
    expect(anchors.day0SampleAt).toBe('2026-03-02T23:10:00+01:00');
    expect(sampleTaken(records, protocolV1)).toBe(false);
  });

  it('read discharge and death from the last event of each kind (a correction wins)', () => {
    const records = {
      ...admitted,
      events: [
        { kind: 'hospital_discharge', date: '2026-03-20' },
        { kind: 'transfer', date: '2026-03-21' },
        { kind: 'hospital_discharge', date: '2026-03-22' },
        { kind: 'death', date: '2026-05-01' },
      ],
    };
    expect(anchorsOf(records, protocolV1, zone)).toMatchObject({
      hospitalDischarge: '2026-03-22',
      death: '2026-05-01',
    });
    expect(latestEvent(records.events, 'transfer')).toEqual({ kind: 'transfer', date: '2026-03-21' });
    expect(latestEvent(records.events, 'lost_to_follow_up')).toBeUndefined();
  });
});

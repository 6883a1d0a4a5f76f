import { describe, expect, it } from 'vitest';
import { protocolV1, study } from './nct07273344/protocol.ts';
import { bloodVolume } from './samples.ts';
import { formatStudyId, protocolVersion } from './study.ts';

describe('study ids', () => {
  it('follow the protocol format: site code and a zero-padded number', () => {
    expect(formatStudyId('{SITE}-{NNN}', 'NIJ', 1)).toBe('NIJ-001');
    expect(formatStudyId('{SITE}-{NNN}', 'NIJ', 1000)).toBe('NIJ-1000');
    expect(formatStudyId('X{NNNNN}/{SITE}', 'N2', 42)).toBe('X00042/N2');
  });
});

describe('the sample plan of NCT07273344', () => {
  it('keeps every visit within 40 mL of blood', () => {
    for (const [visit, tubes] of Object.entries(protocolV1.samplePlan.perVisit)) {
      expect(bloodVolume(protocolV1.samplePlan, tubes).withinLimit, visit).toBe(true);
    }
    expect(bloodVolume(protocolV1.samplePlan, protocolV1.samplePlan.perVisit.D0!)).toEqual({
      totalMl: 37,
      overLimitMl: 0,
      withinLimit: true,
    });
  });

  it('counts 40 mL as within and 40.5 as over', () => {
    const plan = protocolV1.samplePlan;
    expect(bloodVolume(plan, [{ tube: 'EDTA', count: 4 }])).toMatchObject({ totalMl: 40, withinLimit: true });
    expect(
      bloodVolume(plan, [
        { tube: 'EDTA', count: 3 },
        { tube: 'SERUM', count: 1 },
        { tube: 'PAXGENE', count: 1 },
      ]),
    ).toEqual({ totalMl: 41, overLimitMl: 1, withinLimit: false });
    expect(() => bloodVolume(plan, [{ tube: 'NONE', count: 1 }])).toThrow(/unknown tube type NONE/);
  });
});

describe('protocol versions', () => {
  it('finds the version a record was made under, and refuses one it does not know', () => {
    expect(protocolVersion(study, '1')).toBe(protocolV1);
    expect(() => protocolVersion(study, '9')).toThrow(/protocol version 9 of NCT07273344 is not known/);
    expect(protocolV1.visits.version).toBe(protocolV1.version);
    expect(protocolV1.visits.visits.map((v) => v.code)).toContain(protocolV1.visits.day0SampleVisit);
  });
});

import { describe, expect, it } from 'vitest';
import {
  codeListOid,
  eventOfSlot,
  formOid,
  groupRepeatKey,
  itemGroupOid,
  itemOid,
  locationOid,
  measurementUnitOid,
  metaDataVersionOid,
  parseCodeListOid,
  parseFormOid,
  parseItemGroupOid,
  parseItemOid,
  parseLocationOid,
  parseMetaDataVersionOid,
  parseUserOid,
  rowIndexOfRepeatKey,
  slotOfEvent,
  userOid,
} from './oids.ts';

describe('ODM OIDs (the conventions shared by export and import)', () => {
  it('builds the OIDs of docs/odm.md', () => {
    expect(metaDataVersionOid('1')).toBe('MDV.1');
    expect(formOid('sofa2_day', '1')).toBe('F.sofa2_day.V1');
    expect(itemGroupOid('treatments', 'antibiotics')).toBe('IG.treatments.antibiotics');
    expect(itemOid('sofa2_day', 'pao2')).toBe('I.sofa2_day.pao2');
    expect(codeListOid('infection_site')).toBe('CL.infection_site');
    expect(locationOid('NIJ')).toBe('LOC.NIJ');
    expect(userOid('jdevries')).toBe('USR.jdevries');
    expect(groupRepeatKey(0)).toBe('1');
  });

  it('replaces characters outside [A-Za-z0-9._-] in unit OIDs', () => {
    expect(measurementUnitOid('mmol/L')).toBe('MU.mmol_L');
    expect(measurementUnitOid('mm[Hg]')).toBe('MU.mm_Hg_');
    expect(measurementUnitOid('10*3/uL')).toBe('MU.10_3_uL');
    expect(measurementUnitOid('ug/kg/min')).toBe('MU.ug_kg_min');
    expect(measurementUnitOid('kg')).toBe('MU.kg');
  });

  it('maps slots to study events and back', () => {
    expect(eventOfSlot('D0')).toEqual({ oid: 'SE.D0' });
    expect(eventOfSlot('day-12')).toEqual({ oid: 'SE.ICU_DAY', repeatKey: '12' });
    expect(eventOfSlot('once')).toEqual({ oid: 'SE.ONCE' });
    for (const slot of ['D0', 'M12', 'day-1', 'day-365', 'once']) {
      const event = eventOfSlot(slot);
      expect(slotOfEvent(event.oid, event.repeatKey)).toBe(slot);
    }
    expect(slotOfEvent('SE.ICU_DAY')).toBeUndefined();
    expect(slotOfEvent('SE.ICU_DAY', '0')).toBeUndefined();
    expect(slotOfEvent('VISIT1')).toBeUndefined();
  });

  it('parses what it builds, and nothing else', () => {
    expect(parseFormOid(formOid('sofa2_day', '1'))).toEqual({ formId: 'sofa2_day', formVersion: '1' });
    expect(parseFormOid('F.baseline.V1.2')).toEqual({ formId: 'baseline', formVersion: '1.2' });
    expect(parseFormOid('F.baseline')).toBeUndefined();
    expect(parseItemGroupOid('IG.treatments.antibiotics')).toEqual({ formId: 'treatments', groupId: 'antibiotics' });
    expect(parseItemGroupOid('IG.treatments')).toBeUndefined();
    expect(parseItemOid('I.sofa2_day.pao2')).toEqual({ formId: 'sofa2_day', itemId: 'pao2' });
    expect(parseItemOid('I.x.y.z')).toBeUndefined();
    expect(parseCodeListOid('CL.route')).toBe('route');
    expect(parseLocationOid('LOC.NIJ')).toBe('NIJ');
    expect(parseUserOid('USR.a')).toBe('a');
    expect(parseMetaDataVersionOid('MDV.2')).toBe('2');
    expect(parseMetaDataVersionOid('MDV.')).toBeUndefined();
    expect(rowIndexOfRepeatKey('3')).toBe(2);
    expect(rowIndexOfRepeatKey(undefined)).toBe(0);
    expect(rowIndexOfRepeatKey('0')).toBeUndefined();
    expect(rowIndexOfRepeatKey('x')).toBeUndefined();
  });
});

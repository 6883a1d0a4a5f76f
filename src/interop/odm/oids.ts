/**
 * The OIDs septype gives ODM 1.3.2 elements, shared by the ODM export and import: fixed conventions (docs/odm.md),
 * so a file written by one septype reads back into another. Builders and parsers only, no I/O.
 */

/** The ODM 1.3 namespace and the version written. */
export const odmNamespace = 'http://www.cdisc.org/ns/odm/v1.3';
export const odmVersion = '1.3.2';
/** septype's vendor extension (visit windows, queries, samples): only with `--with-extensions`. */
export const septypeNamespace = 'https://septype.org/ns/odm/v1';
export const septypePrefix = 'septype';

/** The code list that holds septype's missing codes (the FlagValue of a null ItemData). */
export const missingCodeListOid = 'CL.SEPTYPE_MISSING';

/** StudyEventOID of the ICU-day event (repeating; its repeat key is the ICU day number). */
export const icuDayEventOid = 'SE.ICU_DAY';
/** StudyEventOID of once-per-participant forms (slot `once`). */
export const onceEventOid = 'SE.ONCE';

/** StudyOID: the study's registry id (NCT07273344). */
export function studyOid(registryId: string): string {
  return registryId;
}

export function metaDataVersionOid(protocolVersion: string): string {
  return `MDV.${protocolVersion}`;
}
export function parseMetaDataVersionOid(oid: string): string | undefined {
  return oid.startsWith('MDV.') && oid.length > 4 ? oid.slice(4) : undefined;
}

/** A study event: a visit (`SE.<visit>`), the ICU days (`SE.ICU_DAY` + repeat key n), or once (`SE.ONCE`). */
export interface EventRef {
  oid: string;
  /** The StudyEventRepeatKey (the ICU day), only for `SE.ICU_DAY`. */
  repeatKey?: string;
}

export function visitEventOid(visitCode: string): string {
  return `SE.${visitCode}`;
}

/** The study event and repeat key of a form record's slot (`d0`, `day-3`, `once`). */
export function eventOfSlot(slot: string): EventRef {
  const day = /^day-(\d+)$/.exec(slot);
  if (day !== null) return { oid: icuDayEventOid, repeatKey: day[1] };
  if (slot === 'once') return { oid: onceEventOid };
  return { oid: visitEventOid(slot) };
}

/** The slot of a study event (the inverse of `eventOfSlot`), or undefined for an OID septype does not write. */
export function slotOfEvent(oid: string, repeatKey?: string): string | undefined {
  if (oid === icuDayEventOid)
    return repeatKey !== undefined && /^[1-9]\d*$/.test(repeatKey) ? `day-${repeatKey}` : undefined;
  if (oid === onceEventOid) return 'once';
  if (oid.startsWith('SE.') && oid.length > 3) return oid.slice(3);
  return undefined;
}

export function formOid(formId: string, formVersion: string): string {
  return `F.${formId}.V${formVersion}`;
}
/** `F.<formId>.V<formVersion>`: form ids are lower snake case (no dot), so the first `.V` after the id splits it. */
export function parseFormOid(oid: string): { formId: string; formVersion: string } | undefined {
  const match = /^F\.([^.]+)\.V(.+)$/.exec(oid);
  return match === null ? undefined : { formId: match[1]!, formVersion: match[2]! };
}

export function itemGroupOid(formId: string, groupId: string): string {
  return `IG.${formId}.${groupId}`;
}
export function parseItemGroupOid(oid: string): { formId: string; groupId: string } | undefined {
  const match = /^IG\.([^.]+)\.([^.]+)$/.exec(oid);
  return match === null ? undefined : { formId: match[1]!, groupId: match[2]! };
}

/** ItemGroupRepeatKey of a repeating group's row (row_index + 1); a group that does not repeat has none. */
export function groupRepeatKey(rowIndex: number): string {
  return String(rowIndex + 1);
}
export function rowIndexOfRepeatKey(key: string | undefined): number | undefined {
  if (key === undefined) return 0;
  return /^[1-9]\d*$/.test(key) ? Number(key) - 1 : undefined;
}

export function itemOid(formId: string, itemId: string): string {
  return `I.${formId}.${itemId}`;
}
export function parseItemOid(oid: string): { formId: string; itemId: string } | undefined {
  const match = /^I\.([^.]+)\.([^.]+)$/.exec(oid);
  return match === null ? undefined : { formId: match[1]!, itemId: match[2]! };
}

export function codeListOid(codeListId: string): string {
  return `CL.${codeListId}`;
}
export function parseCodeListOid(oid: string): string | undefined {
  return oid.startsWith('CL.') && oid.length > 3 ? oid.slice(3) : undefined;
}

/** `MU.<unit>`, with every character outside [A-Za-z0-9._-] replaced by `_` (`mmol/L` → `MU.mmol_L`). */
export function measurementUnitOid(unit: string): string {
  return `MU.${unit.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export function locationOid(siteCode: string): string {
  return `LOC.${siteCode}`;
}
export function parseLocationOid(oid: string): string | undefined {
  return oid.startsWith('LOC.') && oid.length > 4 ? oid.slice(4) : undefined;
}

export function userOid(username: string): string {
  return `USR.${username}`;
}
export function parseUserOid(oid: string): string | undefined {
  return oid.startsWith('USR.') && oid.length > 4 ? oid.slice(4) : undefined;
}

/** SubjectKey: the participant's study id (NIJ-001), nothing else about them. */
export function subjectKey(studyId: string): string {
  return studyId;
}

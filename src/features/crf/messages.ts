import { defineMessages } from '../../core/messages.ts';

export const crfMessages = defineMessages('crf', {
  unknownForm: (p: { forms: string }) => `unknown form; one of ${p.forms}`,
  slotNotScheduled: (p: { form: string; slots: string }) =>
    `form ${p.form} is not filled in here; it is filled in ${p.slots}`,
  visitMissed: (p: { visit: string }) => `visit ${p.visit} is recorded as missed: it has no form data`,
  unknownItem: () => 'not an item of this form',
  unknownGroup: () => 'not a repeating group of this form',
  inRepeatingGroup: (p: { group: string }) => `an item of repeating group ${p.group}: send it in rows.${p.group}`,
  itemOfOtherGroup: (p: { group: string }) => `not an item of group ${p.group}`,
  hardFinding: (p: { message: string }) => p.message,
  stale: (p: { version: number; changed: string }) =>
    `the form was changed since you opened it (now version ${p.version}; changed: ${p.changed}): reload it and enter your changes again`,
  locked: (p: { level: string; reason: string }) =>
    `the form is locked (${p.level} lock${p.reason}): a data manager can unlock it`,
  reasonForChange: (p: { status: string }) => `the form is ${p.status}: give the reason for the change`,
  notStarted: () => 'the form has no data yet',
  incomplete: (p: { items: string }) => `required items have no entry: ${p.items}`,
  wrongStatus: (p: { status: string; needed: string }) =>
    `the form is ${p.status}; this needs a form that is ${p.needed}`,
  wrongPassword: () => 'the password is not right: the form is not signed',
  alreadyLocked: () => 'locked already',
  notLocked: () => 'not locked',
  reasonToUnlock: () => 'say why it is unlocked',
  unknownVisit: (p: { visits: string }) => `unknown visit; one of ${p.visits}`,
  queryItem: () => 'not an item of this form (its id, or group[row].id in a repeating group)',
  queryClosed: () => 'the query is closed: re-open it first',
  queryNotOpen: (p: { status: string }) => `the query is ${p.status}`,
  assigneeNotAtSite: () => 'this user does not work at the query’s site',
  odmStudy: (p: { given: string; study: string }) => `StudyOID ${p.given} is not this study (${p.study})`,
  odmMetaDataVersion: (p: { given: string; versions: string }) =>
    `MetaDataVersionOID ${p.given} is not a protocol version of this study; one of ${p.versions}`,
  odmUnknownSubject: (p: { subject: string }) =>
    `no participant ${p.subject}: participants are enrolled in septype, an import never creates them`,
  odmUnknownEvent: (p: { oid: string }) =>
    `unknown StudyEventOID ${p.oid}: SE.<visit code>, SE.ICU_DAY with StudyEventRepeatKey <ICU day>, or SE.ONCE`,
  odmUnknownForm: (p: { oid: string }) => `unknown FormOID ${p.oid}: F.<form>.V<form version>`,
  odmFormRepeat: () => 'a form is filled in once per study event: no FormRepeatKey other than 1',
  odmFormVersion: (p: { given: string; used: string }) =>
    `version ${p.given} of the form is not the one its record uses (version ${p.used})`,
  odmUnknownGroup: (p: { oid: string; form: string }) => `ItemGroupOID ${p.oid} is not an item group of form ${p.form}`,
  odmRepeatKey: (p: { group: string }) =>
    `group ${p.group} repeats: its ItemGroupRepeatKey is the row number (1, 2, …)`,
  odmNotRepeating: (p: { group: string }) => `group ${p.group} does not repeat: no ItemGroupRepeatKey other than 1`,
  odmUnknownItem: (p: { oid: string; group: string }) => `ItemOID ${p.oid} is not an item of group ${p.group}`,
  odmNoValue: () => 'no Value: give one, or IsNull="Yes" with the missing code as a flag',
  odmNullWithValue: () => 'IsNull="Yes" and a Value: give one or the other',
  odmMissingFlag: (p: { codeList: string; codes: string }) =>
    `IsNull="Yes" needs an Annotation/Flag/FlagValue of code list ${p.codeList} holding one of ${p.codes}`,
  odmCalculated: () => 'a calculated item: not imported, septype works it out from the entered items',
  odmRemoveNotSupported: (p: { element: string }) =>
    `TransactionType="Remove" on ${p.element} is not supported: remove its items (ItemData) instead`,
});

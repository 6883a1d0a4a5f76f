import type { CompiledForm, CompiledItem } from '../../ecrf/compile.ts';
import type { StudyForms } from '../../ecrf/study.ts';
import { maxTextLength } from '../../ecrf/values.ts';
import type { ItemGroupDefinition, Range } from '../../protocol/forms.ts';
import type { Study, StudyProtocol } from '../../protocol/study.ts';
import { visitWindowElement } from './extensions.ts';
import {
  codeListOid,
  formOid,
  icuDayEventOid,
  itemGroupOid,
  itemOid,
  locationOid,
  measurementUnitOid,
  metaDataVersionOid,
  missingCodeListOid,
  onceEventOid,
  studyOid,
  userOid,
  visitEventOid,
} from './oids.ts';
import { missingCodeDecodes, odmDataType } from './values.ts';
import { el, textEl, type XmlElement } from './xml.ts';

/**
 * The metadata of an ODM export: Study (global variables, measurement units, one MetaDataVersion per protocol
 * version) and AdminData (users, sites as locations, signature meanings), from the protocol as data and plain rows.
 */

export interface OdmSite {
  code: string;
  name: string;
  /** ISO instant the site was created: the EffectiveDate of its MetaDataVersionRefs. */
  createdAt: string;
}

/** A user of the audit trail: an account (its username), or a named operator such as `system`. */
export interface OdmUser {
  username: string;
  displayName: string;
}

export interface MetadataInput {
  study: Study;
  forms: StudyForms;
  /** Add septype's vendor extension (visit windows on StudyEventDef). */
  extensions: boolean;
}

export interface AdminInput {
  study: Study;
  users: readonly OdmUser[];
  sites: readonly OdmSite[];
  signatureMeanings: readonly string[];
}

const en = (text: string) => textEl('TranslatedText', text, { 'xml:lang': 'en' });
const description = (text: string) => el('Description', {}, en(text));

/** SignatureDef OIDs by meaning: `SD.1`, `SD.2`, ... in the order the meanings are given (sorted by the caller). */
export function signatureDefOids(meanings: readonly string[]): Map<string, string> {
  return new Map(meanings.map((meaning, i) => [meaning, `SD.${i + 1}`]));
}

/** The protocol versions in the order the study lists them. */
export function protocolVersions(study: Study): StudyProtocol[] {
  return Object.values(study.versions);
}

export function studyElement(input: MetadataInput): XmlElement {
  const { study } = input;
  const current = study.current;
  return el(
    'Study',
    { OID: studyOid(current.id) },
    el(
      'GlobalVariables',
      {},
      textEl('StudyName', current.id),
      textEl('StudyDescription', current.title),
      textEl('ProtocolName', current.id),
    ),
    basicDefinitions(input),
    protocolVersions(study).map((protocol) => metaDataVersion(input, protocol)),
  );
}

/** Every UCUM unit an item of any protocol version stores its values in. */
function unitsOf(forms: StudyForms): string[] {
  const units = new Set<string>();
  for (const byForm of forms.values()) {
    for (const form of byForm.values()) {
      for (const item of form.items.values()) if (item.definition.unit !== undefined) units.add(item.definition.unit);
    }
  }
  return [...units].sort();
}

function basicDefinitions(input: MetadataInput): XmlElement | undefined {
  const units = unitsOf(input.forms);
  if (units.length === 0) return undefined;
  return el(
    'BasicDefinitions',
    {},
    units.map((unit) =>
      el('MeasurementUnit', { OID: measurementUnitOid(unit), Name: unit }, el('Symbol', {}, en(unit))),
    ),
  );
}

interface EventDef {
  oid: string;
  name: string;
  repeating: boolean;
  type: 'Scheduled' | 'Common';
  forms: string[];
  visit?: StudyProtocol['visits']['visits'][number];
}

/** The study events of a protocol version: its visits in order, the ICU days, and once-per-participant forms. */
function eventsOf(protocol: StudyProtocol, compiled: ReadonlyMap<string, CompiledForm>): EventDef[] {
  const formOids = (formId: string) =>
    [...compiled.values()]
      .filter((form) => form.definition.id === formId)
      .map((form) => formOid(form.definition.id, form.definition.version));
  const events: EventDef[] = protocol.visits.visits.map((visit) => ({
    oid: visitEventOid(visit.code),
    name: visit.name,
    repeating: false,
    type: 'Scheduled',
    forms: [],
    visit,
  }));
  const icuDay: EventDef = { oid: icuDayEventOid, name: 'ICU day', repeating: true, type: 'Scheduled', forms: [] };
  const once: EventDef = {
    oid: onceEventOid,
    name: 'Once per participant',
    repeating: false,
    type: 'Common',
    forms: [],
  };
  for (const entry of protocol.forms.schedule) {
    const oids = formOids(entry.form);
    if (entry.perIcuDay === true) icuDay.forms.push(...oids);
    else if (entry.visits !== undefined) {
      for (const code of entry.visits) events.find((e) => e.oid === visitEventOid(code))?.forms.push(...oids);
    } else once.forms.push(...oids);
  }
  if (icuDay.forms.length > 0) events.push(icuDay);
  if (once.forms.length > 0) events.push(once);
  return events;
}

function metaDataVersion(input: MetadataInput, protocol: StudyProtocol): XmlElement {
  const compiled = input.forms.get(protocol.version) ?? new Map<string, CompiledForm>();
  const events = eventsOf(protocol, compiled);
  const forms = [...compiled.values()];
  // A group or item id names one ItemGroupDef / ItemDef per form (the OIDs carry no form version): the newest
  // version's definition, with the items of every version.
  const groups = new Map<string, { group: ItemGroupDefinition; formId: string; items: string[] }>();
  const items = new Map<string, { item: CompiledItem; formId: string }>();
  for (const form of forms) {
    for (const group of form.definition.groups) {
      const oid = itemGroupOid(form.definition.id, group.id);
      const known = groups.get(oid);
      const ids = group.items.map((i) => i.id);
      groups.set(oid, {
        group,
        formId: form.definition.id,
        items: known === undefined ? ids : [...known.items, ...ids.filter((id) => !known.items.includes(id))],
      });
      for (const item of group.items) {
        items.set(itemOid(form.definition.id, item.id), { item: form.items.get(item.id)!, formId: form.definition.id });
      }
    }
  }
  const calculated = [...items.values()].filter(({ item }) => item.definition.type === 'calculated');
  return el(
    'MetaDataVersion',
    {
      OID: metaDataVersionOid(protocol.version),
      Name: `${protocol.id} protocol version ${protocol.version}`,
      Description: protocol.title,
    },
    el(
      'Protocol',
      {},
      events.map((event, i) => el('StudyEventRef', { StudyEventOID: event.oid, OrderNumber: i + 1, Mandatory: 'No' })),
    ),
    events.map((event) =>
      el(
        'StudyEventDef',
        { OID: event.oid, Name: event.name, Repeating: event.repeating ? 'Yes' : 'No', Type: event.type },
        event.forms.map((oid, i) => el('FormRef', { FormOID: oid, OrderNumber: i + 1, Mandatory: 'No' })),
        input.extensions && event.visit !== undefined && visitWindowElement(event.visit),
      ),
    ),
    forms.map((form) =>
      el(
        'FormDef',
        { OID: formOid(form.definition.id, form.definition.version), Name: form.definition.label, Repeating: 'No' },
        form.definition.groups.map((group, i) =>
          el('ItemGroupRef', {
            ItemGroupOID: itemGroupOid(form.definition.id, group.id),
            OrderNumber: i + 1,
            Mandatory: 'No',
          }),
        ),
      ),
    ),
    [...groups.entries()].map(([oid, { group, formId, items: ids }]) =>
      el(
        'ItemGroupDef',
        { OID: oid, Name: group.label, Repeating: group.repeating === true ? 'Yes' : 'No' },
        ids.map((id, i) => {
          const item = items.get(itemOid(formId, id))!.item;
          return el('ItemRef', {
            ItemOID: itemOid(formId, id),
            OrderNumber: i + 1,
            Mandatory: item.definition.required === true && item.definition.type !== 'calculated' ? 'Yes' : 'No',
            MethodOID: item.definition.type === 'calculated' ? methodOid(formId, id) : undefined,
          });
        }),
      ),
    ),
    [...items.entries()].map(([oid, { item }]) => itemDef(oid, item)),
    protocol.forms.codeLists.map((list) =>
      el(
        'CodeList',
        { OID: codeListOid(list.id), Name: list.id, DataType: 'text' },
        list.options.map((option) =>
          el('CodeListItem', { CodedValue: option.code }, el('Decode', {}, en(option.label))),
        ),
      ),
    ),
    el(
      'CodeList',
      { OID: missingCodeListOid, Name: 'Reasons a value is missing (septype)', DataType: 'text' },
      Object.entries(missingCodeDecodes).map(([code, label]) =>
        el('CodeListItem', { CodedValue: code }, el('Decode', {}, en(label))),
      ),
    ),
    calculated.map(({ item, formId }) => methodDef(formId, item)),
  );
}

function methodOid(formId: string, itemId: string): string {
  return `MT.${formId}.${itemId}`;
}

/** Characters a value of a choice takes at most: the longest code, or all codes joined by commas. */
function choiceLength(item: CompiledItem): number | undefined {
  const codes = [...(item.codes ?? [])];
  if (codes.length === 0) return undefined;
  if (item.definition.type === 'multiple_choice') return Math.max(1, codes.join(',').length);
  return Math.max(...codes.map((code) => code.length));
}

function lengthOf(item: CompiledItem): { Length?: number; SignificantDigits?: number } {
  const type = odmDataType(item);
  if (type === 'string') return { Length: maxTextLength };
  if (type === 'text') {
    const length = choiceLength(item);
    return length === undefined ? {} : { Length: length };
  }
  // The widest 32-bit integer with its sign; decimals by the item's precision. Dates and booleans have none.
  if (type === 'integer') return { Length: 11 };
  if (type === 'float' && item.definition.precision !== undefined) {
    return { SignificantDigits: item.definition.precision };
  }
  return {};
}

function rangeChecks(range: Range | undefined, softHard: 'Soft' | 'Hard'): XmlElement[] {
  if (range === undefined) return [];
  const checks: XmlElement[] = [];
  if (range.min !== undefined) {
    checks.push(el('RangeCheck', { Comparator: 'GE', SoftHard: softHard }, textEl('CheckValue', String(range.min))));
  }
  if (range.max !== undefined) {
    checks.push(el('RangeCheck', { Comparator: 'LE', SoftHard: softHard }, textEl('CheckValue', String(range.max))));
  }
  return checks;
}

function itemDef(oid: string, item: CompiledItem): XmlElement {
  const { definition } = item;
  const derived = definition.type === 'calculated';
  return el(
    'ItemDef',
    {
      OID: oid,
      Name: definition.id,
      DataType: odmDataType(item),
      ...lengthOf(item),
      Origin: derived ? 'Derived' : undefined,
    },
    derived && description('Derived: calculated by septype from other items of the form; never entered'),
    el('Question', {}, en(definition.label)),
    definition.unit !== undefined &&
      el('MeasurementUnitRef', { MeasurementUnitOID: measurementUnitOid(definition.unit) }),
    rangeChecks(definition.hardRange, 'Hard'),
    rangeChecks(definition.softRange, 'Soft'),
    definition.codeList !== undefined && el('CodeListRef', { CodeListOID: codeListOid(definition.codeList) }),
  );
}

function methodDef(formId: string, item: CompiledItem): XmlElement {
  const calculation = item.definition.calculation;
  const how =
    calculation === undefined
      ? 'calculated by septype'
      : 'expression' in calculation
        ? `the CEL expression ${calculation.expression}`
        : `output ${calculation.output} of septype's ${calculation.calculator} calculator, from ${Object.entries(
            calculation.inputs,
          )
            .map(([input, from]) => `${input} = ${from}`)
            .join(', ')}`;
  return el(
    'MethodDef',
    { OID: methodOid(formId, item.definition.id), Name: `${item.definition.id} (derived)`, Type: 'Computation' },
    description(`Derived: ${item.definition.label}, as ${how}`),
    calculation !== undefined &&
      'expression' in calculation &&
      textEl('FormalExpression', calculation.expression, { Context: 'CEL' }),
  );
}

/** AdminData: users (login and display name only), each site as a Location, the signature meanings. */
export function adminDataElement(input: AdminInput): XmlElement {
  const id = studyOid(input.study.current.id);
  const versions = protocolVersions(input.study);
  const oids = signatureDefOids(input.signatureMeanings);
  return el(
    'AdminData',
    { StudyOID: id },
    input.users.map((user) =>
      el(
        'User',
        { OID: userOid(user.username) },
        textEl('LoginName', user.username),
        textEl('DisplayName', user.displayName),
      ),
    ),
    input.sites.map((site) =>
      el(
        'Location',
        { OID: locationOid(site.code), Name: site.name, LocationType: 'Site' },
        versions.map((protocol) =>
          el('MetaDataVersionRef', {
            StudyOID: id,
            MetaDataVersionOID: metaDataVersionOid(protocol.version),
            EffectiveDate: site.createdAt.slice(0, 10),
          }),
        ),
      ),
    ),
    [...oids.entries()].map(([meaning, oid]) =>
      el(
        'SignatureDef',
        { OID: oid, Methodology: 'Electronic' },
        textEl('Meaning', meaning),
        textEl(
          'LegalReason',
          'Electronic signature of the investigator, who entered the password again (21 CFR Part 11)',
        ),
      ),
    ),
  );
}

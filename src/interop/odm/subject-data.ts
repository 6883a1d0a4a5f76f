import type { CompiledForm, CompiledItem } from '../../ecrf/compile.ts';
import type { ItemValue } from '../../ecrf/expressions.ts';
import { splitItemKey } from '../../ecrf/item-keys.ts';
import { compiledForm } from '../../ecrf/study.ts';
import { entryText } from '../../ecrf/values.ts';
import { protocolVersion, type Study } from '../../protocol/study.ts';
import { queryElement, sampleElement, type OdmQuery, type OdmSample } from './extensions.ts';
import {
  eventOfSlot,
  formOid,
  groupRepeatKey,
  itemGroupOid,
  itemOid,
  locationOid,
  missingCodeListOid,
  subjectKey,
  userOid,
  visitEventOid,
} from './oids.ts';
import { odmValue } from './values.ts';
import { el, textEl, type XmlElement, type XmlNode } from './xml.ts';

/**
 * The clinical data of one participant as ODM SubjectData, from plain rows: a snapshot (the current values of
 * item_data) or transactional (every change of the audit trail, in order, with who, when, where and why).
 */

/** One row of item_data: a value as stored (`entryText`), or a missing code. */
export interface OdmItemRow {
  itemId: string;
  rowIndex: number;
  valueText: string | null;
  missing: string | null;
}

export interface OdmSignature {
  username: string;
  at: string;
  meaning: string;
}

/** An audit entry of a form record, its `before` and `after` already unsealed (`{destroyed: true}` if shredded). */
export interface OdmAuditEntry {
  seq: number;
  at: string;
  username: string;
  reason: string | null;
  source: string;
  before: unknown;
  after: unknown;
}

export interface OdmFormRecord {
  formId: string;
  formVersion: string;
  slot: string;
  items: readonly OdmItemRow[];
  signature: OdmSignature | null;
  /** The record's audit entries in order (transactional files only). */
  history?: readonly OdmAuditEntry[];
  /** The record's queries (vendor extension only). */
  queries?: readonly OdmQuery[];
}

export interface OdmSubject {
  studyId: string;
  siteCode: string;
  protocolVersion: string;
  records: readonly OdmFormRecord[];
  /** Tubes and aliquots (vendor extension only). */
  samples?: readonly OdmSample[];
}

export interface ClinicalOptions {
  study: Study;
  transactional: boolean;
  extensions: boolean;
  /** SignatureDef OIDs by meaning (metadata.ts `signatureDefOids`). */
  signatureOids: ReadonlyMap<string, string>;
}

export interface SubjectOutput {
  element: XmlElement;
  forms: number;
  items: number;
  /** The participant's data key was destroyed: their audit history could not be read. */
  historyAbsent: boolean;
}

const context = (transactional: boolean) => (transactional ? 'Context' : undefined);

export function subjectElement(subject: OdmSubject, options: ClinicalOptions): SubjectOutput {
  const protocol = protocolVersion(options.study, subject.protocolVersion);
  const visitOrder = protocol.visits.visits.map((v) => visitEventOid(v.code));
  const scheduleOrder = protocol.forms.schedule.map((s) => s.form);
  const rank = (record: OdmFormRecord): [number, number, number] => {
    const event = eventOfSlot(record.slot);
    const visit = visitOrder.indexOf(event.oid);
    const eventRank = event.repeatKey !== undefined ? visitOrder.length : visit >= 0 ? visit : visitOrder.length + 1;
    return [eventRank, Number(event.repeatKey ?? 0), scheduleOrder.indexOf(record.formId)];
  };
  const records = [...subject.records].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.slot.localeCompare(b.slot);
  });
  const location = locationOid(subject.siteCode);
  const state = { items: 0, historyAbsent: false };
  // Records of one slot (a visit, an ICU day, once) share one StudyEventData.
  const slots = new Map<string, XmlElement[]>();
  for (const record of records) {
    const form = compiledForm(options.study, subject.protocolVersion, record.formId, record.formVersion);
    if (form === undefined) {
      throw new Error(`form ${record.formId} version ${record.formVersion} is defined by no protocol version`);
    }
    const forms = slots.get(record.slot) ?? [];
    forms.push(formElement(record, form, location, options, state));
    slots.set(record.slot, forms);
  }
  const events = [...slots.entries()].map(([slot, forms]) => {
    const event = eventOfSlot(slot);
    return el(
      'StudyEventData',
      {
        StudyEventOID: event.oid,
        StudyEventRepeatKey: event.repeatKey,
        TransactionType: context(options.transactional),
      },
      forms,
    );
  });
  const element = el(
    'SubjectData',
    { SubjectKey: subjectKey(subject.studyId), TransactionType: context(options.transactional) },
    el('SiteRef', { LocationOID: location }),
    state.historyAbsent &&
      el(
        'Annotation',
        { SeqNum: 1 },
        textEl(
          'Comment',
          "History absent: the participant's data key was destroyed, so the audit trail of their data cannot be read",
        ),
      ),
    events,
    options.extensions && (subject.samples ?? []).map(sampleElement),
  );
  return { element, forms: records.length, items: state.items, historyAbsent: state.historyAbsent };
}

function formElement(
  record: OdmFormRecord,
  form: CompiledForm,
  location: string,
  options: ClinicalOptions,
  state: { items: number; historyAbsent: boolean },
): XmlElement {
  const queries = options.extensions ? (record.queries ?? []) : [];
  const placed = new Set<OdmQuery>();
  let groups: XmlElement[];
  if (options.transactional) {
    groups = (record.history ?? []).flatMap((entry) => changeGroups(entry, form, location, state));
  } else {
    groups = snapshotGroups(record.items, form, (item, row) => {
      const key = keyOf(item, row);
      const own = queries.filter((q) => q.itemKey === key);
      own.forEach((q) => placed.add(q));
      return own.map(queryElement);
    });
    state.items += groups.reduce((n, g) => n + g.children.filter((c) => isElement(c, 'ItemData')).length, 0);
  }
  const signature = record.signature;
  return el(
    'FormData',
    { FormOID: formOid(record.formId, record.formVersion), TransactionType: context(options.transactional) },
    signature !== null &&
      el(
        'Signature',
        {},
        el('UserRef', { UserOID: userOid(signature.username) }),
        el('LocationRef', { LocationOID: location }),
        el('SignatureRef', { SignatureOID: options.signatureOids.get(signature.meaning) ?? 'SD.1' }),
        textEl('DateTimeStamp', signature.at),
      ),
    groups,
    queries.filter((q) => !placed.has(q)).map(queryElement),
  );
}

function isElement(node: XmlNode, name: string): boolean {
  return typeof node !== 'string' && node.name === name;
}

function keyOf(item: CompiledItem, row: number): string {
  return item.group.repeating === true ? `${item.group.id}[${row}].${item.definition.id}` : item.definition.id;
}

/** The current values, one ItemGroupData per group (per row of a repeating group), in the form's order. */
function snapshotGroups(
  rows: readonly OdmItemRow[],
  form: CompiledForm,
  extras: (item: CompiledItem, row: number) => XmlElement[],
): XmlElement[] {
  const byKey = new Map<string, OdmItemRow>();
  const rowsOf = new Map<string, Set<number>>();
  for (const row of rows) {
    const item = form.items.get(row.itemId);
    if (item === undefined) throw new Error(`item ${row.itemId} is not an item of form ${form.definition.id}`);
    byKey.set(`${row.itemId}:${row.rowIndex}`, row);
    const seen = rowsOf.get(item.group.id) ?? new Set<number>();
    seen.add(row.rowIndex);
    rowsOf.set(item.group.id, seen);
  }
  const out: XmlElement[] = [];
  for (const group of form.definition.groups) {
    const indexes = [...(rowsOf.get(group.id) ?? [])].sort((a, b) => a - b);
    for (const index of indexes) {
      const data: XmlElement[] = [];
      for (const definition of group.items) {
        const stored = byKey.get(`${definition.id}:${index}`);
        if (stored === undefined) continue;
        const item = form.items.get(definition.id)!;
        const element = itemDataElement(item, form, stored, undefined, extras(item, index));
        if (element !== undefined) data.push(element);
      }
      if (data.length === 0) continue;
      out.push(
        el(
          'ItemGroupData',
          {
            ItemGroupOID: itemGroupOid(form.definition.id, group.id),
            ItemGroupRepeatKey: group.repeating === true ? groupRepeatKey(index) : undefined,
          },
          data,
        ),
      );
    }
  }
  return out;
}

type Transaction = 'Insert' | 'Update' | 'Remove';

interface Change {
  type: Transaction;
  valueText: string | null;
  missing: string | null;
}

/** One ItemData: its value (or IsNull and the missing code as a flag), and in a transactional file its audit record. */
function itemDataElement(
  item: CompiledItem,
  form: CompiledForm,
  stored: { valueText: string | null; missing: string | null },
  transaction: { type: Transaction; audit: XmlElement } | undefined,
  extras: XmlElement[] = [],
): XmlElement | undefined {
  const removed = transaction?.type === 'Remove';
  if (!removed && stored.valueText === null && stored.missing === null) return undefined;
  const missing = !removed && stored.valueText === null ? stored.missing : null;
  return el(
    'ItemData',
    {
      ItemOID: itemOid(form.definition.id, item.definition.id),
      TransactionType: transaction?.type,
      Value: removed || stored.valueText === null ? undefined : odmValue(item, stored.valueText),
      IsNull: missing === null ? undefined : 'Yes',
    },
    transaction?.audit,
    missing !== null &&
      el(
        'Annotation',
        { SeqNum: 1 },
        el('Flag', {}, textEl('FlagValue', missing, { CodeListOID: missingCodeListOid })),
      ),
    extras,
  );
}

function isDestroyed(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { destroyed?: unknown }).destroyed === true;
}

function itemsOf(payload: unknown): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null) return {};
  const items = (payload as { items?: unknown }).items;
  return typeof items === 'object' && items !== null ? (items as Record<string, unknown>) : {};
}

/** An audited value (`{value, entered?}`): the audit trail holds what `entryOfStored` gave, so its value fits the item. */
function isValueEntry(entry: object): entry is { value: ItemValue } {
  return 'value' in entry;
}

/** An audited entry (`{value}` or `{missing}`) as item_data would hold it. */
function storedOf(item: CompiledItem, entry: unknown): { valueText: string | null; missing: string | null } | null {
  if (typeof entry !== 'object' || entry === null) return null;
  if ('missing' in entry) return { valueText: null, missing: String(entry.missing) };
  if (isValueEntry(entry)) return { valueText: entryText(item, entry), missing: null };
  return null;
}

/** The item changes of one audit entry, as ItemGroupData (per group and row) of ItemData with their audit record. */
function changeGroups(
  entry: OdmAuditEntry,
  form: CompiledForm,
  location: string,
  state: { items: number; historyAbsent: boolean },
): XmlElement[] {
  if (isDestroyed(entry.before) || isDestroyed(entry.after)) {
    state.historyAbsent = true;
    return [];
  }
  const before = itemsOf(entry.before);
  const after = itemsOf(entry.after);
  const changes = new Map<string, { item: CompiledItem; row: number; change: Change }>();
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const { id, inRow } = splitItemKey(key);
    const item = form.items.get(id);
    if (item === undefined) continue;
    const was = storedOf(item, before[key]);
    const now = storedOf(item, after[key]);
    if (was === null && now === null) continue;
    const type: Transaction = now === null ? 'Remove' : was === null ? 'Insert' : 'Update';
    changes.set(`${id}:${inRow?.row ?? 0}`, {
      item,
      row: inRow?.row ?? 0,
      change: { type, valueText: now?.valueText ?? null, missing: now?.missing ?? null },
    });
  }
  if (changes.size === 0) return [];
  const audit = el(
    'AuditRecord',
    {},
    el('UserRef', { UserOID: userOid(entry.username) }),
    el('LocationRef', { LocationOID: location }),
    textEl('DateTimeStamp', entry.at),
    entry.reason !== null && entry.reason !== '' && textEl('ReasonForChange', entry.reason),
    textEl('SourceID', `septype audit entry ${entry.seq} (${entry.source})`),
  );
  const out: XmlElement[] = [];
  for (const group of form.definition.groups) {
    const rows = [...new Set([...changes.values()].filter((c) => c.item.group.id === group.id).map((c) => c.row))];
    for (const row of rows.sort((a, b) => a - b)) {
      const data: XmlElement[] = [];
      for (const definition of group.items) {
        const found = changes.get(`${definition.id}:${row}`);
        if (found === undefined) continue;
        const element = itemDataElement(found.item, form, found.change, { type: found.change.type, audit });
        if (element !== undefined) data.push(element);
      }
      state.items += data.length;
      out.push(
        el(
          'ItemGroupData',
          {
            ItemGroupOID: itemGroupOid(form.definition.id, group.id),
            ItemGroupRepeatKey: group.repeating === true ? groupRepeatKey(row) : undefined,
            TransactionType: 'Context',
          },
          data,
        ),
      );
    }
  }
  return out;
}

import { InputError, type Message } from '../../core/errors.ts';
import type { CompiledForm, CompiledItem } from '../../ecrf/compile.ts';
import { evaluateForm, type Entry } from '../../ecrf/evaluate.ts';
import { entryFromText, entryOfStored, readEntry, storedEntry, StoredTextError } from '../../ecrf/values.ts';
import type { OdmFormData, OdmItemData, OdmNode, TransactionType } from '../../interop/odm/clinical-data.ts';
import { missingCodeListOid, parseItemGroupOid, parseItemOid, rowIndexOfRepeatKey } from '../../interop/odm/oids.ts';
import { missingCodeOf, valueTextFromOdm } from '../../interop/odm/values.ts';
import { missingCodes } from '../../protocol/forms.ts';
import type { FormSave } from './contract.ts';
import { changesBetween, itemsToStore, readSave, requestField, storedKey, type StoredItem } from './form-data.ts';
import { crfMessages } from './messages.ts';

/**
 * One ODM FormData turned into a web save of its form (pure): the record's entered items, with the file's items
 * applied over them. A snapshot (or Insert, Update, Upsert) sets the items it holds and leaves the others as they
 * are; Remove clears an item (or every item of an ItemGroupData row); Context changes nothing. Every problem is
 * collected with the XML path of the element it is about, so that a file reports all of them at once.
 */

export interface OdmImportProblem {
  path: string;
  problem: string;
  line?: number;
  column?: number;
  /** A note's occurrences in the file (the path is the first). */
  count?: number;
}

/** Where an element is in the file. */
type OdmPlace = Pick<OdmNode, 'path' | 'line'>;

export interface FormPlan {
  /** The save (without its record version); absent when the form has problems. */
  save?: Omit<FormSave, 'version'>;
  /** The web save changes nothing: the record holds these data already. */
  unchanged: boolean;
  /** The ItemData of each save field (`items.age`, `rows.cultures.0.organism`), to place the save's refusals. */
  pathOf: ReadonlyMap<string, OdmPlace>;
  errors: OdmImportProblem[];
  /** Calculated items the file holds: read, not imported (the engine works them out). */
  calculated: (OdmPlace & { itemOid: string })[];
}

/** The most rows a save takes of a repeating group (the contract's bound). */
const maxRows = 200;
/** The most characters of a reason for change (the contract's bound). */
const maxReason = 500;

interface Pending {
  itemId: string;
  row: number;
  input: unknown;
}

export function planFormSave(
  form: CompiledForm,
  data: OdmFormData,
  stored: ReadonlyMap<string, StoredItem>,
  inherited: TransactionType | null,
  exists: boolean,
): FormPlan {
  const formId = form.definition.id;
  const errors: OdmImportProblem[] = [];
  const calculated: (OdmPlace & { itemOid: string })[] = [];
  const pathOf = new Map<string, OdmPlace>();
  const problem = (at: { path: string; line: number }, message: Message | string) =>
    errors.push({ path: at.path, line: at.line, problem: typeof message === 'string' ? message : message.text });

  // The record's entered items, as a save would send them again.
  const entries = new Map<string, Pending>();
  for (const item of stored.values()) {
    if (item.calculated) continue;
    const compiled = form.items.get(item.itemId);
    if (compiled === undefined) continue;
    entries.set(storedKey(item), {
      itemId: item.itemId,
      row: item.row,
      input: inputOf(entryOfStored(compiled, item.entry)),
    });
  }

  const formType = data.transactionType ?? inherited;
  for (const group of data.itemGroups) {
    const oid = parseItemGroupOid(group.itemGroupOid);
    const definition = oid?.formId === formId ? form.definition.groups.find((g) => g.id === oid.groupId) : undefined;
    if (definition === undefined) {
      problem(group, crfMessages.odmUnknownGroup({ oid: group.itemGroupOid, form: formId }));
      continue;
    }
    const repeating = definition.repeating === true;
    const row = rowIndexOfRepeatKey(group.repeatKey ?? undefined);
    if (repeating && (group.repeatKey === null || row === undefined || row >= maxRows)) {
      problem(group, crfMessages.odmRepeatKey({ group: definition.id }));
      continue;
    }
    if (!repeating && row !== 0) {
      problem(group, crfMessages.odmNotRepeating({ group: definition.id }));
      continue;
    }
    const groupType = group.transactionType ?? formType;
    if (groupType === 'Remove') {
      for (const [key, entry] of entries) {
        if (entry.row === row && form.items.get(entry.itemId)?.group.id === definition.id) entries.delete(key);
      }
    }
    for (const itemData of group.items) {
      const parsed = parseItemOid(itemData.itemOid);
      const item = parsed?.formId === formId ? form.items.get(parsed.itemId) : undefined;
      if (item?.group.id !== definition.id) {
        problem(itemData, crfMessages.odmUnknownItem({ oid: itemData.itemOid, group: definition.id }));
        continue;
      }
      if (item.definition.type === 'calculated') {
        calculated.push({ path: itemData.path, line: itemData.line, itemOid: itemData.itemOid });
        continue;
      }
      const key = storedKey({ itemId: item.definition.id, row: row! });
      pathOf.set(fieldOf(item, row!), { path: itemData.path, line: itemData.line });
      const type = itemData.transactionType ?? groupType;
      if (type === 'Context') continue;
      if (type === 'Remove') {
        entries.delete(key);
        continue;
      }
      const read = readItem(item, itemData);
      if ('problem' in read) {
        problem(itemData, read.problem);
        continue;
      }
      // The same value as stored keeps what was stored (a number entered in another unit keeps that unit).
      const before = stored.get(key);
      const after = storedEntry(item, read.entry);
      if (before !== undefined && before.entry.text === after.text && before.entry.missing === after.missing) {
        if (!entries.has(key))
          entries.set(key, {
            itemId: item.definition.id,
            row: row!,
            input: inputOf(entryOfStored(item, before.entry)),
          });
        continue;
      }
      entries.set(key, { itemId: item.definition.id, row: row!, input: inputOf(read.entry) });
    }
  }
  // With problems too: the items that were read are checked together, so that a file reports every problem.
  const save: Omit<FormSave, 'version'> = { items: {}, rows: {}, reason: reasonOf(data) };
  for (const entry of entries.values()) {
    const item = form.items.get(entry.itemId)!;
    if (item.group.repeating !== true) {
      save.items[entry.itemId] = entry.input as FormSave['items'][string];
      continue;
    }
    const rows = (save.rows![item.group.id] ??= []);
    while (rows.length <= entry.row) rows.push({});
    rows[entry.row]![entry.itemId] = entry.input as FormSave['items'][string];
  }

  // The save's own rules, run here to report every hard finding (the save stops at the first).
  let formData: ReturnType<typeof readSave>;
  try {
    formData = readSave(form, save);
  } catch (error) {
    if (!(error instanceof InputError) || error.field === undefined) throw error;
    const at = pathOf.get(error.field) ?? data;
    errors.push({ path: at.path, line: at.line, problem: error.message });
    return { unchanged: false, pathOf, errors, calculated };
  }
  const evaluation = evaluateForm(form, formData);
  for (const finding of evaluation.findings) {
    if (finding.severity !== 'hard') continue;
    const at = pathOf.get(requestField(form, finding.keys[0] ?? '')) ?? data;
    errors.push({ path: at.path, line: at.line, problem: finding.message });
  }
  if (errors.length > 0) return { unchanged: false, pathOf, errors, calculated };
  const unchanged = exists && changesBetween(stored, itemsToStore(form, formData, evaluation)).length === 0;
  return { save, unchanged, pathOf, errors, calculated };
}

/** The save field of an item: `items.<id>`, or `rows.<group>.<row>.<id>` (as the save's refusals name it). */
function fieldOf(item: CompiledItem, row: number): string {
  return item.group.repeating === true
    ? `rows.${item.group.id}.${row}.${item.definition.id}`
    : `items.${item.definition.id}`;
}

/** An entry as a save sends it: the value (in the unit it was entered in), or the missing code. */
function inputOf(entry: Entry): unknown {
  if ('missing' in entry) return { missing: entry.missing };
  return entry.entered === undefined
    ? { value: entry.value }
    : { value: entry.entered.value, unit: entry.entered.unit };
}

/**
 * An ItemData's entry, read with the item's own rules (readEntry): the Value in ODM's lexical form (values.ts), or
 * IsNull="Yes" with the missing code as a CL.SEPTYPE_MISSING flag.
 */
function readItem(item: CompiledItem, data: OdmItemData): { entry: Entry } | { problem: Message | string } {
  let input: unknown;
  if (data.isNull) {
    if (data.value !== null && data.value.trim() !== '') return { problem: crfMessages.odmNullWithValue() };
    const flag = data.flags.find((f) => f.codeListOid === missingCodeListOid);
    const code = flag === undefined ? undefined : missingCodeOf(flag.value);
    const allowed = item.definition.allowedMissing ?? missingCodes;
    if (code === undefined) {
      return { problem: crfMessages.odmMissingFlag({ codeList: missingCodeListOid, codes: allowed.join(', ') }) };
    }
    input = { missing: code };
  } else {
    if (data.value === null) return { problem: crfMessages.odmNoValue() };
    const text = valueTextFromOdm(item, data.value);
    try {
      input = { value: entryFromText(item, text).value };
    } catch (error) {
      if (!(error instanceof StoredTextError)) throw error;
      // Not the item's lexical form: the item's rules refuse the text with the message for its type.
      input = { value: data.value };
    }
  }
  try {
    return { entry: readEntry(item, input) };
  } catch (error) {
    if (error instanceof InputError) return { problem: error.asMessage };
    throw error;
  }
}

/**
 * The reason for change of a form's save: its FormData's AuditRecord/ReasonForChange, else those of its item
 * groups and items (each once, in file order).
 */
function reasonOf(data: OdmFormData): string | null {
  const reasons = data.reasonForChange !== null ? [data.reasonForChange] : [];
  if (reasons.length === 0) {
    for (const group of data.itemGroups) {
      for (const reason of [group.reasonForChange, ...group.items.map((i) => i.reasonForChange)]) {
        if (reason !== null && !reasons.includes(reason)) reasons.push(reason);
      }
    }
  }
  const joined = reasons.join('; ').trim();
  return joined === '' ? null : joined.slice(0, maxReason);
}

import type { MissingCode } from '../protocol/forms.ts';
import type { CalculatorInput } from './calculators.ts';
import type { CompiledCheck, CompiledForm, CompiledItem } from './compile.ts';
import { fromCel, type ItemValue } from './expressions.ts';
import { rowItemKey } from './item-keys.ts';

/**
 * What a form's data amount to: which items are shown and required, the calculated values, and what the range
 * and cross-item checks find. Pure: the server runs it in the transaction of every change (calculated items are
 * never stale), the browser runs it while a person types.
 *
 * An item of a repeating group is addressed as `group[row].item` (rows from 0), any other by its id.
 */

/**
 * An item's entry: a value, or an explicit reason why there is none. No entry: not entered yet. A number entered
 * in another unit than the item's keeps what was entered (`entered`) beside its value in the item's unit, which
 * is the value the engine works with (src/ecrf/values.ts).
 */
export type Entry = { value: ItemValue; entered?: EnteredValue } | { missing: MissingCode };

/** A number as a person entered it, in a unit of the item's conversions. */
export interface EnteredValue {
  value: number;
  unit: string;
}

export interface FormData {
  items: Readonly<Record<string, Entry>>;
  rows?: Readonly<Record<string, readonly Readonly<Record<string, Entry>>[]>>;
}

export interface Finding {
  severity: 'hard' | 'soft';
  /** The item keys it concerns (a check's first one is where its query opens). */
  keys: readonly string[];
  /** `range` for an item's own range, else the check's id. */
  rule: string;
  message: string;
}

export interface Evaluation {
  shown: ReadonlySet<string>;
  /** Required items (shown ones) with no entry: the form cannot be complete. */
  missingRequired: readonly string[];
  /** Items that hold an entry while hidden: their entries are not kept. */
  hiddenWithEntry: readonly string[];
  calculated: Readonly<Record<string, ItemValue | null>>;
  findings: readonly Finding[];
}

export function evaluateForm(form: CompiledForm, data: FormData): Evaluation {
  const shown = new Set<string>();
  const hiddenWithEntry: string[] = [];
  const missingRequired: string[] = [];
  const calculated: Record<string, ItemValue | null> = {};
  const findings: Finding[] = [];

  const formItems = [...form.items.values()].filter((item) => item.group.repeating !== true);
  /** Each repeating item's values in the shown rows, for the calculations over rows. */
  const columns = new Map<string, ItemValue[]>(
    [...form.items.values()].filter((item) => item.group.repeating === true).map((item) => [item.definition.id, []]),
  );
  const scope = evaluateScope(form, formItems, data.items, new Map(), (id) => id);
  merge(scope);

  for (const group of form.definition.groups.filter((g) => g.repeating === true)) {
    const items = [...form.items.values()].filter((item) => item.group === group);
    const rows = data.rows?.[group.id] ?? [];
    const groupCondition = form.groupConditions.get(group.id);
    if (groupCondition !== undefined && groupCondition.evaluate(scope.values) !== true) {
      // The group is not asked: no row of it is kept.
      rows.forEach((row, index) =>
        hiddenWithEntry.push(...Object.keys(row).map((id) => rowItemKey(group.id, index, id))),
      );
      continue;
    }
    rows.forEach((row, index) => {
      const rowScope = evaluateScope(form, items, row, scope.values, (id) => rowItemKey(group.id, index, id));
      merge(rowScope);
      for (const item of items) {
        const value = rowScope.values.get(item.definition.id);
        if (value !== undefined) columns.get(item.definition.id)!.push(value);
      }
      for (const check of form.checks.filter((c) => readsGroup(form, c, group.id))) {
        findings.push(
          ...runCheck(check, rowScope.values, (id) =>
            items.some((i) => i.definition.id === id) ? rowItemKey(group.id, index, id) : id,
          ),
        );
      }
    });
  }
  for (const id of form.columnCalculations) {
    const item = form.items.get(id)!;
    if (!shown.has(id)) continue;
    const value = calculate(item, scope.values, columns);
    calculated[id] = value;
    if (value === null) continue;
    scope.values.set(id, value);
    if (typeof value === 'number') findings.push(...rangeFindings(item, value, id));
  }
  for (const check of form.checks.filter((c) => !readsAnyRepeatingGroup(form, c))) {
    findings.push(...runCheck(check, scope.values, (id) => id));
  }
  return { shown, missingRequired, hiddenWithEntry, calculated, findings };

  function merge(result: ScopeResult): void {
    for (const key of result.shown) shown.add(key);
    hiddenWithEntry.push(...result.hiddenWithEntry);
    missingRequired.push(...result.missingRequired);
    Object.assign(calculated, result.calculated);
    findings.push(...result.findings);
  }
}

interface ScopeResult {
  values: Map<string, ItemValue>;
  shown: string[];
  hiddenWithEntry: string[];
  missingRequired: string[];
  calculated: Record<string, ItemValue | null>;
  findings: Finding[];
}

/** One scope: the form's own items, or one row of a repeating group (which also sees the form's values). */
function evaluateScope(
  form: CompiledForm,
  items: readonly CompiledItem[],
  entries: Readonly<Record<string, Entry>>,
  outer: ReadonlyMap<string, ItemValue>,
  keyOf: (id: string) => string,
): ScopeResult {
  const values = new Map(outer);
  const result: ScopeResult = {
    values,
    shown: [],
    hiddenWithEntry: [],
    missingRequired: [],
    calculated: {},
    findings: [],
  };
  const visible = new Set<string>();
  // In form order, so that an item hidden by an earlier one's condition takes its own dependants with it.
  for (const item of items) {
    const { id } = item.definition;
    const entry = entries[id];
    const groupCondition = form.groupConditions.get(item.group.id);
    const show =
      (groupCondition === undefined || groupCondition.evaluate(values) === true) &&
      (item.showWhen === undefined || item.showWhen.evaluate(values) === true);
    if (!show) {
      if (entry !== undefined) result.hiddenWithEntry.push(keyOf(id));
      continue;
    }
    visible.add(id);
    result.shown.push(keyOf(id));
    if (entry !== undefined && 'value' in entry) values.set(id, entry.value);
  }
  const runs: Runs = new Map();
  for (const id of form.calculationOrder) {
    const item = items.find((i) => i.definition.id === id);
    if (item === undefined || !visible.has(id)) continue;
    const value = calculate(item, values, undefined, runs);
    result.calculated[keyOf(id)] = value;
    if (value !== null) values.set(id, value);
  }
  for (const item of items) {
    const { id } = item.definition;
    if (!visible.has(id) || item.definition.type === 'calculated') continue;
    const required = item.definition.required === true || item.requireWhen?.evaluate(values) === true;
    if (required && entries[id] === undefined) result.missingRequired.push(keyOf(id));
  }
  for (const item of items) {
    const value = values.get(item.definition.id);
    if (!visible.has(item.definition.id) || typeof value !== 'number') continue;
    result.findings.push(...rangeFindings(item, value, keyOf(item.definition.id)));
  }
  return result;
}

/** A calculator's outputs by run (calculator and inputs), within one scope. */
type Runs = Map<string, Readonly<Record<string, ItemValue | null>>>;

function calculate(
  item: CompiledItem,
  values: ReadonlyMap<string, ItemValue>,
  columns?: ReadonlyMap<string, readonly ItemValue[]>,
  runs: Runs = new Map(),
): ItemValue | null {
  const calculation = item.calculate!;
  if (calculation.kind === 'expression') {
    const value = calculation.expression.evaluate(values);
    return value === undefined ? null : fromCel(value);
  }
  let outputs = runs.get(calculation.run);
  if (outputs === undefined) {
    const inputs: Record<string, CalculatorInput> = {};
    for (const [input, source] of Object.entries(calculation.inputs)) {
      const value = columns?.has(source) === true ? columns.get(source) : values.get(source);
      if (value !== undefined) inputs[input] = value;
    }
    outputs = calculation.calculator.run(inputs);
    runs.set(calculation.run, outputs);
  }
  return outputs[calculation.output] ?? null;
}

function rangeFindings(item: CompiledItem, value: number, key: string): Finding[] {
  const { hardRange, softRange, unit } = item.definition;
  const outside = (range: { min?: number; max?: number } | undefined) =>
    range !== undefined &&
    ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max));
  const describe = (range: { min?: number; max?: number }) =>
    `${range.min ?? '…'}–${range.max ?? '…'}${unit === undefined ? '' : ` ${unit}`}`;
  if (outside(hardRange)) {
    return [{ severity: 'hard', keys: [key], rule: 'range', message: `${value} is outside ${describe(hardRange!)}` }];
  }
  if (outside(softRange)) {
    return [
      {
        severity: 'soft',
        keys: [key],
        rule: 'range',
        message: `${value} is outside the expected ${describe(softRange!)}: please confirm`,
      },
    ];
  }
  return [];
}

function runCheck(
  check: CompiledCheck,
  values: ReadonlyMap<string, ItemValue>,
  keyOf: (id: string) => string,
): Finding[] {
  if (check.expression.evaluate(values) !== false) return [];
  const { severity, id, message, items } = check.definition;
  return [{ severity, keys: items.map(keyOf), rule: id, message }];
}

function readsGroup(form: CompiledForm, check: CompiledCheck, groupId: string): boolean {
  return check.expression.reads.some((id) => form.items.get(id)?.group.id === groupId);
}

function readsAnyRepeatingGroup(form: CompiledForm, check: CompiledCheck): boolean {
  return check.expression.reads.some((id) => form.items.get(id)?.group.repeating === true);
}

import type {
  CaseReportForms,
  CheckDefinition,
  CodeList,
  FormDefinition,
  ItemDefinition,
  ItemGroupDefinition,
} from '../protocol/forms.ts';
import type { Calculator } from './calculators.ts';
import {
  celTypeOf,
  compileExpression,
  environmentFor,
  identifiersIn,
  isNumericCelType,
  type CompiledExpression,
} from './expressions.ts';

/**
 * A form ready to evaluate: every expression parsed and type-checked against the form's items. Compiling the
 * protocol's forms is part of loading the protocol: a definition error stops start-up with a message naming the
 * form, the item or check, and the expression.
 */
export interface CompiledItem {
  definition: ItemDefinition;
  group: ItemGroupDefinition;
  /** The CEL type of its value. */
  type: string;
  codes?: ReadonlySet<string>;
  showWhen?: CompiledExpression;
  requireWhen?: CompiledExpression;
  calculate?: CompiledCalculation;
}

export type CompiledCalculation =
  | { kind: 'expression'; expression: CompiledExpression }
  | {
      kind: 'calculator';
      calculator: Calculator;
      inputs: Readonly<Record<string, string>>;
      output: string;
      /** The same calculator on the same items gives the same result: one run serves every output of it. */
      run: string;
    };

export interface CompiledCheck {
  definition: CheckDefinition;
  expression: CompiledExpression;
}

export interface CompiledForm {
  definition: FormDefinition;
  /** Items in form order (calculated items after the items they read). */
  items: ReadonlyMap<string, CompiledItem>;
  /** Calculated items in an order where each comes after the calculated items it reads. */
  calculationOrder: readonly string[];
  /**
   * Calculated items outside repeating groups that read a repeating group's item as a list (its values in the
   * shown rows): worked out after the rows, and read by checks only.
   */
  columnCalculations: readonly string[];
  /** The conditions of groups shown only when they hold, by group id. */
  groupConditions: ReadonlyMap<string, CompiledExpression>;
  checks: readonly CompiledCheck[];
}

export class FormDefinitionError extends Error {
  override name = 'FormDefinitionError';
}

const idPattern = /^[a-z][a-z0-9_]{0,62}$/;

export function compileForms(
  crf: CaseReportForms,
  calculators: Readonly<Record<string, Calculator>>,
): ReadonlyMap<string, CompiledForm> {
  const codeLists = new Map(crf.codeLists.map((list) => [list.id, list]));
  const compiled = new Map<string, CompiledForm>();
  for (const form of crf.forms) {
    const key = `${form.id}@${form.version}`;
    if (compiled.has(key)) throw new FormDefinitionError(`form ${key} is defined twice`);
    compiled.set(key, compileForm(form, codeLists, calculators));
  }
  for (const entry of crf.schedule) {
    if (!crf.forms.some((f) => f.id === entry.form)) {
      throw new FormDefinitionError(`the form schedule names form ${entry.form}, which is not defined`);
    }
  }
  return compiled;
}

export function compileForm(
  form: FormDefinition,
  codeLists: ReadonlyMap<string, CodeList>,
  calculators: Readonly<Record<string, Calculator>>,
): CompiledForm {
  const where = (what: string) => `form ${form.id} (version ${form.version}), ${what}`;
  const fail = (what: string, problem: string): never => {
    throw new FormDefinitionError(`${where(what)}: ${problem}`);
  };
  const all = form.groups.flatMap((group) => group.items.map((definition) => ({ definition, group })));
  const groupIds = new Set<string>();
  for (const group of form.groups) {
    if (groupIds.has(group.id)) fail(`group ${group.id}`, 'the id is used twice');
    groupIds.add(group.id);
  }

  // Types first: the value types of entered items, then of calculated ones as their calculations give them.
  const types = new Map<string, string>();
  for (const { definition: item } of all) {
    if (!idPattern.test(item.id)) fail(`item ${item.id}`, 'an id is lower case letters, digits and _');
    if (types.has(item.id)) fail(`item ${item.id}`, 'the id is used twice');
    if (!usableAsVariable(item.id)) fail(`item ${item.id}`, 'CEL uses this name itself (a function or macro)');
    if (item.dateRange !== undefined && item.type !== 'date') fail(`item ${item.id}`, 'only a date has a date range');
    if (item.type !== 'calculated') types.set(item.id, celTypeOf(item.type));
  }
  const calculations = new Map<string, CompiledCalculation>();
  /** Calculations over a repeating group's rows (a total, a maximum): worked out after the rows. */
  const columns = new Set<string>();
  for (const id of orderCalculations(
    all.map((e) => e.definition),
    fail,
  )) {
    const item = all.find((entry) => entry.definition.id === id)!.definition;
    const calculation = item.calculation!;
    if ('expression' in calculation) {
      const env = environmentFor(types);
      try {
        const { expression, type } = compileExpression(env, types, calculation.expression, ['int', 'double', 'bool']);
        types.set(id, type);
        calculations.set(id, { kind: 'expression', expression });
      } catch (error) {
        fail(`calculated item ${id} \`${calculation.expression}\``, messageOf(error));
      }
    } else {
      const calculator = calculators[calculation.calculator];
      if (calculator === undefined) fail(`calculated item ${id}`, `no calculator "${calculation.calculator}"`);
      for (const [input, type] of Object.entries(calculator!.inputs)) {
        const source = calculation.inputs[input];
        if (source === undefined)
          fail(`calculated item ${id}`, `input ${input} of ${calculation.calculator} is not given`);
        const given = types.get(source!);
        if (given === type) continue;
        // A list input over a repeating group's item: the item's values in the group's rows (a column).
        const sourceGroup = all.find((e) => e.definition.id === source)?.group;
        const ownGroup = all.find((e) => e.definition.id === id)!.group;
        if (type === `list<${given}>` && sourceGroup?.repeating === true && ownGroup.repeating !== true) {
          columns.add(id);
          continue;
        }
        fail(`calculated item ${id}`, `input ${input} needs ${type}, item ${source} is ${given ?? 'not an item'}`);
      }
      for (const input of Object.keys(calculation.inputs)) {
        if (!(input in calculator!.inputs))
          fail(`calculated item ${id}`, `${calculation.calculator} has no input ${input}`);
      }
      const outputType = calculator!.outputs[calculation.output];
      if (outputType === undefined)
        fail(`calculated item ${id}`, `${calculation.calculator} has no output ${calculation.output}`);
      types.set(id, outputType!);
      calculations.set(id, {
        kind: 'calculator',
        run: `${calculation.calculator}(${JSON.stringify(Object.entries(calculation.inputs).sort())})`,
        calculator: calculator!,
        inputs: calculation.inputs,
        output: calculation.output,
      });
    }
  }

  for (const { definition: item } of all) {
    const reads = [
      ...(item.showWhen === undefined ? [] : identifiersIn(item.showWhen)),
      ...(item.requireWhen === undefined ? [] : identifiersIn(item.requireWhen)),
      ...(item.calculation === undefined
        ? []
        : 'inputs' in item.calculation
          ? Object.values(item.calculation.inputs)
          : identifiersIn(item.calculation.expression)),
    ];
    const column = reads.find((read) => columns.has(read));
    if (column !== undefined) {
      fail(
        `item ${item.id}`,
        `reads ${column}, which is worked out over rows after everything else: only checks may read it`,
      );
    }
  }
  for (const group of form.groups) {
    const column = group.showWhen === undefined ? undefined : identifiersIn(group.showWhen).find((r) => columns.has(r));
    if (column !== undefined)
      fail(`group ${group.id}, showWhen`, `reads ${column}: only checks may read a calculation over rows`);
  }

  const env = environmentFor(types);
  const repeatingGroupOf = new Map(all.map((e) => [e.definition.id, e.group.repeating === true ? e.group.id : null]));
  /**
   * An expression may read items of at most one repeating group (a check then holds row by row), and an item's
   * condition only the rows of its own group.
   */
  const condition = (what: string, source: string, rows: { group: string | null } | 'any'): CompiledExpression => {
    let compiled: CompiledExpression | undefined;
    try {
      compiled = compileExpression(env, types, source, ['bool']).expression;
    } catch (error) {
      fail(`${what} \`${source}\``, messageOf(error));
    }
    const groups = new Set(compiled!.reads.map((id) => repeatingGroupOf.get(id)).filter((g) => g != null));
    if (groups.size > 1) fail(`${what} \`${source}\``, `reads items of more than one repeating group`);
    const [group] = groups;
    if (group !== undefined && rows !== 'any' && group !== rows.group) {
      fail(`${what} \`${source}\``, `reads items of repeating group ${group} outside its rows`);
    }
    return compiled!;
  };

  const items = new Map<string, CompiledItem>();
  for (const { definition: item, group } of all) {
    const what = `item ${item.id}`;
    const ownGroup = { group: group.repeating === true ? group.id : null };
    const isChoice = item.type === 'single_choice' || item.type === 'multiple_choice';
    if (isChoice !== (item.codeList !== undefined))
      fail(what, isChoice ? 'a choice needs a code list' : 'only a choice has a code list');
    const codeList = item.codeList === undefined ? undefined : codeLists.get(item.codeList);
    if (item.codeList !== undefined && codeList === undefined) fail(what, `no code list ${item.codeList}`);
    if ((item.type === 'calculated') !== (item.calculation !== undefined)) {
      fail(
        what,
        item.type === 'calculated'
          ? 'a calculated item needs a calculation'
          : 'only a calculated item has a calculation',
      );
    }
    const ranged = item.hardRange !== undefined || item.softRange !== undefined;
    if (ranged && !isNumericCelType(types.get(item.id) ?? '')) fail(what, 'only numbers have ranges');
    if (item.conversions !== undefined && item.unit === undefined)
      fail(what, 'conversions need the unit they convert to');
    items.set(item.id, {
      definition: item,
      group,
      type: types.get(item.id)!,
      ...(codeList === undefined ? {} : { codes: new Set(codeList.options.map((o) => o.code)) }),
      ...(item.showWhen === undefined ? {} : { showWhen: condition(`${what}, showWhen`, item.showWhen, ownGroup) }),
      ...(item.requireWhen === undefined
        ? {}
        : { requireWhen: condition(`${what}, requireWhen`, item.requireWhen, ownGroup) }),
      ...(calculations.has(item.id) ? { calculate: calculations.get(item.id)! } : {}),
    });
  }

  const groupConditions = new Map<string, CompiledExpression>();
  for (const group of form.groups) {
    if (group.showWhen === undefined) continue;
    const what = `group ${group.id}, showWhen`;
    const expression = condition(what, group.showWhen, { group: null });
    const own = expression.reads.find((id) => group.items.some((item) => item.id === id));
    if (own !== undefined) fail(`${what} \`${group.showWhen}\``, `reads ${own}, an item of the group itself`);
    groupConditions.set(group.id, expression);
  }

  const checkIds = new Set<string>();
  const checks = (form.checks ?? []).map((check) => {
    const what = `check ${check.id}`;
    if (checkIds.has(check.id)) fail(what, 'the id is used twice');
    checkIds.add(check.id);
    for (const id of check.items) if (!items.has(id)) fail(what, `shown under item ${id}, which is not in the form`);
    if (check.items.length === 0) fail(what, 'name the items it is shown under');
    return { definition: check, expression: condition(what, check.expression, 'any') };
  });

  const calculationOrder = [...calculations.keys()].filter((id) => !columns.has(id));
  return { definition: form, items, calculationOrder, columnCalculations: [...columns], groupConditions, checks };
}

/** Whether CEL lets an item id be a variable: `map`, `size`, `int` … are its own. */
function usableAsVariable(id: string): boolean {
  try {
    environmentFor(new Map([[id, 'int']]));
    return true;
  } catch {
    return false;
  }
}

/** Calculated items in dependency order; a calculation that reads itself, directly or not, is an error. */
function orderCalculations(items: readonly ItemDefinition[], fail: (what: string, problem: string) => never): string[] {
  const calculated = new Map(items.filter((i) => i.type === 'calculated').map((i) => [i.id, i]));
  const reads = (item: ItemDefinition): string[] => {
    const calculation = item.calculation;
    if (calculation === undefined) return [];
    if ('inputs' in calculation) return Object.values(calculation.inputs);
    return identifiersIn(calculation.expression);
  };
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') fail(`calculated item ${id}`, `depends on itself (${[...path, id].join(' → ')})`);
    state.set(id, 'visiting');
    for (const read of reads(calculated.get(id)!)) if (calculated.has(read)) visit(read, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of calculated.keys()) visit(id, []);
  return order;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

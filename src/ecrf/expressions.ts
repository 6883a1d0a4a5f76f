import { Environment, parse } from '@marcbachmann/cel-js';
import type { ItemType } from '../protocol/forms.ts';

/**
 * CEL (https://cel.dev) over a form's items: each item is a variable named by its id, typed by the item. CEL is
 * side-effect free and always terminates, so a protocol's conditions cannot do harm; and it is type-checked, so
 * `weight > "70"` or a misspelt item stops the protocol from loading.
 *
 * An item without a value has no variable: an expression that needs it is not evaluated (a check about a value
 * not yet entered neither passes nor fails; a condition on it does not hold yet).
 */

/** The CEL type of an item's value. */
export function celTypeOf(type: Exclude<ItemType, 'calculated'>): string {
  switch (type) {
    case 'text':
    case 'single_choice':
      return 'string';
    case 'integer':
      return 'int';
    case 'decimal':
      return 'double';
    case 'date':
    case 'datetime':
      return 'google.protobuf.Timestamp';
    case 'multiple_choice':
      return 'list<string>';
    case 'yes_no':
      return 'bool';
  }
}

/** A value as the engine holds it: dates and date-times as ISO text, integers as numbers. */
export type ItemValue = string | number | boolean | readonly string[];

/** The value as CEL takes it. */
export function celValue(type: string, value: ItemValue): unknown {
  if (type === 'int') return BigInt(value as number);
  if (type === 'google.protobuf.Timestamp') return new Date(value as string);
  return value;
}

/** The value CEL gave back, as the engine holds it (int results become numbers). */
export function fromCel(value: unknown): ItemValue | null {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value as ItemValue;
}

export interface CompiledExpression {
  source: string;
  /** The item ids it reads. */
  reads: readonly string[];
  /** Its value, or undefined when an item it reads has no value. */
  evaluate(values: ReadonlyMap<string, ItemValue>): unknown;
}

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

/** An environment with one typed variable per item (and per calculated item, the type its calculation gives). */
export function environmentFor(types: ReadonlyMap<string, string>): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false });
  for (const [id, type] of types) env.registerVariable(id, type);
  return env;
}

/**
 * Parses and type-checks an expression; its result must be of one of the expected types. The error says what is
 * wrong in CEL's words, with the position; the caller adds which form and item it belongs to.
 */
export function compileExpression(
  env: Environment,
  types: ReadonlyMap<string, string>,
  source: string,
  expected: readonly string[],
): { expression: CompiledExpression; type: string } {
  const checked = env.check(source);
  if (!checked.valid) throw new ExpressionError(firstLine(checked.error));
  const type = String(checked.type);
  if (!expected.includes(type)) {
    throw new ExpressionError(`gives ${type}, where ${expected.join(' or ')} is needed`);
  }
  const program = env.parse(source);
  const reads = [...new Set(identifiers(program.ast))].filter((id) => types.has(id));
  const expression: CompiledExpression = {
    source,
    reads,
    evaluate(values) {
      const context: Record<string, unknown> = {};
      for (const id of reads) {
        const value = values.get(id);
        if (value === undefined) return undefined;
        context[id] = celValue(types.get(id) ?? 'dyn', value);
      }
      try {
        return program(context) as unknown;
      } catch {
        // A run-time error (a division by zero, an overflow) is not a value: the check or condition waits.
        return undefined;
      }
    },
  };
  return { expression, type };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * The identifiers an expression names, before any item is typed (the order of calculations is needed first);
 * none for an expression that does not parse, whose error the type check reports.
 */
export function identifiersIn(source: string): string[] {
  try {
    return identifiers(parse(source).ast);
  } catch {
    return [];
  }
}

/** Every identifier in a parsed expression (cel-js nodes: `{op, args}`, identifiers as `{op: 'id', args: name}`). */
function identifiers(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const { op, args } = node as { op?: unknown; args?: unknown };
  if (op === 'id' && typeof args === 'string') return [args];
  const children = Array.isArray(args) ? args : [args];
  return children.flatMap((child) => (Array.isArray(child) ? child.flatMap(identifiers) : identifiers(child)));
}

export function isNumericCelType(type: string): boolean {
  return type === 'int' || type === 'double';
}

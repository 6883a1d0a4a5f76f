/**
 * The simple CEL conditions of the study's forms in REDCap's branching-logic syntax, or null when a condition
 * uses anything else (the caller then keeps the CEL in the Field Annotation). Understood: item names, string and
 * number literals, `true`/`false`, `==` `!=` `<` `<=` `>` `>=`, `!`, `&&`, `||`, parentheses, and `"code" in item`
 * for a multiple choice (REDCap's `[item(code)] = '1'`). A bare yes/no item means `[item] = '1'`.
 */

export interface BranchingItem {
  /** The REDCap field name. */
  field: string;
  kind: 'yes_no' | 'multiple_choice' | 'other';
}

type Token = { t: 'id'; v: string } | { t: 'str'; v: string } | { t: 'num'; v: string } | { t: 'op'; v: string };

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  const re =
    /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"\\])*)"|'((?:[^'\\])*)'|(-?\d+(?:\.\d+)?)|(==|!=|<=|>=|&&|\|\||[<>!()+*/-]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) return null;
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ t: 'id', v: m[1] });
    else if (m[2] !== undefined) tokens.push({ t: 'str', v: m[2] });
    else if (m[3] !== undefined) tokens.push({ t: 'str', v: m[3] });
    else if (m[4] !== undefined) tokens.push({ t: 'num', v: m[4] });
    else if (m[5] !== undefined) tokens.push({ t: 'op', v: m[5] });
  }
  return tokens;
}

class Untranslatable extends Error {}

const comparisons: Record<string, string> = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function celToRedcap(expression: string, items: ReadonlyMap<string, BranchingItem>): string | null {
  const parsed = tokenize(expression);
  if (parsed === null || parsed.length === 0) return null;
  const tokens: Token[] = parsed;
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const fail = (): never => {
    throw new Untranslatable();
  };
  const isOp = (v: string) => peek()?.t === 'op' && peek()?.v === v;
  const item = (name: string) => items.get(name) ?? fail();
  const quote = (v: string) => (v.includes("'") ? fail() : `'${v}'`);

  // An operand: an item, a literal; returns its REDCap text and whether it is a bare item.
  function operand(): { text: string; item?: BranchingItem; literal?: string } {
    const token = next() ?? fail();
    if (token.t === 'id') {
      if (token.v === 'true') return { text: "'1'", literal: '1' };
      if (token.v === 'false') return { text: "'0'", literal: '0' };
      const it = item(token.v);
      return { text: `[${it.field}]`, item: it };
    }
    if (token.t === 'str') return { text: quote(token.v), literal: token.v };
    if (token.t === 'num') return { text: token.v, literal: token.v };
    return fail();
  }

  function primary(): string {
    if (isOp('(')) {
      next();
      const inner = or();
      if (!isOp(')')) fail();
      next();
      return `(${inner})`;
    }
    if (isOp('!')) {
      next();
      const token = next() ?? fail();
      if (token.t !== 'id') fail();
      const it = item(token.v);
      if (it.kind !== 'yes_no') fail();
      return `[${it.field}] = '0'`;
    }
    const start = peek();
    // "code" in item
    if (start?.t === 'str' && tokens[i + 1]?.t === 'id' && tokens[i + 1]?.v === 'in') {
      i += 2;
      const token = next() ?? fail();
      if (token.t !== 'id') fail();
      const it = item(token.v);
      if (it.kind !== 'multiple_choice' || !/^[A-Za-z0-9_]+$/.test(start.v)) fail();
      return `[${it.field}(${start.v})] = '1'`;
    }
    const left = operand();
    const op = peek();
    if (op?.t === 'op' && comparisons[op.v] !== undefined) {
      next();
      const right = operand();
      if (left.item?.kind === 'multiple_choice' || right.item?.kind === 'multiple_choice') fail();
      // A yes/no compared with true/false is its '1'/'0'.
      return `${left.text} ${comparisons[op.v]} ${right.text}`;
    }
    if (left.item?.kind === 'yes_no') return `[${left.item.field}] = '1'`;
    return fail();
  }

  function and(): string {
    const parts = [primary()];
    while (isOp('&&')) {
      next();
      parts.push(primary());
    }
    return parts.join(' and ');
  }

  function or(): string {
    const parts = [and()];
    while (isOp('||')) {
      next();
      parts.push(and());
    }
    return parts.join(' or ');
  }

  try {
    const result = or();
    return i === tokens.length ? result : null;
  } catch (error) {
    if (error instanceof Untranslatable) return null;
    throw error;
  }
}

/**
 * A CEL calculation of numbers in REDCap's calc syntax, or null: items (not multiple choices), numbers, `+ - * /`
 * and parentheses only.
 */
export function celArithmeticToRedcap(expression: string, items: ReadonlyMap<string, BranchingItem>): string | null {
  const tokens = tokenize(expression);
  if (tokens === null || tokens.length === 0) return null;
  const parts: string[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.t === 'num') parts.push(token.v);
    else if (token.t === 'id') {
      const item = items.get(token.v);
      if (item === undefined || item.kind !== 'other') return null;
      parts.push(`[${item.field}]`);
    } else if (token.t === 'op' && '+-*/()'.includes(token.v)) {
      depth += token.v === '(' ? 1 : token.v === ')' ? -1 : 0;
      if (depth < 0) return null;
      parts.push(token.v);
    } else return null;
  }
  return depth === 0 ? parts.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')') : null;
}

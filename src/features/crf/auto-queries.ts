import type { Finding } from '../../ecrf/evaluate.ts';

/** An automatic query as the save sees it: what it was opened for (item, check, the finding's text). */
export interface AutoQuery {
  id: number;
  itemKey: string;
  rule: string;
  text: string;
  active: boolean;
}

/**
 * Which automatic queries a save opens and which it resolves. A soft finding opens a query on its first item
 * unless one was already opened for the same finding (same item, check and text: a value that was confirmed and
 * closed is not asked about again, a new value out of range is). An active automatic query whose finding is gone
 * (the value was corrected, the item hidden) is resolved by the engine. Pure.
 */
export function planAutoQueries(
  existing: readonly AutoQuery[],
  soft: readonly Finding[],
): { open: Finding[]; resolve: AutoQuery[] } {
  const keyOf = (itemKey: string, rule: string, text: string) => JSON.stringify([itemKey, rule, text]);
  const wanted = new Map(soft.map((f) => [keyOf(f.keys[0] ?? '', f.rule, f.message), f]));
  const known = new Set(existing.map((q) => keyOf(q.itemKey, q.rule, q.text)));
  return {
    open: [...wanted].filter(([key]) => !known.has(key)).map(([, finding]) => finding),
    resolve: existing.filter((q) => q.active && !wanted.has(keyOf(q.itemKey, q.rule, q.text))),
  };
}

/**
 * How findings, queries and history name an item: its id, or `group[row].id` for an item of a repeating group
 * (rows counted from 0). One spelling for the engine, the server and the browser.
 */
export function rowItemKey(group: string, row: number, id: string): string {
  return `${group}[${row}].${id}`;
}

/** The parts of an item key: the item id, and the group and row for an item of a repeating group. */
export function splitItemKey(key: string): { id: string; inRow: { group: string; row: number } | null } {
  const match = /^([a-z][a-z0-9_]*)\[(\d{1,3})\]\.([a-z][a-z0-9_]*)$/.exec(key);
  return match === null
    ? { id: key, inRow: null }
    : { id: match[3]!, inRow: { group: match[1]!, row: Number(match[2]) } };
}

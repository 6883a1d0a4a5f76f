/**
 * Rows in PostgreSQL's COPY text format: columns separated by tabs, rows by newlines, null as `\N`, and in text
 * the backslash, tab, newline and carriage return escaped (the format has no quoting). Numbers are written as
 * JavaScript prints them, which PostgreSQL reads back exactly (`1e+21`, `0.1`).
 */
export function copyText(rows: readonly (readonly unknown[])[]): string {
  let text = '';
  for (const row of rows) text += `${row.map(copyField).join('\t')}\n`;
  return text;
}

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY takes finite numbers, not ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new Error(`COPY takes text, numbers and null, not ${typeof value}`);
  return value.replace(/[\\\t\n\r]/g, (c) => escapes[c]!);
}

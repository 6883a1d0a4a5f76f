/**
 * Writes CSV: RFC 4180 (comma, CRLF), every field quoted, null and undefined empty. It is the one CSV writer:
 * every export goes through it, so none can forget the defence below.
 *
 * Spreadsheets run a cell that starts with = + - @ as a formula (and may drop a leading tab or carriage
 * return first), so text typed into a form could execute when an export is opened. Such a cell gets a leading
 * apostrophe, as OWASP advises. A cell may start in more places than the field's start: Excel set to the Dutch
 * `;` list separator splits a comma file at every semicolon whatever the quotes, so `;=1+1` would open a
 * formula in the middle of a field. Each stretch after a `,`, `;`, tab or line break inside a value is therefore
 * checked as a cell of its own, and the apostrophe goes at the start of that stretch.
 *
 * Before the first character that counts, whitespace, invisible format characters (zero-width spaces, word
 * joiner, byte-order mark, bidirectional marks), control characters and double quotes are skipped, and
 * full-width or small look-alikes (＝ ＋ － ＠ ﹦ ...) count as what they resemble (NFKC). A stretch that is a
 * plain decimal number (`-2.5`, `+1`, `-1e-7`) is left alone: a spreadsheet reads it as a number, never as a
 * formula, so negative values stay usable in analyses.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: unknown): string {
  return `"${inert(text(value)).replace(/"/g, '""')}"`;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** Where a spreadsheet reading with another list separator, or ignoring the quotes, may start a new cell. */
const cellBoundary = /([,;\t\r\n])/;
const skipped = /^[\s\p{Cc}\p{Cf}"]*/u;
const formulaStarts = new Set(['=', '+', '-', '@']);
const plainNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The text with an apostrophe before every stretch a spreadsheet could read as a formula. */
function inert(value: string): string {
  // Even indexes hold the stretches that may become cells, odd ones the boundaries between them.
  const parts = value.split(cellBoundary);
  const defused = parts.map((part, i) => (i % 2 === 0 && opensFormula(part) ? `'${part}` : part));
  if (/^[\t\r]/.test(value) && !defused[0]?.startsWith("'")) defused[0] = `'${defused[0] ?? ''}`;
  return defused.join('');
}

function opensFormula(stretch: string): boolean {
  const rest = stretch.replace(skipped, '');
  const first = rest.codePointAt(0);
  if (first === undefined) return false;
  return formulaStarts.has(String.fromCodePoint(first).normalize('NFKC')) && !plainNumber.test(rest);
}

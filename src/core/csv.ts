/**
 * Writes CSV (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line break). null and
 * undefined are empty. Text that a spreadsheet would run as a formula (starting with = + - @ or a tab) gets a
 * leading apostrophe, so that opening an export in Excel cannot execute anything typed into a form.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The HTML building blocks of the analysis report: escaping and number formatting. Immunotype names, study ids,
 * titles and marker codes come from users or data, so every one of them goes through `escapeHtml` before it
 * reaches the document; markup the report builds itself is wrapped in `Html` so the table helper can tell the
 * two apart and never escapes twice or forgets to escape.
 */

/** Markup that is already safe (built by the report itself), as opposed to a plain string that must be escaped. */
export interface Html {
  readonly html: string;
}

export function raw(html: string): Html {
  return { html };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in text and in quoted attribute values, of HTML and of inline SVG alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export type Cell = string | number | Html | null;

function cellHtml(cell: Cell): string {
  if (cell === null) return '—';
  if (typeof cell === 'number') return escapeHtml(String(cell));
  return typeof cell === 'string' ? escapeHtml(cell) : cell.html;
}

export interface TableOptions {
  caption?: string;
  /** The first column holds row labels (rendered as <th>). */
  rowHeaders?: boolean;
  className?: string;
}

export function table(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string {
  const caption = options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>`;
  const head = `<thead><tr>${headers.map((h) => `<th scope="col">${cellHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, i) =>
            options.rowHeaders === true && i === 0
              ? `<th scope="row">${cellHtml(cell)}</th>`
              : `<td>${cellHtml(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  const cls = options.className === undefined ? '' : ` class="${escapeHtml(options.className)}"`;
  return `<table${cls}>${caption}${head}<tbody>${body}</tbody></table>`;
}

/** A paragraph saying why something is absent ("not requested", "not available: …"). */
export function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

export function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** Fixed significant digits: the same number always prints the same way, whatever the locale of the machine. */
export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-3) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** Three significant digits with trailing zeros kept (0.700, 1.20): for hazard ratios and their limits. */
export function ratio(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  return abs >= 1e-3 && abs < 1e3 ? x.toPrecision(3) : num(x);
}

export function fixed(x: number | null | undefined, decimals = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(decimals);
}

/** p-values as journals print them: three decimals, small ones in exponent notation. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

export function percent(x: number | null | undefined, decimals = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(decimals)} %`;
}

/** "12.3 % (8.1–17.0)" or "1.23 (0.95–1.60)". */
export function withInterval(
  estimate: number | null,
  lower: number | null,
  upper: number | null,
  format: (x: number | null) => string,
): string {
  if (estimate === null) return '—';
  return lower === null || upper === null
    ? format(estimate)
    : `${format(estimate)} (${format(lower)}–${format(upper)})`;
}

/** A test as one line: "χ² = 4.21, df 2, p = 0.122", or why it was not computed. */
export function testLine(
  name: string,
  test: { statistic: number | null; df: number | null; p: number | null; reason: string | null },
): string {
  if (test.reason !== null || test.p === null) return `${name}: not computed (${test.reason ?? 'no p-value'})`;
  const statistic = test.statistic === null ? '' : `statistic ${num(test.statistic)}, `;
  const df = test.df === null ? '' : `df ${test.df}, `;
  return `${name}: ${statistic}${df}p = ${pValue(test.p)}`;
}

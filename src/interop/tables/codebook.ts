import { toCsv } from '../../core/csv.ts';
import { exportMissingCodes, missingLabels, missingNumbers } from './missing.ts';
import type { TableSpec, ValueLabel } from './spec.ts';

/**
 * The codebook of an export: one row per column of every table (what it is, its type, unit, value labels, what an
 * empty cell means, how it was derived), as CSV for programs and as one readable HTML page for people.
 */

export const codebookHeader = ['table', 'variable', 'item', 'label', 'type', 'unit', 'codes', 'missing', 'derivation'];

export const codesText = (codes: readonly ValueLabel[]) => codes.map((c) => `${c.code} = ${c.label}`).join(' | ');

export function codebookRows(tables: readonly TableSpec[]): string[][] {
  return tables.flatMap((table) =>
    table.columns.map((c) => [
      table.name,
      c.name,
      c.item,
      c.label,
      c.type,
      c.unit,
      codesText(c.codes),
      c.missing,
      c.derivation,
    ]),
  );
}

export function codebookCsv(tables: readonly TableSpec[]): string {
  return toCsv(codebookHeader, codebookRows(tables));
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const html = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => escapes[c] ?? c);

export interface CodebookTitle {
  study: string;
  title: string;
  generatedAt: string;
  version: string;
}

/** A self-contained page (inline style, no scripts): a contents list, then a section per table. */
export function codebookHtml(tables: readonly TableSpec[], about: CodebookTitle): string {
  const toc = tables
    .map(
      (t) => `<li><a href="#${html(t.name)}">${html(t.name)}</a> — ${html(t.label)} (${t.columns.length} columns)</li>`,
    )
    .join('\n');
  const sections = tables
    .map((t) => {
      const rows = t.columns
        .map(
          (c) =>
            `<tr><td><code>${html(c.name)}</code></td><td>${html(c.label)}${c.item === '' ? '' : `<br><small>${html(c.item)}</small>`}</td>` +
            `<td>${html(c.type)}</td><td>${html(c.unit)}</td><td>${c.codes.map((v) => `<code>${html(v.code)}</code> ${html(v.label)}`).join('<br>')}</td>` +
            `<td>${html(c.missing)}</td><td>${html(c.derivation)}</td></tr>`,
        )
        .join('\n');
      return (
        `<section id="${html(t.name)}"><h2>${html(t.name)}</h2><p>${html(t.label)}. File <code>${html(t.name)}.csv</code> ` +
        `(or .parquet); a row is identified by ${t.keys.map((k) => `<code>${html(k)}</code>`).join(' + ')}.</p>\n` +
        `<table><thead><tr><th>variable</th><th>label</th><th>type</th><th>unit</th><th>codes</th><th>missing</th><th>derivation</th></tr></thead>\n<tbody>\n${rows}\n</tbody></table></section>`
      );
    })
    .join('\n');
  const missing = exportMissingCodes
    .map(
      (code) =>
        `<tr><td><code>${code}</code></td><td><code>${missingNumbers[code]}</code></td><td>${html(missingLabels[code])}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Codebook — ${html(about.study)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f2f2f2}
code{font-family:ui-monospace,monospace;font-size:13px}
small{color:#666}
</style></head><body>
<h1>Codebook — ${html(about.study)}</h1>
<p>${html(about.title)}. Exported ${html(about.generatedAt)} by septype ${html(about.version)}. Study ids only: no identity data.</p>
<h2>Missing values</h2>
<p>An empty cell has no value. Why is said explicitly: in the column <code>&lt;item&gt;__missing</code> beside an item's
value, and in the 0/1 columns of a multiple choice (<code>&lt;item&gt;___&lt;option&gt;</code>) as a negative number
(1 = checked, 0 = answered but not checked):</p>
<table><thead><tr><th>code</th><th>number</th><th>meaning</th></tr></thead><tbody>
${missing}
</tbody></table>
<h2>Tables</h2>
<ul>
${toc}
</ul>
${sections}
</body></html>
`;
}

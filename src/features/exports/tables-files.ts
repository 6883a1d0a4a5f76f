import { AppError } from '../../core/errors.ts';
import { codebookCsv, codebookHtml } from '../../interop/tables/codebook.ts';
import { rScript, spssScript, stataScript } from '../../interop/tables/scripts.ts';
import type { TableSpec } from '../../interop/tables/spec.ts';
import { audit, inTransaction, type CallContext } from '../../kernel/context.ts';
import { exportMessages } from './messages.ts';
import {
  analysisTables,
  exportMetadata,
  exportScope,
  exportTableSpecs,
  type AnalysisTables,
  type ExportScope,
} from './tables-export.ts';
import type { TableFormat } from './tables-sinks.ts';

/** The companion files of a table export: the codebook (CSV, HTML) and the loading scripts, and the audit entry. */

export const scriptFiles = { r: 'load.R', stata: 'load.do', spss: 'load.sps' } as const;
export type ScriptLanguage = keyof typeof scriptFiles;

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: string;
}

export function scriptOf(
  language: ScriptLanguage,
  tables: readonly TableSpec[],
  study: string,
  format: TableFormat,
): ExportFile {
  const about = { study, format };
  switch (language) {
    case 'r':
      return { fileName: scriptFiles.r, contentType: 'text/plain; charset=utf-8', body: rScript(tables, about) };
    case 'stata':
      return {
        fileName: scriptFiles.stata,
        contentType: 'text/plain; charset=utf-8',
        body: stataScript(tables, about),
      };
    case 'spss':
      return { fileName: scriptFiles.spss, contentType: 'text/plain; charset=utf-8', body: spssScript(tables, about) };
  }
}

export function codebookOf(ctx: CallContext, scope: ExportScope, tables: readonly TableSpec[], format: 'csv' | 'html') {
  if (format === 'csv')
    return { fileName: 'codebook.csv', contentType: 'text/csv; charset=utf-8', body: codebookCsv(tables) };
  const meta = exportMetadata(ctx, scope);
  return {
    fileName: 'codebook.html',
    contentType: 'text/html; charset=utf-8',
    body: codebookHtml(tables, {
      study: meta.study,
      title: meta.site === null ? meta.title : `${meta.title} — site ${meta.site}`,
      generatedAt: meta.exportedAt,
      version: meta.version,
    }),
  };
}

/** Every table, the analysis datasets' columns as the data at the scope make them. */
export async function allTables(
  ctx: CallContext,
  scope: ExportScope,
): Promise<{ tables: TableSpec[]; analysis: AnalysisTables }> {
  const analysis = await analysisTables(ctx, scope);
  return { tables: exportTableSpecs(ctx, analysis.specs), analysis };
}

export function tableNamed(tables: readonly TableSpec[], name: string): TableSpec {
  const table = tables.find((t) => t.name === name);
  if (table === undefined) {
    throw new AppError(
      'not_found',
      exportMessages.unknownTable({ table: name.slice(0, 100), tables: tables.map((t) => t.name).join(', ') }),
    );
  }
  return table;
}

/** Who exported what: research data leave the system here, so the trail says so (no data in the entry). */
export async function auditExport(
  ctx: CallContext,
  scope: ExportScope,
  what: { tables: readonly string[]; format: string },
): Promise<void> {
  const siteId = scope.site === null ? null : (scope.sites[0]?.id ?? null);
  await inTransaction(ctx, (trx) =>
    audit(ctx, trx, {
      siteId,
      action: 'export.tables',
      entity: 'export',
      entityId: null,
      after: { tables: what.tables, format: what.format, site: scope.site, sites: scope.sites.map((s) => s.code) },
    }),
  );
}

export { exportScope };

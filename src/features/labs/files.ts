import { Readable } from 'node:stream';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import type { CallContext } from '../../kernel/context.ts';
import type { ImportReport, ImportRequest, importPreview, previewRequest } from './contract.ts';
import type { z } from 'zod';
import { importResults, reportAsError } from './import-results.ts';
import { findMapping } from './mappings.ts';
import { previewResultFile } from './read/read-result-file.ts';

/** A file sent in a JSON body (base64), as the readers take it: a stream of chunks (here, one). */
function bytesOf(base64: string): AsyncIterable<Uint8Array> {
  return Readable.from([Buffer.from(base64, 'base64')]);
}

export async function previewFile(
  ctx: CallContext,
  request: z.infer<typeof previewRequest>,
): Promise<z.infer<typeof importPreview>> {
  scopeFor(ctx, 'lab.import');
  const preview = await previewResultFile(
    bytesOf(request.content),
    request.separator == null ? {} : { separator: request.separator },
  );
  const saved = request.lab == null ? null : await findMapping(ctx.database.kysely, request.lab, request.format);
  return { ...preview, saved };
}

/** The API's import: a report with problems that stored nothing is the one input-error shape, every row in it. */
export async function importFile(ctx: CallContext, request: ImportRequest): Promise<ImportReport> {
  const report = await importResults(ctx, {
    format: request.format,
    lab: request.lab ?? null,
    fileName: request.fileName ?? null,
    source: bytesOf(request.content),
    separator: request.separator,
    mapping: request.mapping,
    saveMapping: request.saveMapping,
    dryRun: request.dryRun,
    acceptPartial: request.acceptPartial,
  });
  if (report.errors.length > 0 && report.imported === 0 && !request.dryRun) throw reportAsError(report);
  return report;
}

/** The imports that stored results at the caller's sites (a file crosses sites; another site's stay unseen). */
export async function listImports(ctx: CallContext) {
  const db = studyDb(ctx.database.kysely, scopeFor(ctx, 'lab.import'));
  const seen = await db
    .selectFrom('result_import_sites')
    .select('import_id')
    .distinct()
    .orderBy('import_id', 'desc')
    .limit(500)
    .execute();
  const ids = seen.map((row) => Number(row.import_id));
  if (ids.length === 0) return [];
  const rows = await ctx.database.kysely
    .selectFrom('result_imports')
    .select([
      'id',
      'lab',
      'format',
      'file_name',
      'content_hash',
      'rows',
      'imported',
      'rejected',
      'imported_by',
      'imported_at',
    ])
    .where('id', 'in', ids)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    lab: row.lab,
    format: row.format,
    fileName: row.file_name,
    contentHash: row.content_hash,
    rows: Number(row.rows),
    imported: Number(row.imported),
    rejected: Number(row.rejected),
    importedBy: row.imported_by === null ? null : Number(row.imported_by),
    importedAt: row.imported_at,
  }));
}

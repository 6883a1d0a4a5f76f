import { createHash, randomUUID } from 'node:crypto';
import { AppError, InputError } from '../../core/errors.ts';
import { audit, callerUserId, inTransaction, type CallContext, type Trx } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { catalogue, currentVersions } from './catalogue.ts';
import { AnalyteIndex } from './catalogue-index.ts';
import type { ImportReport, LabMapping, RowProblem } from './contract.ts';
import { findMapping, storeMapping } from './mappings.ts';
import { labMessages } from './messages.ts';
import { readResultFile } from './read/read-result-file.ts';
import type { ResultFormat } from './read/result-types.ts';
import { ResultChecks } from './result-checks.ts';
import { currentResults, storeResults } from './results-repo.ts';
import { SampleLookup } from './sample-lookup.ts';

export interface ImportInput {
  format: ResultFormat;
  lab: string | null;
  fileName: string | null;
  source: AsyncIterable<Uint8Array>;
  separator?: string | null | undefined;
  /** Instead of the laboratory's saved mapping. */
  mapping?: Omit<LabMapping, 'lab' | 'format'> | null | undefined;
  saveMapping?: boolean;
  dryRun: boolean;
  acceptPartial: boolean;
}

const noMapping: Omit<LabMapping, 'lab' | 'format'> = { columns: {}, analytes: {}, assay: null };

/** Thrown inside the transaction to roll it back and still answer with the report. */
class NothingStored extends Error {
  constructor(readonly report: ImportReport) {
    super('nothing stored');
  }
}

/**
 * Imports one results file in one transaction, streaming: rows are read, checked against the catalogue and the
 * biobank, and stored batch by batch, so a million rows never sit in memory. Every problem is collected with its
 * line and column; unless the caller accepts a partial import, one problem rolls the whole file back. A file's
 * content hash is unique among imports: the same file twice is refused (a corrected file has another hash).
 * The caller's sites bound what it can import into: a sample of another site is an unknown sample.
 */
export async function importResults(ctx: CallContext, input: ImportInput): Promise<ImportReport> {
  const scope = scopeFor(ctx, 'lab.import');
  try {
    return await inTransaction(ctx, async (trx) => {
      const db = studyDb(trx, scope);
      const now = ctx.clock.now();
      const at = now.toISOString();
      const saved = input.lab == null ? null : await findMapping(trx, input.lab, input.format);
      const mapping = input.mapping ?? saved ?? noMapping;
      const assays = currentVersions(await catalogue(trx, ctx.study, now));
      if (mapping.assay !== null && !assays.some((a) => a.code === mapping.assay)) {
        throw new InputError('mapping.assay', labMessages.unknownAssay({ assay: mapping.assay }));
      }
      const checks = new ResultChecks(
        AnalyteIndex.forFile(assays, input.format, { assay: mapping.assay ?? undefined, analytes: mapping.analytes }),
      );
      const importId = input.dryRun ? null : await openImport(trx, input, callerUserId(ctx.caller), at);
      const samples = new SampleLookup(db, ctx.study);
      const hash = createHash('sha256');
      const file = readResultFile(hashing(input.source, hash), {
        format: input.format,
        mapping: mapping.columns,
        ...(input.separator == null ? {} : { separator: input.separator }),
      });
      const errors: RowProblem[] = [];
      const sites = new Set<number>();
      let valid = 0;
      let imported = 0;
      let corrected = 0;
      for await (const batch of file.batches) {
        for (const p of batch.problems)
          errors.push({ line: p.line, column: p.column, problem: p.problem, key: p.key, params: p.params });
        const barcodes = batch.rows.map((row) => row.sample);
        const [known, stored] = await Promise.all([samples.find(barcodes), currentResults(db, barcodes)]);
        const { checked, problems } = checks.check(batch.rows, known, stored);
        errors.push(...problems);
        valid += checked.length;
        if (importId === null || (errors.length > 0 && !input.acceptPartial)) continue;
        await storeResults(db, checked, {
          importId,
          calibrationId: null,
          reason: correctionReason(importId),
          by: callerUserId(ctx.caller),
          at,
        });
        imported += checked.length;
        for (const c of checked) sites.add(c.sample.siteId);
        corrected += checked.filter((c) => c.replaces !== null).length;
      }
      errors.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
      const summary = file.summary;
      const contentHash = hash.digest('hex');
      const report: ImportReport = {
        rows: summary.records,
        valid,
        imported: errors.length > 0 && !input.acceptPartial ? 0 : imported,
        corrected: errors.length > 0 && !input.acceptPartial ? 0 : corrected,
        errors,
        importId,
        contentHash,
        encoding: summary.encoding,
        separator: summary.separator,
        controlsSkipped: summary.controlsSkipped,
        dryRun: input.dryRun,
      };
      await refuseKnownFile(trx, contentHash);
      if (importId === null || report.imported === 0)
        throw new NothingStored({ ...report, importId: null, imported: 0, corrected: 0 });
      await closeImport(trx, importId, contentHash, report);
      await db
        .insertInto(
          'result_import_sites',
          [...sites].map((siteId) => ({ site_id: siteId, import_id: importId })),
        )
        .execute();
      if (input.saveMapping === true && input.lab != null) {
        await storeMapping(ctx, trx, { lab: input.lab, format: input.format, ...mapping });
      }
      await audit(ctx, trx, {
        siteId: null,
        action: 'results.imported',
        entity: 'result_import',
        entityId: importId,
        after: {
          lab: input.lab,
          format: input.format,
          fileName: input.fileName,
          contentHash,
          rows: report.rows,
          imported: report.imported,
          corrected: report.corrected,
          rejected: errors.length,
        },
      });
      return report;
    });
  } catch (error) {
    if (error instanceof NothingStored) return error.report;
    // Another import stored results of the same samples and analytes, or the same file, at the same moment.
    if (isUniqueViolation(error)) throw new AppError('conflict', labMessages.importedAtOnce());
    throw error;
  }
}

/** The error a report with problems and nothing stored is, for the API: the one input-error shape, every row in it. */
export function reportAsError(report: ImportReport): InputError {
  const [first] = report.errors;
  return new InputError('file', labMessages.fileProblems({ count: report.errors.length }), {
    ...(first === undefined ? {} : { line: first.line, ...(first.column === null ? {} : { column: first.column }) }),
    details: report.errors.map((e) => ({
      message: e.problem,
      ...(e.key === undefined ? {} : { key: e.key, params: e.params ?? {} }),
      line: e.line,
      ...(e.column === null ? {} : { column: e.column }),
    })),
  });
}

function correctionReason(importId: number): string {
  return `corrected by import ${importId}`;
}

async function* hashing(source: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>) {
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
}

/** The import row comes first, for its id on every result; its hash is set once the whole file is read. */
async function openImport(db: Trx, input: ImportInput, by: number | null, at: string): Promise<number> {
  const row = await db
    .insertInto('result_imports')
    .values({
      lab: input.lab,
      format: input.format,
      file_name: input.fileName,
      content_hash: `pending:${randomUUID()}`,
      rows: 0,
      imported: 0,
      rejected: 0,
      imported_by: by,
      imported_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function refuseKnownFile(db: Trx, contentHash: string): Promise<void> {
  const known = await db
    .selectFrom('result_imports')
    .select(['id', 'imported_at'])
    .where('content_hash', '=', contentHash)
    .executeTakeFirst();
  if (known !== undefined) {
    throw new AppError('conflict', labMessages.importedAlready({ importId: Number(known.id), at: known.imported_at }));
  }
}

async function closeImport(db: Trx, importId: number, contentHash: string, report: ImportReport): Promise<void> {
  // Two imports of one file at once: the unique hash lets one commit; the other is refused (importResults).
  await db
    .updateTable('result_imports')
    .set({ content_hash: contentHash, rows: report.rows, imported: report.imported, rejected: report.errors.length })
    .where('id', '=', importId)
    .execute();
}

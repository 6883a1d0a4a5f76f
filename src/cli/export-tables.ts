import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InputError } from '../core/errors.ts';
import {
  analysisSpecs,
  analysisTables,
  auditExport,
  codebookOf,
  exportMetadata,
  exportScope,
  exportTableSpecs,
  scriptOf,
  sinkFor,
  writeTables,
  type TableFormat,
} from '../features/exports/public.ts';
import { findSiteByCode } from '../features/sites/public.ts';
import type { TableSpec } from '../interop/tables/spec.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { checkOutputDirectory, writeDirectory } from './export-dir.ts';
import { line, printError, printJson } from './output.ts';

/**
 * A full garbage collection between batches once the heap holds more than 64 MB, for the command line's long
 * exports: between batches the live data are about one batch, but V8 lets the garbage of many batches pile up
 * before it collects (measured on a 3,900-patient export: a peak RSS of 370 MB for ~50 MB live; 190 MB with this).
 */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // Called without arguments: gc(true) would be a minor collection only.
  return () => {
    if (getHeapStatistics().used_heap_size > 64 * 2 ** 20) gc();
  };
}

/**
 * `septype export tables --db <..> --out <dir> [--format csv|parquet] [--site <code>] [--tables a,b] [--batch-size N]`
 * (issue 15 §2): every table of the study, or those named (forms, repeating groups, participants, visits, samples,
 * aliquots, results, analysis datasets) with the codebook (CSV and HTML), the R, Stata and SPSS loading scripts
 * and export.json (what, when, row counts). Study ids only. Prints export.json on stdout. Every table is written
 * in batches of participants (--batch-size, 100 by default), the analysis datasets too, so that memory stays
 * about one batch whatever the size of the study.
 */
export async function exportTables(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, {
    ...dbFlag,
    out: { type: 'string' },
    format: { type: 'string' },
    site: { type: 'string' },
    tables: { type: 'string' },
    'batch-size': { type: 'string' },
  });
  const target = checkOutputDirectory(requireFlag(flags.out, '--out'));
  const format = (flags.format ?? 'csv') as TableFormat;
  if (format !== 'csv' && format !== 'parquet') throw new InputError('--format', '--format must be csv or parquet');
  const batchSize = flags['batch-size'] === undefined ? undefined : Number(flags['batch-size']);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) {
    throw new InputError('--batch-size', '--batch-size must be a whole number from 1 to 10000');
  }
  await withDatabase(flags.db, 'existing', async (app) => {
    const ctx = operatorContext(app);
    let siteId: number | undefined;
    if (flags.site !== undefined) {
      const site = await findSiteByCode(app.database.kysely, flags.site);
      if (site === undefined) throw new InputError('--site', `no site with the code ${flags.site}`);
      siteId = site.id;
    }
    const scope = await exportScope(ctx, siteId);
    const wanted = flags.tables
      ?.split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const known = exportTableSpecs(ctx, analysisSpecs(ctx)).map((t) => t.name);
    const unknown = (wanted ?? []).filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new InputError('--tables', `no table ${unknown.join(', ')}: the tables are ${known.join(', ')}`);
    }
    const chosen = (name: string) => wanted === undefined || wanted.includes(name);
    const streamed = exportTableSpecs(ctx).filter((t) => chosen(t.name));
    const meta = exportMetadata(ctx, scope);
    const collect = collector();
    const open = (dir: string) => (table: TableSpec) =>
      sinkFor(format, createWriteStream(join(dir, `${table.name}.${format}`), { mode: 0o600 }), table, {
        'septype.table': table.name,
        'septype.study': meta.study,
      });
    const summary = await writeDirectory(target, async (dir) => {
      const counts = await writeTables(ctx, scope, streamed, open(dir), {
        onBatch: () => collect(),
        ...(batchSize === undefined ? {} : { batchSize }),
      });
      // The analysis datasets last, streamed too: their columns follow the data (an EQ-5D-5L visit is a column
      // when it has values), read by one query first; then the analysis slice assembles their rows batch by batch
      // (participants in study id order), each batch written before the next is read.
      collect();
      const analysis = analysisSpecs(ctx).some((t) => chosen(t.name))
        ? await analysisTables(ctx, scope)
        : { specs: [], eq5d: [] };
      analysis.specs = analysis.specs.filter((t) => chosen(t.name));
      const analysed = await writeTables(ctx, scope, analysis.specs, open(dir), {
        analysis,
        onBatch: () => collect(),
        ...(batchSize === undefined ? {} : { batchSize }),
      });
      for (const [name, rows] of analysed) counts.set(name, rows);
      const tables = [...streamed, ...analysis.specs];
      for (const kind of ['csv', 'html'] as const) {
        const file = codebookOf(ctx, scope, tables, kind);
        writeFileSync(join(dir, file.fileName), file.body, { mode: 0o600 });
      }
      for (const language of ['r', 'stata', 'spss'] as const) {
        const file = scriptOf(language, tables, meta.study, format);
        writeFileSync(join(dir, file.fileName), file.body, { mode: 0o600 });
      }
      const manifest = {
        ...meta,
        format,
        tables: tables.map((t) => ({
          name: t.name,
          file: `${t.name}.${format}`,
          kind: t.kind,
          rows: counts.get(t.name) ?? 0,
        })),
      };
      // Last: export.json says the other files are complete.
      writeFileSync(join(dir, 'export.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
      return manifest;
    });
    await auditExport(ctx, scope, { tables: summary.tables.map((t) => t.name), format });
    printJson(summary);
    printError(line`${summary.tables.length} tables (${format}) with codebook and scripts in ${target}`);
  });
}

import { version } from '../../core/version.ts';
import { codebookRowsFor, participantCells, sampleCells, type TableCell } from '../../immunotype/dataset-tables.ts';
import { formTableRows, recordData, rowOf, typedCell, type ItemDatum } from '../../interop/tables/rows.ts';
import {
  checked,
  formTables,
  type Cell,
  type Column,
  type FormTable,
  type TableSpec,
} from '../../interop/tables/spec.ts';
import { studyTables } from '../../interop/tables/study-tables.ts';
import type { CallContext } from '../../kernel/context.ts';
import { requireAtSite, scopeFor, SiteScope } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { analysisDatasetBatches, eq5dVisitsPresent } from '../analysis/public.ts';
import { listSites } from '../sites/public.ts';
import type { TableSink } from './tables-sinks.ts';
import {
  aliquotsOf,
  assayNames,
  formRecordsOf,
  itemDataOf,
  participantBatch,
  resultsOf,
  tubesOf,
  visitsOf,
  type ParticipantBatchRow,
} from './tables-repo.ts';

/**
 * The table export (issue 15 §2): which tables there are, and their rows written batch by batch (participants by
 * id, `batchSize` at a time) to one sink per table. Research data at the caller's sites (`research_data.read`), or
 * at one of them; study ids only.
 */

export const exportAction = 'research_data.read';

export interface ExportScope {
  scope: SiteScope;
  sites: { id: number; code: string }[];
  /** The site asked for, or null for all of the caller's sites. */
  site: string | null;
}

export async function exportScope(ctx: CallContext, siteId?: number): Promise<ExportScope> {
  let scope = scopeFor(ctx, exportAction);
  if (siteId !== undefined) {
    requireAtSite(ctx, exportAction, siteId);
    scope = new SiteScope(exportAction, [siteId]);
  }
  const sites = await listSites(ctx.database.kysely, scope.siteIds);
  const site = siteId === undefined ? null : (sites.find((s) => s.id === siteId)?.code ?? null);
  return { scope, sites: sites.map((s) => ({ id: s.id, code: s.code })), site };
}

/**
 * The analysis datasets as two tables: their columns (the EQ-5D-5L visits with a value, read beforehand) and the
 * visits those columns are for. Their rows are assembled and written batch by batch (writeTables).
 */
export interface AnalysisTables {
  specs: TableSpec[];
  eq5d: readonly string[];
}

const analysisTypes = { text: 'text', integer: 'integer', number: 'number', '0/1': '0/1', code: 'code' } as const;

/**
 * The analysis datasets' two tables: their columns follow the data (an EQ-5D-5L visit is a column when it has
 * values); `eq5d` are those visits (none: the columns every study has).
 */
export function analysisSpecs(ctx: CallContext, eq5d: readonly string[] = []): TableSpec[] {
  const definition = ctx.study.current.analysis;
  const analytes = ctx.study.assays.flatMap((assay) => assay.analytes);
  const codebook = codebookRowsFor(definition, analytes, eq5d);
  return analysisFiles.map(({ table, keys, label }) =>
    checked({
      name: `analysis_${table}`,
      label,
      kind: 'analysis',
      keys,
      columns: codebook
        .filter((row) => row.table === table)
        .map((row): Column => ({
          name: row.variable,
          label: row.label,
          type: analysisTypes[row.type],
          unit: row.unit,
          codes: [],
          missing: row.missing,
          derivation: row.codes === '' ? row.derivation : `codes: ${row.codes}; ${row.derivation}`,
          item: '',
        })),
    }),
  );
}

const analysisFiles = [
  { table: 'participants', keys: ['studyId'], label: 'Analysis dataset: one row per participant' },
  {
    table: 'samples',
    keys: ['studyId', 'visit'],
    label: 'Analysis dataset: one row per participant and sampled visit',
  },
] as const;

/** The analysis tables at the scope: one cheap query for the EQ-5D-5L visits with a value; no rows are read. */
export async function analysisTables(ctx: CallContext, scope: ExportScope): Promise<AnalysisTables> {
  const eq5d = await eq5dVisitsPresent(ctx, scope.scope);
  return { specs: analysisSpecs(ctx, eq5d), eq5d };
}

/**
 * A cell of the analysis tables as the export types it: an empty text is missing, a code is text (a competing
 * event's status too), numbers and 0/1 as numbers.
 */
function analysisCell(type: string, value: TableCell): Cell {
  if (value === null) return null;
  const text = String(value);
  return text === '' ? null : typedCell(type, text);
}

/** Every table of the export, in order: participants, visits, samples, aliquots, results, forms, analysis. */
export function exportTableSpecs(ctx: CallContext, analysis: readonly TableSpec[] = []): TableSpec[] {
  const analytes = ctx.study.assays.flatMap((a) =>
    a.analytes.map((x) => ({ code: x.code, name: x.name, unit: x.unit })),
  );
  return [...studyTables(ctx.study.current, analytes), ...formTables(ctx.study), ...analysis];
}

export interface ExportMetadata {
  study: string;
  title: string;
  version: string;
  exportedAt: string;
  site: string | null;
}

export function exportMetadata(ctx: CallContext, scope: ExportScope): ExportMetadata {
  return {
    study: ctx.study.current.id,
    title: ctx.study.current.title,
    version,
    exportedAt: ctx.clock.now().toISOString(),
    site: scope.site,
  };
}

/**
 * Writes the rows of `tables` to their sinks and ends them. Participants are read `batchSize` at a time; each
 * batch's rows are written before the next is read. The analysis tables come last, batch by batch too: the
 * analysis slice assembles the datasets of `batchSize` participants at a time (in study id order, the datasets'
 * order). Returns the row count of each table.
 */
export async function writeTables(
  ctx: CallContext,
  scope: ExportScope,
  tables: readonly TableSpec[],
  open: (table: TableSpec) => TableSink,
  options: {
    batchSize?: number;
    /** The analysis tables' columns as `tables` has them (read here when not given). */
    analysis?: AnalysisTables;
    onBatch?: (participants: number) => void;
  } = {},
): Promise<Map<string, number>> {
  const batchSize = options.batchSize ?? 100;
  const db = studyDb(ctx.database.kysely, scope.scope);
  const siteCodes = new Map(scope.sites.map((s) => [s.id, s.code]));
  const sinks = new Map(tables.map((t) => [t.name, open(t)]));
  const counts = new Map(tables.map((t) => [t.name, 0]));
  const wants = (name: string) => sinks.has(name);
  const specOf = (name: string) => tables.find((t) => t.name === name)!;
  const write = async (name: string, rows: Cell[][]) => {
    const sink = sinks.get(name);
    if (sink === undefined || rows.length === 0) return;
    counts.set(name, (counts.get(name) ?? 0) + rows.length);
    await sink.write(rows);
  };
  const formTablesWanted = tables.filter((t): t is FormTable => t.kind === 'form' || t.kind === 'repeating_group');
  const byForm = new Map<string, FormTable[]>();
  for (const t of formTablesWanted) byForm.set(t.form, [...(byForm.get(t.form) ?? []), t]);
  const assays = wants('lab_results') ? await assayNames(ctx.database.kysely) : new Map<number, string>();
  const needsParticipants = tables.some((t) => t.kind !== 'analysis');

  let after = 0;
  let done = 0;
  while (needsParticipants) {
    const batch = await participantBatch(db, after, batchSize);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const ids = batch.map((p) => p.id);
    const who = new Map<number, ParticipantBatchRow>(batch.map((p) => [p.id, p]));
    const keysOf = (participantId: number) => {
      const p = who.get(participantId)!;
      return { study_id: p.studyId, site: siteCodes.get(p.siteId) ?? String(p.siteId) };
    };
    const rowsOf = (name: string, records: { participantId: number; record: Record<string, Cell> }[]) =>
      records.map((r) => rowOf(specOf(name).columns, { ...r.record, ...keysOf(r.participantId) }));

    if (wants('participants')) {
      await write(
        'participants',
        rowsOf(
          'participants',
          batch.map((p) => ({ participantId: p.id, record: p.record })),
        ),
      );
    }
    if (wants('visits')) {
      const visits = await visitsOf(db, ids);
      await write(
        'visits',
        rowsOf(
          'visits',
          visits.map(({ participantId, ...record }) => ({ participantId, record })),
        ),
      );
    }
    if (wants('samples') || wants('aliquots')) {
      const tubes = await tubesOf(db, ids);
      await write('samples', wants('samples') ? rowsOf('samples', tubes) : []);
      if (wants('aliquots')) {
        const barcodes = new Map(tubes.map((t) => [t.id, t.record.barcode ?? null]));
        const aliquots = await aliquotsOf(db, ids);
        await write(
          'aliquots',
          rowsOf(
            'aliquots',
            aliquots.map((a) => ({
              participantId: a.participantId,
              record: { ...a.record, tube_barcode: barcodes.get(a.tubeId) ?? null },
            })),
          ),
        );
      }
    }
    if (wants('lab_results')) {
      const results = await resultsOf(db, ids);
      await write(
        'lab_results',
        rowsOf(
          'lab_results',
          results.map((r) => ({
            participantId: r.participantId,
            record: { ...r.record, assay: assays.get(r.assayId) ?? String(r.assayId) },
          })),
        ),
      );
    }
    if (byForm.size > 0) await writeForms(ids);
    done += batch.length;
    options.onBatch?.(done);

    async function writeForms(participantIds: number[]) {
      const records = (await formRecordsOf(db, participantIds)).filter((r) => byForm.has(r.formId));
      if (records.length === 0) return;
      const data = await itemDataOf(
        db,
        records.map((r) => r.id),
      );
      const byRecord = new Map<number, ItemDatum[]>();
      for (const d of data) {
        let list = byRecord.get(d.recordId);
        if (list === undefined) byRecord.set(d.recordId, (list = []));
        list.push(d);
      }
      const out = new Map<string, Cell[][]>();
      for (const record of records) {
        const keys = keysOf(record.participantId);
        const row = { ...record, studyId: keys.study_id, site: keys.site };
        const recordItems = recordData(byRecord.get(record.id) ?? []);
        for (const table of byForm.get(record.formId) ?? []) {
          let list = out.get(table.name);
          if (list === undefined) out.set(table.name, (list = []));
          list.push(...formTableRows(table, row, recordItems));
        }
      }
      for (const [name, rows] of out) await write(name, rows);
    }
  }
  const analysisWanted = tables.filter((t) => t.kind === 'analysis');
  if (analysisWanted.length > 0) {
    const analysis = options.analysis ?? (await analysisTables(ctx, scope));
    const definition = ctx.study.current.analysis;
    const analytes = ctx.study.assays.flatMap((assay) => assay.analytes);
    const cellsOf = {
      analysis_participants: participantCells(definition, analysis.eq5d),
      analysis_samples: sampleCells(analytes),
    };
    const expected = new Map(analysisSpecs(ctx, analysis.eq5d).map((t) => [t.name, t.columns.map((c) => c.name)]));
    const typed = (name: keyof typeof cellsOf) => {
      const columns = specOf(name).columns;
      if (columns.map((c) => c.name).join(',') !== expected.get(name)?.join(',')) {
        throw new Error(`the columns of ${name} are not those of its EQ-5D-5L visits`);
      }
      const types = columns.map((c) => c.type);
      const cells = cellsOf[name] as (row: unknown) => TableCell[];
      return (row: unknown) => cells(row).map((value, j) => analysisCell(types[j]!, value));
    };
    const participantRow = wants('analysis_participants') ? typed('analysis_participants') : undefined;
    const sampleRow = wants('analysis_samples') ? typed('analysis_samples') : undefined;
    let analysed = 0;
    for await (const datasets of analysisDatasetBatches(ctx, scope.scope, batchSize)) {
      if (participantRow !== undefined) await write('analysis_participants', datasets.participants.map(participantRow));
      if (sampleRow !== undefined) await write('analysis_samples', datasets.samples.map(sampleRow));
      analysed += datasets.participants.length;
      options.onBatch?.(analysed);
    }
  }
  for (const sink of sinks.values()) await sink.end();
  return counts;
}

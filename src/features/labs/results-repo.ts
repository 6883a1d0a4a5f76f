import type { StudyDb } from '../../kernel/study-db.ts';
import { resultKey, type CheckedResult, type StoredResult } from './result-checks.ts';

/** SQLite takes at most 32,766 parameters per statement, PostgreSQL 65,535: 1,000 rows of 23 columns fit both. */
const rowsPerInsert = 1000;
const idsPerQuery = 500;

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The current results of these samples, by sample and analyte. */
export async function currentResults(db: StudyDb, barcodes: readonly string[]): Promise<Map<string, StoredResult>> {
  const found = new Map<string, StoredResult>();
  for (const some of chunks([...new Set(barcodes)], idsPerQuery)) {
    const rows = await db
      .selectFrom('lab_results')
      .select(['id', 'sample_barcode', 'analyte', 'value', 'unit', 'qualifier', 'result_version', 'import_id'])
      .where('current', '=', 1)
      .where('sample_barcode', 'in', some)
      .execute();
    for (const row of rows) {
      found.set(resultKey(row.sample_barcode, row.analyte), {
        id: Number(row.id),
        value: row.value === null ? null : Number(row.value),
        unit: row.unit,
        qualifier: row.qualifier,
        resultVersion: Number(row.result_version),
        importId: row.import_id === null ? null : Number(row.import_id),
      });
    }
  }
  return found;
}

export interface Provenance {
  importId: number | null;
  calibrationId: number | null;
  reason: string | null;
  by: number | null;
  at: string;
}

/**
 * Stores checked results: a result they correct stops being current first (one current result per sample and
 * analyte is a unique index), then the new rows go in, many per statement.
 */
export async function storeResults(db: StudyDb, results: readonly CheckedResult[], from: Provenance): Promise<void> {
  // lab_results has no foreign keys (migration 0005): a participant destroyed meanwhile must wait for the commit.
  await db.holdAgainstDelete('participants', [...new Set(results.map((r) => r.sample.participantId))]);
  const replaced = results.flatMap((r) => (r.replaces === null ? [] : [r.replaces.id]));
  for (const ids of chunks(replaced, idsPerQuery)) {
    await db.updateTable('lab_results').set({ current: 0 }).where('id', 'in', ids).execute();
  }
  await db.insertMany(
    'lab_results',
    resultColumns,
    results.map((result) => resultValues(result, from)),
    rowsPerInsert,
  );
}

/** The columns a result is stored with (its id apart). */
export const resultColumns = [
  'site_id',
  'participant_id',
  'visit_code',
  'tube_id',
  'aliquot_id',
  'sample_barcode',
  'assay_id',
  'analyte',
  'value',
  'unit',
  'entered_value',
  'entered_unit',
  'qualifier',
  'lod',
  'plate',
  'qc',
  'calibration_id',
  'import_id',
  'result_version',
  'current',
  'reason',
  'created_by',
  'created_at',
] as const;

/** One result as the values of `resultColumns`, in their order. */
function resultValues(result: CheckedResult, from: Provenance): unknown[] {
  const { row, sample } = result;
  return [
    sample.siteId,
    sample.participantId,
    sample.visitCode,
    sample.tubeId,
    sample.aliquotId,
    row.sample,
    result.assay.id,
    result.analyte,
    result.value,
    result.unit,
    row.value === null ? null : String(row.value),
    row.unit,
    row.qualifier,
    row.lod,
    row.plate,
    result.qc ?? row.qc,
    from.calibrationId,
    from.importId,
    (result.replaces?.resultVersion ?? 0) + 1,
    1,
    result.replaces === null ? null : from.reason,
    from.by,
    from.at,
  ];
}

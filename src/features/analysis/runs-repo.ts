import type { Kysely, Selectable } from 'kysely';
import type { AnalysisRunsTable, Tables } from '../../db/tables.ts';

/** The analysis_runs table (src/db/migrations/0006-analysis.ts). */

export interface RunRow {
  runKey: string;
  kind: string;
  status: 'running' | 'finished' | 'failed' | 'cancelled';
  siteIds: 'all' | number[];
  spec: unknown;
  datasetHash: string | null;
  softwareVersion: string;
  resultJson: string | null;
  error: string | null;
  createdBy: number | null;
  createdByName: string;
  createdAt: string;
  finishedAt: string | null;
}

const columns = [
  'run_key',
  'kind',
  'status',
  'site_ids',
  'spec_json',
  'dataset_hash',
  'software_version',
  'error',
  'created_by',
  'created_by_name',
  'created_at',
  'finished_at',
] as const;

export async function insertRun(
  db: Kysely<Tables>,
  run: Omit<RunRow, 'status' | 'resultJson' | 'error' | 'finishedAt'>,
): Promise<void> {
  await db
    .insertInto('analysis_runs')
    .values({
      run_key: run.runKey,
      kind: run.kind,
      status: 'running',
      site_ids: run.siteIds === 'all' ? 'all' : JSON.stringify(run.siteIds),
      spec_json: JSON.stringify(run.spec),
      dataset_hash: run.datasetHash,
      software_version: run.softwareVersion,
      result_json: null,
      error: null,
      created_by: run.createdBy,
      created_by_name: run.createdByName,
      created_at: run.createdAt,
      finished_at: null,
    })
    .execute();
}

/** Ends a running run; false when it was no longer running (cancelled meanwhile): one winner. */
export async function endRun(
  db: Kysely<Tables>,
  runKey: string,
  end: { status: 'finished' | 'failed' | 'cancelled'; resultJson: string | null; error: string | null; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('analysis_runs')
    .set({ status: end.status, result_json: end.resultJson, error: end.error, finished_at: end.at })
    .where('run_key', '=', runKey)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function toRow(r: Omit<Selectable<AnalysisRunsTable>, 'id' | 'result_json'> & { result_json?: string | null }): RunRow {
  return {
    runKey: r.run_key,
    kind: r.kind,
    status: r.status as RunRow['status'],
    siteIds: r.site_ids === 'all' ? 'all' : (JSON.parse(r.site_ids) as number[]),
    spec: JSON.parse(r.spec_json) as unknown,
    datasetHash: r.dataset_hash,
    softwareVersion: r.software_version,
    resultJson: r.result_json ?? null,
    error: r.error,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export async function findRun(db: Kysely<Tables>, runKey: string): Promise<RunRow | null> {
  const row = await db
    .selectFrom('analysis_runs')
    .select([...columns, 'result_json'])
    .where('run_key', '=', runKey)
    .executeTakeFirst();
  return row === undefined ? null : toRow(row);
}

/** Newest first, without their (large) results. */
export async function listRuns(db: Kysely<Tables>): Promise<RunRow[]> {
  const rows = await db.selectFrom('analysis_runs').select(columns).orderBy('id', 'desc').limit(500).execute();
  return rows.map(toRow);
}

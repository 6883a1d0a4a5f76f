import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.ts';
import { AppError } from '../../core/errors.ts';
import { sha256Hex } from '../../core/secrets.ts';
import { version } from '../../core/version.ts';
import { parseInput } from '../../core/zod-input.ts';
import { runAnalysis, type AnalysisOutputs } from '../../immunotype/analysis-run.ts';
import { assembleDatasets, type AnalysisDatasets } from '../../immunotype/dataset.ts';
import { eq5dVisitOrder } from '../../immunotype/dataset-tables.ts';
import { checkRunnable } from '../../immunotype/pipeline.ts';
import { analysisSpec, type AnalysisSpec } from '../../immunotype/spec.ts';
import { audit, callerName, callerUserId, inTransaction, type CallContext } from '../../kernel/context.ts';
import { scopeFor, type SiteScope } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { eq5dSlots, readStudyRows, studyParticipantIds } from './dataset-repo.ts';
import { analysisMessages } from './messages.ts';
import { endRun, findRun, insertRun, listRuns, type RunRow } from './runs-repo.ts';
import { RunCancelled, runInWorker } from './worker.ts';

/**
 * Analysis runs (issue 14 §5): the datasets at the caller's sites, the run recorded before it starts (who,
 * what, on which data), executed on a worker thread or in process, and ended exactly once — finished,
 * failed or cancelled (`endRun` only moves a running run).
 */

export interface RunOptions {
  onProgress?: (stage: string, fraction: number) => void;
  signal?: AbortSignal;
  /** Run on a worker thread (the server); the command line runs in process. */
  inWorker?: boolean;
  /** Told the run id as soon as the run is recorded (before it computes). */
  onStart?: (runKey: string) => void;
}

export interface FinishedRun {
  run: RunRow;
  outputs: AnalysisOutputs;
}

function unitsOf(ctx: CallContext): Record<string, string> {
  return Object.fromEntries(ctx.study.assays.flatMap((assay) => assay.analytes.map((a) => [a.code, a.unit])));
}

/** The analysis datasets at the caller's sites and their content hash. */
export async function analysisDatasets(
  ctx: CallContext,
  scope: SiteScope = scopeFor(ctx, 'research_data.read'),
): Promise<{ datasets: AnalysisDatasets; hash: string }> {
  const definition = ctx.study.current.analysis;
  const analytes = Object.keys(unitsOf(ctx));
  const rows = await readStudyRows(studyDb(ctx.database.kysely, scope), ctx.database.kysely, definition, analytes);
  const datasets = assembleDatasets(definition, rows);
  return { datasets, hash: sha256Hex(canonicalJson(datasets)) };
}

/**
 * The visits at which some participant at the scope has an EQ-5D-5L index, in the order of the datasets' tables
 * (eq5dVisits: the definition's visits, then other slots sorted), without assembling the datasets.
 */
export async function eq5dVisitsPresent(
  ctx: CallContext,
  scope: SiteScope = scopeFor(ctx, 'research_data.read'),
): Promise<string[]> {
  const definition = ctx.study.current.analysis;
  return eq5dVisitOrder(await eq5dSlots(studyDb(ctx.database.kysely, scope), definition), definition);
}

/**
 * The analysis datasets at the scope, `batchSize` participants at a time: the participants taken in the datasets'
 * order (by study id, as assembleDatasets sorts), so that the batches one after the other hold exactly the rows of
 * analysisDatasets in its order. Only one batch's rows are read and held at a time.
 */
export async function* analysisDatasetBatches(
  ctx: CallContext,
  scope: SiteScope = scopeFor(ctx, 'research_data.read'),
  batchSize = 500,
): AsyncGenerator<AnalysisDatasets> {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`a batch size of ${batchSize}`);
  const definition = ctx.study.current.analysis;
  const analytes = Object.keys(unitsOf(ctx));
  const db = studyDb(ctx.database.kysely, scope);
  const ids = (await studyParticipantIds(db)).sort((a, b) => a.studyId.localeCompare(b.studyId)).map((p) => p.id);
  for (let at = 0; at < ids.length; at += batchSize) {
    const rows = await readStudyRows(db, ctx.database.kysely, definition, analytes, ids.slice(at, at + batchSize));
    yield assembleDatasets(definition, rows);
  }
}

function newRunKey(at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function runDiscovery(ctx: CallContext, rawSpec: unknown, options: RunOptions = {}): Promise<FinishedRun> {
  const scope = scopeFor(ctx, 'research_data.read');
  const spec: AnalysisSpec = parseInput(analysisSpec, rawSpec);
  const { datasets, hash } = await analysisDatasets(ctx, scope);
  checkRunnable(ctx.study.current.analysis, datasets, spec);
  const runKey = newRunKey(ctx.clock.now());
  const siteIds = scope.siteIds === 'all' ? ('all' as const) : [...scope.siteIds];
  // Who ran what on which data is in the trail too: a run reads research data of every site in its scope.
  await inTransaction(ctx, async (trx) => {
    await insertRun(trx, {
      runKey,
      kind: 'discovery',
      siteIds,
      spec,
      datasetHash: hash,
      softwareVersion: version,
      createdBy: callerUserId(ctx.caller),
      createdByName: callerName(ctx.caller),
      createdAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, {
      siteId: null,
      action: 'analysis_run.started',
      entity: 'analysis_run',
      entityId: runKey,
      after: { spec, datasetHash: hash, siteIds },
    });
  });
  options.onStart?.(runKey);
  const definition = ctx.study.current.analysis;
  const units = unitsOf(ctx);
  const end = (status: 'finished' | 'failed' | 'cancelled', resultJson: string | null, error: string | null) =>
    endRun(ctx.database.kysely, runKey, { status, resultJson, error, at: ctx.clock.now().toISOString() });
  try {
    const outputs =
      options.inWorker === true
        ? await runInWorker({ definition, units, datasets, spec }, options.onProgress ?? (() => {}), options.signal)
        : await runAnalysis(definition, { unitOf: (code) => units[code] ?? '' }, datasets, spec, options.onProgress);
    if (!(await end('finished', JSON.stringify(outputs), null))) {
      throw new AppError('conflict', analysisMessages.notRunning({ run: runKey }));
    }
    return { run: (await findRun(ctx.database.kysely, runKey))!, outputs };
  } catch (error) {
    // A cancelled run was ended by whoever cancelled it (`cancelRun`); the guard makes this a no-op then.
    if (!(error instanceof RunCancelled))
      await end('failed', null, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/**
 * Ends a running run as cancelled: one guarded step, so of two cancels (or a cancel and the run finishing) one
 * wins and the other is told the run is no longer running. The caller then stops its worker.
 */
export async function cancelStoredRun(ctx: CallContext, runKey: string): Promise<void> {
  const run = await visibleRun(ctx, runKey);
  const cancelled = await inTransaction(ctx, async (trx) => {
    const ended = await endRun(trx, run.runKey, {
      status: 'cancelled',
      resultJson: null,
      error: null,
      at: ctx.clock.now().toISOString(),
    });
    if (ended) {
      await audit(ctx, trx, {
        siteId: null,
        action: 'analysis_run.cancelled',
        entity: 'analysis_run',
        entityId: runKey,
      });
    }
    return ended;
  });
  if (!cancelled) throw new AppError('conflict', analysisMessages.notRunning({ run: runKey }));
}

/** A run the caller may see: it saw only data at sites where the caller may read research data. */
export async function visibleRun(ctx: CallContext, runKey: string): Promise<RunRow> {
  const scope = scopeFor(ctx, 'research_data.read');
  const run = await findRun(ctx.database.kysely, runKey);
  if (run === null || !covers(scope, run.siteIds))
    throw new AppError('not_found', analysisMessages.noRun({ run: runKey }));
  return run;
}

export async function visibleRuns(ctx: CallContext): Promise<RunRow[]> {
  const scope = scopeFor(ctx, 'research_data.read');
  return (await listRuns(ctx.database.kysely)).filter((run) => covers(scope, run.siteIds));
}

function covers(scope: SiteScope, siteIds: RunRow['siteIds']): boolean {
  if (scope.siteIds === 'all') return true;
  return siteIds !== 'all' && siteIds.every((id) => scope.includes(id));
}

/** The outputs of a finished run. */
export function outputsOf(run: RunRow): AnalysisOutputs {
  if (run.status !== 'finished' || run.resultJson === null) {
    throw new AppError('conflict', analysisMessages.notFinished({ run: run.runKey, status: run.status }));
  }
  return JSON.parse(run.resultJson) as AnalysisOutputs;
}

export interface Rerun extends FinishedRun {
  rerunOf: string;
  /** The data read have the same content hash as the first time. */
  sameData: boolean;
  /** Every output is the same (the run's reproducibility check). */
  identical: boolean;
}

/** Runs a finished run's spec again and says whether the data and the outputs are the same (issue 14 §5). */
export async function rerunAnalysis(ctx: CallContext, runKey: string, options: RunOptions = {}): Promise<Rerun> {
  const first = await visibleRun(ctx, runKey);
  const before = outputsOf(first);
  const again = await runDiscovery(ctx, first.spec, options);
  return {
    ...again,
    rerunOf: first.runKey,
    sameData: again.run.datasetHash === first.datasetHash,
    identical: canonicalJson(again.outputs) === canonicalJson(before),
  };
}

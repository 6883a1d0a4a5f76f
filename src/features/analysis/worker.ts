/**
 * An analysis run on a worker thread (issue 14 §5): the server stays responsive while a run clusters, and a
 * cancelled run is stopped by terminating its worker. The worker posts its progress and then the outputs;
 * the outputs are the same as in-process (the run is deterministic), only the thread differs.
 *
 * This file is also the worker's entry point (recognised by its workerData tag), as consensus-parallel.ts is:
 * compiled (dist/cli) it is an entry point of its own; from source, the worker registers tsx first.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { AppError, InputError } from '../../core/errors.ts';
import { runAnalysis, type AnalysisOutputs } from '../../immunotype/analysis-run.ts';
import type { AnalysisDatasets } from '../../immunotype/dataset.ts';
import type { AnalysisSpec } from '../../immunotype/spec.ts';
import type { AnalysisDefinition } from '../../protocol/analysis.ts';

const TAG = 'septype-analysis-worker';

export interface WorkerJob {
  definition: AnalysisDefinition;
  units: Record<string, string>;
  datasets: AnalysisDatasets;
  spec: AnalysisSpec;
}

type Message =
  | { kind: 'progress'; stage: string; fraction: number }
  | { kind: 'done'; outputs: AnalysisOutputs }
  | { kind: 'failed'; input: boolean; field: string | undefined; message: string };

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx !== null) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})();
`;

export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
  }
}

/** Runs the analysis on a worker; `signal` cancels it (the promise then rejects with RunCancelled). */
export function runInWorker(
  job: WorkerJob,
  onProgress: (stage: string, fraction: number) => void,
  signal?: AbortSignal,
): Promise<AnalysisOutputs> {
  const entry = import.meta.url;
  const tsx = entry.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null;
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { [TAG]: true, job, entry, tsx } });
  return new Promise<AnalysisOutputs>((resolve, reject) => {
    let settled = false;
    const settle = (work: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      work();
      void worker.terminate();
    };
    const cancel = () => settle(() => reject(new RunCancelled()));
    if (signal?.aborted === true) return cancel();
    signal?.addEventListener('abort', cancel);
    worker.on('message', (message: Message) => {
      if (message.kind === 'progress') onProgress(message.stage, message.fraction);
      else if (message.kind === 'done') settle(() => resolve(message.outputs));
      else
        settle(() =>
          reject(message.input ? new InputError(message.field ?? 'spec', message.message) : new Error(message.message)),
        );
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the analysis worker stopped (exit ${code})`))));
  });
}

async function serve(job: WorkerJob): Promise<void> {
  const post = (message: Message) => parentPort!.postMessage(message);
  try {
    const units = { unitOf: (code: string) => job.units[code] ?? '' };
    const outputs = await runAnalysis(job.definition, units, job.datasets, job.spec, (stage, fraction) =>
      post({ kind: 'progress', stage, fraction }),
    );
    post({ kind: 'done', outputs });
  } catch (error) {
    const input = error instanceof AppError && error.code === 'invalid_input';
    post({
      kind: 'failed',
      input,
      field: error instanceof AppError ? error.field : undefined,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

const data = workerData as { [TAG]?: true; job: WorkerJob } | null;
if (!isMainThread && data?.[TAG] === true) void serve(data.job);

/**
 * Consensus clustering on worker threads (the only part of consensus clustering that touches Node APIs).
 *
 * Both phases split cleanly: the resamples (inner k-means or hierarchical clustering, the bulk of the work)
 * by contiguous ranges, since resample r always uses the r-th stream of the seed; then the values of k, each
 * thread accumulating its own k's consensus in its own counters. The main thread takes a share of both
 * phases. The result is identical to `consensusCluster` for the same options, whatever the number of threads.
 *
 * Memory: each thread holds one Uint16 pair + Float32 matrix while it works on a k, so peak memory is that of
 * the single-threaded run times the number of threads (still O(n²)).
 *
 * This file is also the worker's entry point: a worker started from it (recognised by its workerData tag)
 * answers "resamples" and "byK" requests until it is terminated. Compiled (dist/cli) it is an entry point of its
 * own; run from source through tsx, the worker registers tsx itself and loads this TypeScript file.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  consensusByK,
  consensusCluster,
  consensusSettings,
  finishConsensus,
  joinResamples,
  runResamples,
  type ConsensusOneK,
  type ConsensusOptions,
  type ConsensusResult,
  type ResampleSet,
} from './consensus.ts';

const TAG = 'septype-consensus-worker';

export interface ParallelOptions {
  /**
   * Threads to use, the main one included. Unset: the machine's available parallelism, and workers only when
   * the estimated single-threaded time exceeds about a second (starting a worker costs ≈ 0.3 s). Set: that many
   * threads whatever the size (1 = no workers).
   */
  threads?: number;
}

interface WorkerInput {
  [TAG]: true;
  x: Float64Array;
  n: number;
  p: number;
  options: ConsensusOptions;
  entry: string;
  tsx: string | null;
}

/** The worker's first script (CommonJS, as `eval` workers are): load the hooks if needed, then this module. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx !== null) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})();
`;

type Job = { kind: 'resamples'; from: number; to: number } | { kind: 'byK'; set: ResampleSet; ks: number[] };
type Reply = { ok: true; value: unknown } | { ok: false; message: string };

/** Rough single-threaded milliseconds on this project's 2-core reference machine (see docs/stats-consensus). */
function estimatedMs(options: ConsensusOptions, n: number, p: number): number {
  const m = Math.floor(n * (options.pItem ?? 0.8));
  const f = Math.max(1, Math.floor(p * (options.pFeature ?? 1)));
  const ks = options.kMax - 1;
  const inner =
    (options.algorithm ?? 'kmeans') === 'kmeans'
      ? options.reps * ks * m * f * 1.6e-4 * (options.kmeansStarts ?? 1)
      : options.reps * m * m * 5e-5;
  return inner + ks * n * n * 8e-5;
}

export async function consensusClusterParallel(
  x: Float64Array,
  n: number,
  p: number,
  options: ConsensusOptions,
  parallel: ParallelOptions = {},
): Promise<ConsensusResult> {
  const s = consensusSettings(x, n, p, options);
  let threads = parallel.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (parallel.threads === undefined && estimatedMs(options, n, p) < 1000) threads = 1;
  threads = Math.min(threads, s.reps);
  // A callback cannot cross threads: with onConsensus everything runs here.
  if (threads === 1 || options.onConsensus !== undefined) return consensusCluster(x, n, p, options);

  const entry = import.meta.url;
  // Node 20 does not pass module hooks (tsx, when running from source) on to workers: register them in the worker.
  const tsx = entry.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null;
  // Functions cannot cross to a worker: the progress callback stays with the main thread's share.
  const { onResample: _onResample, ...cloneable } = options;
  const input: WorkerInput = { [TAG]: true, x, n, p, options: cloneable, entry, tsx };
  const workers = Array.from({ length: threads - 1 }, () => new Worker(BOOTSTRAP, { eval: true, workerData: input }));
  try {
    // The main thread starts at once while a worker first loads (≈ 0.25 s): it takes a slightly larger share.
    const head = Math.min(s.reps, Math.round(s.reps / threads + 0.025 * s.reps));
    const bounds = [
      0,
      ...Array.from({ length: threads }, (_, t) => head + Math.round((t * (s.reps - head)) / (threads - 1))),
    ];
    const pending = workers.map((w, t) =>
      request<ResampleSet>(w, { kind: 'resamples', from: bounds[t + 1]!, to: bounds[t + 2]! }),
    );
    const mine = runResamples(x, n, p, options, bounds[0], bounds[1]);
    const set = joinResamples([mine, ...(await Promise.all(pending))]);

    // Longest job first to the least loaded thread; a k costs a fixed part (final tree, statistics) plus the
    // pair counting within clusters, which shrinks like 1/k.
    const shares: number[][] = Array.from({ length: threads }, () => []);
    const load = new Float64Array(threads);
    for (let k = 2; k <= s.kMax; k++) {
      // Ties go to the last worker, so the main thread (no message round trip) ends up with the most k values.
      let t = threads - 1;
      for (let u = threads - 2; u >= 0; u--) if (load[u]! < load[t]!) t = u;
      shares[t]!.push(k);
      load[t]! += 1 + 2 / k;
    }
    const share = (t: number) => shares[t]!;
    const pendingK = workers.map((w, t) => request<ConsensusOneK[]>(w, { kind: 'byK', set, ks: share(t + 1) }));
    const mineK = consensusByK(x, n, p, options, set, share(0));
    const theirs = await Promise.all(pendingK);
    return finishConsensus(n, set.m, [...mineK, ...theirs.flat()]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function request<T>(worker: Worker, job: Job): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: Reply) => {
      done();
      if (reply.ok) resolve(reply.value as T);
      else reject(new Error(`consensus worker: ${reply.message}`));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`consensus worker exited with code ${code}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}

function isWorkerInput(data: unknown): data is WorkerInput {
  return typeof data === 'object' && data !== null && TAG in data;
}

if (!isMainThread && parentPort !== null && isWorkerInput(workerData)) {
  const { x, n, p, options } = workerData;
  const port = parentPort;
  port.on('message', (job: Job) => {
    try {
      if (job.kind === 'resamples') {
        const set = runResamples(x, n, p, options, job.from, job.to);
        port.postMessage({ ok: true, value: set } satisfies Reply, [
          set.items.buffer as ArrayBuffer,
          set.labels.buffer as ArrayBuffer,
        ]);
      } else {
        port.postMessage({ ok: true, value: consensusByK(x, n, p, options, job.set, job.ks) } satisfies Reply);
      }
    } catch (error) {
      port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies Reply);
    }
  });
}

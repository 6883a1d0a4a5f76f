/**
 * Benchmark: consensus clustering of 2,000 samples × 40 markers (4 planted Gaussian clusters, seeded), k = 2..6,
 * 100 resamples, pItem 0.8, k-means — ours against Bioconductor's ConsensusClusterPlus on the same CSV, in
 * the same run. Prints both wall-clock times, their ratio, and per k the ARI against the planted truth, the
 * CDF area and PAC of both. Without Rscript and its packages (or with BENCH_R=0) only ours is printed, saying so.
 *
 *   node --import tsx bench/consensus.ts
 *   BENCH_SMOKE=1 node --import tsx bench/consensus.ts   # 200 × 10, k = 2..4, 10 resamples, 2 threads
 *
 * Ours is timed with the default threads (workers when the run is large, see consensus-parallel.ts) and on one
 * thread, and both must give the same result. Smoke mode asks for 2 threads, so that the workers run even on
 * its small data. R's time covers the ConsensusClusterPlus() call only (not R's start-up or reading the CSV).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { adjustedRandIndex } from '../src/stats/cluster/ari.ts';
import { consensusClusterParallel } from '../src/stats/cluster/consensus-parallel.ts';
import type { ConsensusOptions, ConsensusResult } from '../src/stats/cluster/consensus.ts';
import { Rng } from '../src/stats/random.ts';
import { machine, rAvailable, report, sized, smoke } from './support.ts';

const n = sized(2000, 200);
const p = sized(40, 10);
const planted = 4;
const options: ConsensusOptions = {
  kMax: sized(6, 4),
  reps: sized(100, 10),
  pItem: 0.8,
  algorithm: 'kmeans',
  seed: 1,
};
/** Unset: the default (workers only for large runs). Smoke mode: two threads, so that workers run. */
const threads = sized<number | undefined>(undefined, 2);

function data(seed: number): { x: Float64Array; truth: Int32Array } {
  const rng = new Rng(seed);
  const centres = Float64Array.from({ length: planted * p }, () => 0.6 * rng.normal());
  const x = new Float64Array(n * p);
  const truth = Int32Array.from({ length: n }, (_, i) => i % planted);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = centres[truth[i]! * p + j]! + rng.normal();
  return { x, truth };
}

const { x, truth } = data(2026);
const dir = mkdtempSync(join(tmpdir(), 'septype-bench-consensus-'));
const csv = join(dir, 'data.csv');
const header = [...Array.from({ length: p }, (_, j) => `m${j + 1}`), 'truth'].join(',');
const body = Array.from({ length: n }, (_, i) => [...x.subarray(i * p, i * p + p), truth[i]!].join(','));
writeFileSync(csv, [header, ...body].join('\n') + '\n'); // JavaScript prints the shortest exact decimal

console.log(`consensus clustering, ${n} × ${p}, k = 2..${options.kMax}, ${options.reps} resamples, pItem 0.8, k-means`);
console.log(machine());

async function time(threads: number | undefined): Promise<{ ms: number; result: ConsensusResult }> {
  const t0 = performance.now();
  const result = await consensusClusterParallel(x, n, p, options, { threads });
  return { ms: performance.now() - t0, result };
}
const auto = await time(threads);
const single = await time(1);
const autoLabel = smoke ? '2 threads' : 'default threads';
console.log(`septype (${autoLabel})`.padEnd(28) + `${(auto.ms / 1000).toFixed(2).padStart(7)} s`);
console.log(`septype (1 thread)          ${(single.ms / 1000).toFixed(2).padStart(7)} s`);
if (!isDeepStrictEqual(auto.result, single.result)) {
  throw new Error('consensus clustering gave different results on one thread and on several');
}

interface RRow {
  k: number;
  ari: number;
  area: number;
  pac: number;
}
let r: { seconds: number; rows: RRow[] } | null = null;
const rHere = rAvailable(['ConsensusClusterPlus', 'mclust']);
if (!rHere.ok) {
  console.log(`R reference skipped: ${rHere.why}`);
} else {
  const script = `
    suppressPackageStartupMessages(library(ConsensusClusterPlus)); suppressPackageStartupMessages(library(mclust))
    pdf(NULL)
    d <- read.csv(${JSON.stringify(csv)}); x <- as.matrix(d[, grep("^m", names(d))])
    t <- system.time(invisible(capture.output(suppressMessages(
      res <- ConsensusClusterPlus(t(x), maxK = ${options.kMax}, reps = ${options.reps}, pItem = 0.8, pFeature = 1,
                                  clusterAlg = "km", distance = "euclidean", seed = 1)))))[["elapsed"]]
    cat(sprintf("time %.17g\\n", t))
    for (k in 2:${options.kMax}) {
      v <- res[[k]]$consensusMatrix[lower.tri(res[[k]]$consensusMatrix)]
      h <- hist(v, plot = FALSE, breaks = seq(0, 1, by = 0.01)); cdf <- cumsum(h$counts) / sum(h$counts)
      cat(sprintf("k %d %.17g %.17g %.17g\\n", k, adjustedRandIndex(res[[k]]$consensusClass, d$truth),
                  sum(cdf * diff(h$breaks)), mean(v > 0.1 & v < 0.9)))
    }`;
  const run = spawnSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.error !== undefined || run.status !== 0) throw new Error(`R reference failed: ${run.stderr.trim()}`);
  const lines = run.stdout.trim().split('\n');
  const seconds = Number(lines.find((l) => l.startsWith('time '))!.slice(5));
  const rows = lines
    .filter((l) => l.startsWith('k '))
    .map((l) => {
      const [, k, ari, area, pac] = l.split(' ').map(Number);
      return { k: k!, ari: ari!, area: area!, pac: pac! };
    });
  r = { seconds, rows };
  console.log(`R ConsensusClusterPlus      ${seconds.toFixed(2).padStart(7)} s`);
  console.log(
    `ratio R / septype: ${(seconds / (auto.ms / 1000)).toFixed(1)}× (${autoLabel}), ${(seconds / (single.ms / 1000)).toFixed(1)}× (1 thread)`,
  );
}
rmSync(dir, { recursive: true, force: true });

console.log('\n k   ARI ours  ARI R   area ours  area R   PAC ours  PAC R');
for (const res of auto.result.byK) {
  const row = r?.rows.find((q) => q.k === res.k);
  const f = (v: number | undefined) => (v === undefined ? '     -' : v.toFixed(4));
  console.log(
    ` ${res.k}   ${f(adjustedRandIndex(res.assignment, truth))}    ${f(row?.ari)}  ${f(res.cdfArea)}     ${f(row?.area)}   ${f(res.pac)}    ${f(row?.pac)}`,
  );
}
console.log(`suggested k (smallest PAC): ${auto.result.suggestedK}; planted: ${planted}`);
report({
  benchmark: 'consensus',
  figures:
    `${n} × ${p}, ${options.reps} resamples: ${(auto.ms / 1000).toFixed(2)} s (${autoLabel}), ` +
    `${(single.ms / 1000).toFixed(2)} s (1 thread); ` +
    (r === null ? 'R skipped' : `R ${r.seconds.toFixed(2)} s, ${(r.seconds / (auto.ms / 1000)).toFixed(1)}× ours`),
});

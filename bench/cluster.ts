/**
 * Benchmark: k-means (k = 4, 10 k-means++ starts) and hierarchical clustering (Ward.D2, average) on seeded
 * planted data of 2,000 observations × 40 variables (4 Gaussian clusters), the size the issue asks to handle in
 * well under a second. Prints the median milliseconds per run over several runs. When `Rscript` is on the PATH
 * it also times R's kmeans / dist / hclust on data of the same shape, for comparison (BENCH_R=0 skips that);
 * without R it says so and times ours alone.
 *
 *   node --import tsx bench/cluster.ts
 *   BENCH_SMOKE=1 node --import tsx bench/cluster.ts   # 200 × 10, one run
 */
import { spawnSync } from 'node:child_process';
import { euclideanDistances } from '../src/stats/cluster/distance.ts';
import { hclust } from '../src/stats/cluster/hclust.ts';
import { kmeans } from '../src/stats/cluster/kmeans.ts';
import { Rng } from '../src/stats/random.ts';
import { machine, quantile, rAvailable, report, sized } from './support.ts';

const n = sized(2000, 200);
const p = sized(40, 10);
const k = 4;
const runs = Number(process.env.BENCH_RUNS ?? sized(7, 1));

function planted(seed: number): Float64Array {
  const rng = new Rng(seed);
  const centres = Float64Array.from({ length: k * p }, () => 2 * rng.normal());
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = centres[(i % k) * p + j]! + rng.normal();
  return x;
}

/** Median milliseconds of `fn` over the runs (after a warm-up run, which V8 optimises on). */
function time(label: string, fn: () => unknown): number {
  fn();
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  const median = quantile(ms, 0.5);
  console.log(
    `${label.padEnd(44)} ${median.toFixed(1).padStart(8)} ms  (min ${quantile(ms, 0).toFixed(1)}, ${runs} runs)`,
  );
  return median;
}

/** The planted clusters are well apart: k-means must find them, or the timing is of something broken. */
function found(assignment: Int32Array): void {
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const cluster = seen.get(i % k);
    if (cluster === undefined) seen.set(i % k, assignment[i]!);
    else if (cluster !== assignment[i]) throw new Error(`k-means split planted cluster ${i % k}`);
  }
  if (new Set(seen.values()).size !== k) throw new Error('k-means merged planted clusters');
}

const x = planted(2026);
console.log(`septype clustering, ${n} × ${p}; ${machine()}`);
const d = euclideanDistances(x, n, p);
found(kmeans(x, n, p, { k, random: 1, nstart: 10 }).cluster);
const km = time('kmeans k=4, nstart=10 (k-means++, Lloyd)', () => kmeans(x, n, p, { k, random: 1, nstart: 10 }));
time('Euclidean distances (condensed)', () => euclideanDistances(x, n, p));
time('hclust ward.D2 on precomputed distances', () => hclust(d, 'ward.D2'));
time('hclust average on precomputed distances', () => hclust(d, 'average'));
const ward = time('distances + hclust ward.D2', () => hclust(euclideanDistances(x, n, p), 'ward.D2'));
time('distances + hclust average', () => hclust(euclideanDistances(x, n, p), 'average'));
let rFigure = 'R skipped';

const r = rAvailable();
if (!r.ok) {
  console.log(`R reference skipped: ${r.why}`);
} else {
  // Same shape and structure (not the same numbers: R draws its own), median of the same number of runs.
  const script = `
    set.seed(2026); n <- ${n}; p <- ${p}; k <- ${k}
    x <- matrix(rnorm(k * p, sd = 2), k, p)[rep(1:k, length.out = n), ] + matrix(rnorm(n * p), n, p)
    med <- function(f) { f(); median(replicate(${runs}, system.time(f())[["elapsed"]])) * 1000 }
    d <- dist(x)
    cat(sprintf("%-44s %8.1f ms\\n", "R kmeans k=4, nstart=10 (Hartigan-Wong)", med(function() kmeans(x, k, nstart = 10))))
    cat(sprintf("%-44s %8.1f ms\\n", "R dist", med(function() dist(x))))
    cat(sprintf("%-44s %8.1f ms\\n", "R hclust ward.D2 on precomputed dist", med(function() hclust(d, "ward.D2"))))
    cat(sprintf("%-44s %8.1f ms\\n", "R hclust average on precomputed dist", med(function() hclust(d, "average"))))
  `;
  const run = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (run.error !== undefined || run.status !== 0) throw new Error(`R reference failed: ${run.stderr}`);
  process.stdout.write(`R reference (${n} × ${p}):\n${run.stdout}`);
  rFigure = 'R alongside';
}
report({
  benchmark: 'cluster',
  figures: `${n} × ${p}: k-means ${km.toFixed(0)} ms, distances + ward.D2 ${ward.toFixed(0)} ms (${rFigure})`,
});

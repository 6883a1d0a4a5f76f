/**
 * Benchmark: k-means (k = 4, 10 k-means++ starts) and hierarchical clustering (Ward.D2, average) on seeded
 * planted data of 2,000 observations × 40 variables (4 Gaussian clusters), the size the issue asks to handle in
 * well under a second. Prints the median milliseconds per run over several runs. When `Rscript` is on the PATH
 * it also times R's kmeans / dist / hclust on data of the same shape, for comparison (BENCH_R=0 skips that).
 *
 *   node --import tsx bench/cluster.ts
 */
import { spawnSync } from 'node:child_process';
import { euclideanDistances } from '../src/stats/cluster/distance.ts';
import { hclust } from '../src/stats/cluster/hclust.ts';
import { kmeans } from '../src/stats/cluster/kmeans.ts';
import { Rng } from '../src/stats/random.ts';

const n = 2000;
const p = 40;
const k = 4;
const runs = Number(process.env.BENCH_RUNS ?? 7);

function planted(seed: number): Float64Array {
  const rng = new Rng(seed);
  const centres = Float64Array.from({ length: k * p }, () => 2 * rng.normal());
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = centres[(i % k) * p + j]! + rng.normal();
  return x;
}

function time(label: string, fn: () => unknown): void {
  fn(); // warm-up: let V8 optimise before measuring
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)]!;
  console.log(`${label.padEnd(44)} ${median.toFixed(1).padStart(8)} ms  (min ${ms[0]!.toFixed(1)}, ${runs} runs)`);
}

const x = planted(2026);
console.log(`septype clustering, ${n} × ${p}, Node ${process.version}`);
const d = euclideanDistances(x, n, p);
time('kmeans k=4, nstart=10 (k-means++, Lloyd)', () => kmeans(x, n, p, { k, random: 1, nstart: 10 }));
time('Euclidean distances (condensed)', () => euclideanDistances(x, n, p));
time('hclust ward.D2 on precomputed distances', () => hclust(d, 'ward.D2'));
time('hclust average on precomputed distances', () => hclust(d, 'average'));
time('distances + hclust ward.D2', () => hclust(euclideanDistances(x, n, p), 'ward.D2'));
time('distances + hclust average', () => hclust(euclideanDistances(x, n, p), 'average'));

if (process.env.BENCH_R !== '0') {
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
  const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (r.error === undefined && r.status === 0) process.stdout.write(`R reference (${n} × ${p}):\n${r.stdout}`);
  else console.log('R reference skipped: Rscript not available');
}

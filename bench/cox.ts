/**
 * Benchmark: Cox proportional hazards (Efron ties) on 10,000 simulated subjects × 5 covariates (seeded; times in
 * whole days, so deaths are tied; ~30% censored), the size the issue sets a target for: no slower than 2× R's
 * coxph on the same data. The data are written to a temporary CSV which R reads, so both fit identical numbers;
 * both sides report the median milliseconds per fit over the same number of runs (after a warm-up), and the
 * ratio. Each fit includes the concordance (coxph computes it too). cox.zph is timed on our side only.
 * Without `Rscript` on the PATH (or with BENCH_R=0) the R half is skipped with a message.
 *
 *   node --import tsx bench/cox.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/stats/random.ts';
import { coxZph } from '../src/stats/survival/cox-zph.ts';
import { coxph } from '../src/stats/survival/cox.ts';

const n = 10_000;
const p = 5;
const runs = Number(process.env.BENCH_RUNS ?? 15);
const beta = [0.5, -0.3, 0.2, 0, 0.8];

function simulate(seed: number) {
  const rng = new Rng(seed);
  const x = new Float64Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let lp = 0;
    for (let j = 0; j < p; j++) {
      // Mixed covariates: three normal, one binary, one skewed.
      const v = j === 3 ? (rng.uniform() < 0.4 ? 1 : 0) : j === 4 ? Math.exp(rng.normal() / 2) : rng.normal();
      x[i * p + j] = Math.round(v * 1000) / 1000;
      lp += beta[j]! * x[i * p + j]!;
    }
    const tEvent = -Math.log(1 - rng.uniform()) / (0.002 * Math.exp(lp));
    const tCensor = 30 + rng.uniform() * 1500;
    time[i] = Math.ceil(Math.min(tEvent, tCensor));
    event[i] = tEvent <= tCensor ? 1 : 0;
  }
  return { x, time, event };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeIt(fn: () => unknown): number[] {
  fn(); // warm-up: let V8 optimise before measuring
  return Array.from({ length: runs }, () => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  });
}

const { x, time, event } = simulate(20261127);
const events = event.reduce((s, e) => s + e, 0);
console.log(
  `Cox PH (Efron), ${n} subjects × ${p} covariates, ${events} events; median of ${runs} runs; Node ${process.version}`,
);
const fit = coxph(time, event, x, p);
const ours = median(timeIt(() => coxph(time, event, x, p)));
const zph = median(timeIt(() => coxZph(time, event, x, p, fit.coef)));
console.log(
  `${'septype coxph (fit + concordance)'.padEnd(40)} ${ours.toFixed(1).padStart(8)} ms  (${fit.iterations} iterations)`,
);
console.log(`${'septype cox.zph (km transform)'.padEnd(40)} ${zph.toFixed(1).padStart(8)} ms`);

if (process.env.BENCH_R === '0') {
  console.log('R reference skipped: BENCH_R=0');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'septype-bench-cox-'));
  const csv = join(dir, 'cox.csv');
  const names = Array.from({ length: p }, (_, j) => `x${j + 1}`);
  const lines = [['time', 'status', ...names].join(',')];
  for (let i = 0; i < n; i++) lines.push([time[i], event[i], ...x.subarray(i * p, (i + 1) * p)].join(','));
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const script = `
    suppressPackageStartupMessages(library(survival))
    d <- read.csv(${JSON.stringify(csv)})
    f <- Surv(time, status) ~ ${names.join(' + ')}
    fit <- coxph(f, data = d, ties = "efron")
    ms <- replicate(${runs}, { t0 <- proc.time()[["elapsed"]]; coxph(f, data = d, ties = "efron"); proc.time()[["elapsed"]] - t0 }) * 1000
    cat(sprintf("%.17g", median(ms)), sprintf("%.17g", coef(fit)), "\\n")
  `;
  const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (r.error !== undefined || r.status !== 0) {
    console.log(
      `R reference skipped: ${r.error === undefined ? `Rscript failed: ${r.stderr.trim()}` : 'Rscript not available'}`,
    );
  } else {
    const [rMs, ...rCoef] = r.stdout.trim().split(/\s+/).map(Number);
    const agreement = Math.max(...rCoef.map((b, j) => Math.abs(fit.coef[j]! - b) / Math.abs(b)));
    console.log(`${'R coxph (survival), same CSV'.padEnd(40)} ${rMs!.toFixed(1).padStart(8)} ms`);
    console.log(
      `ratio septype / R: ${(ours / rMs!).toFixed(2)} (target ≤ 2); coefficients agree to ${agreement.toExponential(1)} relative`,
    );
  }
}

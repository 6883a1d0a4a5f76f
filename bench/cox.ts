/**
 * Benchmark: Cox proportional hazards (Efron ties) on 10,000 simulated subjects × 5 covariates (seeded; times in
 * whole days, so deaths are tied; ~30% censored), the size the issue sets a target for: no slower than 2× R's
 * coxph on the same data. The data are written to a temporary CSV which R reads, so both fit identical numbers;
 * both sides report the median milliseconds per fit over the same number of runs (after a warm-up), and the
 * ratio. Each fit includes the concordance (coxph computes it too). cox.zph is timed on our side only.
 * Without `Rscript` and R's survival package (or with BENCH_R=0) the R half is skipped with a message.
 *
 *   node --import tsx bench/cox.ts
 *   BENCH_SMOKE=1 node --import tsx bench/cox.ts   # 500 subjects, two runs
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/stats/random.ts';
import { coxZph } from '../src/stats/survival/cox-zph.ts';
import { coxph } from '../src/stats/survival/cox.ts';
import { machine, quantile, rAvailable, report, sized } from './support.ts';

const n = sized(10_000, 500);
const p = 5;
const runs = Number(process.env.BENCH_RUNS ?? sized(15, 2));
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

const median = (values: number[]) => quantile(values, 0.5);

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
console.log(`Cox PH (Efron), ${n} subjects × ${p} covariates, ${events} events; median of ${runs} runs; ${machine()}`);
const fit = coxph(time, event, x, p);
// The simulated effects are strong enough to be found at either size: else the timing is of something broken.
if (!fit.coef.every((b, j) => Number.isFinite(b) && Math.abs(b - beta[j]!) < 0.5)) {
  throw new Error(`coxph estimates ${Array.from(fit.coef).join(', ')} are far from the simulated ${beta.join(', ')}`);
}
const ours = median(timeIt(() => coxph(time, event, x, p)));
const zph = median(timeIt(() => coxZph(time, event, x, p, fit.coef)));
console.log(
  `${'septype coxph (fit + concordance)'.padEnd(40)} ${ours.toFixed(1).padStart(8)} ms  (${fit.iterations} iterations)`,
);
console.log(`${'septype cox.zph (km transform)'.padEnd(40)} ${zph.toFixed(1).padStart(8)} ms`);

let rFigure = 'R skipped';
const r = rAvailable(['survival']);
if (!r.ok) {
  console.log(`R reference skipped: ${r.why}`);
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
  const run = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (run.error !== undefined || run.status !== 0) throw new Error(`R reference failed: ${run.stderr.trim()}`);
  const [rMs, ...rCoef] = run.stdout.trim().split(/\s+/).map(Number);
  const agreement = Math.max(...rCoef.map((b, j) => Math.abs(fit.coef[j]! - b) / Math.abs(b)));
  console.log(`${'R coxph (survival), same CSV'.padEnd(40)} ${rMs!.toFixed(1).padStart(8)} ms`);
  console.log(
    `ratio septype / R: ${(ours / rMs!).toFixed(2)} (target ≤ 2); coefficients agree to ${agreement.toExponential(1)} relative`,
  );
  rFigure = `R ${rMs!.toFixed(1)} ms, ratio ${(ours / rMs!).toFixed(2)}`;
}
report({ benchmark: 'cox', figures: `${n} × ${p}: coxph ${ours.toFixed(1)} ms per fit (${rFigure})` });

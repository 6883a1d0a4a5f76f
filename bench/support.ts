/**
 * What every benchmark shares: the smoke mode, the engine to run on, and the one-line summary that
 * `bench/run-all.ts` collects into its table.
 *
 * Smoke mode (`BENCH_SMOKE=1` or `--smoke`): tiny sizes and one or two runs, so that the whole benchmark runs
 * in seconds through the same code path as the full one; CI runs it so that a benchmark cannot rot unnoticed.
 * Its figures mean nothing. A benchmark exits non-zero on any failure in either mode.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { isPostgresUrl } from '../src/db/connect.ts';
import { postgresEngine, sqliteEngine, type TestEngine } from '../test/support/engines.ts';

export const smoke = process.env.BENCH_SMOKE === '1' || process.argv.includes('--smoke');

/** The full size, or the smoke size in smoke mode. */
export function sized<T>(full: T, small: T): T {
  return smoke ? small : full;
}

/** The machine line printed above the figures. */
export function machine(): string {
  return `${availableParallelism()} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}`;
}

/**
 * The database a database benchmark runs on, from BENCH_DB: unset or "sqlite" is a temporary SQLite file, a
 * postgres:// URL a new schema on that server (dropped afterwards by `drop`).
 */
export function benchEngine(value = process.env.BENCH_DB): TestEngine {
  if (value === undefined || value === '' || value === 'sqlite') return sqliteEngine;
  if (isPostgresUrl(value)) return postgresEngine(value);
  throw new Error(`BENCH_DB must be "sqlite" or a postgres:// URL, not "${value}"`);
}

/**
 * Whether R's `Rscript` runs here (with the packages named); the R half of a comparison is skipped otherwise,
 * saying why. BENCH_R=0 skips it too.
 */
export function rAvailable(packages: string[] = []): { ok: true } | { ok: false; why: string } {
  if (process.env.BENCH_R === '0') return { ok: false, why: 'BENCH_R=0' };
  const load = packages.map((p) => `suppressPackageStartupMessages(library(${p}))`).join('; ');
  const r = spawnSync('Rscript', ['-e', load === '' ? 'invisible(0)' : load], { encoding: 'utf8' });
  if (r.error !== undefined) return { ok: false, why: 'Rscript is not installed' };
  if (r.status !== 0) return { ok: false, why: `R lacks ${packages.join(', ')}: ${lastLine(r.stderr)}` };
  return { ok: true };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

/**
 * Hands the benchmark's key figures to bench/run-all.ts (a JSON line in the file BENCH_REPORT names); a
 * benchmark run on its own just prints them.
 */
export function report(summary: { benchmark: string; engine?: string; figures: string }): void {
  const file = process.env.BENCH_REPORT;
  if (file !== undefined && file !== '') appendFileSync(file, `${JSON.stringify({ engine: '-', ...summary })}\n`);
}

/** The median and the q-th quantile (nearest rank) of some timings. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

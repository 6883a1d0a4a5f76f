/**
 * Runs every benchmark, each in its own process one after another (they measure the same two cores), and
 * prints one table: benchmark, engine, time taken, outcome and its key figures. The database benchmarks run
 * on SQLite and, when BENCH_DATABASE_URL (else TEST_DATABASE_URL) names a PostgreSQL server, on PostgreSQL too,
 * each in a new schema dropped afterwards. Exits 1 if any benchmark fails.
 *
 *   npm run bench                                  # full sizes: minutes
 *   npm run bench:smoke                            # smoke mode (bench/support.ts): seconds; what CI runs
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench
 *   npm run bench -- cox worklist                  # some of them
 *
 * Each benchmark's own output comes first, under a "== name (engine)" line; the table at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, cliIsCurrent } from '../scripts/build-cli.ts';
import { machine, smoke } from './support.ts';

interface Benchmark {
  name: string;
  /** Runs once per database engine. */
  database?: true;
}

const benchmarks: Benchmark[] = [
  { name: 'cli-start' },
  { name: 'cluster' },
  { name: 'cox' },
  { name: 'consensus' },
  { name: 'worklist', database: true },
  { name: 'api-write', database: true },
  { name: 'form-save', database: true },
  { name: 'lab-import', database: true },
  { name: 'dashboards', database: true },
  { name: 'demo', database: true },
  { name: 'analysis' },
  { name: 'exports', database: true },
];

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const postgres = [process.env.BENCH_DATABASE_URL, process.env.TEST_DATABASE_URL].find(
  (url) => url !== undefined && url !== '',
);
const engines = ['sqlite', ...(postgres === undefined ? [] : [postgres])];
const engineName = (engine: string) => (engine === 'sqlite' ? 'SQLite' : 'PostgreSQL');

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
for (const name of wanted) {
  if (!benchmarks.some((b) => b.name === name)) throw new Error(`no benchmark "${name}" in bench/run-all.ts`);
}

interface Row {
  benchmark: string;
  engine: string;
  seconds: number;
  ok: boolean;
  figures: string[];
}

/** One benchmark in its own process; its output passes through, its key figures come back in a file. */
function run(benchmark: Benchmark, engine: string | undefined, dir: string): Promise<Row> {
  const reportFile = join(dir, `${benchmark.name}-${engine === undefined ? 'all' : engineName(engine)}.jsonl`);
  const label = engine === undefined ? '-' : engineName(engine);
  process.stdout.write(`\n== ${benchmark.name}${engine === undefined ? '' : ` (${label})`}\n`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, join(root, 'bench', `${benchmark.name}.ts`)], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        BENCH_REPORT: reportFile,
        ...(smoke ? { BENCH_SMOKE: '1' } : {}),
        ...(engine === undefined ? {} : { BENCH_DB: engine }),
      },
    });
    const finish = (ok: boolean) => {
      const lines = existsSync(reportFile) ? readFileSync(reportFile, 'utf8').trim().split('\n').filter(Boolean) : [];
      const figures = lines.map((line) => (JSON.parse(line) as { figures: string }).figures);
      resolve({ benchmark: benchmark.name, engine: label, seconds: (performance.now() - started) / 1000, ok, figures });
    };
    child.on('error', () => finish(false));
    child.on('exit', (code) => finish(code === 0));
  });
}

process.stdout.write(`benchmarks${smoke ? ', smoke mode' : ''}; ${machine()}\n`);
if (postgres === undefined) {
  process.stdout.write('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to postgres://...\n');
}
// The CLI benchmark and the servers of api-write and form-save run the compiled command line: build it if stale.
if (!cliIsCurrent()) process.stdout.write(`compiled the command line (dist/cli) in ${await buildCli()} ms\n`);

const dir = mkdtempSync(join(tmpdir(), 'septype-bench-'));
const rows: Row[] = [];
const started = performance.now();
try {
  for (const benchmark of benchmarks) {
    if (wanted.length > 0 && !wanted.includes(benchmark.name)) continue;
    if (benchmark.database === true) for (const engine of engines) rows.push(await run(benchmark, engine, dir));
    else rows.push(await run(benchmark, undefined, dir));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const header = ['benchmark', 'engine', 'time', 'result', 'key figures'];
const cells = rows.map((r) => [
  r.benchmark,
  r.engine,
  `${r.seconds.toFixed(1)} s`,
  r.ok ? 'ok' : 'FAILED',
  r.figures.join('; ') || (r.ok ? '' : 'see its output above'),
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
const failed = rows.filter((r) => !r.ok).length;
process.stdout.write(
  `\n${[line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n` +
    `benchmarks${smoke ? ' (smoke)' : ''}: ${rows.length - failed} passed, ${failed} failed ` +
    `in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
if (failed > 0) process.exitCode = 1;

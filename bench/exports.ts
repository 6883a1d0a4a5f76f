/**
 * Benchmark: `septype export tables` on the demo study (issue 15 §2 target: the whole 400-patient demo in < 5 s;
 * memory bounded by the batch, not the study). Makes the demo first (untimed), then runs the export once as CSV
 * and once as Parquet, each by the compiled command line (`node dist/cli/main.js export tables`, built first when
 * stale) in a process of its own, so that its time (start-up included) and peak RSS are the export's alone.
 *
 *   npm run bench:exports                                   # SQLite, 400 patients
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test npm run bench:exports
 *   BENCH_EXPORT_PATIENTS=2000 npm run bench:exports        # a larger demo (generating it takes minutes)
 *   BENCH_EXPORT_COPIES=25 npm run bench:exports            # the demo copied 25 times by SQL (./exports-scale.ts)
 *   BENCH_EXPORT_RUNS=streamed,csv ...                      # some of the runs: csv, parquet, streamed (no analysis)
 *   BENCH_SMOKE=1 npm run bench:exports                     # 20 patients: does it still work?
 */
import { spawn } from 'node:child_process';
import type { Kysely } from 'kysely';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { buildCli, cliIsCurrent } from '../scripts/build-cli.ts';
import { scaleUp } from './exports-scale.ts';
import { formTables } from '../src/interop/tables/spec.ts';
import { studyTables } from '../src/interop/tables/study-tables.ts';
import { study } from '../src/protocol/nct07273344/protocol.ts';
import { benchEngine, machine, report, sized } from './support.ts';

process.env.SEPTYPE_DATA_KEY ??= '5e'.repeat(32);

const patients = Number(process.env.BENCH_EXPORT_PATIENTS ?? sized(400, 20));
const engine = benchEngine();
const fresh = await engine.fresh();
const database = openDatabase(fresh.url, { poolSize: 4 });
const dir = mkdtempSync(join(tmpdir(), 'septype-bench-exports-'));
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
// Loaded before the command line: at exit it writes the process's time and peak RSS to the file named.
const probe = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; const t = performance.now(); process.on('exit', () => " +
    'writeFileSync(process.env.BENCH_PROBE, JSON.stringify({ seconds: (performance.now() - t) / 1000, ' +
    'rssPeak: process.resourceUsage().maxRSS / 1024 })));',
)}`;

function child(format: string, label = format, extra: string[] = []): Promise<{ seconds: number; rssPeak: number }> {
  const probeFile = join(dir, `${label}.probe.json`);
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        '--import',
        probe,
        main,
        'export',
        'tables',
        '--db',
        fresh.url,
        '--out',
        join(dir, label),
        '--format',
        format,
        ...extra,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BENCH_PROBE: probeFile } },
    );
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the ${format} export exited with ${code}`));
      else resolve(JSON.parse(readFileSync(probeFile, 'utf8')) as { seconds: number; rssPeak: number });
    });
  });
}

/** The tables that are not analysis datasets: the study tables and the form tables. */
function exportTableSpecNames(): string[] {
  return [...studyTables(study.current, []), ...formTables(study)].map((t) => t.name);
}

const sizeOf = (path: string) => readdirSync(path).reduce((sum, f) => sum + statSync(join(path, f)).size, 0);

try {
  if (!cliIsCurrent()) process.stdout.write(`compiled the command line (dist/cli) in ${await buildCli()} ms\n`);
  await migrateToLatest(database);
  const demoStart = performance.now();
  await generateDemo(database, { patients, sites: 3, seed: 1, asOf: '2027-06-01' });
  const demoSeconds = (performance.now() - demoStart) / 1000;
  const copies = Number(process.env.BENCH_EXPORT_COPIES ?? 1);
  if (copies > 1) {
    const scaleStart = performance.now();
    await scaleUp(database.kysely as unknown as Kysely<unknown>, copies, engine.name === 'postgres');
    process.stdout.write(
      `copied the demo ${copies} times in ${((performance.now() - scaleStart) / 1000).toFixed(0)} s\n`,
    );
  }
  await database.close();
  const lines: string[] = [];
  const figures: string[] = [];
  // The third run leaves the analysis datasets out: the difference to the first is what they cost.
  const streamed = exportTableSpecNames()
    .filter((name) => !name.startsWith('analysis_'))
    .join(',');
  const runs: [string, string, string[]][] = [
    ['csv', 'csv', []],
    ['parquet', 'parquet', []],
    ['csv', 'csv without analysis datasets', ['--tables', streamed]],
  ];
  // BENCH_EXPORT_RUNS=csv,parquet,streamed picks some of them (a large study takes minutes each).
  const picked = (process.env.BENCH_EXPORT_RUNS ?? 'csv,parquet,streamed').split(',');
  const keys = ['csv', 'parquet', 'streamed'];
  for (const [format, label, extra] of runs.filter((_run, i) => picked.includes(keys[i]!))) {
    const out = label.replace(/\W+/g, '-');
    const result = await child(format, out, extra);
    const manifest = JSON.parse(readFileSync(join(dir, out, 'export.json'), 'utf8')) as {
      tables: { rows: number }[];
    };
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    const mb = sizeOf(join(dir, out)) / 2 ** 20;
    lines.push(
      `  ${label}: ${result.seconds.toFixed(2)} s, ${manifest.tables.length} tables, ${rows} rows, ${mb.toFixed(1)} MB; ` +
        `peak RSS ${result.rssPeak.toFixed(0)} MB`,
    );
    figures.push(`${label} ${result.seconds.toFixed(2)} s, peak RSS ${result.rssPeak.toFixed(0)} MB`);
  }
  process.stdout.write(
    `${machine()}\n${engine.name}: demo of ${patients} patients${copies > 1 ? ` × ${copies} copies` : ''} (made in ${demoSeconds.toFixed(0)} s, untimed)\n${lines.join('\n')}\n` +
      `  target: the 400-patient demo in < 5 s\n`,
  );
  report({
    benchmark: 'exports',
    engine: engine.name,
    figures: `${patients * copies} patients: ${figures.join('; ')}`,
  });
} finally {
  await database.close().catch(() => undefined);
  await fresh.drop();
  rmSync(dir, { recursive: true, force: true });
}

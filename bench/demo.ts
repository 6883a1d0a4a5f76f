/**
 * Benchmark: the synthetic demo cohort (issue 13 targets: 400 patients in < 30 s on SQLite; 100,000 patients
 * on 50 sites in < 30 min on PostgreSQL). Times `generateDemo` from an empty, migrated database to the end (it
 * relaxes SQLite's durability while it runs, as docs/demo.md says), and prints the rates: service steps and
 * patients per second, the time 100,000 patients would take at that rate, this process's CPU time and the load.
 *
 *   npm run bench:demo                                   # SQLite, 400 patients, 3 sites
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test npm run bench:demo
 *   BENCH_PATIENTS=2000 BENCH_SITES=10 npm run bench:demo
 *   BENCH_SMOKE=1 npm run bench:demo                     # 15 patients, 2 sites: does it still work?
 */
import { loadavg } from 'node:os';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { benchEngine, machine, report, sized } from './support.ts';

const patients = Number(process.env.BENCH_PATIENTS ?? sized(400, 15));
const sites = Number(process.env.BENCH_SITES ?? sized(3, 2));
// PostgreSQL has no key file beside the database; a fixed bench key (never a real one).
process.env.SEPTYPE_DATA_KEY ??= '5e'.repeat(32);

const engine = benchEngine();
const fresh = await engine.fresh();
const database = openDatabase(fresh.url, { poolSize: 4 });
try {
  await migrateToLatest(database);
  let steps = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await generateDemo(database, { patients, sites, seed: 1, asOf: '2027-06-01' }, (done) => {
    steps = done;
  });
  const seconds = (performance.now() - started) / 1000;
  // This process's own CPU time: on a shared machine the wall time also holds other people's work.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const perPatient = seconds / patients;
  const at100k = (perPatient * 100_000) / 60;
  process.stdout.write(
    `${machine()}\n${engine.name}: ${patients} patients on ${sites} sites (${result.screened} screened, ` +
      `${result.truth.length} sampled visits) in ${seconds.toFixed(1)} s: ${(steps / seconds).toFixed(0)} steps/s, ` +
      `${(patients / seconds).toFixed(1)} patients/s; 100,000 patients at this rate: ${at100k.toFixed(0)} min; ` +
      `CPU time of this process ${cpuSeconds.toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}\n`,
  );
  report({
    benchmark: 'demo',
    engine: engine.name,
    figures: `${patients} patients in ${seconds.toFixed(1)} s (${(patients / seconds).toFixed(1)}/s; 100k ≈ ${at100k.toFixed(0)} min)`,
  });
} finally {
  await database.close();
  await fresh.drop();
}

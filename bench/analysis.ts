/**
 * Benchmark: a whole analysis run on the demo study (issue 14 target: dataset → consensus clustering k = 2..8
 * with 500 resamples → assignment of every visit → outcome models → report in < 30 s on this machine). Makes the
 * 400-patient demo (seed 1) first, untimed, then times what `septype analysis run` does: reading the datasets,
 * the run with a 5-marker classifier, and the HTML report; and prints the peak memory.
 *
 *   npm run bench:analysis                    # SQLite, 400 patients
 *   BENCH_SMOKE=1 npm run bench:analysis      # 40 patients, 20 resamples, k = 2..3: does it still work?
 */
import { loadavg } from 'node:os';
import { systemClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import { appContextFor, operatorContext } from '../src/cli/context.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { analysisDatasets, renderReport, reportRunOf, runDiscovery } from '../src/features/analysis/public.ts';
import { benchEngine, machine, report, sized } from './support.ts';

const patients = sized(400, 40);
const spec = sized(
  { seed: 1, classifier: { maxMarkers: 5 } },
  { seed: 1, kRange: [2, 3], resamples: 20, classifier: { maxMarkers: 3 } },
);
process.env.SEPTYPE_DATA_KEY ??= '5e'.repeat(32);

const engine = benchEngine();
const fresh = await engine.fresh();
const database = openDatabase(fresh.url, { poolSize: 4 });
try {
  await migrateToLatest(database);
  await generateDemo(database, { patients, sites: 3, seed: 1, asOf: '2027-06-01' });
  const ctx = operatorContext(appContextFor(loadConfig({}, { db: fresh.url }), database, systemClock));

  const started = performance.now();
  const { datasets } = await analysisDatasets(ctx);
  const read = performance.now();
  const stages: string[] = [];
  let stageStart = read;
  let stage = '';
  const { run, outputs } = await runDiscovery(ctx, spec, {
    onProgress: (name) => {
      if (name === stage) return;
      const now = performance.now();
      if (stage !== '') stages.push(`${stage} ${((now - stageStart) / 1000).toFixed(1)} s`);
      stage = name;
      stageStart = now;
    },
  });
  const ran = performance.now();
  const html = renderReport(reportRunOf(run, { id: ctx.study.current.id, title: ctx.study.current.title }), outputs);
  const done = performance.now();
  const total = (done - started) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${machine()}\n${engine.name}: ${patients} patients, ${datasets.samples.length} samples; ${outputs.discovery.n} clustered ` +
      `at ${outputs.discovery.timepoint}, k = ${outputs.discovery.k} (suggested ${outputs.discovery.suggestedK})\n` +
      `  datasets ${((read - started) / 1000).toFixed(1)} s (the run reads them again)\n` +
      `  run ${((ran - read) / 1000).toFixed(1)} s: ${stages.join(', ')}\n` +
      `  report ${((done - ran) / 1000).toFixed(1)} s (${(html.length / 1024).toFixed(0)} KiB)\n` +
      `  total ${total.toFixed(1)} s (target < 30 s); peak RSS ${rss.toFixed(0)} MB; load average ${loadavg()[0]!.toFixed(1)}\n`,
  );
  report({
    benchmark: 'analysis',
    engine: engine.name,
    figures: `${patients} patients: whole run ${total.toFixed(1)} s (target < 30 s), peak RSS ${rss.toFixed(0)} MB`,
  });
} finally {
  await database.close();
  await fresh.drop();
}

/**
 * Benchmark: the study dashboards (issue 13, < 200 ms each) on the 400-patient demo study of 3 sites as of
 * 2027-06-01 (src/demo/generate.ts, seed 1), through the HTTP API: a server on a local port, the coordinating
 * centre's data manager signed in, each dashboard requested over all sites and for one site, and one
 * drill-down per dashboard (its largest cell). Prints the median and the 95th percentile per request, on SQLite
 * (a temporary file) or, when BENCH_DB is a postgres:// URL, in a new schema on that server (dropped afterwards).
 *
 *   npm run bench:dashboards                        # 400 patients, 3 sites; BENCH_RUNS=30
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test npm run bench:dashboards
 *   BENCH_SMOKE=1 npm run bench:dashboards          # 12 patients, 2 runs
 */
import { createFakeClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { openDataKey } from '../src/db/data-key.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { generateDemo } from '../src/demo/generate.ts';
import type { AppContext } from '../src/kernel/context.ts';
import { study } from '../src/protocol/nct07273344/protocol.ts';
import { buildApp } from '../src/server/app.ts';
import { benchEngine, machine, quantile, report, sized } from './support.ts';
import { countsIn } from '../test/support/dashboard-counts.ts';

const patients = Number(process.env.BENCH_PATIENTS ?? sized(400, 12));
const runs = Number(process.env.BENCH_RUNS ?? sized(30, 2));
const asOf = '2027-06-01';
const dashboards = ['recruitment', 'flow', 'visits', 'completeness', 'samples', 'blood'] as const;

// The demo seals identities with the configured data key; a fixed one keeps the run free of key files.
process.env.SEPTYPE_DATA_KEY ??= Buffer.alloc(32, 9).toString('hex');

const engine = benchEngine();
const fresh = await engine.fresh();
const database = openDatabase(fresh.url, { poolSize: 4 });

try {
  console.log(machine());
  await migrateToLatest(database);
  database.sqlite?.pragma('synchronous = OFF');
  let started = performance.now();
  const demo = await generateDemo(database, { patients, sites: 3, seed: 1, asOf });
  database.sqlite?.pragma('synchronous = FULL');
  console.log(
    `${database.dialect}: demo of ${demo.participants} participants (${demo.screened} screened) in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const config = loadConfig(process.env, { db: fresh.url, logLevel: 'silent' });
  const dataKey = await openDataKey(config, database);
  const app: AppContext = {
    database,
    config,
    // The study's own clock: the dashboards read "now" as the demo's last day.
    clock: createFakeClock(`${asOf}T16:00:00.000Z`),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    study,
    dataKey: () => dataKey,
  };
  const server = await buildApp(app, { logger: false });
  const base = await server.listen({ host: '127.0.0.1', port: 0 });
  try {
    const manager = demo.users.find((u) => u.role === 'data_manager' && u.site === null);
    if (manager === undefined) throw new Error('the demo has no data manager of the coordinating centre');
    const signIn = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: manager.username, password: manager.password }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in: HTTP ${signIn.status} ${await signIn.text()}`);
    const cookie =
      signIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0] ?? '')
        .find((c) => c.startsWith('septype_session=')) ?? '';
    const sitesReply = await fetch(`${base}/api/sites`, { headers: { cookie } });
    if (sitesReply.status !== 200) throw new Error(`/api/sites: HTTP ${sitesReply.status} ${await sitesReply.text()}`);
    const sites = (await sitesReply.json()) as { sites: { id: number }[] };
    const firstSite = sites.sites[0]!.id;

    const get = async (path: string): Promise<unknown> => {
      const reply = await fetch(`${base}${path}`, { headers: { cookie } });
      if (reply.status !== 200) throw new Error(`${path}: HTTP ${reply.status} ${await reply.text()}`);
      return reply.json();
    };
    const time = async (name: string, path: string): Promise<{ line: string; answer: unknown }> => {
      // The first request also fills the memo of schedules (src/features/dashboards/memo.ts): shown apart.
      const cold = performance.now();
      let answer = await get(path);
      const first = performance.now() - cold;
      const ms: number[] = [];
      for (let r = 0; r < runs; r++) {
        const start = performance.now();
        answer = await get(path);
        ms.push(performance.now() - start);
      }
      const at = (q: number) => quantile(ms, q).toFixed(1);
      console.log(
        `${name.padEnd(34)} first ${first.toFixed(1).padStart(6)} ms   median ${at(0.5).padStart(6)} ms   ` +
          `p95 ${at(0.95).padStart(6)} ms   (${runs} runs)`,
      );
      return { line: `${name} p95 ${at(0.95)} ms`, answer };
    };

    started = performance.now();
    const figures: string[] = [];
    for (const dashboard of dashboards) {
      const all = await time(`${dashboard} (all sites)`, `/api/dashboards/${dashboard}`);
      figures.push(all.line);
      await time(`${dashboard} (one site)`, `/api/dashboards/${dashboard}?siteId=${firstSite}`);
      const largest = countsIn(all.answer).reduce((a, b) => (b.n > a.n ? b : a), { n: -1, cell: '' });
      if (largest.n < 0) throw new Error(`${dashboard}: no count in the answer`);
      const drilled = await time(
        `${dashboard} drill-down (n=${largest.n})`,
        `/api/dashboards/cells?cell=${encodeURIComponent(largest.cell)}`,
      );
      const rows = (drilled.answer as { rows: unknown[] }).rows.length;
      if (rows !== largest.n) throw new Error(`${largest.cell}: ${largest.n} counted, ${rows} rows`);
    }
    console.log(`timed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    report({
      benchmark: 'dashboards',
      engine: engine.name,
      figures: `${demo.participants} participants: ${figures.join(', ')}`,
    });
  } finally {
    await server.close();
  }
} finally {
  await database.close();
  await fresh.drop();
}

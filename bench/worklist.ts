/**
 * Benchmark: a site's participant list and worklist with the whole cohort at one site (400 participants, each
 * screened, enrolled, with D0 and D3 recorded and half of them discharged), the size of NCT07273344. Both are
 * computed on each request from the records (schedule, statuses, consent), so this is what a nurse waits for.
 * Prints the median and the 95th percentile of the service call over the runs, on SQLite (a temporary file) or,
 * when BENCH_DB is a postgres:// URL, in a new schema on that server (dropped afterwards).
 *
 *   node --import tsx bench/worklist.ts            # BENCH_PARTICIPANTS=400 BENCH_RUNS=30
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test npm run bench:worklist
 *   BENCH_SMOKE=1 npm run bench:worklist           # 4 participants, 2 runs
 */
import { createFakeClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { AppContext, CallContext } from '../src/kernel/context.ts';
import { enroll } from '../src/features/enrollment/service.ts';
import { recordEvent } from '../src/features/participants/events.ts';
import { listParticipants } from '../src/features/participants/service.ts';
import { createScreening } from '../src/features/screening/service.ts';
import { createSite } from '../src/features/sites/service.ts';
import { recordVisit } from '../src/features/visits/service.ts';
import { siteWorklist } from '../src/features/visits/worklist-service.ts';
import { study } from '../src/protocol/nct07273344/protocol.ts';
import { benchEngine, machine, quantile, report, sized } from './support.ts';

const participants = Number(process.env.BENCH_PARTICIPANTS ?? sized(400, 4));
const runs = Number(process.env.BENCH_RUNS ?? sized(30, 2));
const engine = benchEngine();
const fresh = await engine.fresh();
const url = fresh.url;
const database = openDatabase(url);
const clock = createFakeClock('2026-03-01T08:00:00.000Z');
const app: AppContext = {
  database,
  config: loadConfig({}, { db: url, logLevel: 'silent' }),
  clock,
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  study,
  dataKey: () => Buffer.alloc(32, 9),
};
const ctx: CallContext = { ...app, caller: { kind: 'operator', name: 'cli:bench' }, source: 'cli', requestId: null };

const noExclusions = {
  neutropenia: false,
  cd4Below400: false,
  primaryImmunodeficiency: false,
  biologics: false,
  solidOrganTransplant: false,
  allogeneicBmt: false,
  corticosteroids: [],
};

async function seed(): Promise<number> {
  await migrateToLatest(database);
  const site = await createSite(ctx, {
    code: `B${Date.now() % 100000}`,
    name: 'Bench hospital',
    timeZone: 'Europe/Amsterdam',
  });
  for (let i = 0; i < participants; i++) {
    clock.set('2026-03-01T08:00:00.000Z');
    const hospitalNumber = `BENCH-${i}`;
    const { screening } = await createScreening(ctx, site.id, {
      screenedOn: '2026-03-01',
      icuAdmissionAt: '2026-02-28T22:00:00+01:00',
      setting: 'icu',
      sex: i % 2 === 0 ? 'female' : 'male',
      hospitalNumber,
      eligibility: {
        ageYears: 40 + (i % 40),
        infection: 'suspected',
        admissionType: 'new',
        sofa2Total: 4,
        ...noExclusions,
      },
    });
    const participant = await enroll(ctx, screening.id, {
      identity: { name: `Bench ${i}`, hospitalNumber },
      consent: { type: 'deferred', date: '2026-03-01', optionalItems: {} },
    });
    await recordVisit(ctx, participant.id, {
      visit: 'D0',
      outcome: 'done',
      occurredAt: '2026-03-01T09:00:00+01:00',
      bloodDrawn: true,
    });
    clock.set('2026-03-04T12:00:00.000Z');
    await recordVisit(ctx, participant.id, {
      visit: 'D3',
      outcome: 'done',
      occurredAt: '2026-03-04T09:00:00+01:00',
      bloodDrawn: true,
    });
    if (i % 2 === 0) await recordEvent(ctx, participant.id, { kind: 'hospital_discharge', date: '2026-03-04' });
  }
  return site.id;
}

/** Times `work` (after one warm-up call), checking each answer; returns the figures for the summary. */
async function time<T>(name: string, work: () => Promise<T>, check: (answer: T) => void): Promise<string> {
  check(await work());
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const answer = await work();
    ms.push(performance.now() - start);
    check(answer);
  }
  const at = (q: number) => quantile(ms, q).toFixed(1);
  console.log(`${name.padEnd(22)} median ${at(0.5)} ms   p95 ${at(0.95)} ms   (${runs} runs)`);
  return `${name} median ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

/** Every participant of the site, or the benchmark measured something else. */
function all(rows: readonly unknown[]): void {
  if (rows.length !== participants) throw new Error(`expected ${participants} rows, got ${rows.length}`);
}

try {
  console.log(machine());
  const started = performance.now();
  const siteId = await seed();
  console.log(
    `${database.dialect}: seeded ${participants} participants in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  clock.set('2026-06-10T08:00:00.000Z');
  const list = await time('participants list', () => listParticipants(ctx, siteId), all);
  const worklist = await time(
    'worklist',
    () => siteWorklist(ctx, siteId),
    () => undefined,
  );
  report({ benchmark: 'worklist', engine: engine.name, figures: `${participants} participants: ${list}; ${worklist}` });
} finally {
  await database.close();
  await fresh.drop();
}

/**
 * Benchmark: a site's participant list and worklist with the whole cohort at one site (400 participants, each
 * screened, enrolled, with D0 and D3 recorded and half of them discharged), the size of NCT07273344. Both are
 * computed on each request from the records (schedule, statuses, consent), so this is what a nurse waits for.
 * Prints the median and the 95th percentile of the service call over the runs, on SQLite (a temporary file) or
 * the PostgreSQL database in BENCH_DB.
 *
 *   node --import tsx bench/worklist.ts            # BENCH_PARTICIPANTS=400 BENCH_RUNS=30
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const participants = Number(process.env.BENCH_PARTICIPANTS ?? 400);
const runs = Number(process.env.BENCH_RUNS ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'septype-bench-'));
const url = process.env.BENCH_DB ?? join(dir, 'bench.db');
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

async function time(name: string, work: () => Promise<unknown>): Promise<void> {
  await work();
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await work();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  console.log(`${name.padEnd(22)} median ${at(0.5)} ms   p95 ${at(0.95)} ms   (${runs} runs)`);
}

try {
  const started = performance.now();
  const siteId = await seed();
  console.log(
    `${database.dialect}: seeded ${participants} participants in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  clock.set('2026-06-10T08:00:00.000Z');
  await time('participants list', () => listParticipants(ctx, siteId));
  await time('worklist', () => siteWorklist(ctx, siteId));
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Benchmark: importing laboratory results (issue 12 targets). One long CSV of 2,000 samples × 500 analytes
 * (1,000,000 rows, `;`-separated with decimal commas, as Dutch laboratories export) is imported by the real
 * command, `septype import results`, in a process of its own: streamed, checked row by row against the catalogue
 * and the biobank, and stored in one transaction. Timed from the command's start to its exit; its peak resident
 * memory is what the process reports as it exits.
 *
 * Set-up, not timed: 400 participants enrolled, D0 recorded and its EDTA tube processed into 5 plasma aliquots
 * each (the 2,000 samples), and a 500-analyte plasma assay added to the catalogue. Then the reads the screens
 * make: a participant's results (2,500 of them) and a full 9 × 9 box map, each timed after a warm-up.
 *
 *   npm run bench:lab-import                       # SQLite
 *   BENCH_DB=postgres://postgres@127.0.0.1:5432/test npm run bench:lab-import
 *   BENCH_SMOKE=1 npm run bench:lab-import         # 20 samples × 10 analytes: does it still work?
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliIsCurrent } from '../scripts/build-cli.ts';
import { createFakeClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import { openDatabase, toCount } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { enroll } from '../src/features/enrollment/service.ts';
import { addAssay } from '../src/features/labs/catalogue.ts';
import { participantResults } from '../src/features/labs/results.ts';
import { processVisitSamples } from '../src/features/samples/processing.ts';
import { placeAliquot } from '../src/features/samples/placement.ts';
import { boxMap, createBox, createFreezer, createRack } from '../src/features/samples/storage.ts';
import { createScreening } from '../src/features/screening/service.ts';
import { createSite } from '../src/features/sites/service.ts';
import { recordVisit } from '../src/features/visits/service.ts';
import type { AppContext, CallContext } from '../src/kernel/context.ts';
import { analyte } from '../src/protocol/assays.ts';
import { study } from '../src/protocol/nct07273344/protocol.ts';
import { eligibleAnswers } from '../test/support/study-fixtures.ts';
import { benchEngine, machine, quantile, report, sized } from './support.ts';

const participants = Number(process.env.BENCH_PARTICIPANTS ?? sized(400, 4));
const aliquotsPerParticipant = 5;
const analytes = Number(process.env.BENCH_ANALYTES ?? sized(500, 10));
const runs = sized(30, 2);
const root = fileURLToPath(new URL('..', import.meta.url));
/** Loaded into the command's process: its peak resident memory, on stderr as it exits. */
const peakMemoryOnExit =
  "data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kb '+process.resourceUsage().maxRSS+'\\n'))";

interface ImportOutput {
  rows: number;
  imported: number;
  errors: unknown[];
}

const targets = { importSeconds: { sqlite: 20, postgres: 30 }, peakMb: 500, readMs: 100 };

const engine = benchEngine();
const fresh = await engine.fresh();
const database = openDatabase(fresh.url);
const clock = createFakeClock('2026-03-02T08:00:00.000Z');
const app: AppContext = {
  database,
  config: loadConfig({}, { db: fresh.url, logLevel: 'silent' }),
  clock,
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  study,
  dataKey: () => Buffer.alloc(32, 9),
};
const ctx: CallContext = { ...app, caller: { kind: 'operator', name: 'cli:bench' }, source: 'cli', requestId: null };
const dir = mkdtempSync(join(tmpdir(), 'septype-lab-import-'));
let failed = false;

try {
  console.log(`lab import on ${engine.name}: ${machine()}`);
  await migrateToLatest(database);
  const { barcodes, firstParticipant } = await seed();
  const panel = Array.from({ length: analytes }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);
  await addAssay(ctx, {
    code: 'bench-panel',
    name: 'Benchmark panel',
    platform: 'luminex',
    sampleType: 'plasma',
    analytes: panel.map((name) => analyte(name.toLowerCase(), name, 'pg/mL', { lod: 0.5 })),
  });
  const file = join(dir, 'results.csv');
  const rows = writeFile(file, barcodes, panel);

  const { imported, seconds, peakMb } = importByCommand(fresh.url, file);
  const stored = toCount(
    (
      await database.kysely
        .selectFrom('lab_results' as never)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (imported.errors.length > 0)
    throw new Error(`the file had problems: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  if (imported.imported !== rows || stored !== rows)
    throw new Error(`imported ${imported.imported}, stored ${stored}, expected ${rows}`);
  const target = targets.importSeconds[engine.name === 'sqlite' ? 'sqlite' : 'postgres'];
  console.log(
    `import: ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s; target < ${target} s), peak RSS ${peakMb.toFixed(0)} MB (target < ${targets.peakMb} MB)`,
  );

  const resultsMs = await time(
    () => participantResults(ctx, firstParticipant, {}),
    (r) => r.length === analytes * aliquotsPerParticipant,
  );
  console.log(
    `a participant's results (${analytes * aliquotsPerParticipant}): median ${resultsMs.median} ms, p95 ${resultsMs.p95} ms (target < ${targets.readMs} ms)`,
  );
  const boxId = await fullBox(barcodes);
  const boxMs = await time(
    () => boxMap(ctx, boxId),
    (map) => map.positions.filter((p) => p.aliquot !== null).length === Math.min(81, barcodes.length),
  );
  console.log(`box map 9 × 9: median ${boxMs.median} ms, p95 ${boxMs.p95} ms (target < ${targets.readMs} ms)`);

  const met =
    seconds < target &&
    peakMb < targets.peakMb &&
    Number(resultsMs.p95) < targets.readMs &&
    Number(boxMs.p95) < targets.readMs;
  report({
    benchmark: 'lab-import',
    engine: engine.name,
    figures: `${rows} rows ${seconds.toFixed(1)} s, ${peakMb.toFixed(0)} MB; results p95 ${resultsMs.p95} ms; box p95 ${boxMs.p95} ms${met ? '' : ' (target missed)'}`,
  });
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await database.close();
  await fresh.drop();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

async function seed(): Promise<{ barcodes: string[]; firstParticipant: number }> {
  const site = await createSite(ctx, {
    code: `L${Date.now() % 10000}`,
    name: 'Bench hospital',
    timeZone: 'Europe/Amsterdam',
  });
  const barcodes: string[] = [];
  let firstParticipant = 0;
  for (let i = 0; i < participants; i++) {
    const hospitalNumber = `LAB-${i}`;
    const { screening } = await createScreening(ctx, site.id, {
      screenedOn: '2026-03-02',
      icuAdmissionAt: '2026-03-01T22:00:00+01:00',
      setting: 'icu',
      sex: i % 2 === 0 ? 'female' : 'male',
      hospitalNumber,
      eligibility: { ...eligibleAnswers, infection: 'suspected', admissionType: 'new', ageYears: 40 + (i % 40) },
    });
    const participant = await enroll(ctx, screening.id, {
      identity: { name: `Bench ${i}`, hospitalNumber },
      consent: { type: 'deferred', date: '2026-03-02', optionalItems: {} },
    });
    firstParticipant ||= participant.id;
    const at = '2026-03-02T07:00:00Z';
    await recordVisit(ctx, participant.id, { visit: 'D0', outcome: 'done', occurredAt: at, bloodDrawn: true });
    const samples = await processVisitSamples(ctx, participant.id, 'D0', {
      tubes: [
        {
          tubeType: 'EDTA',
          drawnAt: at,
          receivedAt: at,
          processedAt: at,
          aliquots: [{ sampleType: 'plasma', count: aliquotsPerParticipant }],
        },
      ],
    });
    for (const tube of samples.visits.flatMap((v) => v.tubes)) barcodes.push(...tube.aliquots.map((a) => a.barcode));
  }
  return { barcodes, firstParticipant };
}

/** `septype import results` in its own process (the compiled command line when current), as a person runs it. */
function importByCommand(db: string, file: string): { imported: ImportOutput; seconds: number; peakMb: number } {
  const entry = cliIsCurrent() ? ['dist/cli/main.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      `--import=${peakMemoryOnExit}`,
      ...entry,
      'import',
      'results',
      '--db',
      db,
      '--file',
      file,
      '--format',
      'long',
      '--lab',
      'bench',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`septype import results exited ${run.status}: ${run.stderr}`);
  const peak = /peak-rss-kb (\d+)/.exec(run.stderr);
  if (peak === null) throw new Error(`no peak memory reported: ${run.stderr}`);
  return { imported: JSON.parse(run.stdout) as ImportOutput, seconds, peakMb: Number(peak[1]) / 1024 };
}

/** The long file, written once: sample-major, as plate readers export. */
function writeFile(path: string, barcodes: readonly string[], panel: readonly string[]): number {
  const lines = ['SampleID;Analyte;Value;Unit;Plate'];
  let rows = 0;
  barcodes.forEach((barcode, s) => {
    panel.forEach((name, a) => {
      const value = ((s * 7 + a * 13) % 5000) / 10 + 0.5;
      lines.push(`${barcode};${name};${String(value).replace('.', ',')};pg/mL;P${Math.floor(s / 88) + 1}`);
      rows++;
    });
  });
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return rows;
}

/** A 9 × 9 box filled with the first 81 aliquots (through the service the API uses). */
async function fullBox(barcodes: readonly string[]): Promise<number> {
  const siteId = Number((await database.kysely.selectFrom('sites').select('id').executeTakeFirstOrThrow()).id);
  const freezer = await createFreezer(ctx, siteId, { name: 'Bench −80', kind: 'minus80' });
  const rack = await createRack(ctx, freezer.id, { name: 'Rack 1', kind: 'rack' });
  const box = await createBox(ctx, rack.id, { name: 'Box 1', rows: 9, columns: 9 });
  const ids = await database.kysely
    .selectFrom('aliquots' as never)
    .select(['id' as never, 'barcode' as never])
    .execute();
  const idOf = new Map((ids as { id: number; barcode: string }[]).map((r) => [r.barcode, Number(r.id)]));
  for (const [i, barcode] of barcodes.slice(0, 81).entries()) {
    const position = `${String.fromCharCode(65 + Math.floor(i / 9))}${(i % 9) + 1}`;
    await placeAliquot(ctx, idOf.get(barcode)!, { version: 0, boxId: box.id, position });
  }
  return box.id;
}

async function time<T>(
  work: () => Promise<T>,
  check: (answer: T) => boolean,
): Promise<{ median: string; p95: string }> {
  if (!check(await work())) throw new Error('unexpected answer');
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const answer = await work();
    ms.push(performance.now() - start);
    if (!check(answer)) throw new Error('unexpected answer');
  }
  return { median: quantile(ms, 0.5).toFixed(1), p95: quantile(ms, 0.95).toFixed(1) };
}

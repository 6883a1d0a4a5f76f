import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { tableDigests, type TableDigest } from '../../src/db/table-digests.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { engines, type TestEngine } from '../support/engines.ts';
import { septype } from '../support/septype-cli.ts';

/**
 * Issue 15 §5: a backup and its restore are the same study, table by table — data, audit trail, users, sites,
 * the protocol versions the data were entered under, samples, results and analysis runs. SQLite through
 * `septype backup` / `septype restore`; PostgreSQL through pg_dump / pg_restore, as docs/operations.md says.
 */

process.env.SEPTYPE_DATA_KEY ??= '07'.repeat(32);
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'septype-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tables a study in progress may leave empty: nobody signed in, destroyed, shipped, locked or saved a lab's file mapping yet. */
const mayBeEmpty = new Set([
  'sessions',
  'api_tokens',
  'kysely_migration_lock',
  'destructions',
  'destruction_tasks',
  'data_locks',
  'shipments',
  'shipment_items',
  'sqlite_sequence',
  'lab_mappings',
]);

/** A complete study: the demo cohort (forms, samples, results, audit trail) and an analysis run on it. */
async function studyAt(engine: TestEngine): Promise<{ url: string; drop: () => Promise<void> }> {
  const fresh = await engine.fresh();
  const database = openDatabase(fresh.url, { poolSize: 2 });
  try {
    await migrateToLatest(database);
    await generateDemo(database, { patients: 40, sites: 2, seed: 4, asOf: '2026-09-30' });
  } finally {
    await database.close();
  }
  const spec = join(dir, `spec-${engine.name}.json`);
  writeFileSync(spec, JSON.stringify({ timepoint: 'D0', seed: 2, kRange: [2, 3], resamples: 20 }));
  const analysis = await septype([
    'analysis',
    'run',
    '--db',
    fresh.url,
    '--spec',
    spec,
    '--out',
    join(dir, engine.name),
  ]);
  expect(analysis.stderr.split('\n').filter((l) => /error|refus/i.test(l))).toEqual([]);
  expect(analysis.code).toBe(0);
  return fresh;
}

async function digestsOf(url: string): Promise<{ digests: Map<string, TableDigest>; audited: number }> {
  const database: Database = openDatabase(url, { poolSize: 1 });
  try {
    const verdict = await verifyAuditChain(database.kysely);
    expect(verdict.ok).toBe(true);
    return { digests: await tableDigests(database), audited: verdict.entries };
  } finally {
    await database.close();
  }
}

/** The same tables with the same rows; and the study is complete, not an empty database restored faithfully. */
function expectSameStudy(
  original: Awaited<ReturnType<typeof digestsOf>>,
  restored: Awaited<ReturnType<typeof digestsOf>>,
): void {
  expect([...restored.digests]).toEqual([...original.digests]);
  expect(restored.audited).toBe(original.audited);
  expect(original.audited).toBeGreaterThan(1000);
  const empty = [...original.digests].filter(([table, d]) => d.rows === 0 && !mayBeEmpty.has(table));
  expect(empty.map(([table]) => table)).toEqual([]);
  for (const table of ['audit_log', 'users', 'sites', 'form_records', 'item_data', 'aliquots', 'lab_results']) {
    expect(original.digests.get(table)?.rows, table).toBeGreaterThan(0);
  }
  expect(original.digests.get('analysis_runs')?.rows).toBe(1);
}

describe.each(engines)('backup and restore on $name', (engine) => {
  it('restores every table row for row, and the audit chain verifies', async () => {
    const study = await studyAt(engine);
    try {
      const original = await digestsOf(study.url);
      if (engine.name === 'sqlite') {
        const backup = join(dir, 'study.backup.db');
        const restoredAt = join(dir, 'restored.db');
        expect((await septype(['backup', '--db', study.url, '--out', backup])).code).toBe(0);
        const restore = await septype(['restore', '--from', backup, '--db', restoredAt]);
        expect(restore.stderr).toBe('');
        expect(restore.code).toBe(0);
        expectSameStudy(original, await digestsOf(restoredAt));
      } else {
        await roundTripThroughPgDump(study.url, async (restoredUrl) =>
          expectSameStudy(original, await digestsOf(restoredUrl)),
        );
      }
    } finally {
      await study.drop();
    }
  }, 240_000);
});

/**
 * pg_dump of the study's schema, restored into a database of its own (the test's schema name kept), as an operator
 * restores onto a new server.
 */
async function roundTripThroughPgDump(url: string, check: (restoredUrl: string) => Promise<void>): Promise<void> {
  const source = new URL(url);
  const schema = /search_path=(\w+)/.exec(source.searchParams.get('options') ?? '')?.[1];
  if (schema === undefined) throw new Error(`no schema in ${url}`);
  const file = join(dir, 'study.dump');
  const plain = new URL(url);
  plain.searchParams.delete('options');
  await run('pg_dump', ['-Fc', '-n', schema, '-d', plain.toString(), '-f', file]);

  const database = `septype_restore_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: plain.toString() });
  await admin.connect();
  try {
    await admin.query(`create database ${database}`);
    const target = new URL(plain.toString());
    target.pathname = `/${database}`;
    await run('pg_restore', ['--no-owner', '-d', target.toString(), file]);
    target.searchParams.set('options', `-c search_path=${schema}`);
    await check(target.toString());
  } finally {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

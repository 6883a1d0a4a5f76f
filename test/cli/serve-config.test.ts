import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresEngine } from '../support/engines.ts';
import { septype, type CliRun } from '../support/septype-cli.ts';

/**
 * `septype serve` checks its configuration before it opens or migrates the database: a start that cannot
 * serve must leave the database as it found it (no migrated PostgreSQL schema, no new SQLite file).
 */

const bin = new URL('../../bin/septype', import.meta.url).pathname;
/** Empty means "not set" to the configuration (src/core/config.ts), whatever the developer's shell has. */
const noDataKey = { SEPTYPE_DATA_KEY: '', SEPTYPE_DATA_KEY_FILE: '' };

/**
 * Runs `septype serve` as `septype()` (test/support/septype-cli.ts) runs any command, SEPTYPE_DB cleared, but
 * keeps the process: a server that starts when it should have refused never exits, so it is stopped as soon
 * as it says it is serving (or after a minute, the machine being slow) and the run is marked `started`.
 */
function serve(args: string[], env: Record<string, string>): Promise<CliRun & { started: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(bin, ['serve', '--port', '0', ...args], {
      env: { ...process.env, SEPTYPE_DB: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    let started = false;
    const stop = () => {
      started = true;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(stop, 60_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('septype is serving')) stop();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, started });
    });
    child.stdin.end();
  });
}

function expectRefusedInOneLine(run: CliRun & { started: boolean }, mention: RegExp): void {
  expect(run.started, `the server started instead of refusing:\n${run.stderr}`).toBe(false);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(mention);
  expect(run.stdout).toBe('');
}

const postgresUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(postgresUrl === undefined || postgresUrl === '')(
  'serve on PostgreSQL checks the data key before migrating (needs TEST_DATABASE_URL)',
  () => {
    const engine = postgresEngine(postgresUrl ?? '');
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const drop of drops) await drop();
    });

    /** A new, empty schema; `url` reaches it through search_path, as the integration tests do. */
    async function freshSchema() {
      const fresh = await engine.fresh();
      drops.push(() => fresh.drop());
      const schema = /search_path=(\S+)/.exec(new URL(fresh.url).searchParams.get('options') ?? '')?.[1];
      if (schema === undefined) throw new Error(`no schema in ${fresh.url}`);
      return { url: fresh.url, schema };
    }

    async function tablesIn(schema: string): Promise<string[]> {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        const result = await client.query<{ table_name: string }>(
          'select table_name from information_schema.tables where table_schema = $1 order by table_name',
          [schema],
        );
        return result.rows.map((row) => row.table_name);
      } finally {
        await client.end();
      }
    }

    it('the control: the same URL is where a migration lands (so "no tables" below means something)', async () => {
      const { url, schema } = await freshSchema();
      const run = await septype(['migrate', '--db', url], { env: noDataKey });
      expect(run.code, run.stderr).toBe(0);
      expect(await tablesIn(schema)).toEqual(expect.arrayContaining(['settings', 'participants']));
    });

    it('refuses to start without SEPTYPE_DATA_KEY, exit 2 in one line, and leaves the schema empty', async () => {
      const { url, schema } = await freshSchema();
      const run = await serve(['--db', url], noDataKey);
      expectRefusedInOneLine(run, /SEPTYPE_DATA_KEY/);
      expect(run.stderr).toMatch(/required with PostgreSQL/);
      expect(await tablesIn(schema)).toEqual([]);
    });

    it('refuses a malformed SEPTYPE_DATA_KEY the same way, before migrating', async () => {
      const { url, schema } = await freshSchema();
      const run = await serve(['--db', url], { ...noDataKey, SEPTYPE_DATA_KEY: 'not-a-key' });
      expectRefusedInOneLine(run, /SEPTYPE_DATA_KEY: not a 32-byte key/);
      expect(await tablesIn(schema)).toEqual([]);
    });
  },
);

describe('serve on SQLite checks the data key before creating the database', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const emptyDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'septype-serve-config-'));
    dirs.push(dir);
    return dir;
  };

  it('refuses a malformed SEPTYPE_DATA_KEY, exit 2 in one line, and creates no database file', async () => {
    const dir = emptyDir();
    const run = await serve(['--db', join(dir, 'data', 'study.db')], { ...noDataKey, SEPTYPE_DATA_KEY: 'not-a-key' });
    expectRefusedInOneLine(run, /SEPTYPE_DATA_KEY: not a 32-byte key/);
    // No study.db, -wal, -shm or .key, not even the folder for them.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a key file that holds no key, and creates no database file', async () => {
    const dir = emptyDir();
    const keyFile = join(dir, 'bad.key');
    writeFileSync(keyFile, 'not a key\n');
    const run = await serve(['--db', join(dir, 'study.db')], { ...noDataKey, SEPTYPE_DATA_KEY_FILE: keyFile });
    expectRefusedInOneLine(run, /bad\.key: not a 32-byte key/);
    expect(readdirSync(dir)).toEqual(['bad.key']);
  });
});

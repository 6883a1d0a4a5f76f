import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The database engines integration tests run on: SQLite always, PostgreSQL when TEST_DATABASE_URL is
 * set. Each call to `fresh` gives an empty database of its own (a temporary file, or a new schema), so
 * test files run in parallel without sharing rows or an audit chain.
 */
export interface TestEngine {
  name: 'sqlite' | 'postgres';
  fresh(): Promise<{ url: string; drop(): Promise<void> }>;
}

export const sqliteEngine: TestEngine = {
  name: 'sqlite',
  fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'septype-test-'));
    return Promise.resolve({
      url: join(dir, 'test.db'),
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
};

/** Each `fresh()` is a new schema on the server at baseUrl, dropped again by `drop()`. */
export function postgresEngine(baseUrl: string): TestEngine {
  return {
    name: 'postgres',
    async fresh() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const url = new URL(baseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return {
        url: url.toString(),
        async drop() {
          const client = new pg.Client({ connectionString: baseUrl });
          await client.connect();
          await client.query(`drop schema ${schema} cascade`);
          await client.end();
        },
      };
    },
  };
}

export const engines: TestEngine[] = [
  sqliteEngine,
  ...(process.env.TEST_DATABASE_URL ? [postgresEngine(process.env.TEST_DATABASE_URL)] : []),
];

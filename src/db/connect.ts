import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Tables } from './tables.ts';

export type Dialect = 'sqlite' | 'postgres';

/** An open database: the Kysely handle plus what the few engine-specific paths need to know. */
export interface Database {
  readonly kysely: Kysely<Tables>;
  readonly dialect: Dialect;
  /** The file path (SQLite) or the URL without its password (PostgreSQL), for messages. */
  readonly location: string;
  /** The raw SQLite handle, for the online backup API; absent on PostgreSQL. */
  readonly sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export function openDatabase(target: string, options: { poolSize?: number } = {}): Database {
  return isPostgresUrl(target) ? openPostgres(target, options.poolSize ?? 10) : openSqlite(target);
}

function openSqlite(file: string): Database {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives a power cut, which clinical data needs more than speed.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    kysely,
    dialect: 'sqlite',
    location: path,
    sqlite,
    close: () => kysely.destroy(),
  };
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    location: redactPassword(url),
    close: () => kysely.destroy(),
  };
}

export function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** `count(*)` is a number in SQLite and a string in PostgreSQL: convert once, here. */
export function toCount(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

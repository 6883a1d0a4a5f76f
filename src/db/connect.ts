import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  type DatabaseConnection,
  type Driver,
  type Transaction,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type SqliteDialectConfig,
  type PostgresPool,
  type PostgresPoolClient,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { sha256Hex } from '../core/secrets.ts';
import { GroupCommit } from './group-commit.ts';
import { createPrivateFile } from './private-file.ts';
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
  /** Runs work in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T>;
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
  createPrivateFile(path);
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives a power cut, which clinical data needs more than speed.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, so a destroyed participant's data do not linger in free pages.
  sqlite.pragma('secure_delete = ON');
  // The audit chain hashes inside SQL (src/db/audit.ts); PostgreSQL gets the same function from the migration.
  sqlite.function('septype_sha256_hex', { deterministic: true }, (text) => sha256Hex(String(text)));
  const kysely = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  const groupCommit = new GroupCommit(kysely);
  return {
    kysely,
    dialect: 'sqlite',
    location: path,
    sqlite,
    transaction: (work) => groupCommit.run(work),
    close: () => kysely.destroy(),
  };
}

/**
 * Transactions take SQLite's write lock when they begin (`begin immediate`). With Kysely's plain `begin`, two
 * processes on one file (the server and `septype user add`, two commands) could each read and then both try to
 * write: SQLite refuses one at once with "database is locked", without waiting, because waiting could deadlock.
 * Taken at the start, the lock is waited for (busy_timeout), and every transaction here writes anyway.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Kysely prepares every query afresh; better-sqlite3 statements can be reused, which saves a third of
 * the time of a small write. Kysely runs one statement at a time on the connection, so sharing is safe.
 */
function withStatementCache(sqlite: SQLite.Database, limit = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
  return {
    kysely,
    dialect: 'postgres',
    location: redactPassword(url),
    // PostgreSQL commits concurrent transactions on separate connections and groups their flushes itself.
    transaction: (work) => kysely.transaction().execute(work),
    close: () => kysely.destroy(),
  };
}

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it each time. Naming a statement
 * after its text lets each connection prepare it once; the set of texts is bounded by the code's
 * queries, so the per-connection cache stays small.
 */
function withPreparedStatements(pool: pg.Pool): PostgresPool {
  return {
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      const query = (text: unknown, values?: readonly unknown[]) =>
        typeof text !== 'string'
          ? client.query(text as pg.Submittable)
          : copyStatement.test(text)
            ? copyIn(client, text, values?.[0])
            : client.query({ name: `k${sha256Hex(text).slice(0, 24)}`, text, values: values as unknown[] });
      return { query, release: (destroy?: boolean) => client.release(destroy) } as unknown as PostgresPoolClient;
    },
  };
}

/** `copy <table> (<columns>) from stdin`: ScopedDb.insertMany's bulk path on PostgreSQL (src/db/copy-text.ts). */
const { from: copyFrom } = pgCopy;
const copyStatement = /^copy \w+ \([\w, ]+\) from stdin$/;

/**
 * Runs a COPY FROM STDIN with its rows (in COPY's text format) as the one parameter: Kysely sends statements and
 * parameters only, so the bulk path travels as one, and is answered like an INSERT of that many rows.
 */
async function copyIn(
  client: pg.PoolClient,
  text: string,
  payload: unknown,
): Promise<{ command: string; rowCount: number; rows: [] }> {
  if (typeof payload !== 'string') throw new Error('a COPY takes its rows as one text parameter');
  const stream = client.query(copyFrom(text));
  await pipeline(Readable.from([payload]), stream);
  return { command: 'INSERT', rowCount: stream.rowCount, rows: [] };
}

export function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** `count(*)` is a number in SQLite and a string in PostgreSQL: convert once, here. */
export function toCount(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

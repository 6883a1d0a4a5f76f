import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase, type SqliteStatement, type Transaction } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { GroupCommit } from './group-commit.ts';

interface TestDb {
  rows: { id: number; label: string };
  parents: { id: number };
  children: { id: number; parent_id: number };
}

const schema = `
  create table rows (id integer primary key, label text not null);
  create table parents (id integer primary key);
  -- Checked at COMMIT, not per statement: the honest way to make a COMMIT fail.
  create table children (
    id integer primary key,
    parent_id integer not null references parents (id) deferrable initially deferred
  );
`;

/**
 * A GroupCommit on a real SQLite file set up as connect.ts does it (WAL, synchronous=FULL, foreign keys), with
 * every statement the connection runs written to `log` in order, and a second, independent connection to the
 * same file (`committed`): what it sees has been committed, since it cannot read another connection's
 * uncommitted writes.
 */
function fixture(maxBatch?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'septype-group-commit-'));
  const file = join(dir, 'test.db');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec(schema);
  const log: string[] = [];
  const logging: SqliteDatabase = {
    close: () => sqlite.close(),
    prepare(text: string): SqliteStatement {
      const statement = sqlite.prepare(text);
      return {
        reader: statement.reader,
        all(parameters) {
          log.push(text);
          return statement.all(...(parameters as unknown[]));
        },
        run(parameters) {
          log.push(text);
          return statement.run(...(parameters as unknown[]));
        },
        iterate: (parameters) => statement.iterate(...(parameters as unknown[])),
      };
    },
  };
  const db = new Kysely<TestDb>({ dialect: new SqliteDialect({ database: logging }) });
  const groupCommit = new GroupCommit(db, maxBatch);
  const observer = new SQLite(file, { readonly: true });
  const seeRow = observer.prepare('select label from rows where id = ?');
  const committedIds = observer.prepare('select id from rows order by id');
  const committed = {
    has: (id: number) => seeRow.get(id) !== undefined,
    ids: () => committedIds.all().map((row) => (row as { id: number }).id),
  };
  const cleanup = async () => {
    observer.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, groupCommit, log, committed, cleanup, sqlite };
}

const insert = (trx: Transaction<TestDb>, id: number, label = `row ${id}`) =>
  trx.insertInto('rows').values({ id, label }).execute();
const count = (log: readonly string[], statement: string) => log.filter((text) => text === statement).length;

describe('GroupCommit (SQLite)', () => {
  let cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups) await cleanup();
    cleanups = [];
  });
  const setUp = (maxBatch?: number) => {
    const f = fixture(maxBatch);
    cleanups.push(f.cleanup);
    return f;
  };

  it('rolls back a failing member alone: the others of the same batch commit, in one transaction', async () => {
    const { groupCommit, log, committed } = setUp();
    // Queued in one tick, so they share a batch.
    const settled = await Promise.allSettled([
      groupCommit.run(async (trx) => {
        await insert(trx, 1);
        return 'first';
      }),
      groupCommit.run(async (trx) => {
        await insert(trx, 2);
        await insert(trx, 3);
        throw new Error('the second member fails');
      }),
      groupCommit.run(async (trx) => {
        await insert(trx, 4);
        await insert(trx, 1); // a duplicate key: SQLite refuses the statement
        return 'never';
      }),
      groupCommit.run(async (trx) => {
        // It runs after two failures and still sees the first member's row: the batch is unharmed.
        const seen = await trx.selectFrom('rows').select('id').execute();
        await insert(trx, 5);
        return seen.map((row) => row.id);
      }),
    ]);
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'first' },
      { status: 'rejected', reason: new Error('the second member fails') },
      { status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }) },
      { status: 'fulfilled', value: [1] },
    ]);
    expect(committed.ids()).toEqual([1, 5]);
    // One batch: one BEGIN and one COMMIT for all four, each member in its own savepoint.
    expect(count(log, 'begin')).toBe(1);
    expect(count(log, 'commit')).toBe(1);
    expect(count(log, 'rollback')).toBe(0);
    expect(count(log, 'savepoint unit_of_work')).toBe(4);
    expect(count(log, 'rollback to unit_of_work')).toBe(2);
    expect(log.at(-1)).toBe('commit');
  });

  it('a member that breaks a deferred constraint and then fails is rolled back alone too', async () => {
    const { groupCommit, committed } = setUp();
    const settled = await Promise.allSettled([
      groupCommit.run((trx) => insert(trx, 1)),
      groupCommit.run(async (trx) => {
        await trx.insertInto('children').values({ id: 1, parent_id: 999 }).execute();
        throw new Error('gives up');
      }),
      groupCommit.run((trx) => insert(trx, 2)),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed.ids()).toEqual([1, 2]);
  });

  it('answers no member before the COMMIT of its batch', async () => {
    const { groupCommit, log, committed } = setUp();
    const ids = [1, 2, 3, 4, 5];
    const before: boolean[] = [];
    const after: boolean[] = [];
    const commitsAtAnswer: number[] = [];
    const members = ids.map((id) =>
      groupCommit
        .run(async (trx) => {
          await insert(trx, id);
          // Written but not committed: the other connection must not see it yet (so the check below can fail).
          before.push(committed.has(id));
          return id;
        })
        .then((value) => {
          // First thing on being answered, synchronously: is the row already on disk for everyone?
          after.push(committed.has(value));
          commitsAtAnswer.push(count(log, 'commit'));
          return value;
        }),
    );
    expect(await Promise.all(members)).toEqual(ids);
    expect(before).toEqual([false, false, false, false, false]);
    expect(after).toEqual([true, true, true, true, true]);
    expect(commitsAtAnswer).toEqual([1, 1, 1, 1, 1]);
  });

  it('runs members one after another in the order they were queued and answers each caller with its own result', async () => {
    const { groupCommit } = setUp();
    const events: string[] = [];
    const members = [0, 1, 2, 3, 4].map((i) =>
      groupCommit.run(async (trx) => {
        events.push(`start ${i}`);
        // Members that wait differently long must still not overlap on the one connection.
        for (let n = 0; n < 5 - i; n += 1) await trx.selectFrom('rows').select('id').execute();
        await insert(trx, i + 1, `member ${i}`);
        events.push(`end ${i}`);
        return { member: i, label: `member ${i}` };
      }),
    );
    const answered: number[] = [];
    members.forEach((member, i) => void member.then(() => answered.push(i)));
    const results = await Promise.all(members);
    expect(results).toEqual([0, 1, 2, 3, 4].map((i) => ({ member: i, label: `member ${i}` })));
    expect(events).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`start ${i}`, `end ${i}`]));
    expect(answered).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects every member of the batch and writes nothing when the COMMIT itself fails', async () => {
    const { groupCommit, log, committed } = setUp();
    const settled = await Promise.allSettled([
      groupCommit.run((trx) => insert(trx, 1)),
      // Accepted statement by statement (the foreign key is deferred), refused by the COMMIT.
      groupCommit.run((trx) => trx.insertInto('children').values({ id: 1, parent_id: 999 }).execute()),
      groupCommit.run((trx) => insert(trx, 2)),
    ]);
    expect(settled).toEqual([0, 1, 2].map(() => ({ status: 'rejected', reason: expect.any(Error) })));
    for (const outcome of settled) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    }
    expect(committed.ids()).toEqual([]);
    expect(log.slice(-2)).toEqual(['commit', 'rollback']);

    // The group commit carries on with the next batch.
    const next = groupCommit.run(async (trx) => {
      await insert(trx, 3);
      return 'after';
    });
    await expect(next).resolves.toBe('after');
    expect(committed.ids()).toEqual([3]);
  });

  it('rejects the whole batch and writes nothing when a member makes SQLite abandon the transaction', async () => {
    const { groupCommit, committed, sqlite } = setUp();
    // RAISE(ROLLBACK) ends the whole transaction, savepoints and all, not just the statement.
    sqlite.exec(`create trigger no_13 before insert on rows when new.id = 13
                 begin select raise(rollback, 'thirteen'); end`);
    const settled = await Promise.allSettled([
      groupCommit.run((trx) => insert(trx, 1)),
      groupCommit.run((trx) => insert(trx, 13)),
      groupCommit.run((trx) => insert(trx, 2)),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committed.ids()).toEqual([]);
    await groupCommit.run((trx) => insert(trx, 3));
    expect(committed.ids()).toEqual([3]);
  });

  it('splits a queue longer than maxBatch into batches of at most maxBatch, each with its own COMMIT', async () => {
    const { groupCommit, log, committed } = setUp(2);
    const batchOf = await Promise.all(
      [1, 2, 3, 4, 5].map((id) =>
        groupCommit.run(async (trx) => {
          await insert(trx, id);
          return count(log, 'commit'); // the commits before this member's batch
        }),
      ),
    );
    expect(batchOf).toEqual([0, 0, 1, 1, 2]);
    expect(count(log, 'begin')).toBe(3);
    expect(count(log, 'commit')).toBe(3);
    expect(committed.ids()).toEqual([1, 2, 3, 4, 5]);
  });

  it('puts work queued while a batch runs into the next batch, and answers it after that COMMIT', async () => {
    const { groupCommit, log, committed } = setUp();
    let late: Promise<boolean> | undefined;
    await groupCommit.run(async (trx) => {
      await insert(trx, 1);
      late = groupCommit.run(async (inner) => {
        await insert(inner, 2);
        return count(log, 'commit') === 1; // the first batch has committed before this one runs
      });
      return null;
    });
    expect(committed.ids()).toEqual([1]);
    await expect(late).resolves.toBe(true);
    expect(committed.ids()).toEqual([1, 2]);
    expect(count(log, 'commit')).toBe(2);
  });

  it('rejects the work waiting for a transaction that cannot begin (the database closed), instead of waiting for ever', async () => {
    const unreachable = new Kysely<TestDb>({
      dialect: new SqliteDialect({ database: () => Promise.reject(new Error('the database is closed')) }),
    });
    const groupCommit = new GroupCommit(unreachable);
    const waiting = [1, 2, 3].map((id) => groupCommit.run((trx) => insert(trx, id)));
    for (const work of waiting) await expect(work).rejects.toThrow('the database is closed');
  });
});

describe('openDatabase on SQLite', () => {
  it('uses the group commit for transaction(): concurrent ones share one transaction, a failing one is rolled back alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'septype-group-commit-'));
    const file = join(dir, 'test.db');
    const database = openDatabase(file);
    const observer = new SQLite(file, { readonly: true });
    try {
      const db = database.kysely as unknown as Kysely<TestDb>;
      await sql`create table rows (id integer primary key, label text not null)`.execute(db);
      const committed = () => observer.prepare('select id from rows order by id').all();
      const run = (work: (trx: Transaction<TestDb>) => Promise<unknown>) =>
        database.transaction((trx) => work(trx as unknown as Transaction<TestDb>));
      const settled = await Promise.allSettled([
        run((trx) => insert(trx, 1)),
        run(async (trx) => {
          await insert(trx, 2);
          throw new Error('fails');
        }),
        run(async (trx) => {
          // The first member's row: visible here, not yet to anyone else, so both are in one open transaction.
          const here = await trx.selectFrom('rows').select('id').execute();
          return { here: here.map((row) => row.id), elsewhere: committed() };
        }),
      ]);
      expect(settled).toEqual([
        { status: 'fulfilled', value: expect.anything() },
        { status: 'rejected', reason: new Error('fails') },
        { status: 'fulfilled', value: { here: [1], elsewhere: [] } },
      ]);
      expect(committed()).toEqual([{ id: 1 }]);
    } finally {
      observer.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

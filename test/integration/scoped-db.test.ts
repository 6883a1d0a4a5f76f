import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { ScopedDb } from '../../src/db/scoped-db.ts';
import { engines } from '../support/engines.ts';

/** A stand-in for a study table (screening, participants ...): what matters is its site_id. */
interface NotesDb {
  notes: { id: number; site_id: number; text: string };
  settings: { key: string; value: string };
}

describe.each(engines)('site-scoped queries on $name', (engine) => {
  let database: Database;
  let db: Kysely<NotesDb>;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await engine.fresh();
    drop = () => fresh.drop();
    database = openDatabase(fresh.url);
    db = database.kysely as unknown as Kysely<NotesDb>;
    await sql`create table notes (id integer primary key, site_id integer not null, text text not null)`.execute(db);
    await db
      .insertInto('notes')
      .values([
        { id: 1, site_id: 1, text: 'one at A' },
        { id: 2, site_id: 2, text: 'one at B' },
        { id: 3, site_id: 1, text: 'two at A' },
        { id: 4, site_id: 3, text: 'one at C' },
      ])
      .execute();
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  const texts = async (scoped: ScopedDb<NotesDb>) =>
    (await scoped.selectFrom('notes').select('text').orderBy('id').execute()).map((r) => r.text);

  it('selects only the rows of the sites in scope', async () => {
    expect(await texts(new ScopedDb(db, { siteIds: [1] }))).toEqual(['one at A', 'two at A']);
    expect(await texts(new ScopedDb(db, { siteIds: [1, 3] }))).toEqual(['one at A', 'two at A', 'one at C']);
    expect(await texts(new ScopedDb(db, { siteIds: 'all' }))).toHaveLength(4);
    expect(await texts(new ScopedDb(db, { siteIds: [] }))).toEqual([]);
  });

  it('keeps the scope when the query adds its own conditions', async () => {
    const scoped = new ScopedDb(db, { siteIds: [1] });
    const rows = await scoped.selectFrom('notes').select('text').where('id', '=', 2).execute();
    expect(rows).toEqual([]);
  });

  it('updates and deletes only inside the scope', async () => {
    const scoped = new ScopedDb(db, { siteIds: [2] });
    const updated = await scoped
      .updateTable('notes')
      .set({ text: 'changed' })
      .where('id', 'in', [1, 2])
      .executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(1);
    const deleted = await scoped.deleteFrom('notes').where('id', 'in', [3, 4]).executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBe(0);
    expect(await texts(new ScopedDb(db, { siteIds: 'all' }))).toEqual(['one at A', 'changed', 'two at A', 'one at C']);
  });

  it('refuses to insert a row of a site out of scope, and writes none of the batch', async () => {
    const scoped = new ScopedDb(db, { siteIds: [1] });
    expect(() =>
      scoped.insertInto('notes', [
        { id: 10, site_id: 1, text: 'ok' },
        { id: 11, site_id: 2, text: 'not mine' },
      ]),
    ).toThrow(/site 2/);
    await scoped.insertInto('notes', [{ id: 12, site_id: 1, text: 'mine' }]).execute();
    expect(await texts(scoped)).toEqual(['one at A', 'two at A', 'mine']);
  });

  it('offers only tables that carry a site (a type error otherwise)', () => {
    const scoped = new ScopedDb(db, { siteIds: [1] });
    // @ts-expect-error settings has no site_id, so it is not reachable through a ScopedDb
    expect(() => scoped.selectFrom('settings')).toBeDefined();
  });
});

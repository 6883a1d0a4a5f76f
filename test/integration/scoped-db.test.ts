import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { ScopedDb, type SiteTableName } from '../../src/db/scoped-db.ts';
import type { GlobalTables, SiteOwnedTables, Tables } from '../../src/db/tables.ts';
import type { StudyDb } from '../../src/kernel/study-db.ts';
import { engines } from '../support/engines.ts';

/** A stand-in for a study table (screening, participants ...): what matters is its site_id. */
interface NotesDb {
  notes: { id: number; site_id: number; text: string };
  settings: { key: string; value: string };
}

/*
 * Type-level guarantees. These lines do nothing at run time: they are checked by `npm run typecheck`
 * (tsc covers test/). `expectTypeOf(...).toEqualTypeOf<...>()` is a compile error when the types differ,
 * and a `@ts-expect-error` line whose statement compiles is itself a compile error ("unused directive"), so
 * if ScopedDb ever accepted a table without site_id, or SiteTableName named one table too many or too few,
 * typecheck fails. Each `@ts-expect-error` statement is kept to the one call whose table name is wrong, so
 * that no other error can satisfy the directive.
 */
interface MixedDb {
  owned: { id: number; site_id: number; text: string };
  also_owned: { site_id: number };
  nullable_site: { id: number; site_id: number | null };
  optional_site: { id: number; site_id?: number };
  text_site: { id: number; site_id: string };
  no_site: { id: number; text: string };
}

describe('ScopedDb types (checked by tsc, `npm run typecheck`)', () => {
  it('SiteTableName names exactly the tables with a `site_id: number`', () => {
    expectTypeOf<SiteTableName<MixedDb>>().toEqualTypeOf<'owned' | 'also_owned'>();
    expectTypeOf<SiteTableName<NotesDb>>().toEqualTypeOf<'notes'>();
    // Every study table is reachable through a ScopedDb, and none of the global ones carries a site of its own.
    expectTypeOf<SiteTableName<SiteOwnedTables>>().toEqualTypeOf<keyof SiteOwnedTables>();
    expectTypeOf<SiteTableName<GlobalTables>>().toEqualTypeOf<never>();
  });

  it('offers only tables that carry a site: any other name is a type error', () => {
    // Never called: these statements are for the compiler only, so this test has no run-time assertion.
    const _compileOnly = (scoped: ScopedDb<MixedDb>, study: StudyDb, plain: Kysely<Tables>) => {
      expectTypeOf<ScopedDb<MixedDb>['selectFrom']>().parameter(0).toEqualTypeOf<'owned' | 'also_owned'>();
      expectTypeOf<ScopedDb<MixedDb>['updateTable']>().parameter(0).toEqualTypeOf<'owned' | 'also_owned'>();
      expectTypeOf<ScopedDb<MixedDb>['deleteFrom']>().parameter(0).toEqualTypeOf<'owned' | 'also_owned'>();
      expectTypeOf<ScopedDb<MixedDb>['insertInto']>().parameter(0).toEqualTypeOf<'owned' | 'also_owned'>();
      expectTypeOf<StudyDb['selectFrom']>().parameter(0).toEqualTypeOf<keyof SiteOwnedTables>();

      // The positive control: a site table is accepted (so the errors below are about the table name).
      scoped.selectFrom('owned');
      scoped.updateTable('owned');
      scoped.deleteFrom('owned');
      scoped.insertInto('owned', [{ id: 1, site_id: 1, text: 'x' }]);

      // @ts-expect-error no_site has no site_id
      scoped.selectFrom('no_site');
      // @ts-expect-error nullable_site rows may belong to no site
      scoped.selectFrom('nullable_site');
      // @ts-expect-error optional_site rows may belong to no site
      scoped.selectFrom('optional_site');
      // @ts-expect-error text_site's site_id is not a site id
      scoped.selectFrom('text_site');
      // @ts-expect-error no_site has no site_id
      scoped.updateTable('no_site');
      // @ts-expect-error no_site has no site_id
      scoped.deleteFrom('no_site');
      // @ts-expect-error no_site has no site_id
      scoped.insertInto('no_site', []);
      // @ts-expect-error the study handle does not name global tables
      study.selectFrom('users');
      // @ts-expect-error the study handle does not name global tables
      study.updateTable('settings');
      // @ts-expect-error the plain handle does not name study tables: they are reached only through a ScopedDb
      plain.selectFrom('participants');
      // @ts-expect-error the plain handle does not name study tables: they are reached only through a ScopedDb
      plain.deleteFrom('participant_identities');
    };
  });
});

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
  });
  // Every test starts from the same four rows, so none depends on what another changed.
  beforeEach(async () => {
    await db.deleteFrom('notes').execute();
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

  const scopedTo = (siteIds: 'all' | number[]) => new ScopedDb(db, { siteIds });
  const texts = async (scoped: ScopedDb<NotesDb>) =>
    (await scoped.selectFrom('notes').select('text').orderBy('id').execute()).map((r) => r.text);
  /** Every row, read without any scope. */
  const allRows = () => db.selectFrom('notes').select(['id', 'site_id', 'text']).orderBy('id').execute();
  const seed = [
    { id: 1, site_id: 1, text: 'one at A' },
    { id: 2, site_id: 2, text: 'one at B' },
    { id: 3, site_id: 1, text: 'two at A' },
    { id: 4, site_id: 3, text: 'one at C' },
  ];
  /** The compiled SQL with PostgreSQL's numbered placeholders written as SQLite's `?`, to compare both. */
  const compiled = (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
    const { sql: text, parameters } = query.compile();
    return { sql: text.replace(/\$\d+/g, '?'), parameters };
  };

  it('selects only the rows of the sites in scope', async () => {
    expect(await texts(scopedTo([1]))).toEqual(['one at A', 'two at A']);
    expect(await texts(scopedTo([1, 3]))).toEqual(['one at A', 'two at A', 'one at C']);
    expect(await texts(scopedTo([2]))).toEqual(['one at B']);
    expect(await texts(scopedTo([4]))).toEqual([]);
    expect(await texts(scopedTo('all'))).toEqual(['one at A', 'one at B', 'two at A', 'one at C']);
    expect(await texts(scopedTo([]))).toEqual([]);
  });

  it('compiles the scope into the query: the site condition with the sites as parameters', () => {
    const query = (siteIds: 'all' | number[]) =>
      compiled(scopedTo(siteIds).selectFrom('notes').select('text').where('id', '>', 0));
    expect(query([1, 3])).toEqual({
      sql: 'select "text" from "notes" where "notes"."site_id" in (?, ?) and "id" > ?',
      parameters: [1, 3, 0],
    });
    expect(query([2])).toEqual({
      sql: 'select "text" from "notes" where "notes"."site_id" in (?) and "id" > ?',
      parameters: [2, 0],
    });
    // No sites: a condition that is never true, not a missing condition.
    expect(query([])).toEqual({ sql: 'select "text" from "notes" where 1 = 0 and "id" > ?', parameters: [0] });
    expect(query('all')).toEqual({ sql: 'select "text" from "notes" where "id" > ?', parameters: [0] });

    expect(compiled(scopedTo([2]).updateTable('notes').set({ text: 'x' }).where('id', '=', 1))).toEqual({
      sql: 'update "notes" set "text" = ? where "notes"."site_id" in (?) and "id" = ?',
      parameters: ['x', 2, 1],
    });
    expect(compiled(scopedTo([2, 3]).deleteFrom('notes').where('id', '=', 1))).toEqual({
      sql: 'delete from "notes" where "notes"."site_id" in (?, ?) and "id" = ?',
      parameters: [2, 3, 1],
    });
  });

  it('keeps the scope when the query adds its own conditions, an `or` included', async () => {
    const scoped = scopedTo([1]);
    expect(await scoped.selectFrom('notes').select('text').where('id', '=', 2).execute()).toEqual([]);
    expect(await scoped.selectFrom('notes').select('text').where('id', '=', 3).execute()).toEqual([
      { text: 'two at A' },
    ]);
    // An `or` of the caller's must not open the scope: (site in scope) and (id = 2 or id = 3).
    const either = scoped
      .selectFrom('notes')
      .select('text')
      .where((eb) => eb.or([eb('id', '=', 2), eb('id', '=', 3)]));
    expect(compiled(either).sql).toBe(
      'select "text" from "notes" where "notes"."site_id" in (?) and ("id" = ? or "id" = ?)',
    );
    expect(await either.execute()).toEqual([{ text: 'two at A' }]);
  });

  it('updates and deletes only inside the scope', async () => {
    const scoped = scopedTo([2]);
    const updated = await scoped
      .updateTable('notes')
      .set({ text: 'changed' })
      .where('id', 'in', [1, 2])
      .executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(1);
    const deleted = await scoped.deleteFrom('notes').where('id', 'in', [3, 4]).executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBe(0);
    expect(await allRows()).toEqual([seed[0], { id: 2, site_id: 2, text: 'changed' }, seed[2], seed[3]]);

    const gone = await scopedTo([1, 2]).deleteFrom('notes').where('id', 'in', [2, 3, 4]).executeTakeFirst();
    expect(Number(gone.numDeletedRows)).toBe(2);
    expect((await allRows()).map((r) => r.id)).toEqual([1, 4]);
  });

  it('an empty scope updates and deletes nothing, even with no condition of its own', async () => {
    const none = scopedTo([]);
    const updated = await none.updateTable('notes').set({ text: 'changed' }).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const deleted = await none.deleteFrom('notes').executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBe(0);
    expect(await allRows()).toEqual(seed);
  });

  it('the whole scope reaches every site', async () => {
    const updated = await scopedTo('all').updateTable('notes').set({ text: 'all' }).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(4);
    const deleted = await scopedTo('all').deleteFrom('notes').where('id', '>', 2).executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBe(2);
  });

  it('refuses to insert a row of a site out of scope, and writes none of the batch', async () => {
    const scoped = scopedTo([1]);
    let refused: unknown;
    try {
      void scoped.insertInto('notes', [
        { id: 10, site_id: 1, text: 'ok' },
        { id: 11, site_id: 2, text: 'not mine' },
      ]);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/notes rows of site 2/) });
    expect(await allRows()).toEqual(seed);

    await scoped.insertInto('notes', [{ id: 12, site_id: 1, text: 'mine' }]).execute();
    expect(await texts(scoped)).toEqual(['one at A', 'two at A', 'mine']);
    expect(await allRows()).toEqual([...seed, { id: 12, site_id: 1, text: 'mine' }]);
  });

  it('refuses rows whose site is missing or not a number, and every row for an empty scope', async () => {
    const scoped = scopedTo([1]);
    // What the types forbid, a cast can still pass: the run-time check is the backstop.
    const noSite = { id: 20, text: 'no site' } as unknown as NotesDb['notes'];
    const textSite = { id: 21, site_id: '1', text: 'site as text' } as unknown as NotesDb['notes'];
    expect(() => scoped.insertInto('notes', [noSite])).toThrow(/site undefined/);
    expect(() => scoped.insertInto('notes', [textSite])).toThrow(/site 1/);
    expect(() => scopedTo([]).insertInto('notes', [{ id: 22, site_id: 1, text: 'x' }])).toThrow(/site 1/);
    // Even the whole scope needs a site on every row.
    expect(() => scopedTo('all').insertInto('notes', [noSite])).toThrow(/site undefined/);
    expect(() => scopedTo('all').insertInto('notes', [textSite])).toThrow(/site 1/);
    expect(await allRows()).toEqual(seed);
  });

  it('the whole scope may insert for any site', async () => {
    await scopedTo('all')
      .insertInto('notes', [
        { id: 30, site_id: 2, text: 'B' },
        { id: 31, site_id: 9, text: 'Z' },
      ])
      .execute();
    expect((await allRows()).slice(4)).toEqual([
      { id: 30, site_id: 2, text: 'B' },
      { id: 31, site_id: 9, text: 'Z' },
    ]);
  });
});

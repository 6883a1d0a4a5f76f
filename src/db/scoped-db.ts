import {
  CompiledQuery,
  PostgresAdapter,
  sql,
  type InsertObject,
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
  type SelectQueryBuilder,
  type UpdateQueryBuilder,
  type DeleteQueryBuilder,
  type UpdateResult,
  type DeleteResult,
} from 'kysely';
import { AppError } from '../core/errors.ts';
import { nextVersion } from './claim.ts';
import { copyText } from './copy-text.ts';

/** The names of the tables of DB that carry a site. */
export type SiteTableName<DB> = {
  [K in keyof DB]: DB[K] extends { site_id: number } ? K : never;
}[keyof DB] &
  string;

/** The names of the tables of DB whose rows carry a version (src/db/claim.ts). */
export type VersionedTable<DB> = {
  [K in keyof DB]: DB[K] extends { version: unknown } ? K : never;
}[keyof DB] &
  string;

export interface SitesInScope {
  readonly siteIds: 'all' | readonly number[];
}

/**
 * Site-owned tables seen through the caller's sites: every select, update and delete gets
 * `site_id in (<caller's sites>)`, every insert is checked row by row. Services receive one of these
 * instead of the raw Kysely handle for study data.
 */
export class ScopedDb<DB> {
  constructor(
    private readonly db: Kysely<DB>,
    readonly scope: SitesInScope,
  ) {}

  selectFrom<T extends SiteTableName<DB>>(table: T): SelectQueryBuilder<DB, T, object> {
    // Kysely cannot type a column reference built from a generic table name; the cast stays here.
    const query = this.db.selectFrom(table as never) as unknown as SelectQueryBuilder<DB, T, object>;
    return this.restrict(query, table);
  }

  updateTable<T extends SiteTableName<DB>>(table: T): UpdateQueryBuilder<DB, T, T, UpdateResult> {
    const query = this.db.updateTable(table as never) as unknown as UpdateQueryBuilder<DB, T, T, UpdateResult>;
    return this.restrict(query, table);
  }

  deleteFrom<T extends SiteTableName<DB>>(table: T): DeleteQueryBuilder<DB, T, DeleteResult> {
    const query = this.db.deleteFrom(table as never) as unknown as DeleteQueryBuilder<DB, T, DeleteResult>;
    return this.restrict(query, table);
  }

  /**
   * Claims a row of a table with a `version` for this transaction (src/db/claim.ts): false when it does not
   * exist, or not at the caller's sites.
   */
  async claim<T extends SiteTableName<DB>>(table: T & VersionedTable<DB>, id: number): Promise<boolean> {
    const query = this.updateTable(table) as unknown as UpdateQueryBuilder<DB, T, T, UpdateResult>;
    const result = await query
      .set(nextVersion as never)
      .where(sql.ref(`${table}.id`) as never, '=', id as never)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Inserts rows after checking that each belongs to a site in scope. */
  insertInto<T extends SiteTableName<DB>>(
    table: T,
    rows: readonly InsertObject<DB, T>[],
  ): InsertQueryBuilder<DB, T, InsertResult> {
    for (const row of rows) {
      const siteId = (row as { site_id?: unknown }).site_id;
      if (typeof siteId !== 'number' || !this.includes(siteId)) {
        throw new AppError('forbidden', `cannot write ${table} rows of site ${String(siteId)}`);
      }
    }
    const query = this.db.insertInto(table as never).values(rows as never);
    return query as unknown as InsertQueryBuilder<DB, T, InsertResult>;
  }

  /**
   * Many rows of one shape at once (a laboratory's results file): each statement inserts up to `perStatement` rows,
   * its text compiled once per shape and reused with each chunk's values, so a million rows do not go through the
   * query builder a million times. Every row's site is checked like `insertInto`.
   */
  async insertMany<T extends SiteTableName<DB>>(
    table: T,
    columns: readonly (keyof DB[T] & string)[],
    rows: readonly (readonly unknown[])[],
    perStatement: number,
  ): Promise<void> {
    const site = columns.indexOf('site_id' as keyof DB[T] & string);
    if (site < 0) throw new Error(`insertMany into ${table} needs the site_id column`);
    for (const row of rows) {
      const siteId = row[site];
      if (typeof siteId !== 'number' || !this.includes(siteId)) {
        throw new AppError('forbidden', `cannot write ${table} rows of site ${String(siteId)}`);
      }
    }
    if (this.db.getExecutor().adapter instanceof PostgresAdapter) {
      // PostgreSQL takes rows fastest by COPY (src/db/connect.ts runs it): five to ten times an INSERT's rate.
      if (rows.length > 0) {
        await this.db.executeQuery(
          CompiledQuery.raw(`copy ${table} (${columns.join(', ')}) from stdin`, [copyText(rows)]),
        );
      }
      return;
    }
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      await this.db.executeQuery(CompiledQuery.raw(this.insertText(table, columns, chunk.length), chunk.flat()));
    }
  }

  /**
   * Keeps rows from being deleted until the transaction ends, where a table refers to them without a foreign key
   * (src/db/migrations/0005-biobank.ts, lab_results): PostgreSQL's `for key share`, the lock a foreign-key check
   * takes. SQLite needs none: its writer holds the database from `begin immediate` to the commit.
   */
  async holdAgainstDelete<T extends SiteTableName<DB>>(table: T, ids: readonly number[]): Promise<void> {
    if (ids.length === 0 || !(this.db.getExecutor().adapter instanceof PostgresAdapter)) return;
    const query = this.selectFrom(table);
    await query
      .select(sql.ref(`${table}.id`) as never)
      .where(sql.ref(`${table}.id`) as never, 'in', ids as never)
      .forKeyShare()
      .execute();
  }

  private readonly insertTexts = new Map<string, string>();

  /** The INSERT statement's text for `count` rows, in the dialect's own placeholders, compiled once. */
  private insertText(table: string, columns: readonly string[], count: number): string {
    const key = `${table}(${columns.join()})×${count}`;
    let text = this.insertTexts.get(key);
    if (text === undefined) {
      const row = Object.fromEntries(columns.map((column) => [column, null]));
      text = this.db
        .insertInto(table as never)
        .values(Array.from({ length: count }, () => row) as never)
        .compile().sql;
      this.insertTexts.set(key, text);
    }
    return text;
  }

  includes(siteId: number): boolean {
    return this.scope.siteIds === 'all' || this.scope.siteIds.includes(siteId);
  }

  private restrict<Q extends { where: (...args: never[]) => unknown }>(query: Q, table: string): Q {
    const { siteIds } = this.scope;
    if (siteIds === 'all') return query;
    const where = query.where as unknown as (expression: unknown) => Q;
    if (siteIds.length === 0) return where.call(query, sql<boolean>`1 = 0`);
    return where.call(query, sql<boolean>`${sql.ref(`${table}.site_id`)} in (${sql.join([...siteIds])})`);
  }
}

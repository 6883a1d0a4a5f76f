import {
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

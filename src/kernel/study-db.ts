import type { Kysely } from 'kysely';
import { ScopedDb } from '../db/scoped-db.ts';
import type { SiteOwnedTables, Tables } from '../db/tables.ts';
import type { SiteScope } from './scope.ts';

export type StudyDb = ScopedDb<SiteOwnedTables>;

/**
 * Study tables as the caller may see them: the one way services reach site-owned rows (the plain handle's
 * type, `Tables`, does not name them).
 */
export function studyDb(db: Kysely<Tables>, scope: SiteScope): StudyDb {
  return new ScopedDb(db as unknown as Kysely<SiteOwnedTables>, scope);
}

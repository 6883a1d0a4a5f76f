import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import { demoMark, type DemoMark } from './contract.ts';

/**
 * A demo database says so in `settings` (the generator writes it once): the web app then shows a DEMO banner,
 * so that synthetic data are never taken for a real study's.
 */
const name = 'demo';

export async function readDemoMark(db: Kysely<Tables>): Promise<DemoMark | null> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  return row === undefined ? null : demoMark.parse(JSON.parse(row.value));
}

export async function writeDemoMark(db: Kysely<Tables>, mark: DemoMark): Promise<void> {
  await db
    .insertInto('settings')
    .values({ name, value: JSON.stringify(mark) })
    .execute();
}

import { keyedHash, newKey, seal, unseal, type Reseal } from '../core/sealing.ts';
import type { AppContext } from './context.ts';
import type { StudyDb } from './study-db.ts';

const context = (siteId: number) => `site_secret:${siteId}`;

/**
 * The keyed hash of a hospital number with the site's secret (made on first use, sealed with the data
 * key): the same number at the same site gives the same hash, and the number cannot be read back.
 * Spaces and letter case are ignored, as hospital numbers are typed in different ways.
 */
export async function hospitalNumberHash(
  ctx: AppContext,
  db: StudyDb,
  siteId: number,
  hospitalNumber: string,
): Promise<string> {
  return keyedHash(await siteSecret(ctx, db, siteId), normalizedHospitalNumber(hospitalNumber));
}

export function normalizedHospitalNumber(hospitalNumber: string): string {
  return hospitalNumber.replace(/\s+/g, '').toUpperCase();
}

async function siteSecret(ctx: AppContext, db: StudyDb, siteId: number): Promise<Buffer> {
  const stored = () =>
    db.selectFrom('site_secrets').select('sealed_secret').where('site_id', '=', siteId).executeTakeFirst();
  let row = await stored();
  if (row === undefined) {
    // Two first screenings at a new site may race: the first secret written wins, and both use it.
    const secret = seal(ctx.dataKey(), newKey(), context(siteId));
    await db
      .insertInto('site_secrets', [
        { site_id: siteId, sealed_secret: secret, created_at: ctx.clock.now().toISOString() },
      ])
      .onConflict((oc) => oc.column('site_id').doNothing())
      .execute();
    row = await stored();
  }
  if (row === undefined) throw new Error(`the secret of site ${siteId} could not be stored`);
  return unseal(ctx.dataKey(), row.sealed_secret, context(siteId));
}

/** Re-seals every site's secret under a new installation key (src/cli/data-key.ts). */
export async function resealSiteSecrets(db: StudyDb, reseal: Reseal): Promise<number> {
  const rows = await db.selectFrom('site_secrets').select(['site_id', 'sealed_secret']).execute();
  for (const row of rows) {
    const siteId = Number(row.site_id);
    await db
      .updateTable('site_secrets')
      .set({ sealed_secret: reseal(row.sealed_secret, context(siteId)) })
      .where('site_id', '=', siteId)
      .execute();
  }
  return rows.length;
}

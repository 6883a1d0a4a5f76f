import { keyedHash, newKey, seal, unseal } from '../../core/sealing.ts';
import type { AppContext } from './context.ts';
import type { StudyDb } from './scoped.ts';

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
  const normalized = hospitalNumber.replace(/\s+/g, '').toUpperCase();
  return keyedHash(await siteSecret(ctx, db, siteId), normalized);
}

async function siteSecret(ctx: AppContext, db: StudyDb, siteId: number): Promise<Buffer> {
  const row = await db
    .selectFrom('site_secrets')
    .select('sealed_secret')
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  if (row !== undefined) return unseal(ctx.dataKey(), row.sealed_secret, context(siteId));
  const secret = newKey();
  await db
    .insertInto('site_secrets', [
      {
        site_id: siteId,
        sealed_secret: seal(ctx.dataKey(), secret, context(siteId)),
        created_at: ctx.clock.now().toISOString(),
      },
    ])
    .execute();
  return secret;
}

import { newKey, seal, unseal, unsealText, type Reseal } from '../core/sealing.ts';
import type { AuditEntry, AuditPosition } from '../db/audit.ts';
import { audit, type AppContext, type CallContext, type Trx } from './context.ts';
import type { StudyDb } from './study-db.ts';

/**
 * Each screened person gets a random data key, sealed with the installation's data key. Audit entries about
 * them carry their values sealed with it. Destruction deletes the key: the append-only, hash-chained trail
 * still verifies, but nothing of the person can be read from it any more.
 */
export interface PersonalKey {
  id: number;
  key: Buffer;
}

const keyContext = (id: number) => `data_key:${id}`;
const payloadContext = (id: number) => `audit:${id}`;

export async function createPersonalKey(ctx: AppContext, db: StudyDb, siteId: number): Promise<PersonalKey> {
  const key = newKey();
  // The row is inserted first to learn its id; the sealed key is bound to that id.
  const row = await db
    .insertInto('data_keys', [{ site_id: siteId, sealed_key: 'pending', created_at: ctx.clock.now().toISOString() }])
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await db
    .updateTable('data_keys')
    .set({ sealed_key: seal(ctx.dataKey(), key, keyContext(id)) })
    .where('id', '=', id)
    .execute();
  return { id, key };
}

/** Re-seals every person's data key under a new installation key (src/cli/data-key.ts). */
export async function resealPersonalKeys(db: StudyDb, reseal: Reseal): Promise<number> {
  const rows = await db.selectFrom('data_keys').select(['id', 'sealed_key']).execute();
  for (const row of rows) {
    const id = Number(row.id);
    await db
      .updateTable('data_keys')
      .set({ sealed_key: reseal(row.sealed_key, keyContext(id)) })
      .where('id', '=', id)
      .execute();
  }
  return rows.length;
}

export async function personalKey(ctx: AppContext, db: StudyDb, id: number): Promise<PersonalKey> {
  const row = await db.selectFrom('data_keys').select('sealed_key').where('id', '=', id).executeTakeFirstOrThrow();
  return openPersonalKey(ctx, id, row.sealed_key);
}

/** A person's key from its sealed form, read with the person's row (one query less on a hot path). */
export function openPersonalKey(ctx: AppContext, id: number, sealedKey: string): PersonalKey {
  return { id, key: unseal(ctx.dataKey(), sealedKey, keyContext(id)) };
}

interface SealedPayload {
  sealed: string;
  dataKey: number;
}

function sealValue(key: PersonalKey, value: unknown): SealedPayload | undefined {
  if (value === undefined) return undefined;
  return { sealed: seal(key.key, JSON.stringify(value), payloadContext(key.id)), dataKey: key.id };
}

/** An audit entry about a person: `before` and `after` are sealed with their data key. */
export function auditPersonal(
  ctx: CallContext,
  trx: Trx,
  key: PersonalKey,
  entry: Omit<AuditEntry, 'userId' | 'actor' | 'source' | 'requestId'>,
): Promise<AuditPosition> {
  return audit(ctx, trx, { ...entry, before: sealValue(key, entry.before), after: sealValue(key, entry.after) });
}

function isSealed(value: unknown): value is SealedPayload {
  return typeof value === 'object' && value !== null && 'sealed' in value && 'dataKey' in value;
}

/** The value shown for a payload whose person was destroyed. */
export const destroyedPayload = { destroyed: true } as const;

/**
 * Opens the sealed payloads of audit entries for reading (the caller has checked access to the site);
 * payloads of destroyed persons read as `{destroyed: true}`.
 */
export async function openPayloads(ctx: AppContext, db: StudyDb, payloads: unknown[]): Promise<unknown[]> {
  const ids = [...new Set(payloads.filter(isSealed).map((p) => p.dataKey))];
  const keys = new Map<number, Buffer>();
  if (ids.length > 0) {
    const rows = await db.selectFrom('data_keys').select(['id', 'sealed_key']).where('id', 'in', ids).execute();
    for (const row of rows) keys.set(Number(row.id), unseal(ctx.dataKey(), row.sealed_key, keyContext(Number(row.id))));
  }
  return payloads.map((payload) => {
    if (!isSealed(payload)) return payload;
    const key = keys.get(payload.dataKey);
    if (key === undefined) return destroyedPayload;
    return JSON.parse(unsealText(key, payload.sealed, payloadContext(payload.dataKey))) as unknown;
  });
}

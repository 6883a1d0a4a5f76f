import type { Kysely, Selectable } from 'kysely';
import { canonicalJson } from '../core/canonical-json.ts';
import { sha256Hex } from '../core/secrets.ts';
import type { AuditLogTable, Tables } from './tables.ts';

export const auditSources = ['web', 'api', 'cli', 'import', 'system'] as const;
export type AuditSource = (typeof auditSources)[number];

export interface AuditEntry {
  userId: number | null;
  /** The user name at the time (or `cli:<os user>`, `system`), so the trail reads without joins. */
  actor: string;
  siteId: number | null;
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  source: AuditSource;
  requestId?: string | null;
}

export type AuditRow = Selectable<AuditLogTable>;

export const genesisHash = '0'.repeat(64);

/** The text that is hashed: every column but the hashes themselves, in canonical form. */
function hashedContent(row: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  return canonicalJson({
    seq: row.seq,
    at: row.at,
    userId: row.user_id,
    actor: row.actor,
    siteId: row.site_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before_json,
    after: row.after_json,
    reason: row.reason,
    source: row.source,
    requestId: row.request_id,
  });
}

export function chainHash(prevHash: string, row: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  return sha256Hex(prevHash + hashedContent(row));
}

const toJson = (value: unknown): string | null => (value === undefined ? null : canonicalJson(value));

/**
 * Appends one entry to the audit chain. Call it inside the transaction that makes the change, so the
 * change and its audit row commit together or not at all. Bumping the head row first takes the write
 * lock on both engines, so concurrent writers queue here and the chain stays linear.
 */
export async function appendAudit(trx: Kysely<Tables>, at: Date, entry: AuditEntry): Promise<AuditRow> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const content = {
    seq: Number(head.seq),
    at: at.toISOString(),
    user_id: entry.userId,
    actor: entry.actor,
    site_id: entry.siteId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    before_json: toJson(entry.before),
    after_json: toJson(entry.after),
    reason: entry.reason ?? null,
    source: entry.source,
    request_id: entry.requestId ?? null,
  };
  const row: AuditRow = { ...content, prev_hash: head.hash, hash: chainHash(head.hash, content) };
  await trx.insertInto('audit_log').values(row).execute();
  await trx.updateTable('audit_head').set({ hash: row.hash }).where('id', '=', 1).execute();
  return row;
}

export type ChainVerdict =
  { ok: true; entries: number; headHash: string } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Recomputes the whole chain in sequence order and names the first entry that does not fit. */
export async function verifyAuditChain(db: Kysely<Tables>, batchSize = 2000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = genesisHash;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq) };
      const broken = (reason: string): ChainVerdict => ({
        ok: false,
        entries: expectedSeq - 1,
        brokenAt: row.seq,
        reason,
      });
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          entries: expectedSeq - 1,
          brokenAt: expectedSeq,
          reason: `entry ${expectedSeq} is missing (next is ${row.seq})`,
        };
      }
      if (row.prev_hash !== prevHash)
        return broken(`entry ${row.seq} does not link to entry ${row.seq - 1} (previous hash differs)`);
      if (chainHash(prevHash, row) !== row.hash)
        return broken(`entry ${row.seq} was altered (its content does not match its hash)`);
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < batchSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const last = expectedSeq - 1;
  if (head === undefined)
    return { ok: false, entries: last, brokenAt: last + 1, reason: 'the audit head record is missing' };
  if (Number(head.seq) !== last || head.hash !== prevHash) {
    return {
      ok: false,
      entries: last,
      brokenAt: last + 1,
      reason: `the chain ends at entry ${last} but the head records entry ${Number(head.seq)}: entries were removed from the end`,
    };
  }
  return { ok: true, entries: last, headHash: prevHash };
}

import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
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

/** Every column but the sequence number and the hashes, in canonical form. */
function hashedContent(row: Omit<AuditRow, 'seq' | 'hash' | 'prev_hash'>): string {
  return canonicalJson({
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

/** hash = sha256(previous hash + sequence number + ":" + canonical JSON of the other columns). */
export function chainHash(prevHash: string, row: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  return sha256Hex(`${prevHash}${row.seq}:${hashedContent(row)}`);
}

const toJson = (value: unknown): string | null => (value === undefined ? null : canonicalJson(value));

/**
 * Appends one entry to the audit chain. Call it inside the transaction that makes the change, so the
 * change and its audit row commit together or not at all. One statement reads the head (locked on
 * PostgreSQL; SQLite's writer lock is already held), hashes in SQL with the same formula as
 * `chainHash`, and inserts; a trigger moves the head. Keeping it to one round trip keeps the time the
 * chain is locked short, which bounds how many audited writes per second the study can make.
 */
export async function appendAudit(trx: Kysely<Tables>, at: Date, entry: AuditEntry): Promise<AuditRow> {
  const content = {
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
  const text = (value: string | null) => sql`cast(${value} as text)`;
  const integer = (value: number | null) => sql`cast(${value} as integer)`;
  const lock = trx.getExecutor().adapter instanceof PostgresAdapter ? sql`for update` : sql``;
  const inserted = await sql<AuditRow>`
    insert into audit_log (seq, at, user_id, actor, site_id, action, entity, entity_id, before_json, after_json,
                           reason, source, request_id, prev_hash, hash)
    select h.seq + 1, ${text(content.at)}, ${integer(content.user_id)}, ${text(content.actor)},
           ${integer(content.site_id)}, ${text(content.action)}, ${text(content.entity)}, ${text(content.entity_id)},
           ${text(content.before_json)}, ${text(content.after_json)}, ${text(content.reason)}, ${text(content.source)},
           ${text(content.request_id)}, h.hash,
           septype_sha256_hex(h.hash || cast(h.seq + 1 as text) || ':' || ${text(hashedContent(content))})
    from audit_head h where h.id = 1 ${lock}
    returning *`.execute(trx);
  const row = inserted.rows[0];
  if (row === undefined) throw new Error('the audit head record is missing');
  return { ...row, seq: Number(row.seq) };
}

export type ChainVerdict =
  { ok: true; entries: number; headHash: string } | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Recomputes the chain in sequence order and names the first entry that does not fit. The head is
 * read first and the chain checked up to it: rows and head commit together, so this works on a live
 * database while writes go on (newer rows are left for the next run).
 */
export async function verifyAuditChain(db: Kysely<Tables>, batchSize = 2000): Promise<ChainVerdict> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head === undefined) return { ok: false, entries: 0, brokenAt: 1, reason: 'the audit head record is missing' };
  const headSeq = Number(head.seq);
  let expectedSeq = 1;
  let prevHash = genesisHash;
  while (expectedSeq <= headSeq) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .where('seq', '<=', headSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq) };
      const intact = expectedSeq - 1;
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          entries: intact,
          brokenAt: expectedSeq,
          reason: `entry ${expectedSeq} is missing (next is ${row.seq})`,
        };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          entries: intact,
          brokenAt: row.seq,
          reason: `entry ${row.seq} does not link to entry ${row.seq - 1}`,
        };
      }
      if (chainHash(prevHash, row) !== row.hash) {
        return {
          ok: false,
          entries: intact,
          brokenAt: row.seq,
          reason: `entry ${row.seq} was altered: its content does not match its hash`,
        };
      }
      prevHash = row.hash;
      expectedSeq += 1;
    }
  }
  const last = expectedSeq - 1;
  if (last !== headSeq) {
    return {
      ok: false,
      entries: last,
      brokenAt: last + 1,
      reason: `entries ${last + 1} to ${headSeq} are missing: the head records ${headSeq} entries`,
    };
  }
  if (head.hash !== prevHash) {
    return { ok: false, entries: last, brokenAt: last, reason: `the head's hash does not match entry ${last}` };
  }
  // Rows beyond the head were not written by appendAudit. Read the highest row before the head again:
  // a row committed by appendAudit has its head committed with it, so only a forged row stays beyond.
  const highest = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  const headNow = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
  const highestSeq = Number(highest?.seq ?? 0);
  if (highestSeq > Number(headNow?.seq ?? 0)) {
    return {
      ok: false,
      entries: last,
      brokenAt: highestSeq,
      reason: `entry ${highestSeq} lies beyond the head: it was inserted behind the chain's back`,
    };
  }
  return { ok: true, entries: last, headHash: prevHash };
}

/** The hash recorded for one entry, to compare with an anchor kept outside the database. */
export async function entryHash(db: Kysely<Tables>, seq: number): Promise<string | undefined> {
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();
  return row?.hash;
}

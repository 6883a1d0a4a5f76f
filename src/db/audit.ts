import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import { canonicalJson } from '../core/canonical-json.ts';
import { sha256Hex } from '../core/secrets.ts';
import type { Dialect } from './connect.ts';
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

/**
 * The trail is a set of hash chains, "lanes", each with its own head. SQLite has one writer, so one
 * lane. On PostgreSQL a transaction appends to lane (transaction id mod 16): concurrent transactions
 * lock different heads instead of queueing on one, and all entries of one transaction share a lane,
 * so two transactions never wait for each other's heads (no deadlock).
 */
export function auditLanes(dialect: Dialect): number {
  return dialect === 'sqlite' ? 1 : 16;
}

type HashedColumns = Omit<AuditRow, 'hash' | 'prev_hash'>;

/** Every column but the numbering and the hashes, in canonical form. */
function hashedContent(row: Omit<HashedColumns, 'seq' | 'lane' | 'lane_seq'>): string {
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

/** hash = sha256(previous hash in the lane + "seq:lane:position:" + canonical JSON of the other columns). */
export function chainHash(prevHash: string, row: HashedColumns): string {
  return sha256Hex(`${prevHash}${row.seq}:${row.lane}:${row.lane_seq}:${hashedContent(row)}`);
}

const toJson = (value: unknown): string | null => (value === undefined ? null : canonicalJson(value));

/**
 * Appends one entry to the audit trail. Call it inside the transaction that makes the change, so the
 * change and its audit row commit together or not at all. One statement picks the lane, locks its
 * head (PostgreSQL; SQLite's writer lock is already held), numbers the entry, hashes it in SQL with
 * the formula of `chainHash`, and inserts it; a trigger moves the head. One round trip keeps the time
 * a head is locked short.
 */
/** Where an appended entry went in the trail. */
export interface AuditPosition {
  seq: number;
  lane: number;
  laneSeq: number;
  hash: string;
}

export async function appendAudit(trx: Kysely<Tables>, at: Date, entry: AuditEntry): Promise<AuditPosition> {
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
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const lane = postgres ? sql`(txid_current() % ${sql.lit(auditLanes('postgres'))}) + 1` : sql`1`;
  const nextSeq = postgres ? sql`nextval('audit_log_seq')` : sql`(select coalesce(max(seq), 0) + 1 from audit_log)`;
  const text = (value: string | null) => sql`cast(${value} as text)`;
  const integer = (value: number | null) => sql`cast(${value} as integer)`;
  const inserted = await sql<Pick<AuditRow, 'seq' | 'lane' | 'lane_seq' | 'hash'>>`
    insert into audit_log (seq, lane, lane_seq, at, user_id, actor, site_id, action, entity, entity_id,
                           before_json, after_json, reason, source, request_id, prev_hash, hash)
    select n.seq, h.lane, h.seq + 1, ${text(content.at)}, ${integer(content.user_id)}, ${text(content.actor)},
           ${integer(content.site_id)}, ${text(content.action)}, ${text(content.entity)}, ${text(content.entity_id)},
           ${text(content.before_json)}, ${text(content.after_json)}, ${text(content.reason)}, ${text(content.source)},
           ${text(content.request_id)}, h.hash,
           septype_sha256_hex(h.hash || cast(n.seq as text) || ':' || cast(h.lane as text) || ':'
                              || cast(h.seq + 1 as text) || ':' || ${text(hashedContent(content))})
    from audit_head h cross join (select ${nextSeq} as seq) n
    where h.lane = ${lane} ${postgres ? sql`for update of h` : sql``}
    returning seq, lane, lane_seq, hash`.execute(trx);
  const row = inserted.rows[0];
  if (row === undefined) throw new Error('the audit head of this lane is missing');
  // Only the position comes back: the sealed payloads can be kilobytes.
  return { seq: Number(row.seq), lane: Number(row.lane), laneSeq: Number(row.lane_seq), hash: row.hash };
}

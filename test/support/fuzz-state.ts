import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/connect.ts';

/**
 * What a rejected request must leave as it was: the number of rows of every table (read from the database's
 * catalogue, so a table added by a later migration is counted too) and the head of each audit lane (its
 * newest position and hash, so an update that was audited shows as well).
 */
export interface Snapshot {
  counts: Record<string, number>;
  heads: { lane: number; seq: number; hash: string }[];
}

/**
 * Refusals the security log records by design (src/features/auth/sign-in.ts): a failed or refused sign-in
 * and the lock-out it causes are audited, though the request is refused. Nothing else may be written.
 */
export const auditedRefusals = new Set(['security.sign_in_failed', 'security.sign_in_refused', 'security.lockout']);

export class DatabaseState {
  private constructor(
    private readonly db: Kysely<unknown>,
    private readonly countQuery: string,
  ) {}

  static async of(database: Database): Promise<DatabaseState> {
    const db = database.kysely as unknown as Kysely<unknown>;
    const catalogue =
      database.dialect === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
        : sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`;
    const tables = (await catalogue.execute(db)).rows.map((row) => row.name).sort();
    const counts = tables.map((table) => `(select count(*) from "${table}") as "${table}"`).join(', ');
    return new DatabaseState(db, `select ${counts}`);
  }

  async snapshot(): Promise<Snapshot> {
    const [row] = (await sql.raw<Record<string, number | string>>(this.countQuery).execute(this.db)).rows;
    const heads = await sql<{ lane: number; seq: number; hash: string }>`
      select lane, seq, hash from audit_head order by lane`.execute(this.db);
    return {
      counts: Object.fromEntries(Object.entries(row ?? {}).map(([table, count]) => [table, Number(count)])),
      heads: heads.rows.map((head) => ({ lane: Number(head.lane), seq: Number(head.seq), hash: head.hash })),
    };
  }

  /**
   * What changed between two snapshots that a refused request may not change: every table's row count, and
   * audit entries other than the audited refusals. Empty when nothing did.
   */
  async forbiddenChanges(before: Snapshot, after: Snapshot): Promise<string[]> {
    const changes = Object.entries(after.counts)
      .filter(([table, count]) => table !== 'audit_log' && before.counts[table] !== count)
      .map(([table, count]) => `${table}: ${before.counts[table]} → ${count} rows`);
    for (const head of after.heads) {
      const old = before.heads.find((h) => h.lane === head.lane);
      if (old?.seq === head.seq && old.hash === head.hash) continue;
      const entries = await sql<{ action: string; lane_seq: number }>`
        select action, lane_seq from audit_log where lane = ${head.lane} and lane_seq > ${old?.seq ?? 0}
        order by lane_seq`.execute(this.db);
      const written = entries.rows.filter((entry) => !auditedRefusals.has(entry.action));
      if (written.length > 0 || entries.rows.length !== head.seq - (old?.seq ?? 0)) {
        changes.push(`audit lane ${head.lane}: ${entries.rows.map((e) => e.action).join(', ') || 'head moved'}`);
      }
    }
    const audited = after.counts.audit_log! - before.counts.audit_log!;
    const heads = after.heads.reduce((n, h) => n + h.seq, 0) - before.heads.reduce((n, h) => n + h.seq, 0);
    if (audited !== heads) changes.push(`audit_log: ${audited} rows added, the heads moved ${heads}`);
    return changes;
  }
}

export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

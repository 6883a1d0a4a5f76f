import type { Kysely } from 'kysely';
import { chainHash, genesisHash } from './audit.ts';
import type { Tables } from './tables.ts';

export interface ChainBreak {
  /** The entry that does not fit, or null when the entry is missing altogether. */
  seq: number | null;
  lane: number;
  position: number;
  reason: string;
}

export type ChainVerdict =
  | { ok: true; entries: number; last: { seq: number; hash: string } | null }
  | { ok: false; entries: number; broken: ChainBreak };

interface Head {
  lane: number;
  seq: number;
  hash: string;
}

/**
 * Recomputes every lane's chain in order and reports the first break (by entry number). Each head
 * is read before its lane and the lane checked up to it: rows and heads commit together, so this
 * works on a live database while writes go on (newer rows are left for the next run).
 */
export async function verifyAuditChain(db: Kysely<Tables>, batchSize = 2000): Promise<ChainVerdict> {
  const heads = await readHeads(db);
  if (heads.length === 0) return broken(0, { seq: null, lane: 1, position: 1, reason: 'the audit heads are missing' });
  let entries = 0;
  const breaks: ChainBreak[] = [];
  for (const head of heads) {
    const result = await verifyLane(db, head, batchSize);
    entries += result.intact;
    if (result.broken !== undefined) breaks.push(result.broken);
  }
  const stray = await strayEntry(db, heads);
  if (stray !== undefined) breaks.push(stray);
  if (breaks.length > 0) {
    breaks.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
    return broken(entries, breaks[0]!);
  }
  return { ok: true, entries, last: await newestEntry(db, heads) };
}

const broken = (entries: number, at: ChainBreak): ChainVerdict => ({ ok: false, entries, broken: at });

async function readHeads(db: Kysely<Tables>): Promise<Head[]> {
  const rows = await db.selectFrom('audit_head').select(['lane', 'seq', 'hash']).orderBy('lane').execute();
  return rows.map((h) => ({ lane: Number(h.lane), seq: Number(h.seq), hash: h.hash }));
}

async function verifyLane(
  db: Kysely<Tables>,
  head: Head,
  batchSize: number,
): Promise<{ intact: number; broken?: ChainBreak }> {
  let position = 1;
  let prevHash = genesisHash;
  const at = (seq: number | null, reason: string) => ({
    intact: position - 1,
    broken: { seq, lane: head.lane, position, reason },
  });
  while (position <= head.seq) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('lane', '=', head.lane)
      .where('lane_seq', '>=', position)
      .where('lane_seq', '<=', head.seq)
      .orderBy('lane_seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq), lane: Number(raw.lane), lane_seq: Number(raw.lane_seq) };
      if (row.lane_seq !== position) {
        return at(
          null,
          `lane ${head.lane}, position ${position}: the entry is missing (the lane goes on with entry ${row.seq})`,
        );
      }
      if (row.prev_hash !== prevHash) {
        return at(row.seq, `entry ${row.seq} does not link to the entry before it in lane ${head.lane}`);
      }
      if (chainHash(prevHash, row) !== row.hash) {
        return at(row.seq, `entry ${row.seq} was altered: its content does not match its hash`);
      }
      prevHash = row.hash;
      position += 1;
    }
  }
  if (position - 1 !== head.seq) {
    return at(null, `lane ${head.lane}, positions ${position} to ${head.seq}: the entries are missing`);
  }
  if (prevHash !== head.hash) return at(null, `lane ${head.lane}: the head does not match its last entry`);
  return { intact: head.seq };
}

/**
 * An entry outside every lane's verified range was not written by appendAudit: a trigger moves the
 * head with every append, in the same transaction. The highest positions are read before the heads
 * again, so appends committed meanwhile count as inside.
 */
async function strayEntry(db: Kysely<Tables>, heads: Head[]): Promise<ChainBreak | undefined> {
  const highest = await db
    .selectFrom('audit_log')
    .select(['lane', (eb) => eb.fn.max('lane_seq').as('position')])
    .groupBy('lane')
    .execute();
  const headsNow = new Map((await readHeads(db)).map((h) => [h.lane, h.seq]));
  for (const { lane, position } of highest) {
    const headSeq = headsNow.get(Number(lane));
    if (headSeq === undefined || Number(position) > headSeq) {
      const lanes = heads.map((h) => h.lane).join(', ');
      return {
        seq: null,
        lane: Number(lane),
        position: Number(position),
        reason: `lane ${lane}, position ${position}: an entry lies outside the chains (lanes ${lanes}); it was inserted behind the trail's back`,
      };
    }
  }
  return undefined;
}

/** The newest verified entry: the highest-numbered among the lanes' last entries. */
async function newestEntry(db: Kysely<Tables>, heads: Head[]): Promise<{ seq: number; hash: string } | null> {
  let newest: { seq: number; hash: string } | null = null;
  for (const head of heads.filter((h) => h.seq > 0)) {
    const row = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('lane', '=', head.lane)
      .where('lane_seq', '=', head.seq)
      .executeTakeFirst();
    const seq = Number(row?.seq ?? 0);
    if (newest === null || seq > newest.seq) newest = { seq, hash: head.hash };
  }
  return newest;
}

/** The hash recorded for one entry, to compare with an anchor kept outside the database. */
export async function entryHash(db: Kysely<Tables>, seq: number): Promise<string | undefined> {
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();
  return row?.hash;
}

/** "entry 57", or "lane 3, position 12" for an entry that is gone. */
export function breakLocation(at: ChainBreak): string {
  return at.seq === null ? `lane ${at.lane}, position ${at.position}` : `entry ${at.seq}`;
}

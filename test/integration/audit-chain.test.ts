import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/db/audit.ts';
import { verifyAuditChain, type ChainVerdict } from '../../src/db/audit-verify.ts';
import type { Dialect } from '../../src/db/connect.ts';
import type { Tables } from '../../src/db/tables.ts';
import { createSite } from '../../src/features/sites/service.ts';
import { createUser } from '../../src/features/users/service.ts';
import { engines } from '../support/engines.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** What an attacker with write access to the database would do first. */
async function dropAppendOnlyTriggers(trx: Kysely<Tables>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`drop trigger audit_log_no_update`.execute(trx);
    await sql`drop trigger audit_log_no_delete`.execute(trx);
  } else {
    await sql`drop trigger audit_log_no_change on audit_log`.execute(trx);
  }
}

class Rollback extends Error {}

describe.each(engines)('audit trail on $name', (engine) => {
  let t: TestApp;
  let seqs: number[];

  /** Tampers inside a transaction that is rolled back, so each case starts from the intact trail. */
  async function verdictAfter(tamper: (trx: Kysely<Tables>) => Promise<unknown>): Promise<ChainVerdict> {
    let verdict: ChainVerdict | undefined;
    await t.database.kysely
      .transaction()
      .execute(async (trx) => {
        await dropAppendOnlyTriggers(trx, t.database.dialect);
        await tamper(trx);
        verdict = await verifyAuditChain(trx, 3);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    if (verdict === undefined) throw new Error('no verdict');
    return verdict;
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    const ctx = t.operator();
    for (const code of ['NIJ', 'AMS', 'UTR'])
      await createSite(ctx, { code, name: `Site ${code}`, timeZone: 'Europe/Amsterdam' });
    await createUser(ctx, {
      username: 'nurse1',
      displayName: 'Verpleegkundige Zoë — 看護師',
      language: 'nl',
      memberships: [{ siteId: 1, role: 'site_coordinator' }],
    });
    const verdict = await verifyAuditChain(t.database.kysely);
    if (!verdict.ok) throw new Error(`trail broken before tampering: ${verdict.broken.reason}`);
    seqs = (await t.database.kysely.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) =>
      Number(r.seq),
    );
  });
  afterAll(() => t.close());

  it('is intact after normal use, checked in batches, whatever the number of lanes', async () => {
    expect(seqs.length).toBeGreaterThanOrEqual(10);
    expect(await verifyAuditChain(t.database.kysely, 3)).toMatchObject({ ok: true, entries: seqs.length });
    if (engine.name === 'postgres') {
      const lanes = await t.database.kysely.selectFrom('audit_log').select('lane').distinct().execute();
      expect(lanes.length, 'separate transactions spread over lanes').toBeGreaterThan(1);
    }
  });

  it('cannot be updated or deleted through SQL while the database guards it', async () => {
    await expect(
      sql`update audit_log set actor = 'someone else' where seq = ${seqs[0]}`.execute(t.database.kysely),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = ${seqs[0]}`.execute(t.database.kysely)).rejects.toThrow(
      /append-only/,
    );
  });

  const columns = [
    'at',
    'user_id',
    'actor',
    'site_id',
    'action',
    'entity',
    'entity_id',
    'before_json',
    'after_json',
    'reason',
    'source',
    'request_id',
    'prev_hash',
    'hash',
    'lane_seq',
  ] as const;

  it('detects a change to any column of any single row, and names that row or its place', async () => {
    for (const seq of seqs) {
      for (const column of columns) {
        const numeric = column === 'user_id' || column === 'site_id' || column === 'lane_seq';
        const verdict = await verdictAfter((trx) =>
          sql`update audit_log set ${sql.ref(column)} = ${numeric ? 999 : 'tampered'} where seq = ${seq}`.execute(trx),
        );
        expect(verdict.ok, `row ${seq}, column ${column}`).toBe(false);
        if (!verdict.ok && column !== 'lane_seq') expect(verdict.broken.seq, `row ${seq}, column ${column}`).toBe(seq);
      }
    }
  });

  it('detects the deletion of any single row, the last one included, and names its lane and position', async () => {
    for (const seq of seqs) {
      const row = await t.database.kysely
        .selectFrom('audit_log')
        .select(['lane', 'lane_seq'])
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();
      const verdict = await verdictAfter((trx) => sql`delete from audit_log where seq = ${seq}`.execute(trx));
      expect(verdict, `deleting row ${seq}`).toMatchObject({
        ok: false,
        broken: { seq: null, lane: Number(row.lane), position: Number(row.lane_seq) },
      });
    }
  });

  it('detects any two rows swapped in order', async () => {
    for (const [i, seq] of seqs.entries()) {
      const next = seqs[i + 1];
      if (next === undefined) break;
      const verdict = await verdictAfter(async (trx) => {
        await sql`update audit_log set seq = -1 where seq = ${seq}`.execute(trx);
        await sql`update audit_log set seq = ${seq} where seq = ${next}`.execute(trx);
        await sql`update audit_log set seq = ${next} where seq = -1`.execute(trx);
      });
      expect(verdict.ok, `swapping rows ${seq} and ${next}`).toBe(false);
      if (!verdict.ok) expect([seq, next]).toContain(verdict.broken.seq);
    }
  });

  it('detects a row moved to another lane, and a row added outside the lanes', async () => {
    const moved = await verdictAfter((trx) =>
      sql`update audit_log set lane = 99 where seq = ${seqs.at(-1)}`.execute(trx),
    );
    expect(moved.ok).toBe(false);
    const added = await verdictAfter(async (trx) => {
      const last = await trx
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', seqs.at(-1)!)
        .executeTakeFirstOrThrow();
      const forged = { ...last, seq: 100_000, lane: 77, lane_seq: 1, actor: 'forger', prev_hash: '0'.repeat(64) };
      await trx
        .insertInto('audit_log')
        .values({ ...forged, hash: chainHash(forged.prev_hash, forged) })
        .execute();
    });
    expect(added).toMatchObject({ ok: false, broken: { lane: 77 } });
  });

  it('detects a row appended with a hash that does not chain', async () => {
    const verdict = await verdictAfter(async (trx) => {
      const last = await trx
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', seqs.at(-1)!)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('audit_log')
        .values({
          ...last,
          seq: 100_000,
          lane_seq: Number(last.lane_seq) + 1,
          actor: 'forger',
          prev_hash: last.hash,
          hash: 'f'.repeat(64),
        })
        .execute();
    });
    expect(verdict).toMatchObject({ ok: false, broken: { seq: 100_000 } });
  });

  it('computes the same hash in SQL as in TypeScript, for any text', async () => {
    const rows = await t.database.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    for (const row of rows) {
      const numbered = { ...row, seq: Number(row.seq), lane: Number(row.lane), lane_seq: Number(row.lane_seq) };
      expect(row.hash).toBe(chainHash(row.prev_hash, numbered));
    }
    expect(rows.some((r) => /[\u0080-\uffff]/.test(r.after_json ?? ''))).toBe(true);
  });

  it('detects a row recomputed by someone who knows the hash rule but not the rows after it', async () => {
    const target = seqs[1]!;
    const verdict = await verdictAfter(async (trx) => {
      const row = await trx.selectFrom('audit_log').selectAll().where('seq', '=', target).executeTakeFirstOrThrow();
      const forged = {
        ...row,
        seq: Number(row.seq),
        lane: Number(row.lane),
        lane_seq: Number(row.lane_seq),
        actor: 'forger',
      };
      await trx
        .updateTable('audit_log')
        .set({ actor: 'forger', hash: chainHash(row.prev_hash, forged) })
        .where('seq', '=', target)
        .execute();
    });
    expect(verdict.ok).toBe(false);
  });
});

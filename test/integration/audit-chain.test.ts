import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type ChainVerdict } from '../../src/db/audit.ts';
import type { Dialect } from '../../src/db/connect.ts';
import type { Tables } from '../../src/db/tables.ts';
import { createSite } from '../../src/features/sites/service.ts';
import { createUser } from '../../src/features/users/service.ts';
import { engines } from '../support/engines.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** What an attacker with write access to the database file would do first. */
async function dropAppendOnlyTriggers(trx: Kysely<Tables>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`drop trigger audit_log_no_update`.execute(trx);
    await sql`drop trigger audit_log_no_delete`.execute(trx);
  } else {
    await sql`drop trigger audit_log_no_change on audit_log`.execute(trx);
  }
}

class Rollback extends Error {}

describe.each(engines)('audit chain on $name', (engine) => {
  let t: TestApp;
  let size: number;

  /** Tampers inside a transaction that is rolled back, so each case starts from the intact chain. */
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
    for (const code of ['NIJ', 'AMS'])
      await createSite(ctx, { code, name: `Site ${code}`, timeZone: 'Europe/Amsterdam' });
    await createUser(ctx, {
      username: 'nurse1',
      displayName: 'Verpleegkundige Zoë — 看護師',
      language: 'nl',
      memberships: [{ siteId: 1, role: 'site_coordinator' }],
    });
    const verdict = await verifyAuditChain(t.database.kysely);
    if (!verdict.ok) throw new Error(`chain broken before tampering: ${verdict.reason}`);
    size = verdict.entries;
  });
  afterAll(() => t.close());

  it('is intact after normal use, checked in batches', async () => {
    expect(size).toBeGreaterThanOrEqual(8);
    expect(await verifyAuditChain(t.database.kysely, 3)).toMatchObject({ ok: true, entries: size });
  });

  it('cannot be updated or deleted through SQL while the database guards it', async () => {
    await expect(
      sql`update audit_log set actor = 'someone else' where seq = 1`.execute(t.database.kysely),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(t.database.kysely)).rejects.toThrow(/append-only/);
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
  ] as const;

  it('detects a change to any column of any single row, and names that row', async () => {
    for (let seq = 1; seq <= size; seq += 1) {
      for (const column of columns) {
        const numeric = column === 'user_id' || column === 'site_id';
        const verdict = await verdictAfter((trx) =>
          sql`update audit_log set ${sql.ref(column)} = ${numeric ? 999 : 'tampered'} where seq = ${seq}`.execute(trx),
        );
        expect(verdict, `row ${seq}, column ${column}`).toMatchObject({ ok: false, brokenAt: seq });
      }
    }
  });

  it('detects the deletion of any single row, the last one included', async () => {
    for (let seq = 1; seq <= size; seq += 1) {
      const verdict = await verdictAfter((trx) => sql`delete from audit_log where seq = ${seq}`.execute(trx));
      expect(verdict, `deleting row ${seq}`).toMatchObject({ ok: false, brokenAt: seq });
    }
  });

  it('detects two rows swapped in order', async () => {
    for (let seq = 1; seq < size; seq += 1) {
      const verdict = await verdictAfter(async (trx) => {
        await sql`update audit_log set seq = -1 where seq = ${seq}`.execute(trx);
        await sql`update audit_log set seq = ${seq} where seq = ${seq + 1}`.execute(trx);
        await sql`update audit_log set seq = ${seq + 1} where seq = -1`.execute(trx);
      });
      expect(verdict, `swapping rows ${seq} and ${seq + 1}`).toMatchObject({ ok: false, brokenAt: seq });
    }
  });

  it('detects a row appended with a hash that does not chain', async () => {
    const verdict = await verdictAfter(async (trx) => {
      const last = await trx.selectFrom('audit_log').selectAll().where('seq', '=', size).executeTakeFirstOrThrow();
      await trx
        .insertInto('audit_log')
        .values({ ...last, seq: size + 1, actor: 'forger', prev_hash: last.hash, hash: 'f'.repeat(64) })
        .execute();
    });
    expect(verdict).toMatchObject({ ok: false, brokenAt: size + 1 });
  });

  it('computes the same hash in SQL as in TypeScript', async () => {
    const { chainHash } = await import('../../src/db/audit.ts');
    const rows = await t.database.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    for (const row of rows) expect(row.hash).toBe(chainHash(row.prev_hash, { ...row, seq: Number(row.seq) }));
    expect(rows.some((r) => /[\u0080-\uffff]/.test(r.after_json ?? ''))).toBe(true);
  });

  it('detects a row recomputed by someone who knows the hash rule but not the rows after it', async () => {
    const verdict = await verdictAfter(async (trx) => {
      const { chainHash } = await import('../../src/db/audit.ts');
      const row = await trx.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
      const forged = { ...row, seq: Number(row.seq), actor: 'forger' };
      await trx
        .updateTable('audit_log')
        .set({ actor: 'forger', hash: chainHash(row.prev_hash, forged) })
        .where('seq', '=', 2)
        .execute();
    });
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3 });
  });
});

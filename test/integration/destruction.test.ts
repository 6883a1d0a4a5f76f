import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { engines } from '../support/engines.ts';
import { enrolled, studySite, withToken, type Participant, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';

/**
 * Destruction takes two people (a coordinator or investigator asks, another investigator approves), and
 * leaves nothing of the participant readable: not through any endpoint, not in an export, not in the audit
 * trail (whose sealed entries stay in the hash chain, which still verifies) — only the tombstone.
 */
const markers = ['Vernietig Mij', 'MARK-9999', 'MARKER-REASON', 'MARKER-NOTE', 'MARKER-WITHDRAW', '20:37:13'];

describe.each(engines)('destruction on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t, 'DST');
  });
  afterAll(() => t.close());

  async function withdrawDestroying(by: TestClient, participant: Participant, reason: string): Promise<number> {
    const withdrawn = (
      await by
        .call('POST', `/api/participants/${participant.id}/withdrawal`, {
          date: '2026-03-02',
          requestedBy: 'legal_representative',
          scope: 'destroy_data_and_samples',
          reason,
        })
        .expect(201)
    ).json as Participant;
    expect(withdrawn).toMatchObject({ state: 'withdrawn', consent: { status: 'withdrawn' }, destructionPending: true });
    return withdrawn.destruction!.id;
  }

  it('needs a second person, who is an investigator of the site', async () => {
    const participant = await enrolled(site.investigator, site.siteId);
    const destructionId = await withdrawDestroying(site.investigator, participant, 'wants out');
    const self = await site.investigator.call('POST', `/api/destructions/${destructionId}/approve`, {});
    expect(self.status).toBe(403);
    expect((self.json as { error: { message: string } }).error.message).toMatch(/second person/);
    const nurse = await site.nurse.call('POST', `/api/destructions/${destructionId}/approve`, {});
    expect(nurse.status).toBe(403);

    const other = await withToken(await t.userWith([{ siteId: site.siteId, role: 'investigator' }]));
    const noNote = await other.call('POST', `/api/destructions/${destructionId}/reject`, {});
    expect(noNote.status).toBe(400);
    const rejected = await other
      .call('POST', `/api/destructions/${destructionId}/reject`, { note: 'the representative changed their mind' })
      .expect(200);
    expect(rejected.json).toMatchObject({ status: 'rejected', participantId: participant.id });
    await site.investigator.call('GET', `/api/participants/${participant.id}`).expect(200);
    const twice = await other.call('POST', `/api/destructions/${destructionId}/approve`, {});
    expect(twice.status).toBe(409);
  });

  it('leaves no readable trace of the participant, only the tombstone', async () => {
    const participant = await enrolled(site.nurse, site.siteId, {
      name: 'Vernietig Mij',
      hospitalNumber: 'MARK-9999',
      screening: { icuAdmissionAt: '2026-03-01T21:37:13+01:00' },
    });
    const base = `/api/participants/${participant.id}`;
    await site.nurse
      .call('POST', `${base}/visits`, { visit: 'D0', outcome: 'missed', missedReason: 'MARKER-REASON' })
      .expect(201);
    await site.nurse
      .call('POST', `${base}/events`, {
        kind: 'transfer',
        date: '2026-03-02',
        destination: 'ICU elsewhere',
        note: 'MARKER-NOTE',
      })
      .expect(201);
    await site.nurse.call('GET', `${base}/identity`).expect(200);
    const screeningId = ((await site.nurse.call('GET', base).expect(200)).json as { screeningId: number }).screeningId;
    const destructionId = await withdrawDestroying(site.nurse, participant, 'MARKER-WITHDRAW');

    const before = await site.investigator.call('GET', `/api/sites/${site.siteId}/audit?limit=500`).expect(200);
    expect(before.text).toContain('MARKER-REASON');

    const approved = await site.investigator
      .call('POST', `/api/destructions/${destructionId}/approve`, { note: 'as asked' })
      .expect(200);
    expect(approved.json).toMatchObject({
      status: 'carried_out',
      participantId: null,
      studyId: participant.studyId,
      reason: 'withdrawal',
      destroyData: true,
      destroySamples: true,
      decidedBy: site.investigator.username,
    });

    // Every GET endpoint, as every role that reads the site, aimed at the destroyed participant's ids.
    const readers = [
      site.nurse,
      site.investigator,
      ...(await Promise.all(
        ['monitor', 'data_manager', 'lab_technician'].map(async (role) =>
          withToken(await t.userWith([{ siteId: site.siteId, role }])),
        ),
      )),
      await withToken(await t.userWith([{ siteId: null, role: 'investigator' }])),
      t.admin,
    ];
    const ids: Record<string, number> = {
      siteId: site.siteId,
      participantId: participant.id,
      screeningId,
      destructionId,
    };
    const leaks: string[] = [];
    for (const route of t.app.apiRoutes.filter((r) => r.method === 'GET')) {
      const url = route.url.replace(/:(\w+)/g, (_m, name: string) => String(ids[name] ?? 1));
      for (const reader of readers) {
        const reply = await reader.call('GET', `${url}${url.includes('/audit') ? '?limit=500' : ''}`);
        for (const marker of markers)
          if (reply.text.includes(marker)) leaks.push(`${url} as ${reader.username}: ${marker}`);
        if (/:participantId/.test(route.url) && reply.status < 400) leaks.push(`${url}: HTTP ${reply.status}`);
      }
    }
    expect(leaks).toEqual([]);

    const trail = (await site.investigator.call('GET', `/api/sites/${site.siteId}/audit?limit=500`).expect(200))
      .json as {
      entries: { action: string; entityId: string; after: unknown }[];
    };
    const visitEntry = trail.entries.find(
      (e) => e.action === 'visit.recorded' && e.entityId === String(participant.id),
    );
    expect(visitEntry?.after).toEqual({ destroyed: true });
    expect(trail.entries.some((e) => e.action === 'destruction.carried_out')).toBe(true);
    expect(await verifyAuditChain(t.database.kysely)).toMatchObject({ ok: true });

    // The screening keeps its place in the study flow, and nothing else.
    const screening = await site.nurse.call('GET', `/api/screenings/${screeningId}`).expect(200);
    expect(screening.json).toMatchObject({
      outcome: 'destroyed',
      icuAdmissionAt: null,
      sex: null,
      ageYears: null,
      eligibilityInput: {},
      participant: null,
    });

    const tombstones = (await site.nurse.call('GET', `/api/sites/${site.siteId}/destructions`).expect(200)).json as {
      destructions: { studyId: string; status: string }[];
    };
    expect(tombstones.destructions).toContainEqual(
      expect.objectContaining({ studyId: participant.studyId, status: 'carried_out' }),
    );

    // Underneath the API too: no row left, and nothing readable in any table.
    const db = t.raw;
    const left = await db.selectFrom('participants').select('id').where('id', '=', participant.id).execute();
    expect(left).toEqual([]);
    for (const table of ['participant_identities', 'consents', 'visit_records', 'clinical_events'] as const) {
      const rows = await db
        .selectFrom(table)
        .select('participant_id')
        .where('participant_id', '=', participant.id)
        .execute();
      expect(rows, table).toEqual([]);
    }
    for (const table of ['screenings', 'audit_log', 'destructions'] as const) {
      const dump = JSON.stringify(await db.selectFrom(table).selectAll().execute());
      for (const marker of markers) expect(dump, `${table} holds ${marker}`).not.toContain(marker);
    }

    // And in the database file itself (SQLite: secure_delete zeroes freed pages; the WAL is checkpointed away).
    if (t.database.sqlite !== undefined) {
      t.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = readFileSync(t.database.location).toString('latin1');
      for (const marker of markers) expect(bytes, `the database file holds ${marker}`).not.toContain(marker);
    }

    // The study id is not given out again.
    const next = await enrolled(site.nurse, site.siteId);
    expect(next.studyId).not.toBe(participant.studyId);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import { engines } from '../support/engines.ts';
import { entries, sofaDayPath } from '../support/form-fixtures.ts';
import { enrolled, studySite, withToken, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, strongPassword, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';

interface RecordView {
  status: string;
  version: number;
  items: Record<string, { value?: unknown; missing?: string; entered?: { value: number; unit: string } }>;
  rows: Record<string, Record<string, unknown>[]>;
  missingRequired: string[];
  findings: { severity: string; keys: string[]; rule: string }[];
  signature: { by: string; meaning: string } | null;
  verified: { by: string } | null;
  lock: { level: string } | null;
  queries: { id: number; itemKey: string; status: string; rule: string | null; messages: { kind: string }[] }[];
}

/**
 * The case report forms as the site, the monitor, the investigator and the data manager use them: entry with
 * calculated items that are never stale, queries from soft checks, completion, source verification, e-signature,
 * locks at every level, version conflicts, field history, the status matrix and the data-quality report.
 */
describe.each(engines)('case report forms on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;
  let monitor: TestClient;
  let dataManager: TestClient;

  beforeAll(async () => {
    t = await startTestApp(engine);
    t.clock.set('2026-03-04T09:00:00.000Z');
    site = await studySite(t, 'FRM');
    monitor = await withToken(await t.userWith([{ siteId: site.siteId, role: 'monitor' }]));
    dataManager = await withToken(await t.userWith([{ siteId: null, role: 'data_manager' }]));
  });
  afterAll(() => t.close());

  const auditRows = () => t.raw.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  const save = (client: TestClient, path: string, body: Record<string, unknown>) => client.call('PUT', path, body);
  const view = (reply: { json: unknown }) => reply.json as RecordView;

  it('computes SOFA-2 on the server in the save, audits the calculation as the system, and keeps units as entered', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const first = view(
      await save(site.nurse, sofaDayPath(p.id), {
        version: 0,
        items: entries({ pao2: { value: 9.6, unit: 'kPa' } }),
      }).expect(200),
    );
    expect(first).toMatchObject({ status: 'in_progress', version: 1, missingRequired: [] });
    expect(first.items.pao2).toEqual({ value: 72, entered: { value: 9.6, unit: 'kPa' } });
    expect(first.items.pf_ratio).toEqual({ value: 144 });
    const total = first.items.sofa2_total!.value as number;
    expect(total).toBeGreaterThanOrEqual(10);

    // A changed input changes the total in the same save: nobody has to open the form again.
    const better = view(
      await save(site.nurse, sofaDayPath(p.id), { version: 1, items: entries({ platelets: 250, pao2: 72 }) }).expect(
        200,
      ),
    );
    expect(better.items.sofa2_hemostasis).toEqual({ value: 0 });
    expect(better.items.sofa2_total!.value).toBeLessThan(total);
    const trail = await auditRows();
    const calculated = trail.filter((r) => r.action === 'form.calculated');
    expect(calculated.at(-1)).toMatchObject({ actor: 'system', source: 'system' });
    expect(trail.filter((r) => r.action === 'form.saved').at(-1)).toMatchObject({ actor: site.nurse.username });
  });

  it('audits a form started with nothing entered, and a save that changes nothing is no change', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const before = (await auditRows()).length;
    await save(site.nurse, sofaDayPath(p.id), { version: 0, items: {} }).expect(200);
    expect((await auditRows()).slice(before).map((r) => r.action)).toEqual(['form.started']);
    const same = view(await save(site.nurse, sofaDayPath(p.id), { version: 1, items: {} }).expect(200));
    expect((await auditRows()).length).toBe(before + 1);
    expect(same.status).toBe('in_progress');
  });

  it('refuses a stale save with what changed, never overwriting', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    await save(site.nurse, sofaDayPath(p.id), { version: 0, items: entries() }).expect(200);
    await save(site.investigator, sofaDayPath(p.id), { version: 1, items: entries({ gcs: 9 }) }).expect(200);
    const stale = await save(site.nurse, sofaDayPath(p.id), { version: 1, items: entries({ map_mmhg: 70 }) });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.json)).toContain('gcs');
    const now = view(await site.nurse.call('GET', sofaDayPath(p.id)).expect(200));
    expect(now.items.gcs).toEqual({ value: 9 });
    expect(now.items.map_mmhg).toEqual({ value: 64 });
  });

  it('lets one of several concurrent saves of the same version win; the others are told what changed', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    await save(site.nurse, sofaDayPath(p.id), { version: 0, items: entries() }).expect(200);
    const replies = await Promise.all(
      [9, 10, 11, 12].map((gcs) => save(site.nurse, sofaDayPath(p.id), { version: 1, items: entries({ gcs }) })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = view(replies.find((r) => r.status === 200)!);
    const now = view(await site.nurse.call('GET', sofaDayPath(p.id)).expect(200));
    expect(now).toMatchObject({ version: 2, items: { gcs: winner.items.gcs } });
  });

  it('refuses values outside hard limits naming the item, and keeps nothing of that save', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const refused = await save(site.nurse, sofaDayPath(p.id), { version: 0, items: entries({ gcs: 2 }) });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { field: 'items.gcs' } });
    const wrongType = await save(site.nurse, sofaDayPath(p.id), { version: 0, items: entries({ ecmo: 'sometimes' }) });
    expect(wrongType.json).toMatchObject({ error: { field: 'items.ecmo' } });
    const unknown = await save(site.nurse, sofaDayPath(p.id), {
      version: 0,
      items: { ...entries(), nonsense: { value: 1 } },
    });
    expect(unknown.json).toMatchObject({ error: { field: 'items.nonsense' } });
    const calculated = await save(site.nurse, sofaDayPath(p.id), { version: 0, items: entries({ sofa2_total: 3 }) });
    expect(calculated.json).toMatchObject({ error: { field: 'items.sofa2_total' } });
    expect(view(await site.nurse.call('GET', sofaDayPath(p.id)).expect(200))).toMatchObject({
      status: 'not_started',
      version: 0,
    });
  });

  it('opens a query from a soft check, which the site answers and the monitor closes; a corrected value resolves it', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const saved = view(
      await save(site.nurse, sofaDayPath(p.id), { version: 0, items: entries({ map_mmhg: 160 }) }).expect(200),
    );
    expect(saved.findings).toEqual([expect.objectContaining({ severity: 'soft', keys: ['map_mmhg'], rule: 'range' })]);
    const [query] = saved.queries;
    expect(query).toMatchObject({ itemKey: 'map_mmhg', status: 'open', rule: 'range' });
    // Saving the same value again does not ask again.
    const again = view(
      await save(site.nurse, sofaDayPath(p.id), { version: 1, items: entries({ map_mmhg: 160, gcs: 12 }) }).expect(200),
    );
    expect(again.queries).toHaveLength(1);

    await site.nurse
      .call('POST', `/api/queries/${query!.id}/answer`, { text: 'Confirmed: arterial line reading' })
      .expect(200);
    const closed = await monitor.call('POST', `/api/queries/${query!.id}/close`, {}).expect(200);
    expect(closed.json).toMatchObject({
      status: 'closed',
      messages: [{ kind: 'open' }, { kind: 'answer' }, { kind: 'close' }],
    });
    expect((await site.nurse.call('POST', `/api/queries/${query!.id}/answer`, { text: 'again' })).status).toBe(409);
    // The site cannot close queries, the monitor cannot answer for the site.
    expect((await site.nurse.call('POST', `/api/queries/${query!.id}/reopen`, { text: 'x' })).status).toBe(403);

    const manual = await monitor
      .call('POST', `${sofaDayPath(p.id)}/queries`, { item: 'bilirubin', text: 'Source shows 42, not 40?' })
      .expect(201);
    expect(manual.json).toMatchObject({ rule: null, status: 'open', itemKey: 'bilirubin' });
    const list = await monitor.call('GET', `/api/sites/${site.siteId}/queries`).expect(200);
    expect((list.json as { queries: { id: number; ageDays: number }[] }).queries.map((q) => q.id)).toContain(
      (manual.json as { id: number }).id,
    );

    // A soft finding corrected away resolves its automatic query.
    const p2 = await enrolled(site.nurse, site.siteId);
    await save(site.nurse, sofaDayPath(p2.id), { version: 0, items: entries({ map_mmhg: 160 }) }).expect(200);
    const corrected = view(
      await save(site.nurse, sofaDayPath(p2.id), { version: 1, items: entries({ map_mmhg: 60 }) }).expect(200),
    );
    expect(corrected.queries).toEqual([
      expect.objectContaining({
        status: 'closed',
        messages: [expect.anything(), expect.objectContaining({ kind: 'resolved' })],
      }),
    ]);
  });

  it('completes, verifies, signs and locks a form; an edit needs a reason and voids the signature; unlocking needs a reason', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const path = sofaDayPath(p.id);
    const { platelets: _omit, ...partial } = entries();
    await save(site.nurse, path, { version: 0, items: partial }).expect(200);
    const incomplete = await site.nurse.call('POST', `${path}/complete`, { version: 1 });
    expect(incomplete.status).toBe(409);
    expect(JSON.stringify(incomplete.json)).toContain('platelets');
    await save(site.nurse, path, { version: 1, items: entries() }).expect(200);
    expect(view(await site.nurse.call('POST', `${path}/complete`, { version: 2 }).expect(200)).status).toBe('complete');

    const noReason = await save(site.nurse, path, { version: 3, items: entries({ gcs: 12 }) });
    expect(noReason.json).toMatchObject({ error: { field: 'reason' } });
    expect((await site.nurse.call('POST', `${path}/verify`, { version: 3 })).status).toBe(403);
    expect(view(await monitor.call('POST', `${path}/verify`, { version: 3 }).expect(200)).verified).not.toBeNull();

    const wrong = await site.investigator.call('POST', `${path}/sign`, {
      version: 4,
      password: 'not my password at all',
    });
    expect(wrong.json).toMatchObject({ error: { field: 'password' } });
    const signed = view(
      await site.investigator.call('POST', `${path}/sign`, { version: 4, password: strongPassword }).expect(200),
    );
    expect(signed).toMatchObject({ status: 'signed', signature: { by: site.investigator.username } });
    expect(signed.signature!.meaning).toMatch(/Approval/);

    const edited = view(
      await save(site.nurse, path, { version: 5, items: entries({ gcs: 12 }), reason: 'Transcription error' }).expect(
        200,
      ),
    );
    expect(edited).toMatchObject({ status: 'complete', signature: null, verified: null });
    expect(
      (await auditRows()).some((r) => r.action === 'form.signature_voided' && r.reason === 'Transcription error'),
    ).toBe(true);

    expect((await site.nurse.call('PUT', `${path}/lock`, { version: 6, locked: true })).status).toBe(403);
    const locked = view(await dataManager.call('PUT', `${path}/lock`, { version: 6, locked: true }).expect(200));
    expect(locked).toMatchObject({ status: 'locked', lock: { level: 'form' } });
    const refused = await save(site.nurse, path, { version: 7, items: entries({ gcs: 11 }), reason: 'late' });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.json)).toContain('locked');
    const noWhy = await dataManager.call('PUT', `${path}/lock`, { version: 7, locked: false });
    expect(noWhy.json).toMatchObject({ error: { field: 'reason' } });
    await dataManager.call('PUT', `${path}/lock`, { version: 7, locked: false, reason: 'Query on GCS' }).expect(200);
    await save(site.nurse, path, { version: 8, items: entries({ gcs: 11 }), reason: 'Source corrected' }).expect(200);
  });

  it('locks a visit, a participant, a site and the study; each refuses saves under it until unlocked', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const labs = `/api/participants/${p.id}/forms/labs/D0`;
    const labsBody = { version: 0, items: { crp: { value: 120 } } };
    const locks = [
      { client: dataManager, path: `/api/participants/${p.id}/lock`, extra: { visit: 'D0' } },
      { client: dataManager, path: `/api/participants/${p.id}/lock`, extra: {} },
      { client: dataManager, path: `/api/sites/${site.siteId}/lock`, extra: {} },
      { client: dataManager, path: '/api/study/lock', extra: {} },
    ];
    for (const lock of locks) {
      await lock.client.call('PUT', lock.path, { ...lock.extra, locked: true, reason: 'interim analysis' }).expect(200);
      expect((await lock.client.call('PUT', lock.path, { ...lock.extra, locked: true })).status).toBe(409);
      const refused = await save(site.nurse, labs, labsBody);
      expect(refused.status).toBe(409);
      await lock.client.call('PUT', lock.path, { ...lock.extra, locked: false, reason: 'analysis done' }).expect(200);
    }
    expect((await save(site.nurse, labs, labsBody)).status).toBe(200);
  });

  it('keeps "not asked" apart from "none chosen", and missing codes apart from values', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const path = sofaDayPath(p.id);
    const saved = view(
      await save(site.nurse, path, { version: 0, items: entries({ bilirubin: { missing: 'not_done' } }) }).expect(200),
    );
    expect(saved.items.bilirubin).toEqual({ missing: 'not_done' });
    expect(saved.items.sofa2_liver).toBeUndefined();
    expect(saved.items.sofa2_missing).toEqual({ value: ['liver'] });

    const treatments = `/api/participants/${p.id}/forms/treatments/once`;
    const noneChosen = view(
      await save(site.nurse, treatments, {
        version: 0,
        items: { immunomodulators_given: { value: true }, immunomodulators: { value: [] } },
      }).expect(200),
    );
    expect(noneChosen.items.immunomodulators).toEqual({ value: [] });
    const notAsked = view(
      await save(site.nurse, treatments, { version: 1, items: { immunomodulators_given: { value: true } } }).expect(
        200,
      ),
    );
    expect(notAsked.items.immunomodulators).toBeUndefined();
    expect(notAsked.missingRequired).toContain('immunomodulators');
  });

  it('shows every change of a field with who, when, old, new and why', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const path = sofaDayPath(p.id);
    await save(site.nurse, path, { version: 0, items: entries() }).expect(200);
    await save(site.nurse, path, { version: 1, items: entries({ gcs: 9 }) }).expect(200);
    const history = (await monitor.call('GET', `${path}/history`).expect(200)).json as {
      entries: { itemKey: string | null; before: unknown; after: unknown; actor: string; action: string }[];
    };
    const gcs = history.entries.filter((e) => e.itemKey === 'gcs');
    expect(gcs).toEqual([
      expect.objectContaining({ before: null, after: { value: 13 }, actor: site.nurse.username }),
      expect.objectContaining({ before: { value: 13 }, after: { value: 9 } }),
    ]);
    expect(history.entries.some((e) => e.itemKey === 'sofa2_brain' && e.actor === 'system')).toBe(true);
  });

  it('lists the site’s status matrix and data-quality report, and another site sees none of it', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    await save(site.nurse, sofaDayPath(p.id, 1), { version: 0, items: entries({ icu_day: 1, map_mmhg: 160 }) }).expect(
      200,
    );
    await save(site.nurse, sofaDayPath(p.id, 2), { version: 0, items: entries({ platelets: undefined }) }).expect(200);
    const matrix = (await monitor.call('GET', `/api/sites/${site.siteId}/form-status`).expect(200)).json as {
      columns: { form: string; slot: string }[];
      participants: {
        participantId: number;
        cells: Record<string, { status: string; days?: number; openQueries: number }>;
      }[];
    };
    expect(matrix.columns).toContainEqual(expect.objectContaining({ form: 'labs', slot: 'D3' }));
    const row = matrix.participants.find((r) => r.participantId === p.id)!;
    expect(row.cells['sofa2_day/days']).toEqual({ status: 'in_progress', days: 2, openQueries: 1 });

    const quality = (await dataManager.call('GET', `/api/sites/${site.siteId}/data-quality`).expect(200)).json as {
      records: { participantId: number; slot: string; missingRequired: string[]; findings: unknown[] }[];
    };
    const mine = quality.records.filter((r) => r.participantId === p.id);
    expect(mine).toContainEqual(expect.objectContaining({ slot: 'day-2', missingRequired: ['platelets'] }));
    expect(mine).toContainEqual(
      expect.objectContaining({ slot: 'day-1', findings: [expect.objectContaining({ rule: 'range' })] }),
    );

    const other = await studySite(t, 'OTH');
    expect((await other.nurse.call('GET', sofaDayPath(p.id, 1))).status).toBe(404);
    expect((await other.nurse.call('GET', `/api/sites/${site.siteId}/form-status`)).status).toBe(404);
  });

  it('refuses a form at a slot it is not scheduled for, naming where it belongs', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    const wrong = await save(site.nurse, `/api/participants/${p.id}/forms/labs/M3`, { version: 0, items: {} });
    expect(wrong.json).toMatchObject({ error: { field: 'slot' } });
    expect(JSON.stringify(wrong.json)).toContain('D0, D3, DIS');
    const unknown = await site.nurse.call('GET', `/api/participants/${p.id}/forms/nope/D0`);
    expect(unknown.json).toMatchObject({ error: { field: 'form' } });
    const list = (await site.nurse.call('GET', `/api/participants/${p.id}/forms`).expect(200)).json as {
      forms: { form: string; slot: string; status: string }[];
    };
    expect(list.forms).toContainEqual(
      expect.objectContaining({ form: 'sofa2_day', slot: 'day-1', status: 'not_started' }),
    );
    expect(list.forms).toContainEqual(expect.objectContaining({ form: 'follow_up', slot: 'M12' }));
  });

  it('gives SOFA-2 over the stay: day 1 scores an organ without data 0, later days carry it forward', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    await save(site.nurse, sofaDayPath(p.id, 1), {
      version: 0,
      items: entries({ icu_day: 1, platelets: { missing: 'not_done' } }),
    }).expect(200);
    const day2 = view(
      await save(site.nurse, sofaDayPath(p.id, 2), {
        version: 0,
        items: entries({ bilirubin: { missing: 'not_done' } }),
      }).expect(200),
    );
    const series = (await site.nurse.call('GET', `/api/participants/${p.id}/sofa2-days`).expect(200)).json as {
      form: string;
      days: {
        day: number;
        total: number;
        components: Record<string, number>;
        missing: string[];
        carriedForward: string[];
      }[];
    };
    expect(series.form).toBe('sofa2_day');
    expect(series.days.map((d) => [d.day, d.missing, d.carriedForward])).toEqual([
      [1, ['hemostasis'], []],
      [2, [], ['liver']],
    ]);
    expect(series.days[0]!.components.hemostasis).toBe(0);
    expect(series.days[1]!.components.liver).toBe(series.days[0]!.components.liver);
    // The day's own form totals what it has; the series adds the carried organ.
    expect(series.days[1]!.total).toBe((day2.items.sofa2_total!.value as number) + series.days[0]!.components.liver!);
  });

  it('destroys a participant’s form data, queries and locks with the rest of their data', async () => {
    const p = await enrolled(site.nurse, site.siteId);
    await save(site.nurse, sofaDayPath(p.id), { version: 0, items: entries({ map_mmhg: 160 }) }).expect(200);
    await dataManager.call('PUT', `/api/participants/${p.id}/lock`, { locked: true, visit: 'D3' }).expect(200);
    const withdrawn = await site.nurse
      .call('POST', `/api/participants/${p.id}/withdrawal`, {
        date: '2026-03-04',
        requestedBy: 'participant',
        scope: 'destroy_data_and_samples',
      })
      .expect(201);
    const destructionId = (withdrawn.json as { destruction: { id: number } }).destruction.id;
    await site.investigator
      .call('POST', `/api/destructions/${destructionId}/approve`, { note: 'as asked' })
      .expect(200);
    for (const table of ['form_records', 'item_data', 'queries', 'query_messages', 'data_locks'] as const) {
      const left = await t.raw.selectFrom(table).select('id').where('participant_id', '=', p.id).execute();
      expect(left, table).toEqual([]);
    }
  });

  it('keeps the audit chain whole', async () => {
    expect(await verifyAuditChain(t.database.kysely)).toMatchObject({ ok: true });
  });
});

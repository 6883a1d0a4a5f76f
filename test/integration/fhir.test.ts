import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit-verify.ts';
import type { FhirProposals } from '../../src/features/fhir/contract.ts';
import { engines } from '../support/engines.ts';
import { enrolled, studySite, withToken, type Participant, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { errorOf } from '../support/test-client.ts';

const bundle = JSON.parse(readFileSync(new URL('../fixtures/fhir/icu-stay.json', import.meta.url), 'utf8')) as {
  resourceType: string;
  entry: { resource: Record<string, unknown> }[];
};

/**
 * Pre-filling forms from the hospital record (issue 15 §4) over HTTP: the endpoint proposes and stores nothing;
 * accepting is the form's own save, with its validation and audit trail. The participant is admitted on
 * 2026-03-01 at 22:00 (+01:00), as the fixture's ICU encounter.
 */
describe.each(engines)('FHIR proposals on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;
  let other: StudySite;
  let participant: Participant;

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t, 'FHR');
    other = await studySite(t, 'FHO');
    participant = await enrolled(site.nurse, site.siteId);
    await site.nurse
      .call('POST', `/api/participants/${participant.id}/visits`, {
        visit: 'D0',
        outcome: 'done',
        occurredAt: '2026-03-02T06:30:00+01:00',
        bloodDrawn: true,
      })
      .expect(201);
  });
  afterAll(() => t.close());

  const url = (id: number) => `/api/participants/${id}/fhir-proposals`;
  const stored = async () => ({
    items: (await t.raw.selectFrom('item_data').select(['id']).execute()).length,
    records: (await t.raw.selectFrom('form_records').select(['id']).execute()).length,
  });

  it('proposes SOFA-2 days and visit labs with findings, stores none of it, and audits counts only', async () => {
    const before = await stored();
    const reply = await site.nurse.call('POST', url(participant.id), { bundle }).expect(200);
    const proposals = reply.json as FhirProposals;
    expect(proposals.admission).toBe('2026-03-01T21:00:00.000Z');
    expect(proposals.encounter).toMatchObject({ id: 'icu-stay' });
    expect(proposals.days.map((d) => d.slot)).toEqual(['day-1', 'day-2', 'day-3']);
    const day1 = Object.fromEntries(proposals.days[0]!.items.map((i) => [i.item, i.value]));
    expect(day1).toMatchObject({ icu_day: 1, pao2: 72, fio2: 0.6, creatinine: 168, norepinephrine_dose: 0.32 });
    // D0 was done at 06:30: the labs drawn at 06:00 are nearest. D3 falls on 2026-03-05 (D0 + 3 days).
    expect(proposals.visits.map((v) => [v.visit, v.start])).toEqual([
      ['D0', '2026-03-02T05:30:00.000Z'],
      ['D3', '2026-03-05T11:00:00.000Z'],
    ]);
    expect(proposals.findings.map((f) => f.kind).sort()).toEqual([
      'duplicate',
      'missing_time',
      'out_of_range',
      'outside_stay',
      'unit',
      'unknown_code',
    ]);
    expect(await stored()).toEqual(before);

    const [entry] = await t.raw
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'fhir.proposed')
      .where('entity_id', '=', String(participant.id))
      .execute();
    expect(entry).toMatchObject({ actor: site.nurse.username, site_id: site.siteId, entity: 'participant' });
    expect(JSON.parse(entry!.after_json!)).toEqual({ entries: 53, days: 3, visits: 2, items: 58, findings: 6 });
    expect(await verifyAuditChain(t.database.kysely)).toMatchObject({ ok: true });
  });

  it('refuses another site’s participant as not found, and a role that may not enter data', async () => {
    const reply = await other.nurse.call('POST', url(participant.id), { bundle });
    expect(reply.status).toBe(404);
    const monitor = await withToken(await t.userWith([{ siteId: site.siteId, role: 'monitor' }]));
    expect((await monitor.call('POST', url(participant.id), { bundle })).status).toBe(403);
  });

  it('refuses a malformed bundle naming the JSON path', async () => {
    const notBundle = await site.nurse.call('POST', url(participant.id), { bundle: { resourceType: 'Patient' } });
    expect(notBundle.status).toBe(400);
    expect(errorOf(notBundle).field).toBe('bundle.resourceType');

    const broken = structuredClone(bundle);
    const index = broken.entry.findIndex((e) => e.resource.id === 'plt-d1');
    (broken.entry[index]!.resource.valueQuantity as { value: unknown }).value = '95';
    const reply = await site.nurse.call('POST', url(participant.id), { bundle: broken });
    expect(reply.status).toBe(400);
    expect(errorOf(reply).field).toBe(`bundle.entry.${index}.resource.valueQuantity.value`);

    const noEncounter = await site.nurse.call('POST', url(participant.id), { bundle, encounterId: 'elsewhere' });
    expect(errorOf(noEncounter)).toMatchObject({ field: 'encounterId', key: 'fhirImport.noEncounter' });
  });

  it('is accepted through the form’s save: merged over what is there, validated and audited as entered', async () => {
    const proposals = (await site.nurse.call('POST', url(participant.id), { bundle }).expect(200))
      .json as FhirProposals;
    const day2 = proposals.days.find((d) => d.slot === 'day-2')!;
    const path = `/api/participants/${participant.id}/forms/sofa2_day/day-2`;
    // Someone had already entered the delirium treatment; the proposal does not touch it.
    await site.nurse.call('PUT', path, { version: 0, items: { delirium_drug_treatment: { value: true } } }).expect(200);
    const current = (await site.nurse.call('GET', path).expect(200)).json as {
      version: number;
      items: Record<string, { value?: unknown; missing?: string }>;
    };
    const entered = Object.fromEntries(
      Object.entries(current.items)
        .filter(([id]) => !id.startsWith('sofa2_') && id !== 'pf_ratio')
        .map(([id, entry]) => [id, 'missing' in entry ? { missing: entry.missing } : { value: entry.value }]),
    );
    const merged = { ...entered, ...Object.fromEntries(day2.items.map((i) => [i.item, { value: i.value }])) };
    const saved = (await site.nurse.call('PUT', path, { version: current.version, items: merged }).expect(200))
      .json as { items: Record<string, { value?: unknown }> };
    expect(saved.items).toMatchObject({
      delirium_drug_treatment: { value: true },
      creatinine: { value: 250 },
      norepinephrine_dose: { value: 0.15 },
      rrt: { value: true },
    });
    expect(saved.items.pf_ratio!.value).toBeCloseTo(80 / 0.45, 6);
    expect(saved.items.sofa2_kidney).toEqual({ value: 4 });
    const trail = await t.raw
      .selectFrom('audit_log')
      .select(['action', 'actor', 'source'])
      .where('entity', '=', 'form_record')
      .orderBy('seq')
      .execute();
    expect(trail.map((r) => r.action)).toEqual(['form.started', 'form.calculated', 'form.saved', 'form.calculated']);
    expect(trail[2]).toMatchObject({ actor: site.nurse.username, source: 'api' });
  });
});

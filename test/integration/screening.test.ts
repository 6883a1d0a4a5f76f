import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { eligibleAnswers, screen, screeningBody, studySite, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe.each(engines)('screening log on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t, 'SCR');
  });
  afterAll(() => t.close());

  it('decides eligibility with the protocol criteria and keeps the reasons', async () => {
    const young = await screen(site.nurse, site.siteId, screeningBody({}, { ageYears: 17 }));
    expect(young.screening.outcome).toBe('not_eligible');
    expect(young.screening.eligibility.inclusionFailed).toEqual(['age']);

    const transplant = await screen(site.nurse, site.siteId, screeningBody({}, { solidOrganTransplant: true }));
    expect(transplant.screening.eligibility.exclusionsMet).toEqual(['solidOrganTransplant']);

    const eligible = await screen(site.nurse, site.siteId, screeningBody());
    expect(eligible.screening).toMatchObject({ outcome: 'eligible', eligibility: { eligible: true } });
  });

  it('computes SOFA-2 from the entered variables with the SOFA-2 engine', async () => {
    const { sofa2Total: _typed, ...answers } = eligibleAnswers;
    const reply = await site.nurse
      .call('POST', `/api/sites/${site.siteId}/screenings`, {
        ...screeningBody(),
        eligibility: answers,
        sofa2: { gcs: 13, plateletsE3PerUl: 45, mapMmHg: 62 },
      })
      .expect(201);
    const screening = (reply.json as { screening: { sofa2Total: number; sofa2Source: string; outcome: string } })
      .screening;
    expect(screening).toMatchObject({ sofa2Source: 'computed', outcome: 'eligible' });
    expect(screening.sofa2Total).toBeGreaterThanOrEqual(2);

    const both = await site.nurse.call('POST', `/api/sites/${site.siteId}/screenings`, {
      ...screeningBody(),
      sofa2: { gcs: 13 },
    });
    expect(both.status).toBe(400);
    expect(both.json).toMatchObject({ error: { field: 'eligibility.sofa2Total' } });
  });

  it('recognises a re-screened person by a keyed hash, without keeping the hospital number', async () => {
    const first = await screen(site.nurse, site.siteId, screeningBody({ hospitalNumber: 'Z-1234567' }));
    expect(first.earlierScreenings).toEqual([]);
    const again = await screen(site.nurse, site.siteId, screeningBody({ hospitalNumber: ' z-1234567 ' }));
    expect(again.earlierScreenings.map((s) => s.id)).toEqual([first.screening.id]);
    expect(again.screening).toMatchObject({ previousScreeningId: first.screening.id });

    const rows = await t.raw.selectFrom('screenings').selectAll().execute();
    expect(JSON.stringify(rows)).not.toMatch(/1234567/);
    const trail = await t.admin.call('GET', `/api/sites/${site.siteId}/audit?limit=500`).expect(200);
    expect(trail.text).not.toMatch(/1234567/);
  });

  it('moves eligible patients through approached / not approached / declined, with reasons', async () => {
    const { screening } = await screen(site.nurse, site.siteId, screeningBody());
    const url = `/api/screenings/${screening.id}/outcome`;
    const noReason = await site.nurse.call('POST', url, { outcome: 'not_approached' });
    expect(noReason.json).toMatchObject({ error: { code: 'invalid_input', field: 'reason' } });
    await site.nurse.call('POST', url, { outcome: 'not_approached', reason: 'missed (weekend)' }).expect(200);
    await site.nurse.call('POST', url, { outcome: 'approached' }).expect(200);
    const declined = await site.nurse.call('POST', url, { outcome: 'declined', reason: 'family refused' }).expect(200);
    expect(declined.json).toMatchObject({ outcome: 'declined', outcomeReason: 'family refused' });
    const again = await site.nurse.call('POST', url, { outcome: 'approached' });
    expect(again.status).toBe(409);

    const ineligible = await screen(site.nurse, site.siteId, screeningBody({}, { ageYears: 12 }));
    const refused = await site.nurse.call('POST', `/api/screenings/${ineligible.screening.id}/outcome`, {
      outcome: 'approached',
    });
    expect(refused.status).toBe(409);
  });

  it('refuses impossible dates, naming the field', async () => {
    const future = await site.nurse.call('POST', `/api/sites/${site.siteId}/screenings`, {
      ...screeningBody(),
      icuAdmissionAt: '2026-03-05T10:00:00+01:00',
      screenedOn: '2026-03-02',
    });
    expect(future.json).toMatchObject({ error: { code: 'invalid_input', field: 'icuAdmissionAt' } });
    const before = await site.nurse.call('POST', `/api/sites/${site.siteId}/screenings`, {
      ...screeningBody(),
      screenedOn: '2026-02-27',
    });
    expect(before.json).toMatchObject({ error: { field: 'screenedOn' } });
    const noOffset = await site.nurse.call('POST', `/api/sites/${site.siteId}/screenings`, {
      ...screeningBody(),
      icuAdmissionAt: '2026-03-01T22:00:00',
    });
    expect(noOffset.json).toMatchObject({ error: { field: 'icuAdmissionAt' } });
  });

  it('lists with filters and exports the log as CSV without identifying data', async () => {
    const all = (await site.nurse.call('GET', `/api/sites/${site.siteId}/screenings`).expect(200)).json as {
      screenings: { eligibility: { eligible: boolean }; outcome: string }[];
    };
    const ineligible = (await site.nurse.call('GET', `/api/sites/${site.siteId}/screenings?eligible=false`).expect(200))
      .json as { screenings: { eligibility: { eligible: boolean } }[] };
    expect(ineligible.screenings.length).toBeGreaterThan(0);
    expect(ineligible.screenings.every((s) => !s.eligibility.eligible)).toBe(true);
    expect(ineligible.screenings.length).toBeLessThan(all.screenings.length);

    const csv = await site.nurse.call('GET', `/api/sites/${site.siteId}/screenings/export`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^"screening_id","site_id","protocol_version","screened_on",/);
    expect(lines).toHaveLength(all.screenings.length + 1);
    expect(csv.text).not.toMatch(/HN\d|1234567/);

    const monitor = await t.userWith([{ siteId: site.siteId, role: 'monitor' }]);
    await monitor.call('GET', `/api/sites/${site.siteId}/screenings`).expect(200);
    const write = await monitor.call('POST', `/api/sites/${site.siteId}/screenings`, screeningBody());
    expect(write.status).toBe(403);
    const statistician = await t.userWith([{ siteId: site.siteId, role: 'statistician' }]);
    expect((await statistician.call('GET', `/api/sites/${site.siteId}/screenings`)).status).toBe(403);
  });
});

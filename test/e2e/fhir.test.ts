import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferredConsent, screeningBody } from '../support/study-fixtures.ts';
import { apiCall, openBrowser, signIn as signInAs } from './browser.ts';
import { requireBuiltWebApp, startServer, type RunningServer } from './server.ts';

/**
 * The hospital record in the browser: the coordinator loads a patient's FHIR bundle on the participant page, reads
 * the proposals per ICU day and visit with their sources and findings, and accepts ICU day 1 into its form.
 */
const bundle = readFileSync(new URL('../fixtures/fhir/icu-stay.json', import.meta.url));
const adminPassword = 'correct horse battery staple';
const coordinator = {
  username: 'coord.fhr',
  password: 'coordinator pass phrase 1',
  oneTime: '',
};

describe('web app: pre-filling forms from the hospital record', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let participantId = 0;

  beforeAll(async () => {
    requireBuiltWebApp();
    server = await startServer({ clockStart: '2026-03-06T09:00:00+01:00' });
    ({ browser, page, pageErrors } = await openBrowser(server.baseUrl));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) => apiCall<T>(page, method, url, data);

  it('sets up a site, its coordinator and a participant admitted on 1 March 2026 at 22:00', async () => {
    await signInAs(page, { username: 'admin', password: adminPassword, oneTime: server.adminPassword });
    const site = await api<{ id: number }>('POST', '/api/sites', { code: 'FHR', name: 'Hospital FHR' });
    const created = await api<{ oneTimePassword: string }>('POST', '/api/users', {
      username: coordinator.username,
      displayName: 'Coordinator FHR',
      memberships: [{ siteId: site.id, role: 'site_coordinator' }],
    });
    coordinator.oneTime = created.oneTimePassword;
    await signInAs(page, coordinator);
    const { screening } = await api<{ screening: { id: number } }>(
      'POST',
      `/api/sites/${site.id}/screenings`,
      screeningBody({ hospitalNumber: 'H-4004', screenedOn: '2026-03-02' }),
    );
    const participant = await api<{ id: number }>('POST', `/api/screenings/${screening.id}/enrollment`, {
      identity: { name: 'Bakker, C.', hospitalNumber: 'H-4004', dateOfBirth: '1961-05-04', phone: null },
      consent: deferredConsent,
    });
    participantId = participant.id;
  });

  it('shows the proposals with their sources and findings, and accepts ICU day 1 into its form', async () => {
    await page.goto(`/participants/${participantId}`);
    const section = page.getByRole('region', { name: 'Hospital record (FHIR)' });
    await section.waitFor();
    await section
      .locator('input[type="file"]')
      .setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: bundle });
    const proposals = section.getByTestId('fhir-proposals');
    await proposals.waitFor();
    const day1 = proposals.getByRole('region', { name: 'ICU day 1' });
    const creatinine = day1.getByRole('row', { name: /^Highest creatinine/ });
    expect(await creatinine.textContent()).toContain('168 umol/L');
    expect(await creatinine.textContent()).toContain('Observation/crea-d1');
    await proposals.getByText('http://loinc.org|8867-4: not in the study’s mapping, ignored').waitFor();
    await proposals.getByText(/1\.5 % does not convert to umol\/L/).waitFor();

    // Nothing is in the form until the coordinator accepts.
    const path = `/api/participants/${participantId}/forms/sofa2_day/day-1`;
    expect((await api<{ version: number }>('GET', path)).version).toBe(0);
    await day1.getByRole('button', { name: 'Accept into form' }).click();
    await day1.getByText('Accepted', { exact: true }).waitFor();
    const record = await api<{ version: number; items: Record<string, { value?: unknown }> }>('GET', path);
    expect(record.version).toBe(1);
    expect(record.items).toMatchObject({ icu_day: { value: 1 }, creatinine: { value: 168 }, pao2: { value: 72 } });
    expect(pageErrors).toEqual([]);
  });
});

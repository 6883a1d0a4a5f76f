import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferredConsent, screeningBody } from '../support/study-fixtures.ts';
import { apiCall, goTo, openBrowser, signIn as signInAs, type SignInAs } from './browser.ts';
import { requireBuiltWebApp, startServer, type RunningServer } from './server.ts';

/**
 * Exports in the browser (issue 15 §2–3): a statistician downloads a table as CSV and as Parquet and the REDCap data
 * dictionary; the files hold the study id, never the identity the coordinator entered.
 */
const adminPassword = 'correct horse battery staple';
const coordinator: SignInAs = { username: 'coord.exp', password: 'coordinator pass phrase 1', oneTime: '' };
const statistician: SignInAs = { username: 'stat.exp', password: 'statistician pass phrase 1', oneTime: '' };

describe('web app: exports', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let studyId = '';

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
  const download = async (link: string): Promise<{ name: string; body: Buffer }> => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: link, exact: true }).click(),
    ]);
    const path = await file.path();
    return { name: file.suggestedFilename(), body: readFileSync(path) };
  };

  it('sets up a site with a coordinator, who enrolls a participant, and a statistician', async () => {
    await signInAs(page, { username: 'admin', password: adminPassword, oneTime: server.adminPassword });
    const site = await api<{ id: number }>('POST', '/api/sites', { code: 'EXP', name: 'Hospital EXP' });
    for (const [who, role] of [
      [coordinator, 'site_coordinator'],
      [statistician, 'statistician'],
    ] as const) {
      const created = await api<{ oneTimePassword: string }>('POST', '/api/users', {
        username: who.username,
        displayName: who.username,
        memberships: [{ siteId: site.id, role }],
      });
      who.oneTime = created.oneTimePassword;
    }
    await signInAs(page, coordinator);
    const { screening } = await api<{ screening: { id: number } }>(
      'POST',
      `/api/sites/${site.id}/screenings`,
      screeningBody({ hospitalNumber: 'H-7007', screenedOn: '2026-03-02' }),
    );
    const participant = await api<{ studyId: string }>('POST', `/api/screenings/${screening.id}/enrollment`, {
      identity: { name: 'Visser, E.', hospitalNumber: 'H-7007', dateOfBirth: '1958-02-14', phone: null },
      consent: deferredConsent,
    });
    studyId = participant.studyId;
    expect(studyId).not.toBe('');
  });

  it('downloads the participants table as CSV and as Parquet, and the REDCap data dictionary', async () => {
    await signInAs(page, statistician);
    await goTo(page, 'Exports', 'Exports');
    await page.getByRole('table', { name: 'The tables of an export, with a download of each' }).waitFor();

    const csv = await download('participants.csv');
    expect(csv.name).toBe('participants.csv');
    const text = csv.body.toString('utf8');
    expect(text).toContain(studyId);
    for (const identity of ['Visser', 'H-7007', '1958-02-14']) expect(text).not.toContain(identity);

    await page.getByText('Parquet', { exact: true }).click();
    const parquet = await download('participants.parquet');
    expect(parquet.body.subarray(0, 4).toString('latin1')).toBe('PAR1');

    const dictionary = await download('Data dictionary');
    expect(dictionary.body.toString('utf8').split(/\r?\n/)[0]).toContain('Variable / Field Name');
    expect(pageErrors).toEqual([]);
  });
});

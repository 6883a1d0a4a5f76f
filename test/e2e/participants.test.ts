import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, goTo as goToPage, openBrowser, pickDateTime as pickIn } from './browser.ts';
import { requireBuiltWebApp, startServer, type RunningServer } from './server.ts';

/**
 * The participant lifecycle in the browser: screening (not eligible, eligible), enrollment under deferred
 * consent, visits and their windows as the (started) server clock moves on, and a withdrawal whose
 * destruction a second person, an investigator, approves.
 */
const adminPassword = 'correct horse battery staple';
const coordinator = { username: 'coord.nij', password: 'coordinator pass phrase 1', oneTime: '' };
const investigator = { username: 'inv.nij', password: 'investigator pass phrase 2', oneTime: '' };

describe('web app: a participant from screening to an approved destruction', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let participantUrl = '';
  let pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuiltWebApp();
    server = await startServer({ clockStart: '2026-03-02T09:00:00+01:00' });
    ({ browser, page, pageErrors } = await openBrowser(server.baseUrl));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Signs in on the sign-in page; with `newPassword`, replaces the one-time password first. */
  const pickDateTime = (field: Locator, day: string, time: string) => pickIn(page, field, day, time);

  async function signIn(username: string, password: string, newPassword?: string): Promise<void> {
    await page.context().clearCookies();
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in to septype' }).waitFor();
    await page.getByLabel(/^User name/).fill(username);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (newPassword !== undefined) {
      await page.getByRole('heading', { name: 'Change your password' }).waitFor();
      await page.getByLabel(/^Current password/).fill(password);
      await page.getByLabel(/^New password/).fill(newPassword);
      await page.getByLabel(/^Repeat the new password/).fill(newPassword);
      await page.getByRole('button', { name: 'Change password' }).click();
    }
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
  }

  const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) => apiCall<T>(page, method, url, data);
  const goTo = (navItem: string, heading: string) => goToPage(page, navItem, heading);

  const visitCard = (name: string): Locator => page.getByRole('listitem', { name, exact: true });

  /**
   * Types into a date field (Mantine DateInput) and leaves it, as a person would; the field then shows the
   * date in the app's format ("2 Mar 2026"), whatever was typed ("2026-03-02", "2-3-2026").
   */
  async function typeDate(field: Locator, text: string, shown: string): Promise<void> {
    await field.fill(text);
    await field.blur();
    expect(await field.inputValue()).toBe(shown);
  }

  /** Fills the screening form; every exclusion question is answered "No". */
  async function screen(patient: { hospitalNumber: string; age: string; sofa2: string }): Promise<Locator> {
    await page.getByRole('button', { name: 'New screening' }).click();
    const dialog = page.getByRole('dialog', { name: 'New screening' });
    await typeDate(dialog.getByLabel(/^Screening date/), '2 Mar 2026', '2 Mar 2026');
    const admission = dialog.getByLabel(/^ICU\/MC admission/);
    await pickDateTime(admission, '1 March 2026', '22:00');
    expect(await admission.textContent()).toBe('1 Mar 2026 22:00');
    await dialog.getByLabel('Setting', { exact: true }).selectOption({ label: 'ICU' });
    await dialog.getByLabel('Sex', { exact: true }).selectOption({ label: 'Female' });
    await dialog.getByLabel(/^Hospital number/).fill(patient.hospitalNumber);
    await dialog.getByLabel(/^Age \(years\)/).fill(patient.age);
    await dialog.getByLabel('Infection', { exact: true }).selectOption({ label: 'Suspected' });
    await dialog.getByLabel('Admission type', { exact: true }).selectOption({ label: 'New admission' });
    await dialog.getByLabel(/^SOFA-2 total/).fill(patient.sofa2);
    for (const group of await dialog.getByRole('radiogroup').all()) {
      const labelId = await group.getAttribute('aria-labelledby');
      if (labelId === null) continue; // the SOFA-2 mode switch
      const name = (await page.locator(`[id="${labelId}"]`).textContent()) ?? '';
      const answer = name.startsWith('Long-term corticosteroids') ? 'None taken' : 'No';
      await group.getByLabel(answer, { exact: true }).check();
    }
    return dialog;
  }

  it('signs in as the administrator, creates the site NIJ and two users of it', async () => {
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByLabel(/^User name/).fill('admin');
    await page.getByLabel(/^Password/).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.getByLabel(/^Current password/).fill(server.adminPassword);
    await page.getByLabel(/^New password/).fill(adminPassword);
    await page.getByLabel(/^Repeat the new password/).fill(adminPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    // The administrator runs the platform, not the study: no participant pages.
    expect(await page.getByRole('link', { name: 'Screening log' }).count()).toBe(0);

    const { sites } = await api<{ sites: { id: number; code: string }[] }>('GET', '/api/sites');
    const site =
      sites.find((s) => s.code === 'NIJ') ??
      (await api<{ id: number }>('POST', '/api/sites', {
        code: 'NIJ',
        name: 'Radboudumc Nijmegen',
        timeZone: 'Europe/Amsterdam',
      }));
    for (const [person, role, displayName] of [
      [coordinator, 'site_coordinator', 'Coordinator Nijmegen'],
      [investigator, 'investigator', 'Investigator Nijmegen'],
    ] as const) {
      const created = await api<{ oneTimePassword: string }>('POST', '/api/users', {
        username: person.username,
        displayName,
        memberships: [{ siteId: site.id, role }],
      });
      person.oneTime = created.oneTimePassword;
    }
  });

  it('as the coordinator, screens a 17-year-old: not eligible, for the age', async () => {
    await signIn(coordinator.username, coordinator.oneTime, coordinator.password);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    // Site roles count at the current site, known once the site list has arrived.
    await nav.getByRole('link', { name: 'Screening log' }).waitFor();
    for (const item of ['Screening log', 'Participants', 'Worklist', 'Destructions']) {
      expect(await nav.getByRole('link', { name: item }).count(), item).toBe(1);
    }
    await goTo('Screening log', 'Screening log');
    await page.getByText('No screenings match.').waitFor();

    const dialog = await screen({ hospitalNumber: 'H-1001', age: '17', sofa2: '4' });
    const panel = dialog.getByTestId('eligibility-panel');
    await panel.getByText('Not eligible', { exact: true }).waitFor();
    await panel.getByText('Age below the minimum').waitFor();
    await dialog.getByLabel(/^Age \(years\)/).fill('64');
    await panel.getByText('Eligible', { exact: true }).waitFor();
    await dialog.getByLabel(/^Age \(years\)/).fill('17');
    await panel.getByText('Not eligible', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Save screening' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: 'Age below the minimum' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Not eligible');
    expect(await row.getByRole('button').count()).toBe(0);
  });

  it('screens an eligible patient, with SOFA-2 from the organ variables, and filters the log', async () => {
    const dialog = await screen({ hospitalNumber: 'H-2002', age: '64', sofa2: '0' });
    await dialog.getByText('Compute from organ variables').click();
    await dialog.getByLabel(/^Mean arterial pressure/).fill('62');
    await dialog.getByLabel(/^Platelets/).fill('90');
    const scores = dialog.getByTestId('sofa-scores');
    await scores.getByRole('row', { name: /SOFA-2 total/ }).waitFor();
    expect(await scores.getByRole('row', { name: /SOFA-2 total/ }).textContent()).toMatch(/[2-9]$/);
    await dialog.getByTestId('eligibility-panel').getByText('Eligible', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Save screening' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('row').filter({ hasText: 'Eligible' }).filter({ hasNotText: 'Not eligible' }).waitFor();
    await page.getByLabel('Eligible', { exact: true }).selectOption({ label: 'No' });
    await page.getByRole('row').filter({ hasText: 'Age below the minimum' }).waitFor();
    expect(await page.getByRole('row').count()).toBe(2);
    await page.getByLabel('Eligible', { exact: true }).selectOption({ label: 'All' });
    await expect.poll(() => page.getByRole('row').count()).toBe(3);
  });

  it('recognises a patient screened before by the hospital number', async () => {
    const dialog = await screen({ hospitalNumber: 'H-1001', age: '17', sofa2: '3' });
    await dialog.getByRole('button', { name: 'Save screening' }).click();
    await dialog.waitFor({ state: 'detached' });
    const warning = page.getByRole('alert').filter({ hasText: 'This patient was screened before' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('2 Mar 2026: Not eligible');
    await warning.getByRole('button', { name: 'Close' }).click();
    await warning.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('row').count()).toBe(4);

    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await page.request.get(href ?? '');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    expect((await csv.text()).trim().split('\n').length).toBe(4);
  });

  it('enrolls the eligible patient under deferred consent', async () => {
    const row = page.getByRole('row').filter({ hasText: 'Eligible' }).filter({ hasNotText: 'Not eligible' });
    await row.getByRole('button', { name: /^Actions for the screening/ }).click();
    await page.getByRole('menuitem', { name: 'Enroll…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enroll' });
    await dialog.getByLabel(/^Name/).fill('Jansen, A.');
    await dialog.getByLabel(/^Hospital number/).fill('H-2002');
    await typeDate(dialog.getByLabel(/^Date of birth/), '1961-05-04', '4 May 1961');
    await dialog.getByLabel('Consent type', { exact: true }).selectOption({ label: 'Deferred consent' });
    await typeDate(dialog.getByLabel(/^Date of the deferral/), '2 mar 2026', '2 Mar 2026');
    await dialog.getByRole('button', { name: 'Enroll' }).click();

    await page.getByRole('heading', { name: 'Participant NIJ-001', level: 1 }).waitFor();
    participantUrl = new URL(page.url()).pathname;
    const status = page.getByTestId('participant-status');
    await status.getByText('Consent pending').waitFor();
    await status.getByText('due 16 Mar 2026').waitFor();
    await visitCard('Day 0').getByText('Due', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Show identity' }).click();
    await page.getByTestId('identity').getByText('Jansen, A.').waitFor();

    await goTo('Participants', 'Participants');
    const listed = page.getByRole('row').filter({ hasText: 'NIJ-001' });
    expect(await listed.textContent()).toContain('Consent pending');
    expect(await listed.textContent()).toContain('due 16 Mar 2026');
  });

  it('records D0 with blood drawn, the tubes checked against the 40 mL limit', async () => {
    await page.getByRole('link', { name: 'NIJ-001' }).click();
    await page.getByRole('heading', { name: 'Participant NIJ-001', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Record visit Day 0' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record visit: Day 0' });
    const occurredAt = dialog.getByLabel(/^Date and time/);
    await pickDateTime(occurredAt, '2 March 2026', '08:30');
    expect(await occurredAt.textContent()).toBe('2 Mar 2026 08:30');
    const total = dialog.getByTestId('blood-total');
    expect(await total.textContent()).toBe('Total 37 mL of at most 40 mL');
    await dialog.getByLabel('EDTA 10 mL').fill('3');
    await dialog.getByLabel(/^Reason for drawing more than the limit/).waitFor();
    expect(await total.textContent()).toBe('Total 47 mL of at most 40 mL');
    await dialog.getByLabel('EDTA 10 mL').fill('2');
    await dialog.getByLabel(/^Reason for drawing more than the limit/).waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await visitCard('Day 0').getByText('Done in window').waitFor();
    expect(await visitCard('Day 0').textContent()).toContain('blood drawn, 37 mL');
  });

  it('three days later: records D3 in its window and the hospital discharge', async () => {
    server = await server.restart({ clockStart: '2026-03-06T12:00:00+01:00' });
    await signIn(coordinator.username, coordinator.password);
    await page.goto(participantUrl);
    await page.getByRole('heading', { name: 'Participant NIJ-001', level: 1 }).waitFor();
    await visitCard('Day 3').getByText('Due', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Record visit Day 3' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record visit: Day 3' });
    await pickDateTime(dialog.getByLabel(/^Date and time/), '6 March 2026', '09:15');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await visitCard('Day 3').getByText('Done in window').waitFor();

    await page.getByRole('button', { name: 'Record event' }).click();
    const event = page.getByRole('dialog', { name: 'Record event' });
    await event.getByLabel('Event', { exact: true }).selectOption({ label: 'Hospital discharge' });
    await typeDate(event.getByLabel(/^Date/), '6 Mar 2026', '6 Mar 2026');
    await event.getByRole('button', { name: 'Save' }).click();
    await event.waitFor({ state: 'detached' });
    await page.getByRole('list', { name: 'Clinical events' }).getByText('Hospital discharge').waitFor();
    await visitCard('Hospital discharge').getByText('Due', { exact: true }).waitFor();
  });

  it('six days later: the discharge visit is overdue, on the participant page and the worklist', async () => {
    server = await server.restart({ clockStart: '2026-03-12T09:00:00+01:00' });
    await signIn(coordinator.username, coordinator.password);
    await page.goto(participantUrl);
    await page.getByRole('heading', { name: 'Participant NIJ-001', level: 1 }).waitFor();
    await visitCard('Hospital discharge').getByText('Overdue').waitFor();
    expect(await visitCard('Day 0').textContent()).toContain('Done in window');
    expect(await visitCard('Day 3').textContent()).toContain('Done in window');

    await goTo('Worklist', 'Worklist');
    const overdue = page.getByRole('list', { name: 'Overdue' });
    await overdue
      .getByRole('listitem')
      .filter({ hasText: 'NIJ-001' })
      .filter({ hasText: 'Hospital discharge' })
      .waitFor();
    const consents = page.getByRole('list', { name: 'Consents pending' });
    expect(await consents.textContent()).toContain('due 16 Mar 2026');
    await page.getByRole('list', { name: 'Follow-up calls to plan' }).waitFor({ state: 'detached' });

    // The same page in Dutch.
    await page.getByRole('banner').getByText('Nederlands', { exact: true }).click();
    await page.getByRole('heading', { name: 'Werklijst', level: 1 }).waitFor();
    const teLaat = await page.getByRole('list', { name: 'Te laat' }).textContent();
    expect(teLaat).toContain('NIJ-001');
    expect(teLaat).toContain('Te laat');
    await page.getByRole('banner').getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
  });

  it('withdraws the participant, asking to destroy data and samples', async () => {
    await page.getByRole('list', { name: 'Overdue' }).getByRole('link', { name: 'NIJ-001' }).click();
    await page.getByRole('heading', { name: 'Participant NIJ-001', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Withdraw' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw the participant' });
    // Day first, as written in the Netherlands.
    await typeDate(dialog.getByLabel(/^Date/), '12-3-2026', '12 Mar 2026');
    await dialog.getByLabel('Requested by', { exact: true }).selectOption({ label: 'Participant' });
    await dialog
      .getByLabel('What the withdrawal covers', { exact: true })
      .selectOption({ label: 'Stop follow-up, destroy samples and data' });
    expect(await dialog.getByTestId('destroy-note').textContent()).toContain(
      'an investigator (another person) approves',
    );
    await dialog.getByRole('button', { name: 'Withdraw' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('destruction-pending').waitFor();
    expect(await page.getByTestId('destruction-pending').textContent()).toContain('data and samples');

    // The coordinator asked: someone else must approve.
    await goTo('Destructions', 'Destructions');
    await page.getByRole('row').filter({ hasText: 'NIJ-001' }).waitFor();
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
  });

  it('as the investigator, approves the destruction: the participant is gone, a tombstone remains', async () => {
    await signIn(investigator.username, investigator.oneTime, investigator.password);
    await goTo('Destructions', 'Destructions');
    await page.getByRole('button', { name: 'Approve the destruction of NIJ-001' }).click();
    const confirm = page.getByRole('dialog', { name: 'Approve' });
    expect(await confirm.textContent()).toContain('Destroy the data and samples of NIJ-001?');
    await confirm.getByRole('button', { name: 'Approve' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('No requests are waiting.').waitFor();
    const tombstone = page.getByRole('table', { name: 'Destructions decided, newest first' }).getByRole('row', {
      name: /NIJ-001/,
    });
    await tombstone.waitFor();
    expect(await tombstone.textContent()).toContain('Carried out');
    expect(await tombstone.textContent()).toContain('Withdrawal');

    await goTo('Participants', 'Participants');
    await page.getByText('No participants yet.').waitFor();
    await page.goto(participantUrl);
    await page.getByRole('heading', { name: 'Participant not found', level: 1 }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

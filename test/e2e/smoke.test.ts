import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser } from './browser.ts';
import { requireBuiltWebApp, startServer, type RunningServer } from './server.ts';

const newPassword = 'correct horse battery staple';

describe('web app smoke test: the first administrator sets up a site and a user', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuiltWebApp();
    server = await startServer();
    ({ browser, page, pageErrors } = await openBrowser(server.baseUrl));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with the one-time password and is made to change it', async () => {
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { name: 'Sign in to septype' }).waitFor();
    expect(await page.title()).toBe('Sign in · septype');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByLabel(/^User name/).fill('admin');
    await page.getByLabel(/^Password/).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.getByLabel(/^Current password/).fill(server.adminPassword);
    await page.getByLabel(/^New password/).fill('admin-short');
    await page.getByLabel(/^Repeat the new password/).fill('admin-short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Use at least 12 characters').waitFor();

    await page.getByLabel(/^New password/).fill(newPassword);
    await page.getByLabel(/^Repeat the new password/).fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();

    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const item of ['Home', 'Sites', 'Users', 'Security log', 'Audit trail']) {
      expect(await nav.getByRole('link', { name: item }).count(), item).toBe(1);
    }
  });

  it('creates the site NIJ', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Sites' }).click();
    await page.getByRole('heading', { name: 'Sites', level: 1 }).waitFor();
    expect(await page.title()).toBe('Sites · septype');

    await page.getByRole('button', { name: 'New site' }).click();
    const dialog = page.getByRole('dialog', { name: 'New site' });
    await dialog.getByLabel(/^Code/).fill('NIJ');
    await dialog.getByLabel(/^Name/).fill('Radboudumc Nijmegen');
    await dialog.getByLabel(/^Time zone/).fill('Europe/Amster');
    await page.getByRole('option', { name: 'Europe/Amsterdam' }).click();
    expect(await dialog.getByLabel(/^Time zone/).inputValue()).toBe('Europe/Amsterdam');
    await dialog.getByRole('button', { name: 'Create site' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: 'Radboudumc Nijmegen' });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['NIJ', 'Europe/Amsterdam', 'Active']),
    );
  });

  it("shows the server's refusal in Dutch, under the field it is about", async () => {
    await page.getByRole('radiogroup', { name: 'Language' }).locator('label', { hasText: 'Nederlands' }).click();
    await page.getByRole('heading', { name: 'Centra', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Nieuw centrum' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nieuw centrum' });
    await dialog.getByLabel(/^Code/).fill('NIJ');
    await dialog.getByLabel(/^Naam/).fill('Tweede Nijmegen');
    await dialog.getByRole('button', { name: 'Centrum aanmaken' }).click();
    await dialog.getByText('er bestaat al een centrum met code NIJ').waitFor();
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await page.getByRole('radiogroup', { name: 'Taal' }).locator('label', { hasText: 'English' }).click();
    await page.getByRole('heading', { name: 'Sites', level: 1 }).waitFor();
  });

  it('creates a site coordinator at NIJ and shows the one-time password once', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: 'admin' }).waitFor();

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel(/^User name/).fill('coord.nij');
    await dialog.getByLabel(/^Display name/).fill('Coordinator Nijmegen');
    await dialog.getByLabel('Site', { exact: true }).selectOption({ label: 'NIJ · Radboudumc Nijmegen' });
    await dialog.getByLabel('Role', { exact: true }).selectOption({ label: 'Site coordinator' });
    await dialog.getByRole('button', { name: 'Create user' }).click();

    const created = page.getByRole('dialog', { name: 'Account created' });
    const secret = created.getByTestId('one-time-secret');
    await secret.waitFor();
    expect((await secret.innerText()).trim()).toMatch(/^[A-Za-z2-9]{20}$/);
    await created.getByRole('button', { name: 'Done' }).click();
    await created.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: 'coord.nij' });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Coordinator Nijmegen');
    expect(text).toContain('Site coordinator · NIJ');
    expect(text).toContain('Must change password');
  });

  it('lists the sign-in in the security log', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Security log' }).click();
    await page.getByRole('heading', { name: 'Security log', level: 1 }).waitFor();

    const signIn = page.getByRole('row').filter({ has: page.getByText('Signed in', { exact: true }) });
    await signIn.first().waitFor();
    const cells = await signIn.first().getByRole('cell').allTextContents();
    expect(cells[1]).toBe('admin');
    expect(cells[4]).toBe('Web');
    expect(await page.getByText('Roles changed', { exact: true }).count()).toBeGreaterThan(0);
  });

  it('signs out and lands on the sign-in page', async () => {
    await page.getByRole('button', { name: /^Account menu of / }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { name: 'Sign in to septype' }).waitFor();
    await page.getByText('You have signed out.').waitFor();

    await page.goto('/users');
    await page.waitForURL('**/sign-in?next=%2Fusers');
    const session = await page.request.get('/api/auth/session');
    expect(session.status()).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});

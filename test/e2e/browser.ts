import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { chromiumArgs } from '../../src/features/analysis/report/pdf.ts';

const browserArgs = [...chromiumArgs, '--disable-quic'];

export interface OpenBrowser {
  browser: Browser;
  page: Page;
  /** Uncaught page errors and Content-Security-Policy violations: a test ends by expecting none. */
  pageErrors: string[];
}

/** Debian's Chromium, headless, with one page on the server at baseUrl (en-GB). */
export async function openBrowser(baseUrl: string): Promise<OpenBrowser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: browserArgs });
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return { browser, page, pageErrors };
}

/** An API call with the browser's session cookie and its CSRF token; fails the test on anything but 2xx. */
export async function apiCall<T>(page: Page, method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown): Promise<T> {
  const session = await page.request.get('/api/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrfToken } });
  expect(response.ok(), `${method} ${url}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** Follows a link of the main navigation and waits for the page's heading. */
export async function goTo(page: Page, navItem: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: navItem }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** Someone who signs in: the first time with the one-time password an administrator gave, replaced on the way. */
export interface SignInAs {
  username: string;
  password: string;
  /** '' once replaced by `password`. */
  oneTime: string;
}

/** Signs in on the sign-in page; the first time, replaces the one-time password (and remembers that it did). */
export async function signIn(page: Page, who: SignInAs): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/sign-in');
  await page.getByRole('heading', { name: 'Sign in to septype' }).waitFor();
  const first = who.oneTime !== '';
  await page.getByLabel(/^User name/).fill(who.username);
  await page.getByLabel(/^Password/).fill(first ? who.oneTime : who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (first) {
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.getByLabel(/^Current password/).fill(who.oneTime);
    await page.getByLabel(/^New password/).fill(who.password);
    await page.getByLabel(/^Repeat the new password/).fill(who.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    who.oneTime = '';
  }
  await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
}

/**
 * Picks `day` ("1 March 2026") and `time` ("22:00") in a date-time field (Mantine DateTimePicker): month and year
 * from the calendar's selects, the day by its name, hours and minutes typed, then Done.
 */
export async function pickDateTime(page: Page, field: Locator, day: string, time: string): Promise<void> {
  const [, month, year] = day.split(' ');
  const [hours, minutes] = time.split(':');
  await field.click();
  await expect.poll(() => field.getAttribute('aria-expanded')).toBe('true');
  const picker = page.locator(`[id="${await field.getAttribute('aria-controls')}"]`);
  await picker.locator('select[data-select="year"]').selectOption(year!);
  await picker.locator('select[data-select="month"]').selectOption({ label: month! });
  // Each step waits for the picker to have taken the previous one: on a loaded machine a click on a calendar that
  // is still re-rendering after the month changed can be lost, and Done then has no date to close with.
  const dayButton = picker.getByRole('button', { name: day, exact: true });
  await dayButton.click();
  await expect.poll(() => dayButton.getAttribute('data-selected')).toBe('true');
  await picker.getByRole('spinbutton', { name: 'Hours' }).fill(hours!);
  await picker.getByRole('spinbutton', { name: 'Minutes' }).fill(minutes!);
  await expect.poll(() => picker.getByRole('spinbutton', { name: 'Minutes' }).inputValue()).toBe(minutes);
  await picker.getByRole('button', { name: 'Done' }).click();
  await picker.waitFor({ state: 'detached' });
}

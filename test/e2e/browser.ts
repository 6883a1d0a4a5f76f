import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface OpenBrowser {
  browser: Browser;
  page: Page;
  /** Uncaught page errors and Content-Security-Policy violations: a test ends by expecting none. */
  pageErrors: string[];
}

/** Debian's Chromium, headless, with one page on the server at baseUrl (en-GB). */
export async function openBrowser(baseUrl: string): Promise<OpenBrowser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
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

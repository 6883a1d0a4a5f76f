import { chromium, type Browser, type Page } from 'playwright-core';

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

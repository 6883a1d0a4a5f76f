import { existsSync } from 'node:fs';
import { AppError } from '../../../core/errors.ts';
import { analysisMessages } from '../messages.ts';

/**
 * The report as PDF, printed by the same headless Chromium the tests use (Debian's `chromium`), driven by
 * playwright-core. The HTML is self-contained and the page is offline: nothing is fetched while printing.
 */

/** Headless, offline, no first-run work: the end-to-end tests start Chromium with the same flags. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** SEPTYPE_CHROMIUM, else Debian's path. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SEPTYPE_CHROMIUM ?? '/usr/bin/chromium';
}

export async function reportPdf(html: string, executablePath = chromiumPath()): Promise<Buffer> {
  if (!existsSync(executablePath)) {
    throw new AppError('unavailable', analysisMessages.noChromium({ path: executablePath }));
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}

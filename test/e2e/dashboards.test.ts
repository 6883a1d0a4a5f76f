import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow, Recruitment } from '../../src/features/dashboards/contract.ts';
import { apiCall, openBrowser, signIn } from './browser.ts';
import { requireBuiltWebApp, startServer, type RunningServer } from './server.ts';

/**
 * A newcomer's first start (`npm start` is `serve --demo`): the server fills a new database with the demo study,
 * prints its accounts, and every page says DEMO. The data manager reads the recruitment chart and the STROBE
 * flow diagram, whose numbers are the API's, and clicks a count through to the participants behind it.
 */
describe('web app: the demo study and its dashboards', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    requireBuiltWebApp();
    server = await startServer({ demo: true });
    ({ browser, page, pageErrors } = await openBrowser(server.baseUrl));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const banner = () => page.getByRole('note', { name: 'DEMO' });

  it('starts on a fresh database with the demo study: accounts of every role printed, a DEMO banner from sign-in on', async () => {
    expect([...server.demoPasswords.keys()]).toEqual(
      expect.arrayContaining(['admin', 'datamanager', 'statistician', 'monitor']),
    );
    expect([...server.demoPasswords.keys()].filter((name) => name.startsWith('nurse.'))).toHaveLength(3);
    await page.goto('/sign-in');
    expect(await banner().textContent()).toContain('synthetic patients');

    await signIn(page, { username: 'datamanager', password: server.demoPasswords.get('datamanager')!, oneTime: '' });
    expect(await banner().textContent()).toContain('DEMO');
  });

  it('reads the recruitment chart: enrolled against the target of 400, with a projected completion', async () => {
    const recruitment = await apiCall<Recruitment>(page, 'GET', '/api/dashboards/recruitment');
    expect(recruitment.enrolled.n).toBeGreaterThan(0);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboards' }).click();
    // The coordinating centre's view: all three sites, as the API answers without ?siteId.
    await page.getByTestId('dashboard-scope').getByText('All my sites (3)').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sites')).toBe('all');
    await page.getByRole('tab', { name: 'Recruitment' }).click();

    const chart = page.getByTestId('recruitment-chart');
    await expect.poll(() => chart.getAttribute('data-state')).toBe('drawn');
    await page.getByRole('img', { name: /Cumulative enrolment per month against the target of 400/ }).waitFor();
    expect(await chart.locator('svg').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('recruitment-summary').textContent()).toContain(
      `${recruitment.enrolled.n} of 400 enrolled`,
    );
    expect(await page.getByTestId('recruitment-projection').textContent()).toMatch(
      /projected completion|target reached/,
    );
  });

  it('reads the STROBE flow diagram: every box shows the count the API gives', async () => {
    const flow = await apiCall<Flow>(page, 'GET', '/api/dashboards/flow');
    await page.getByRole('tab', { name: 'Flow (STROBE)' }).click();
    const diagram = page.getByRole('group', { name: 'Participant flow diagram' });
    await diagram.waitFor();
    for (const id of ['screened', 'not_eligible', 'enrolled', 'visit:D0', 'analysed']) {
      const node = flow.nodes.find((n) => n.id === id);
      expect(node, id).toBeDefined();
      const box = diagram.getByTestId(`flow-box-${id}`);
      expect(await box.textContent(), id).toContain(`n = ${node!.count.n.toLocaleString('en-GB')}`);
      expect(await box.locator('[data-count]').first().getAttribute('data-count'), id).toBe(String(node!.count.n));
    }
    const screened = flow.nodes.find((n) => n.id === 'screened')!.count.n;
    const enrolled = flow.nodes.find((n) => n.id === 'enrolled')!.count.n;
    // A screening log several times larger than the cohort.
    expect(screened).toBeGreaterThan(2 * enrolled);

    const download = page.waitForEvent('download');
    await page.getByTestId('flow-download-svg').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^strobe-flow-.*\.svg$/);
    const svg = readFileSync(await file.path(), 'utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain(`n = ${screened.toLocaleString('en-GB')}`);
  });

  it('clicks a count through to the participants behind it, and on to a participant', async () => {
    const flow = await apiCall<Flow>(page, 'GET', '/api/dashboards/flow');
    const enrolled = flow.nodes.find((n) => n.id === 'enrolled')!.count.n;
    await page
      .getByRole('link', { name: `Enrolled: ${enrolled}, show them` })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Behind: Enrolled' }).waitFor();
    expect(await page.getByTestId('drill-down-count').textContent()).toContain(`${enrolled} rows counted`);

    const first = page.getByTestId('drill-down-rows').getByRole('link').first();
    const studyId = (await first.textContent())!.trim();
    expect(studyId).toMatch(/^[A-Z]+-\d{3}$/);
    await first.click();
    await page
      .getByRole('heading', { name: new RegExp(studyId) })
      .first()
      .waitFor();
    expect(await banner().count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, RunSummary } from '../../src/features/analysis/contract.ts';
import { apiCall, goTo, openBrowser, signIn } from './browser.ts';
import { requireBuiltWebApp, startServer, type RunningServer } from './server.ts';

interface RuleTypes {
  ruleSet: string;
  version: string;
  visits: { visit: string; immunotype: string; reason: string }[];
}

/**
 * Immunotype discovery in the browser (issue 14 §5): the statistician starts a small discovery on the demo
 * study, follows its progress bar to the end, reads the immunotypes it found and opens the report in a new tab;
 * the data manager sees a participant's rule-based immunotype next to the laboratory results.
 */
describe('web app: immunotype analysis', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let runId = '';
  /** The run that named the immunotypes of the first. */
  let namedRunId = '';

  beforeAll(async () => {
    requireBuiltWebApp();
    server = await startServer({ demo: true });
    ({ browser, page, pageErrors } = await openBrowser(server.baseUrl));
    // Pages the app opens (the report in a new tab) report their errors and CSP violations too.
    page.context().on('page', (opened) => {
      opened.on('pageerror', (error) => pageErrors.push(`${opened.url()}: ${error.message}`));
      opened.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
          pageErrors.push(`${opened.url()}: ${message.text()}`);
      });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts a small discovery from the Analysis page and follows it on the run page', async () => {
    await signIn(page, { username: 'statistician', password: server.demoPasswords.get('statistician')!, oneTime: '' });
    await goTo(page, 'Analysis', 'Analysis');
    const form = page.getByTestId('start-run-form');
    await form.waitFor();
    expect(await form.getByRole('textbox', { name: 'Seed' }).inputValue()).toBe('1');
    expect(await form.getByRole('textbox', { name: 'Lowest k' }).inputValue()).toBe('2');
    expect(await form.getByRole('textbox', { name: 'Highest k' }).inputValue()).toBe('8');
    expect(await form.getByRole('textbox', { name: 'Resamples' }).inputValue()).toBe('500');
    expect(await form.getByRole('checkbox', { name: 'Use the suggested k' }).isChecked()).toBe(true);

    // The API's refusal shows under the field it names.
    await form.getByRole('textbox', { name: 'Lowest k' }).fill('6');
    await form.getByRole('textbox', { name: 'Highest k' }).fill('3');
    await form.getByRole('button', { name: 'Start the discovery' }).click();
    const lowest = form.getByRole('textbox', { name: 'Lowest k' });
    await expect.poll(() => lowest.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('kRange must be [lowest, highest]');
    expect(new URL(page.url()).pathname).toBe('/analysis');

    await lowest.fill('2');
    await form.getByRole('textbox', { name: 'Highest k' }).fill('5');
    await form.getByRole('textbox', { name: 'Resamples' }).fill('20');
    await form.getByRole('checkbox', { name: 'Fit a classifier' }).check();
    await form.getByRole('textbox', { name: 'Most markers' }).fill('3');
    await form.getByRole('button', { name: 'Start the discovery' }).click();

    await page.waitForURL(/\/analysis\/runs\/run-[0-9-]+-[0-9a-f]+$/);
    runId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: `Run ${runId}`, level: 1 }).waitFor();

    // The bar follows the server-sent events up to 100 %, never going back.
    const bar = page.getByRole('progressbar', { name: 'Progress of the run' });
    await bar.waitFor();
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          const now = Number(await bar.getAttribute('aria-valuenow'));
          if (seen.at(-1) !== now) seen.push(now);
          return now;
        },
        { timeout: 110_000, interval: 100 },
      )
      .toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await page.getByTestId('run-facts').getByText('Finished').waitFor();
    expect(await page.getByTestId('run-stage').textContent()).toBe('Stage: Done');
  }, 120_000);

  it('shows what the discovery found: timepoint, samples, k, the immunotypes with their sizes', async () => {
    const detail = await apiCall<RunDetail>(page, 'GET', `/api/analysis/runs/${runId}`);
    expect(detail.status).toBe('finished');
    expect(detail.spec).toMatchObject({ kRange: [2, 5], resamples: 20, seed: 1, classifier: { maxMarkers: 3 } });
    const result = detail.result!;
    expect(result.immunotypes.length).toBe(result.k);

    const facts = page.getByTestId('run-result');
    expect(await facts.textContent()).toContain(`(${result.timepoint})`);
    expect(await facts.textContent()).toContain(String(result.samples));
    const rows = page.getByTestId('run-immunotypes').locator('tbody tr');
    expect(await rows.count()).toBe(result.k);
    for (const [i, type] of result.immunotypes.entries()) {
      expect(await rows.nth(i).locator('th').textContent()).toBe(type.name);
      expect(await rows.nth(i).locator('td').first().textContent()).toBe(String(type.size));
    }

    const files = page.getByTestId('run-files');
    expect(await files.getByRole('link', { name: 'Report (PDF)' }).getAttribute('href')).toBe(
      `/api/analysis/runs/${runId}/files/report.pdf`,
    );
    const pdf = await page.request.get(`/api/analysis/runs/${runId}/files/report.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    for (const name of ['Assignments (CSV)', 'Run record (JSON)', 'Model (JSON)', 'Classifier (JSON)'])
      expect(await files.getByRole('link', { name }).count(), name).toBe(1);
  });

  it('opens the report in a new tab: the choice of k, with its figures', async () => {
    const link = page.getByRole('link', { name: /^Open the report/ });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');
    const [report] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await report.waitForLoadState();
    expect(new URL(report.url()).pathname).toBe(`/api/analysis/runs/${runId}/files/report.html`);
    await report.getByRole('heading', { name: 'Choice of k' }).waitFor();
    expect(await report.locator('svg').count()).toBeGreaterThan(0);
    await report.close();
  });

  it('lists the run on the Analysis page: who, status, dataset and version', async () => {
    const runs = await apiCall<RunSummary[]>(page, 'GET', '/api/analysis/runs');
    const summary = runs.find((run) => run.runId === runId)!;
    await page.getByRole('link', { name: 'Back to the analysis runs' }).click();
    const row = page.getByTestId('analysis-runs').getByRole('row').filter({ hasText: runId });
    await row.waitFor();
    const text = (await row.textContent())!;
    expect(text).toContain(summary.createdBy);
    expect(text).toContain('Finished');
    expect(text).toContain(summary.datasetHash!.slice(0, 12));
    expect(text).toContain(summary.version);
    await row.getByRole('link', { name: runId }).click();
    await page.getByRole('heading', { name: `Run ${runId}`, level: 1 }).waitFor();
    await page.getByTestId('run-immunotypes').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('names the immunotypes: a new run, the same clustering with the given names', async () => {
    const first = await apiCall<RunDetail>(page, 'GET', `/api/analysis/runs/${runId}`);
    const result = first.result!;
    const form = page.getByRole('form', { name: 'Name the immunotypes' });
    await form.waitFor();
    const inputs = form.getByRole('textbox');
    expect(await inputs.count()).toBe(result.k);
    for (const [i, type] of result.immunotypes.entries()) {
      expect(await inputs.nth(i).inputValue()).toBe(type.name);
      const label = form.getByRole('textbox', { name: `${type.name} (${type.size} samples)`, exact: false });
      expect(await label.inputValue()).toBe(type.name);
    }
    const start = form.getByRole('button', { name: 'Start with these names' });

    // A name given twice is refused here; an empty one by the API, under its field.
    await inputs.nth(1).fill(result.immunotypes[0]!.name);
    await start.click();
    await expect.poll(() => inputs.nth(1).getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('This name is given to another immunotype too');
    await inputs.nth(0).fill(' ');
    await inputs.nth(1).fill('beta');
    await start.click();
    await expect.poll(() => inputs.nth(0).getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe(`/analysis/runs/${runId}`);

    // kRange [2, 5]: at most five immunotypes.
    const given = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].slice(0, result.k);
    for (const [i, name] of given.entries()) await inputs.nth(i).fill(name);
    await start.click();
    await page.waitForURL(
      (url) => /\/analysis\/runs\/run-[0-9-]+-[0-9a-f]+$/.test(url.pathname) && !url.pathname.endsWith(runId),
    );
    const named = new URL(page.url()).pathname.split('/').pop()!;
    namedRunId = named;
    await page.getByRole('heading', { name: `Run ${named}`, level: 1 }).waitFor();
    await page.getByTestId('run-facts').getByText('Finished').waitFor({ timeout: 100_000 });

    // The same spec, data and seed: the same immunotypes, now with the given names.
    const detail = await apiCall<RunDetail>(page, 'GET', `/api/analysis/runs/${named}`);
    expect(detail.status).toBe('finished');
    expect(detail.spec).toEqual({ ...first.spec, k: result.k, names: given });
    expect(detail.datasetHash).toBe(first.datasetHash);
    expect(detail.result!.immunotypes).toEqual(result.immunotypes.map((type, i) => ({ ...type, name: given[i] })));
    const rows = page.getByTestId('run-immunotypes').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.locator('th').allTextContents()).toEqual(given);
    // The new version can be named again, from its own names.
    expect(
      await page.getByRole('form', { name: 'Name the immunotypes' }).getByRole('textbox').first().inputValue(),
    ).toBe('alpha');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('runs the named version again with the same result, and with another k without the names', async () => {
    const named = await apiCall<RunDetail>(page, 'GET', `/api/analysis/runs/${namedRunId}`);
    const follow = async (from: string) => {
      await page.waitForURL(
        (url) => /\/analysis\/runs\/run-[0-9-]+-[0-9a-f]+$/.test(url.pathname) && !url.pathname.endsWith(from),
      );
      const id = new URL(page.url()).pathname.split('/').pop()!;
      await page.getByRole('heading', { name: `Run ${id}`, level: 1 }).waitFor();
      await page.getByTestId('run-facts').getByText('Finished').waitFor({ timeout: 100_000 });
      return apiCall<RunDetail>(page, 'GET', `/api/analysis/runs/${id}`);
    };

    await page.getByRole('button', { name: 'Start the same run again' }).click();
    const again = await follow(named.runId);
    expect(again.spec).toEqual(named.spec);
    expect(again.result!.immunotypes).toEqual(named.result!.immunotypes);

    const k = again.result!.k === 2 ? 3 : 2;
    const form = page.getByRole('form', { name: 'Use another k' });
    await form.getByRole('textbox', { name: 'Number of immunotypes' }).fill(String(k));
    await form.getByRole('button', { name: 'Start with this k' }).click();
    const other = await follow(again.runId);
    expect(other.spec).toEqual({
      ...Object.fromEntries(Object.entries(named.spec).filter(([key]) => key !== 'names')),
      k,
    });
    expect(other.result!.k).toBe(k);
    expect(other.result!.immunotypes.map((type) => type.name)).toEqual(['IT1', 'IT2', 'IT3'].slice(0, k));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("shows a participant's rule-based immunotype per visit next to the laboratory results", async () => {
    await signIn(page, { username: 'datamanager', password: server.demoPasswords.get('datamanager')!, oneTime: '' });
    const { sites } = await apiCall<{ sites: { id: number }[] }>(page, 'GET', '/api/sites');
    const { participants } = await apiCall<{ participants: { id: number; studyId: string }[] }>(
      page,
      'GET',
      `/api/sites/${sites[0]!.id}/participants`,
    );
    // The first participant with a classified visit (ferritin and HLA-DR measured).
    let found: { id: number; studyId: string; types: RuleTypes } | null = null;
    for (const participant of participants.slice(0, 40)) {
      const types = await apiCall<RuleTypes>(page, 'GET', `/api/participants/${participant.id}/immunotypes`);
      if (types.visits.some((v) => v.immunotype !== 'unclassifiable')) {
        found = { ...participant, types };
        break;
      }
    }
    expect(found, 'a demo participant with a rule-based immunotype').not.toBeNull();
    const { id, studyId, types } = found!;

    await page.goto(`/participants/${id}`);
    await page.getByRole('heading', { name: new RegExp(studyId), level: 1 }).waitFor();
    const section = page.getByRole('region', { name: 'Immunotype (rule-based)' });
    await section.waitFor();
    expect(await section.textContent()).toContain(`Rule set ${types.ruleSet}, version ${types.version}`);
    const rows = section.locator('tbody tr');
    expect(await rows.count()).toBe(types.visits.length);
    for (const [i, visit] of types.visits.entries()) {
      expect(await rows.nth(i).getAttribute('data-visit')).toBe(visit.visit);
      expect(await rows.nth(i).locator('[data-immunotype]').getAttribute('data-immunotype')).toBe(visit.immunotype);
      expect(await rows.nth(i).textContent()).toContain(visit.reason);
    }
    expect(pageErrors).toEqual([]);
  });
});

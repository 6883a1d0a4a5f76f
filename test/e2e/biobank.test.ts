import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferredConsent, screeningBody } from '../support/study-fixtures.ts';
import { apiCall, goTo as goToPage, openBrowser, pickDateTime as pickIn, signIn as signInAs } from './browser.ts';
import { requireBuiltWebApp, startServer, type RunningServer } from './server.ts';

/**
 * The biobank and the laboratory in the browser: a lab technician processes a visit's tubes into aliquots through
 * the Samples form (one tube late, so its aliquots are flagged), places them in a box from the box map with the
 * keyboard only (a taken position answers with the server's conflict), imports a results file with two bad rows
 * through the wizard, reads the report and accepts the partial import; the results, and the HLA-DR calibration
 * behind a value, show on the participant page.
 */
const adminPassword = 'correct horse battery staple';
interface Person {
  username: string;
  displayName: string;
  password: string;
  oneTime: string;
}
const coordinator: Person = {
  username: 'coord.nij',
  displayName: 'Coordinator Nijmegen',
  password: 'coordinator pass phrase 1',
  oneTime: '',
};
const technician: Person = {
  username: 'lab.central',
  displayName: 'Lab technician',
  password: 'marble orchard quietly hums 5',
  oneTime: '',
};

describe('web app: samples, storage and laboratory results', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let participantUrl = '';
  let boxName = '';
  /** Made by the server when the tubes are processed: plasma, plasma, serum. */
  let aliquots: string[] = [];
  let edtaTube = '';

  beforeAll(async () => {
    requireBuiltWebApp();
    // Late afternoon: the tubes drawn in the morning are processed hours later without being in the future.
    server = await startServer({ clockStart: '2026-03-02T18:00:00+01:00' });
    ({ browser, page, pageErrors } = await openBrowser(server.baseUrl));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signIn = (who: Person) => signInAs(page, who);
  const pickDateTime = (field: Locator, day: string, time: string) => pickIn(page, field, day, time);
  const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) => apiCall<T>(page, method, url, data);
  const goTo = (navItem: string, heading: string) => goToPage(page, navItem, heading);

  it('sets up the site, a coordinator, a study-wide lab technician, a participant with D0 drawn, and a box', async () => {
    await page.goto('/sign-in');
    await signIn({ username: 'admin', displayName: '', password: adminPassword, oneTime: server.adminPassword });
    const site = await api<{ id: number }>('POST', '/api/sites', {
      code: 'NIJ',
      name: 'Radboudumc Nijmegen',
      timeZone: 'Europe/Amsterdam',
    });
    for (const [who, siteId, role] of [
      [coordinator, site.id, 'site_coordinator'],
      [technician, null, 'lab_technician'],
    ] as const) {
      const created = await api<{ oneTimePassword: string }>('POST', '/api/users', {
        username: who.username,
        displayName: who.displayName,
        memberships: [{ siteId, role }],
      });
      who.oneTime = created.oneTimePassword;
    }

    await signIn(coordinator);
    const { screening } = await api<{ screening: { id: number } }>(
      'POST',
      `/api/sites/${site.id}/screenings`,
      screeningBody({ hospitalNumber: 'H-4004' }),
    );
    const participant = await api<{ id: number; studyId: string }>(
      'POST',
      `/api/screenings/${screening.id}/enrollment`,
      {
        identity: { name: 'de Boer, C.', hospitalNumber: 'H-4004', dateOfBirth: '1955-02-11', phone: null },
        consent: deferredConsent,
      },
    );
    expect(participant.studyId).toBe('NIJ-001');
    participantUrl = `/participants/${participant.id}`;
    await api('POST', `/api${participantUrl}/visits`, {
      visit: 'D0',
      outcome: 'done',
      occurredAt: '2026-03-02T08:00:00+01:00',
      bloodDrawn: true,
      tubes: [
        { tube: 'EDTA', count: 1 },
        { tube: 'SERUM', count: 1 },
      ],
    });

    await signIn(technician);
    const freezer = await api<{ id: number }>('POST', `/api/sites/${site.id}/freezers`, {
      name: 'Freezer A',
      kind: 'minus80',
      location: 'Lab room 2.14',
    });
    const rack = await api<{ id: number }>('POST', `/api/freezers/${freezer.id}/racks`, {
      name: 'Rack 1',
      kind: 'rack',
    });
    boxName = 'NIJ-P01';
    await api('POST', `/api/racks/${rack.id}/boxes`, { name: boxName, rows: 3, columns: 4 });
  });

  it('as the lab technician, processes the D0 tubes into aliquots through the Samples form', async () => {
    await page.goto(participantUrl);
    await page.getByRole('heading', { name: 'Participant NIJ-001', level: 1 }).waitFor();
    const d0 = page.getByRole('region', { name: 'Samples · Day 0' });
    await d0.getByText('No tubes processed yet.').waitFor();
    await d0.getByRole('button', { name: 'Process the tubes of Day 0' }).click();

    const dialog = page.getByRole('dialog', { name: 'Process the tubes of Day 0' });
    const edta = dialog.getByRole('group', { name: 'Tube 1: EDTA 10 mL' });
    const serum = dialog.getByRole('group', { name: 'Tube 2: Serum 8.5 mL' });
    // The EDTA tube waited 5½ hours: past the 4 hours plasma allows.
    await pickDateTime(edta.getByLabel(/^Processed at/), '2 March 2026', '13:30');
    await edta.getByLabel('Centrifuged').check();
    await edta.getByLabel(/^Force \(g\)/).fill('2000');
    await edta.getByLabel(/^Minutes/).fill('10');
    await edta.getByLabel(/^Temperature/).fill('20');
    await edta.getByLabel('Number of Plasma aliquots of tube 1').fill('2');
    await serum.getByLabel('Number of Serum aliquots of tube 2').fill('1');
    await dialog.getByRole('button', { name: 'Process tubes' }).click();
    await dialog.waitFor({ state: 'detached' });

    const table = d0.getByRole('table', { name: 'Tubes and aliquots of Day 0' });
    await table.waitFor();
    const aliquotRows = table.locator('tr[data-kind="aliquot"]');
    await expect.poll(() => aliquotRows.count()).toBe(3);
    aliquots = await table.locator('tr[data-kind="aliquot"] td:first-child').allTextContents();
    edtaTube = (await table.locator('tr[data-kind="tube"] td').first().textContent()) ?? '';
    expect(edtaTube).not.toBe('');
    const plasmaRow = aliquotRows.first();
    expect(await plasmaRow.textContent()).toContain('Plasma');
    expect(await plasmaRow.textContent()).toContain('500 µL');
    expect(await plasmaRow.textContent()).toContain('Not in a box');
    expect(await plasmaRow.textContent()).toContain('Delay exceeded');
    expect(await aliquotRows.nth(2).textContent()).not.toContain('Delay exceeded');
    expect(await table.locator('tr[data-kind="tube"]').first().textContent()).toContain('2000 g, 10 min, 20 °C');
    expect(await d0.getByRole('link', { name: 'Labels (PDF)' }).getAttribute('href')).toMatch(/labels\?format=pdf$/);
  });

  it('places the aliquots in a box from the box map with the keyboard; a taken position says who holds it', async () => {
    await goTo('Storage', 'Storage');
    const freezer = page.getByRole('region', { name: 'Freezer A' });
    expect(await freezer.textContent()).toContain('0 used, 12 free');
    await freezer.getByRole('link', { name: `Box map of ${boxName}` }).click();
    await page.getByRole('heading', { name: `Box ${boxName}`, level: 1 }).waitFor();

    const grid = page.getByRole('grid', { name: `Positions of box ${boxName}` });
    const cell = (position: string) => grid.locator(`[data-position="${position}"]`);
    const barcodeField = page.getByRole('textbox', { name: /^Barcode to place in/ });
    const placed = page.getByRole('status').filter({ hasText: 'placed in' });

    /** Whether the keyboard focus is on the cell of `position`. */
    const focused = async (position: string) => {
      const focus = grid.locator(':focus');
      return (await focus.count()) === 1 && (await focus.getAttribute('data-position')) === position;
    };
    // The first free position is the grid's one stop in the tab order; arrows move from it to B2.
    for (let presses = 0; !(await focused('A1')); presses++) {
      if (presses > 60) throw new Error('Tab did not reach the box grid');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused('B2')).toBe(true);
    // A scanner types into the focused cell: the barcode field takes over, Enter places the aliquot.
    await page.keyboard.type(aliquots[0]!);
    await page.keyboard.press('Enter');
    await placed.filter({ hasText: `${aliquots[0]} placed in B2` }).waitFor();
    await expect.poll(() => cell('B2').getAttribute('aria-label')).toBe(`B2: ${aliquots[0]}, NIJ-001`);
    // The next free position is chosen: scanning on places the next aliquot in B3.
    await page.getByRole('textbox', { name: 'Barcode to place in B3' }).waitFor();
    expect(await page.locator(':focus').getAttribute('id')).toBe(await barcodeField.getAttribute('id'));
    await page.keyboard.type(aliquots[1]!);
    await page.keyboard.press('Enter');
    await placed.filter({ hasText: `${aliquots[1]} placed in B3` }).waitFor();

    // Back to the grid, to the taken B2: the server refuses with its 409 message.
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focused('B3')).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(aliquots[2]!);
    await page.keyboard.press('Enter');
    const problem = page.getByTestId('placement-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toBe(`B2 holds ${aliquots[0]} already`);
    await expect.poll(() => cell('B2').getAttribute('aria-label')).toBe(`B2: ${aliquots[0]}, NIJ-001`);

    // Down to C1 (Home goes to the row's start) and place it there.
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await expect.poll(() => focused('C1')).toBe(true);
    await page.keyboard.type(aliquots[2]!);
    await page.keyboard.press('Enter');
    await placed.filter({ hasText: `${aliquots[2]} placed in C1` }).waitFor();
    await problem.waitFor({ state: 'detached' });

    await page.reload();
    await grid.waitFor();
    expect(await cell('B3').getAttribute('aria-label')).toBe(`B3: ${aliquots[1]}, NIJ-001`);
    expect(await cell('C1').getAttribute('aria-label')).toBe(`C1: ${aliquots[2]}, NIJ-001`);
    expect(await cell('A1').getAttribute('aria-label')).toBe('A1: free');
    await page.getByText('3 used, 9 free').waitFor();

    // The participant's samples say where each aliquot is.
    await page.goto(participantUrl);
    const table = page.getByRole('table', { name: 'Tubes and aliquots of Day 0' });
    const row = (barcode: string) => table.locator('tr[data-kind="aliquot"]').filter({ hasText: barcode });
    await expect.poll(() => row(aliquots[0]!).textContent()).toContain(`${boxName} · B2`);
    expect(await row(aliquots[2]!).textContent()).toContain(`${boxName} · C1`);
    expect(await row(aliquots[2]!).textContent()).toContain('Stored');
  });

  it('imports a results file with two bad rows through the wizard: the report lists them, the valid rows go in', async () => {
    const [plasma, , serum] = aliquots;
    const csv = [
      'Sample,Analyte,Value,Unit',
      `${plasma},IL-6,452.5,pg/mL`,
      'UNKNOWN-1,IL-6,100,pg/mL',
      `${serum},Ferritin,612,ng/mL`,
      `${serum},CRP,abc,mg/L`,
      `${plasma},IL-10,3.2,pg/mL`,
    ].join('\n');

    await goTo('Import results', 'Import results');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'lkch-2026-03.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('combobox', { name: 'Laboratory' }).fill('Radboud LKCH');
    await page.getByRole('button', { name: 'Read the file' }).click();

    // The mapping: the file's headers and first rows, the sample column chosen, the mapping saved for the lab.
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.getByRole('columnheader').allTextContents()).toEqual(['Sample', 'Analyte', 'Value', 'Unit']);
    await page.getByRole('combobox', { name: 'Sample column' }).selectOption('Sample');
    await page.getByLabel('Save this mapping for Radboud LKCH').check();
    await page.getByRole('button', { name: 'Check the file' }).click();

    // The validation report: 5 rows, 3 valid, 2 problems with their lines; the plain import is not offered.
    const figures = page.getByTestId('import-figures');
    await figures.waitFor();
    expect(await figures.getByRole('group', { name: 'Rows' }).textContent()).toContain('5');
    expect(await figures.getByRole('group', { name: 'Valid' }).textContent()).toContain('3');
    expect(await figures.getByRole('group', { name: 'Problems' }).textContent()).toContain('2');
    const problems = page.getByTestId('import-problems').locator('tbody tr');
    expect(await problems.count()).toBe(2);
    expect(await problems.nth(0).locator('td').allTextContents()).toEqual(['3', '1', 'unknown sample UNKNOWN-1']);
    expect((await problems.nth(1).locator('td').allTextContents()).slice(0, 2)).toEqual(['5', '3']);
    expect(await problems.nth(1).textContent()).toContain('"abc" is not a number');
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Import only the 3 valid rows' }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor();
    expect(await done.textContent()).toBe('3 results imported. 2 rows with problems left out.');
    const past = page.getByTestId('past-imports').locator('tbody tr').first();
    await expect.poll(() => past.textContent()).toContain('lkch-2026-03.csv');
    expect(await past.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['Radboud LKCH', 'Long (one row per result)', '5', '3', '2']),
    );
    const mappings = await api<{ lab: string; columns: { sample?: string } }[]>('GET', '/api/lab-mappings');
    expect(mappings).toEqual([expect.objectContaining({ lab: 'Radboud LKCH', columns: { sample: 'Sample' } })]);
  });

  it('shows the results per visit on the participant page, and the calibration behind an HLA-DR value', async () => {
    // Monocyte HLA-DR from a bead calibration run (the API: the calibration screen is not part of this test).
    await api('POST', '/api/hladr-calibrations', {
      runLabel: 'FACS 2026-03-02',
      acquiredOn: '2026-03-02',
      beadLot: 'QB-12345',
      beads: [
        { pePerBead: 500, mfi: 210 },
        { pePerBead: 5000, mfi: 1950 },
        { pePerBead: 25000, mfi: 10300 },
        { pePerBead: 65000, mfi: 25500 },
      ],
      samples: [{ barcode: edtaTube, mfi: 4000 }],
    });

    await page.goto(participantUrl);
    const results = page.getByRole('region', { name: 'Laboratory results' });
    const d0 = results.getByRole('table', { name: 'Laboratory results of Day 0' });
    await d0.waitFor();
    const row = (analyte: string) => d0.getByRole('row', { name: new RegExp(`^${analyte} `) });
    expect(await row('IL-6').textContent()).toContain('452.5');
    expect(await row('IL-6').textContent()).toContain('pg/mL');
    expect(await row('IL-10').textContent()).toContain('3.2');
    expect(await row('Ferritin').textContent()).toContain('612');
    expect(await d0.getByRole('row', { name: /^C-reactive protein/ }).count()).toBe(0);

    const hladr = row('Monocyte HLA-DR');
    expect(await hladr.textContent()).toContain('AB/C');
    await results.getByRole('button', { name: 'Calibration of Monocyte HLA-DR' }).click();
    const calibration = results.getByTestId('calibration');
    await calibration.waitFor();
    expect(await calibration.textContent()).toContain('QB-12345');
    expect(await calibration.textContent()).toContain('1.0095');
    expect(await calibration.textContent()).toContain('R²');
    expect(pageErrors).toEqual([]);
  });
});

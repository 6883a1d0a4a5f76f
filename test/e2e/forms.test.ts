import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDefinition } from '../../src/protocol/forms.ts';
import { sofa2DayCodeLists, sofa2DayForm } from '../../src/protocol/nct07273344/forms/sofa2-day.ts';
import { entries, sofaDayValues } from '../support/form-fixtures.ts';
import { deferredConsent, screeningBody } from '../support/study-fixtures.ts';
import { apiCall, goTo as goToPage, openBrowser, signIn as signInAs } from './browser.ts';
import { requireBuiltWebApp, startServer, type RunningServer } from './server.ts';

/**
 * The case report forms in the browser: a day of SOFA-2 entered with the total worked out while typing, a value
 * outside its expected range that opens a query (answered by the site, closed by the monitor), the form completed,
 * source-verified, signed with the password, locked and unlocked by the data manager; the follow-up form entered
 * with the keyboard only; the status matrix, the query list and the data-quality report.
 */
const adminPassword = 'correct horse battery staple';
interface Person {
  username: string;
  displayName: string;
  role: string;
  password: string;
  oneTime: string;
}
const person = (username: string, displayName: string, role: string, password: string): Person => ({
  username,
  displayName,
  role,
  password,
  oneTime: '',
});
const coordinator = person('coord.nij', 'Coordinator Nijmegen', 'site_coordinator', 'coordinator pass phrase 1');
const investigator = person('inv.nij', 'Investigator Nijmegen', 'investigator', 'investigator pass phrase 2');
const monitor = person('mon.nij', 'Monitor Nijmegen', 'monitor', 'monitor pass phrase 3 here');
const dataManager = person('dm.nij', 'Data manager Nijmegen', 'data_manager', 'data manager pass phrase 4');

/** One ICU day of values (test/support/form-fixtures.ts) for ICU day 1. */
const dayOne: Record<string, string | number | boolean> = { ...sofaDayValues, icu_day: 1, day_date: '2026-03-02' };

describe('web app: case report forms from entry to lock', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let formUrl = '';

  beforeAll(async () => {
    requireBuiltWebApp();
    server = await startServer({ clockStart: '2026-03-02T09:00:00+01:00' });
    ({ browser, page, pageErrors } = await openBrowser(server.baseUrl));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signIn = (who: Person) => signInAs(page, who);
  const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) => apiCall<T>(page, method, url, data);
  const goTo = (navItem: string, heading: string) => goToPage(page, navItem, heading);

  async function openForm(url: string, heading: string): Promise<void> {
    await page.goto(url);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  }

  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** A field's control by the start of its label (a unit may follow it: "Lowest mean arterial pressure (mmHg)"). */
  const named = (label: string) => new RegExp(`^${escape(label)}`);
  const field = (label: string): Locator => page.getByRole('textbox', { name: named(label) });
  const status = (): Locator => page.getByTestId('form-status');

  /** Enters a value the way a person does it for the item's type: typed, a radio button, a date. */
  async function enter(item: ItemDefinition, value: string | number | boolean): Promise<void> {
    if (item.type === 'yes_no') {
      const group = page.getByRole('radiogroup', { name: named(item.label) });
      await group.getByRole('radio', { name: value === true ? 'Yes' : 'No', exact: true }).check();
    } else if (item.type === 'single_choice') {
      const option = sofa2DayCodeLists
        .find((list) => list.id === item.codeList)!
        .options.find((o) => o.code === value)!;
      const group = page.getByRole('radiogroup', { name: named(item.label) });
      await group.getByRole('radio', { name: option.label, exact: true }).check();
    } else if (item.type === 'date') {
      await field(item.label).fill(String(value));
      await field(item.label).blur();
    } else {
      await field(item.label).fill(String(value));
    }
  }

  it('sets up the site NIJ, its coordinator, investigator, monitor and data manager, and a participant', async () => {
    await page.goto('/sign-in');
    await signIn({ ...person('admin', '', '', adminPassword), oneTime: server.adminPassword });
    const site = await api<{ id: number }>('POST', '/api/sites', {
      code: 'NIJ',
      name: 'Radboudumc Nijmegen',
      timeZone: 'Europe/Amsterdam',
    });
    for (const who of [coordinator, investigator, monitor, dataManager]) {
      const created = await api<{ oneTimePassword: string }>('POST', '/api/users', {
        username: who.username,
        displayName: who.displayName,
        memberships: [{ siteId: site.id, role: who.role }],
      });
      who.oneTime = created.oneTimePassword;
    }

    await signIn(coordinator);
    const { screening } = await api<{ screening: { id: number } }>(
      'POST',
      `/api/sites/${site.id}/screenings`,
      screeningBody({ hospitalNumber: 'H-3003' }),
    );
    const participant = await api<{ id: number; studyId: string }>(
      'POST',
      `/api/screenings/${screening.id}/enrollment`,
      {
        identity: { name: 'Visser, B.', hospitalNumber: 'H-3003', dateOfBirth: '1958-11-20', phone: null },
        consent: deferredConsent,
      },
    );
    expect(participant.studyId).toBe('NIJ-001');
    formUrl = `/participants/${participant.id}/forms/sofa2_day/day-1`;
  });

  it('as the coordinator, enters ICU day 1 of SOFA-2: the total appears while typing and stays after saving', async () => {
    await page.goto(formUrl.replace(/\/forms\/.*$/, ''));
    await page.getByRole('heading', { name: 'Participant NIJ-001', level: 1 }).waitFor();
    const forms = page.getByRole('region', { name: 'Forms' });
    await forms.getByRole('link', { name: 'SOFA-2 per ICU day · ICU day 1' }).click();
    await page.getByRole('heading', { name: 'SOFA-2 per ICU day · ICU day 1', level: 1 }).waitFor();
    await status().getByText('Not started').waitFor();
    const total = field('SOFA-2 total');
    expect(await total.inputValue()).toBe('—');

    const items = new Map(sofa2DayForm.groups.flatMap((g) => g.items).map((item) => [item.id, item]));
    for (const [id, value] of Object.entries(dayOne)) await enter(items.get(id)!, value);
    // Worked out in the browser by the same engine as the server, before anything is saved.
    await expect.poll(() => total.inputValue()).toMatch(/^\d+$/);
    const live = await total.inputValue();
    expect(Number(live)).toBeGreaterThanOrEqual(8);
    expect(await field('PaO2/FiO2 ratio').inputValue()).toBe('144 mmHg');
    await page.getByText('Unsaved changes').waitFor();

    await page.getByRole('button', { name: 'Save form' }).click();
    await status().getByText('In progress').waitFor();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'SOFA-2 per ICU day · ICU day 1', level: 1 }).waitFor();
    await expect.poll(() => field('SOFA-2 total').inputValue()).toBe(live);
    expect(await field('Lowest mean arterial pressure').inputValue()).toBe('64');

    // The participant page shows the day in the SOFA-2 series over the stay.
    await page.goto(formUrl.replace(/\/forms\/.*$/, ''));
    const series = page.getByRole('table', { name: /^SOFA-2 per ICU day from the daily forms/ });
    await expect.poll(() => series.getByRole('row', { name: /^1 / }).textContent()).toContain(live);
    await page.goto(formUrl);
    await page.getByRole('heading', { name: 'SOFA-2 per ICU day · ICU day 1', level: 1 }).waitFor();
  });

  it('warns about a mean arterial pressure of 160 while typing; the save opens a query, which the site answers', async () => {
    const map = field('Lowest mean arterial pressure');
    await map.fill('160');
    await page.getByText('160 is outside the expected 30–150 mmHg: please confirm').waitFor();
    await page.getByText('1 value to confirm').waitFor();
    await page.getByRole('button', { name: 'Save form' }).click();
    const trail = page.getByRole('button', { name: 'History · 1 query: Lowest mean arterial pressure (mmHg)' });
    await trail.click();

    const dialog = page.getByRole('dialog', { name: 'Lowest mean arterial pressure' });
    const history = dialog.getByTestId('field-history');
    await history.waitFor();
    expect(await history.getByRole('row').count()).toBe(3);
    expect(await history.textContent()).toContain(coordinator.username);
    const query = dialog.getByRole('group', { name: 'Query 1' });
    expect(await query.textContent()).toContain('From a check');
    await query.getByText('Open', { exact: true }).waitFor();
    await query.getByLabel('Answer', { exact: true }).fill('Confirmed: arterial line reading at 08:00');
    await query.getByRole('button', { name: 'Send answer' }).click();
    await query.getByText('Answered', { exact: true }).first().waitFor();
    await query.getByText('Confirmed: arterial line reading at 08:00').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('as the monitor, finds the answered query in the site’s list and closes it', async () => {
    await signIn(monitor);
    await goTo('Queries', 'Queries');
    const row = page.getByRole('row').filter({ hasText: 'NIJ-001' });
    expect(await row.textContent()).toContain('Answered');
    expect(await row.textContent()).toContain('Lowest mean arterial pressure');
    await row.getByRole('link', { name: 'SOFA-2 per ICU day · ICU day 1' }).click();
    // The link opens the field's thread on the form.
    const dialog = page.getByRole('dialog', { name: 'Lowest mean arterial pressure' });
    const query = dialog.getByRole('group', { name: 'Query 1' });
    expect(await query.getByRole('button', { name: 'Send answer' }).count()).toBe(0);
    await query.getByRole('button', { name: 'Close query' }).click();
    await query.getByText('Closed', { exact: true }).first().waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'History: Lowest mean arterial pressure (mmHg)' }).waitFor();
    // Monitors read the form; entering data is the site's.
    expect(await page.getByRole('button', { name: 'Save form' }).count()).toBe(0);
    expect(await field('Lowest mean arterial pressure').isDisabled()).toBe(true);
  });

  it('as the coordinator, completes the form; the monitor verifies it; the investigator signs it', async () => {
    await signIn(coordinator);
    await openForm(formUrl, 'SOFA-2 per ICU day · ICU day 1');
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await status().getByText('Complete', { exact: true }).waitFor();

    await signIn(monitor);
    await goTo('Form status', 'Form status');
    const matrix = page.getByTestId('status-matrix');
    const cell = matrix.getByRole('link', { name: 'NIJ-001, SOFA-2 per ICU day · Every ICU day: Complete' });
    await cell.waitFor();
    expect(await matrix.getByRole('row', { name: /NIJ-001/ }).textContent()).toContain('1 day');
    await openForm(formUrl, 'SOFA-2 per ICU day · ICU day 1');
    await page.getByRole('button', { name: 'Mark source-verified' }).click();
    await status().getByText('Source-verified by Monitor Nijmegen', { exact: false }).waitFor();

    await signIn(investigator);
    await openForm(formUrl, 'SOFA-2 per ICU day · ICU day 1');
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign the form' });
    await dialog.getByLabel(/^Password/).fill('not my password');
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await dialog.getByText('the password is not right: the form is not signed').waitFor();
    await dialog.getByLabel(/^Password/).fill(investigator.password);
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await status().getByText('Signed', { exact: true }).waitFor();
    const signature = await page.getByTestId('signature').textContent();
    expect(signature).toContain(`Signed by ${investigator.username}`);
    expect(signature).toContain('Meaning of the signature: Approval');
  });

  it('as the data manager, sees the value to confirm in the data-quality report and locks the form', async () => {
    await signIn(dataManager);
    await goTo('Data quality', 'Data quality');
    const totals = page.getByTestId('quality-totals');
    expect(await totals.getByRole('group', { name: 'Values to confirm' }).textContent()).toContain('1');
    const row = page.getByRole('row').filter({ hasText: 'NIJ-001' });
    expect(await row.textContent()).toContain('Lowest mean arterial pressure: 160 is outside the expected');

    await openForm(formUrl, 'SOFA-2 per ICU day · ICU day 1');
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Lock the form' });
    await dialog.getByRole('button', { name: 'Lock', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await status().getByText('Locked', { exact: true }).waitFor();
    await page
      .getByTestId('form-lock')
      .getByText(/Locked \(form lock\) by Data manager Nijmegen/)
      .waitFor();
  });

  it('as the coordinator, cannot change the locked form', async () => {
    await signIn(coordinator);
    await openForm(formUrl, 'SOFA-2 per ICU day · ICU day 1');
    await page.getByTestId('form-lock').waitFor();
    expect(await page.getByRole('button', { name: 'Save form' }).isDisabled()).toBe(true);
    expect(await field('Lowest mean arterial pressure').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Mark complete' }).count()).toBe(0);
  });

  it('as the data manager, unlocks it with a reason', async () => {
    await signIn(dataManager);
    await openForm(formUrl, 'SOFA-2 per ICU day · ICU day 1');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Unlock the form' });
    await dialog.getByRole('button', { name: 'Unlock', exact: true }).click();
    await dialog.getByText('Say why the form is unlocked').waitFor();
    await dialog.getByLabel(/^Why it is unlocked/).fill('The MAP is to be corrected from the source');
    await dialog.getByRole('button', { name: 'Unlock', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await status().getByText('Signed', { exact: true }).waitFor();
    await page.getByTestId('form-lock').waitFor({ state: 'detached' });
  });

  it('as the coordinator, changes the signed form with a reason, after reloading over a change made meanwhile', async () => {
    await signIn(coordinator);
    await openForm(formUrl, 'SOFA-2 per ICU day · ICU day 1');
    const map = field('Lowest mean arterial pressure');
    await map.fill('106');
    await page.getByRole('button', { name: 'Save form' }).click();
    await page.getByText('Give the reason for the change').waitFor();
    await field('Reason for the change').fill('Transcription error: 106, not 160');

    // Meanwhile someone else corrects the GCS: this save started from the version before theirs.
    const { version } = await api<{ version: number }>('GET', `/api${formUrl}`);
    const meanwhile = { version, items: entries({ ...dayOne, map_mmhg: 160, gcs: 12 }), reason: 'GCS from the chart' };
    await api('PUT', `/api${formUrl}`, meanwhile);
    await page.getByRole('button', { name: 'Save form' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The form was changed by someone else' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('changed: gcs');
    await refusal.getByRole('button', { name: 'Reload the form' }).click();
    await refusal.waitFor({ state: 'detached' });
    expect(await field('Lowest total GCS').inputValue()).toBe('12');
    expect(await map.inputValue()).toBe('160');

    await map.fill('106');
    await field('Reason for the change').fill('Transcription error: 106, not 160');
    await page.getByRole('button', { name: 'Save form' }).click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    await status().getByText('Complete', { exact: true }).waitFor();
    expect(await page.getByTestId('signature').count()).toBe(0);
    await page.getByRole('button', { name: 'History: Lowest mean arterial pressure (mmHg)' }).click();
    const history = page.getByRole('dialog', { name: 'Lowest mean arterial pressure' }).getByTestId('field-history');
    await history.getByRole('row', { name: /Transcription error: 106, not 160/ }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('enters the phone follow-up with the keyboard only, in form order, and Enter keeps every answer', async () => {
    const followUp = formUrl.replace('sofa2_day/day-1', 'follow_up/M3');
    await openForm(followUp, 'Follow-up · 3 months');
    const form = page.getByRole('form', { name: 'Follow-up' });
    // Every control of the form has a name a screen reader reads out (an unnamed one has no quoted name here).
    const controls = /^\s*- (textbox|combobox|radio|checkbox|button|spinbutton)\b(?! ")/;
    expect((await form.ariaSnapshot()).split('\n').filter((line) => controls.test(line))).toEqual([]);

    /** The first name in an accessibility snapshot: the element's own. */
    const nameIn = (snapshot: string) => /"([^"]*)"/.exec(snapshot)?.[1] ?? '';
    /** The focused control's name, with its radio group's in front ("Mode › Phone interview"). */
    const focused = async () => {
      const element = page.locator(':focus');
      const own = nameIn(await element.ariaSnapshot());
      const group = element.locator('xpath=ancestor::*[@role="radiogroup"]');
      return (await group.count()) === 0 ? own : `${nameIn(await group.ariaSnapshot())} › ${own}`;
    };
    /** Tab, as few times as the controls beside a field take (its missing-code select), until `name` has the focus. */
    const tabTo = async (name: RegExp) => {
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        if (name.test(await focused())) return;
      }
      throw new Error(`Tab did not reach ${name} (at "${await focused()}")`);
    };

    await field('Date of contact').focus();
    await page.keyboard.type('2 Jun 2026');
    await tabTo(/^Mode › /);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo(/^Vital status › /);
    await page.keyboard.press('ArrowDown');
    await tabTo(/^Date of death/);
    await page.keyboard.type('20 May 2026');
    for (const question of ['Admitted to a hospital', 'A new infection', 'A cardiovascular event']) {
      await tabTo(new RegExp(`^${question} .* › Yes$`));
      await page.keyboard.press('ArrowDown');
    }
    expect(await focused()).toBe('A cardiovascular event since the last contact › No');
    await page.keyboard.press('Enter');
    await status().getByText('In progress').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Follow-up · 3 months', level: 1 }).waitFor();
    expect(await field('Date of contact').inputValue()).toBe('2 Jun 2026');
    expect(await field('Date of death').inputValue()).toBe('20 May 2026');
    const checked = (group: string, option: string) =>
      page
        .getByRole('radiogroup', { name: named(group) })
        .getByRole('radio', { name: option, exact: true })
        .isChecked();
    expect(await checked('Mode', 'Phone interview')).toBe(true);
    expect(await checked('Vital status', 'Died')).toBe(true);
    expect(await checked('A cardiovascular event since the last contact', 'No')).toBe(true);
    await page.getByTestId('form-summary').waitFor({ state: 'attached' });
    expect(await page.getByTestId('form-summary').textContent()).not.toContain('required');
    expect(pageErrors).toEqual([]);
  });
});

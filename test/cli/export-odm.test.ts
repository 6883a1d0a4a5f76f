import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { septype } from '../support/septype-cli.ts';
import { enrolled, studySite, type Participant } from '../support/study-fixtures.ts';
import { startTestApp, testDataKey, type TestApp } from '../support/test-app.ts';

const officialSchema = new URL('../../standards/odm-1.3.2/ODM1-3-2.xsd', import.meta.url).pathname;
const extensionSchema = new URL('../../standards/septype-odm/ODM1-3-2-septype.xsd', import.meta.url).pathname;

function xmllint(file: string, schema: string): { ok: boolean; stderr: string } {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
  return { ok: run.status === 0, stderr: run.stderr };
}

/**
 * `septype export odm --db <path|url> --out <file> [--metadata-only] [--site <code>] [--with-audit]` (issue 15 §1,
 * a fixed contract), from outside: the file, the line saying what was written, exit 2 naming a bad flag, and an
 * existing --out refused and left as it was.
 */
describe.each(engines)('septype export odm on $name', (engine) => {
  let t: TestApp;
  let participant: Participant;
  let siteCode: string;
  const dir = mkdtempSync(join(tmpdir(), 'septype-export-odm-'));
  const out = (name: string) => join(dir, name);
  const run = (...args: string[]) =>
    septype(['export', 'odm', '--db', t.appContext.config.db, ...args], {
      env: { SEPTYPE_DATA_KEY: testDataKey.toString('hex') },
    });

  beforeAll(async () => {
    t = await startTestApp(engine);
    const site = await studySite(t, `CLO${engine.name === 'sqlite' ? 'S' : 'P'}`);
    siteCode = site.code;
    participant = await enrolled(site.nurse, site.siteId);
    await site.nurse
      .call('PUT', `/api/participants/${participant.id}/forms/infection/D0`, {
        version: 0,
        items: {
          suspected_site: { value: 'pneumonia' },
          suspected_other_sites: { value: ['bloodstream'] },
        },
      })
      .expect(200);
    await site.nurse
      .call('PUT', `/api/participants/${participant.id}/forms/infection/D0`, {
        version: 1,
        items: { suspected_site: { value: 'urinary_tract' }, suspected_other_sites: { missing: 'unknown' } },
      })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a snapshot that validates against the official schema and says what it wrote', async () => {
    const file = out('snapshot.xml');
    const result = await run('--out', file);
    expect(result.stderr).toMatch(/wrote .*snapshot\.xml \(ODM 1\.3\.2, snapshot\): 1 subjects, 1 forms, 2 items/);
    expect(result.code).toBe(0);
    expect(xmllint(file, officialSchema)).toMatchObject({ ok: true });
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain(`<SubjectData SubjectKey="${participant.studyId}">`);
    expect(xml).toContain('<ItemData ItemOID="I.infection.suspected_site" Value="urinary_tract"/>');
    expect(xml).toMatch(/I\.infection\.suspected_other_sites" IsNull="Yes">[\s\S]*?>unknown</);
    // Research data: for the owner only.
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes the metadata only, the audit trail, one site and the vendor extension', async () => {
    const metadata = out('metadata.xml');
    expect((await run('--out', metadata, '--metadata-only')).code).toBe(0);
    expect(xmllint(metadata, officialSchema)).toMatchObject({ ok: true });
    expect(readFileSync(metadata, 'utf8')).not.toContain('<ClinicalData');

    const audit = out('audit.xml');
    const withAudit = await run('--out', audit, '--with-audit', '--site', siteCode);
    expect(withAudit.stderr).toMatch(/\(ODM 1\.3\.2, transactional\): 1 subjects, 1 forms, 4 items/);
    expect(withAudit.code).toBe(0);
    expect(xmllint(audit, officialSchema)).toMatchObject({ ok: true });
    const xml = readFileSync(audit, 'utf8');
    expect(xml).toContain('FileType="Transactional"');
    expect(xml).toMatch(/suspected_site" TransactionType="Insert" Value="pneumonia"/);
    expect(xml).toMatch(/suspected_site" TransactionType="Update" Value="urinary_tract"/);
    expect(xml).toMatch(/suspected_other_sites" TransactionType="Update" IsNull="Yes"/);

    const extended = out('extended.xml');
    expect((await run('--out', extended, '--with-extensions')).code).toBe(0);
    expect(xmllint(extended, extensionSchema)).toMatchObject({ ok: true });
    expect(readFileSync(extended, 'utf8')).toContain('<septype:VisitWindow');
  });

  it('refuses bad flags with exit 2 naming the flag, and an unknown site naming its code', async () => {
    const missingOut = await run();
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toContain('--out');

    const unknownFlag = await run('--out', out('x.xml'), '--format', 'json');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain('--format');

    const unknownSite = await run('--out', out('y.xml'), '--site', 'NOSUCH');
    expect(unknownSite.code).toBe(2);
    expect(unknownSite.stderr).toContain('NOSUCH');
    expect(unknownSite.stderr).toContain('--site');
    expect(existsSync(out('y.xml'))).toBe(false);

    const both = await run('--out', out('z.xml'), '--metadata-only', '--with-audit');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--with-audit');
  });

  it('refuses an existing --out and leaves it as it was; a failure leaves no file behind', async () => {
    const existing = out('existing.xml');
    writeFileSync(existing, 'keep me');
    const result = await run('--out', existing);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBe(2);
    expect(result.stderr).toMatch(/exists already/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');

    // Without the data key the audit trail cannot be read: the export fails, and nothing is left in the folder.
    const before = readdirSync(dir).sort();
    const failed = await septype(
      ['export', 'odm', '--db', t.appContext.config.db, '--out', out('nokey.xml'), '--with-audit'],
      {
        env: { SEPTYPE_DATA_KEY: '' },
      },
    );
    expect(failed.code).not.toBe(0);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

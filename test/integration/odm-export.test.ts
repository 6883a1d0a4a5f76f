import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOdmExport, type OdmExportOptions } from '../../src/features/exports/odm-export.ts';
import { engines } from '../support/engines.ts';
import { entries, sofaDayPath } from '../support/form-fixtures.ts';
import { aliquotsOf, bloodDrawn, edtaTube, placed, processed, storageBox } from '../support/sample-fixtures.ts';
import { enrolled, studySite, withToken, type Participant, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, strongPassword, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';

const officialSchema = new URL('../../standards/odm-1.3.2/ODM1-3-2.xsd', import.meta.url).pathname;
const extensionSchema = new URL('../../standards/septype-odm/ODM1-3-2-septype.xsd', import.meta.url).pathname;

/** xmllint's verdict on a document against a schema: `validates`, or its errors. */
function validate(xml: string, schema: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'septype-odm-'));
  try {
    const file = join(dir, 'export.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
    if (run.error !== undefined) throw run.error;
    return run.status === 0 && run.stderr.includes('validates') ? 'validates' : run.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The elements of one name, as text (enough for the checks here: they are not nested in themselves). */
function elements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`, 'g');
  return xml.match(pattern) ?? [];
}

function subjectOf(xml: string, studyId: string): string {
  const found = elements(xml, 'SubjectData').find((s) => s.includes(`SubjectKey="${studyId}"`));
  if (found === undefined) throw new Error(`no SubjectData for ${studyId}`);
  return found;
}

/**
 * The CDISC ODM 1.3.2 export over real data entered through the API: a snapshot, metadata only, the transactional
 * file with the audit trail, one site, and the vendor extension; each checked against the official schema (the
 * extension against septype's) and for its content, and none holding identifying data.
 */
describe.each(engines)('ODM export on $name', (engine) => {
  let t: TestApp;
  let a: StudySite;
  let b: StudySite;
  let monitor: TestClient;
  let lab: TestClient;
  let p1: Participant;
  let p2: Participant;
  const deviationsPath = () => `/api/participants/${p1.id}/forms/protocol_deviations/once`;

  async function exported(options: Partial<OdmExportOptions> = {}): Promise<string> {
    let text = '';
    await writeOdmExport(
      t.operator(),
      { siteId: null, metadataOnly: false, withAudit: false, withExtensions: false, ...options },
      (chunk) => {
        text += chunk;
        return Promise.resolve();
      },
    );
    return text;
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    t.clock.set('2026-03-04T09:00:00.000Z');
    a = await studySite(t, 'ODMA');
    b = await studySite(t, 'ODMB');
    monitor = await withToken(await t.userWith([{ siteId: a.siteId, role: 'monitor' }]));
    lab = await withToken(await t.userWith([{ siteId: a.siteId, role: 'lab_technician' }]));
    p1 = await enrolled(a.nurse, a.siteId, { name: 'Jan Jansen', hospitalNumber: 'HN77001122' });
    p2 = await enrolled(b.nurse, b.siteId, { name: 'Piet Pieters', hospitalNumber: 'HN88001122' });

    // A multiple choice (two codes, stored in the code list's order) at D0.
    await a.nurse
      .call('PUT', `/api/participants/${p1.id}/forms/infection/D0`, {
        version: 0,
        items: {
          suspected_site: { value: 'pneumonia' },
          suspected_other_sites: { value: ['urinary_tract', 'bloodstream'] },
          culture_taken: { value: false },
        },
      })
      .expect(200);
    // An ICU day, with calculated items (the SOFA-2 total) and a missing code.
    await a.nurse
      .call('PUT', sofaDayPath(p1.id), { version: 0, items: entries({ bilirubin: { missing: 'not_done' } }) })
      .expect(200);
    // A repeating group with a missing code; completed, changed with a reason, verified and signed.
    const row = (n: number, description: string) => ({
      deviation_on: { value: `2026-03-0${n}` },
      deviation_found_on: { value: `2026-03-0${n + 1}` },
      deviation_category: { value: 'visit_window' },
      deviation_description: { value: description },
      deviation_important: { value: false },
      deviation_action: { missing: 'not_applicable' },
    });
    await a.nurse
      .call('PUT', deviationsPath(), {
        version: 0,
        items: { any_deviation: { value: true } },
        rows: { deviations: [row(2, 'D3 sample drawn a day late'), row(3, 'Sample & tube <late> "again"')] },
      })
      .expect(200);
    await a.nurse.call('POST', `${deviationsPath()}/complete`, { version: 1 }).expect(200);
    await a.nurse
      .call('PUT', deviationsPath(), {
        version: 2,
        items: { any_deviation: { value: true } },
        rows: { deviations: [row(2, 'D3 sample drawn two days late'), row(3, 'Sample & tube <late> "again"')] },
        reason: 'Typo in the description',
      })
      .expect(200);
    await monitor.call('POST', `${deviationsPath()}/verify`, { version: 3 }).expect(200);
    await a.investigator.call('POST', `${deviationsPath()}/sign`, { version: 4, password: strongPassword }).expect(200);
    await monitor
      .call('POST', `${deviationsPath()}/queries`, {
        item: 'deviations[0].deviation_description',
        text: 'Which visit was late?',
      })
      .expect(201);
    // Samples: a D0 tube into two aliquots, one placed in a box.
    await bloodDrawn(a.nurse, p1.id);
    const view = await processed(lab, p1.id, [edtaTube(2)]);
    const { box } = await storageBox(lab, a.siteId, 'ODM');
    await placed(lab, aliquotsOf(view)[0]!, box.id, 'A1');

    await b.nurse
      .call('PUT', `/api/participants/${p2.id}/forms/infection/D0`, {
        version: 0,
        items: { suspected_site: { value: 'urinary_tract' } },
      })
      .expect(200);
  });
  afterAll(() => t.close());

  it('exports a snapshot that validates against the official schema, with current values, keys and signatures', async () => {
    const xml = await exported();
    expect(validate(xml, officialSchema)).toBe('validates');
    expect(xml).toContain('FileType="Snapshot"');
    expect(xml).toContain('ODMVersion="1.3.2"');
    expect(xml).toContain('<Study OID="NCT07273344">');
    expect(xml).toContain('<ClinicalData StudyOID="NCT07273344" MetaDataVersionOID="MDV.1">');

    const s1 = subjectOf(xml, p1.studyId);
    expect(s1).toContain('<SiteRef LocationOID="LOC.ODMA"/>');
    expect(subjectOf(xml, p2.studyId)).toContain('<SiteRef LocationOID="LOC.ODMB"/>');
    expect(s1).toContain('<StudyEventData StudyEventOID="SE.D0">');
    expect(s1).toContain('<FormData FormOID="F.infection.V1">');
    expect(s1).toContain('<ItemData ItemOID="I.infection.suspected_other_sites" Value="bloodstream,urinary_tract"/>');
    expect(s1).toContain('<ItemData ItemOID="I.infection.culture_taken" Value="false"/>');

    // The ICU day with its repeat key, and a calculated item exported as data.
    expect(s1).toContain('<StudyEventData StudyEventOID="SE.ICU_DAY" StudyEventRepeatKey="2">');
    expect(s1).toMatch(/<ItemData ItemOID="I\.sofa2_day\.sofa2_total" Value="\d+"\/>/);
    expect(s1).toMatch(
      /<ItemData ItemOID="I\.sofa2_day\.bilirubin" IsNull="Yes">\s*<Annotation SeqNum="1">\s*<Flag>\s*<FlagValue CodeListOID="CL\.SEPTYPE_MISSING">not_done<\/FlagValue>/,
    );

    // The repeating group: one ItemGroupData per row, keyed from 1, with the current (changed) value, escaped.
    expect(s1).toContain('<StudyEventData StudyEventOID="SE.ONCE">');
    const rows = elements(s1, 'ItemGroupData').filter((g) => g.includes('IG.protocol_deviations.deviations'));
    expect(rows.map((g) => /ItemGroupRepeatKey="(\d+)"/.exec(g)?.[1])).toEqual(['1', '2']);
    expect(rows[0]).toContain('Value="D3 sample drawn two days late"');
    expect(rows[1]).toContain('Value="Sample &amp; tube &lt;late&gt; &quot;again&quot;"');
    expect(s1).not.toContain('a day late');
    expect(rows[0]).toMatch(
      /<ItemData ItemOID="I\.protocol_deviations\.deviation_action" IsNull="Yes">[\s\S]*?>not_applicable</,
    );
    expect(elements(s1, 'ItemGroupData').find((g) => g.includes('IG.protocol_deviations.summary'))).not.toContain(
      'ItemGroupRepeatKey',
    );

    // The signature, with its meaning defined in AdminData.
    const form = elements(s1, 'FormData').find((f) => f.includes('F.protocol_deviations.V1'))!;
    expect(form).toContain(`<UserRef UserOID="USR.${a.investigator.username}"/>`);
    expect(form).toContain('<SignatureRef SignatureOID="SD.1"/>');
    expect(xml).toMatch(/<SignatureDef OID="SD\.1" Methodology="Electronic">\s*<Meaning>Approval/);
    expect(xml).toContain('<Location OID="LOC.ODMA" Name="Hospital ODMA" LocationType="Site">');
    expect(xml).toContain(`<User OID="USR.${a.nurse.username}">`);

    // Nothing identifying: names, hospital numbers, dates of birth, phone numbers, password hashes.
    for (const secret of [
      'Jan Jansen',
      'Piet Pieters',
      'HN77001122',
      'HN88001122',
      '1961-05-04',
      '1234 5678',
      '$argon2',
    ]) {
      expect(xml).not.toContain(secret);
    }
    // The default file has no vendor extension.
    expect(xml).not.toContain('septype:');
  });

  it('exports the metadata only', async () => {
    const xml = await exported({ metadataOnly: true });
    expect(validate(xml, officialSchema)).toBe('validates');
    expect(xml).not.toContain('<ClinicalData');
    expect(xml).toContain('<MetaDataVersion OID="MDV.1"');
    expect(xml).toContain(
      '<ItemGroupDef OID="IG.protocol_deviations.deviations" Name="Deviations, one row each" Repeating="Yes">',
    );
    expect(xml).toContain('<StudyEventDef OID="SE.ICU_DAY" Name="ICU day" Repeating="Yes" Type="Scheduled">');
    expect(xml).toContain('<CodeList OID="CL.SEPTYPE_MISSING"');
    expect(xml).toMatch(/<CodeListRef CodeListOID="CL\.infection_site"\/>/);
    expect(xml).not.toContain(p1.studyId);
  });

  it('exports every change of the audit trail in order as a transactional file', async () => {
    const xml = await exported({ withAudit: true });
    expect(validate(xml, officialSchema)).toBe('validates');
    expect(xml).toContain('FileType="Transactional"');
    const s1 = subjectOf(xml, p1.studyId);
    const descriptions = elements(s1, 'ItemData').filter((i) =>
      i.includes('ItemOID="I.protocol_deviations.deviation_description"'),
    );
    // Two rows inserted, then the first updated with its reason.
    expect(descriptions.map((d) => /TransactionType="(\w+)"/.exec(d)?.[1])).toEqual(['Insert', 'Insert', 'Update']);
    expect(descriptions[0]).toContain('Value="D3 sample drawn a day late"');
    expect(descriptions[2]).toContain('Value="D3 sample drawn two days late"');
    expect(descriptions[2]).toContain('<ReasonForChange>Typo in the description</ReasonForChange>');
    expect(descriptions[2]).toContain(`<UserRef UserOID="USR.${a.nurse.username}"/>`);
    expect(descriptions[2]).toContain('<LocationRef LocationOID="LOC.ODMA"/>');
    expect(descriptions[2]).toMatch(/<DateTimeStamp>2026-03-04T09:00:00\.000Z<\/DateTimeStamp>/);
    expect(descriptions[2]).toMatch(/<SourceID>septype audit entry \d+ \(api\)<\/SourceID>/);
    expect(descriptions[0]).not.toContain('ReasonForChange');
    // Calculated values are changes too, made by the system.
    const total = elements(s1, 'ItemData').find((i) => i.includes('I.sofa2_day.sofa2_total'))!;
    expect(total).toContain('TransactionType="Insert"');
    expect(total).toContain('<UserRef UserOID="USR.system"/>');
    expect(xml).toContain('<User OID="USR.system">');
    // Missing codes and the signature, as in the snapshot.
    expect(s1).toMatch(/deviation_action" TransactionType="Insert" IsNull="Yes">/);
    expect(s1).toContain('<SignatureRef SignatureOID="SD.1"/>');
    expect(s1).not.toContain('History absent');
    for (const secret of ['Jan Jansen', 'HN77001122', '1961-05-04']) expect(xml).not.toContain(secret);
  });

  it('exports one site: its participants and its Location only', async () => {
    const xml = await exported({ siteId: b.siteId });
    expect(validate(xml, officialSchema)).toBe('validates');
    expect(xml).toContain(`SubjectKey="${p2.studyId}"`);
    expect(xml).not.toContain(`SubjectKey="${p1.studyId}"`);
    expect(xml).toContain('LOC.ODMB');
    expect(xml).not.toContain('LOC.ODMA');
    expect(xml).toContain('Granularity="SingleSite"');
  });

  it('adds the vendor extension (visit windows, queries, samples), valid against septype’s extension schema', async () => {
    const xml = await exported({ withExtensions: true });
    expect(validate(xml, extensionSchema)).toBe('validates');
    expect(validate(xml, officialSchema)).not.toBe('validates');
    expect(xml).toContain('xmlns:septype="https://septype.org/ns/odm/v1"');
    expect(xml).toContain(
      '<septype:VisitWindow Anchor="day0Sample" Precision="date" Target="P3D" RelativeTo="target" Earliest="-P1D" Latest="P1D"/>',
    );
    const s1 = subjectOf(xml, p1.studyId);
    const description = elements(s1, 'ItemData').find(
      (i) => i.includes('deviation_description') && i.includes('two days late'),
    )!;
    expect(description).toMatch(
      /<septype:Query QueryID="Q\.\d+" ItemKey="deviations\[0\]\.deviation_description" Status="open"/,
    );
    expect(description).toContain(`UserOID="USR.${monitor.username}"`);
    expect(description).toContain('>Which visit was late?</septype:Message>');
    const samples = elements(s1, 'septype:Sample');
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatch(/Visit="D0" TubeType="EDTA" Status="processed"/);
    expect(elements(samples[0]!, 'septype:Aliquot')).toHaveLength(2);
    expect(samples[0]).toMatch(
      /SampleType="plasma" VolumeMicroliters="500" Status="stored" Position="Freezer ODM \/ Rack ODM \/ Box ODM \/ 1,1"/,
    );
    expect(subjectOf(xml, p2.studyId)).not.toContain('septype:Sample');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOdm, type OdmImportReport } from '../../src/features/crf/public.ts';
import { engines } from '../support/engines.ts';
import { enrolled, studySite, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * `importOdm` (issue 15 §1): ODM 1.3.2 clinical data go through the web form's save — the same value rules, checks,
 * calculated items, status rules and audit trail (source `import`) — all forms in one transaction; a file with
 * problems names each with its XML path and stores nothing.
 */
const ns = 'http://www.cdisc.org/ns/odm/v1.3';

function odm(subjects: string, fileType: 'Snapshot' | 'Transactional' = 'Snapshot', mdv = 'MDV.1'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ODM xmlns="${ns}" FileType="${fileType}" FileOID="test" ODMVersion="1.3.2" CreationDateTime="2026-03-02T10:00:00Z">
<ClinicalData StudyOID="NCT07273344" MetaDataVersionOID="${mdv}">
${subjects}
</ClinicalData>
</ODM>`;
}

const item = (form: string, id: string, value: string, extra = '') =>
  `<ItemData ItemOID="I.${form}.${id}" Value="${value}"${extra}/>`;
const missing = (form: string, id: string, code: string) =>
  `<ItemData ItemOID="I.${form}.${id}" IsNull="Yes"><Annotation SeqNum="1"><Flag><FlagValue CodeListOID="CL.SEPTYPE_MISSING">${code}</FlagValue></Flag></Annotation></ItemData>`;
const reason = (text: string) =>
  `<AuditRecord><UserRef UserOID="USR.x"/><LocationRef LocationOID="LOC.x"/><DateTimeStamp>2026-03-02T10:00:00Z</DateTimeStamp><ReasonForChange>${text}</ReasonForChange></AuditRecord>`;

function baseline(subject: string, items = ''): string {
  return `<SubjectData SubjectKey="${subject}"><StudyEventData StudyEventOID="SE.D0"><FormData FormOID="F.baseline.V1">
<ItemGroupData ItemGroupOID="IG.baseline.demographics">${item('baseline', 'age_years', '54')}${item('baseline', 'sex', 'male')}</ItemGroupData>
<ItemGroupData ItemGroupOID="IG.baseline.body">${item('baseline', 'height_cm', '180')}${item('baseline', 'weight_kg', '81.0')}${missing('baseline', 'weight_method', 'unknown')}${item('baseline', 'bmi', '99')}</ItemGroupData>
${items}</FormData></StudyEventData></SubjectData>`;
}

function treatments(subject: string): string {
  const row = (n: number, name: string, route: string) =>
    `<ItemGroupData ItemGroupOID="IG.treatments.antibiotics" ItemGroupRepeatKey="${n}">${item('treatments', 'antibiotic', name)}${item('treatments', 'antibiotic_route', route)}${item('treatments', 'antibiotic_started_on', '2026-03-01')}</ItemGroupData>`;
  return `<SubjectData SubjectKey="${subject}"><StudyEventData StudyEventOID="SE.ONCE"><FormData FormOID="F.treatments.V1">
${row(1, 'meropenem', 'intravenous')}${row(2, 'vancomycin', 'oral')}
<ItemGroupData ItemGroupOID="IG.treatments.vasopressors">${item('treatments', 'vasopressors_given', '1')}${item('treatments', 'vasopressor_agents', 'vasopressin,norepinephrine')}</ItemGroupData>
</FormData></StudyEventData></SubjectData>`;
}

describe.each(engines)('ODM clinical data import on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;
  let first: { id: number; studyId: string };
  let second: { id: number; studyId: string };

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t, 'ODM');
    first = await enrolled(site.nurse, site.siteId);
    second = await enrolled(site.nurse, site.siteId);
  });
  afterAll(() => t.close());

  const run = (xml: string, dryRun = false): Promise<OdmImportReport> =>
    importOdm(t.operator(), { source: [xml], dryRun });
  const read = async (participantId: number, form: string, slot: string) =>
    (await site.nurse.call('GET', `/api/participants/${participantId}/forms/${form}/${slot}`).expect(200)).json as {
      status: string;
      version: number;
      items: Record<string, unknown>;
      rows: Record<string, Record<string, unknown>[]>;
    };
  const totals = async () => {
    const [items] = await t.raw
      .selectFrom('item_data')
      .select((eb) => eb.fn.countAll().as('n'))
      .execute();
    const [audit] = await t.raw
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .execute();
    const [records] = await t.raw
      .selectFrom('form_records')
      .select((eb) => eb.fn.max('version').as('n'))
      .execute();
    return { items: Number(items!.n), audit: Number(audit!.n), versions: Number(records?.n ?? 0) };
  };

  it('stores values, missing codes, repeating rows and multiple choices; recomputes calculated items; audits as import', async () => {
    const report = await run(odm(baseline(first.studyId) + treatments(second.studyId)));
    expect(report).toMatchObject({ subjects: 2, forms: 2, items: 14, errors: [], stored: true, changed: 2 });
    expect(report.notes).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/ItemData\[@ItemOID="I.baseline.bmi"\]$/), count: 1 }),
    ]);

    const form = await read(first.id, 'baseline', 'D0');
    expect(form.status).toBe('in_progress');
    expect(form.items).toMatchObject({
      age_years: { value: 54 },
      sex: { value: 'male' },
      height_cm: { value: 180 },
      weight_kg: { value: 81 },
      weight_method: { missing: 'unknown' },
      bmi: { value: 25 },
    });
    const treatment = await read(second.id, 'treatments', 'once');
    expect(treatment.rows.antibiotics).toEqual([
      expect.objectContaining({ antibiotic: { value: 'meropenem' }, antibiotic_route: { value: 'intravenous' } }),
      expect.objectContaining({ antibiotic: { value: 'vancomycin' }, antibiotic_route: { value: 'oral' } }),
    ]);
    expect(treatment.items).toMatchObject({
      vasopressors_given: { value: true },
      vasopressor_agents: { value: ['norepinephrine', 'vasopressin'] },
    });

    const trail = await t.raw
      .selectFrom('audit_log')
      .select(['action', 'source', 'actor'])
      .where('entity', '=', 'form_record')
      .orderBy('seq')
      .execute();
    expect(trail.filter((e) => e.action === 'form.started').map((e) => e.source)).toEqual(['import', 'import']);
    // As in a web save: what the engine works out is the system's.
    expect(trail).toContainEqual({ action: 'form.calculated', source: 'system', actor: 'system' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await totals();
    const report = await run(odm(baseline(first.studyId) + treatments(second.studyId)));
    expect(report).toMatchObject({ errors: [], changed: 0, unchanged: 2, stored: true });
    expect(await totals()).toEqual(before);
  });

  it('reports every problem of a file with its XML path and stores nothing', async () => {
    const before = await totals();
    const subject = (key: string, events: string) => `<SubjectData SubjectKey="${key}">${events}</SubjectData>`;
    const file = odm(
      subject('NOBODY-1', '') +
        subject(
          first.studyId,
          `<StudyEventData StudyEventOID="SE.D0"><FormData FormOID="F.baseline.V1">
<ItemGroupData ItemGroupOID="IG.baseline.demographics">${item('baseline', 'age_years', 'sixty')}${item('baseline', 'nonsense', '1')}<ItemData ItemOID="I.baseline.sex" IsNull="Yes"/></ItemGroupData>
<ItemGroupData ItemGroupOID="IG.baseline.body">${item('baseline', 'height_cm', '180.5')}${item('baseline', 'weight_kg', '900')}</ItemGroupData>
</FormData></StudyEventData>
<StudyEventData StudyEventOID="SE.D3"><FormData FormOID="F.baseline.V1"/></StudyEventData>
<StudyEventData StudyEventOID="SE.NOWHERE"><FormData FormOID="F.labs.V1"/></StudyEventData>
<StudyEventData StudyEventOID="SE.ONCE"><FormData FormOID="F.outcome.V9"/><FormData FormOID="F.unknown.V1"/>
<FormData FormOID="F.protocol_deviations.V1"><ItemGroupData ItemGroupOID="IG.protocol_deviations.summary">${item('protocol_deviations', 'any_deviation', 'true')}</ItemGroupData>
<ItemGroupData ItemGroupOID="IG.protocol_deviations.deviations" ItemGroupRepeatKey="1">${item('protocol_deviations', 'deviation_on', '2026-03-05')}${item('protocol_deviations', 'deviation_found_on', '2026-03-04')}</ItemGroupData></FormData>
</StudyEventData>`,
        ) +
        baseline(second.studyId),
    );
    const report = await run(file);
    expect(report.stored).toBe(false);
    const base = `/ODM/ClinicalData[1]/SubjectData[@SubjectKey="${first.studyId}"]`;
    const d0 = `${base}/StudyEventData[@StudyEventOID="SE.D0"]/FormData[@FormOID="F.baseline.V1"]`;
    const once = `${base}/StudyEventData[@StudyEventOID="SE.ONCE"]`;
    expect(report.errors.map(({ path, problem }) => ({ path, problem }))).toEqual([
      {
        path: '/ODM/ClinicalData[1]/SubjectData[@SubjectKey="NOBODY-1"]',
        problem: 'no participant NOBODY-1: participants are enrolled in septype, an import never creates them',
      },
      {
        path: `${d0}/ItemGroupData[1]/ItemData[@ItemOID="I.baseline.age_years"]`,
        problem: 'a whole number is expected',
      },
      {
        path: `${d0}/ItemGroupData[1]/ItemData[@ItemOID="I.baseline.nonsense"]`,
        problem: 'ItemOID I.baseline.nonsense is not an item of group demographics',
      },
      {
        path: `${d0}/ItemGroupData[1]/ItemData[@ItemOID="I.baseline.sex"]`,
        problem:
          'IsNull="Yes" needs an Annotation/Flag/FlagValue of code list CL.SEPTYPE_MISSING holding one of not_done, unknown, not_applicable, asked_refused',
      },
      {
        path: `${d0}/ItemGroupData[2]/ItemData[@ItemOID="I.baseline.height_cm"]`,
        problem: 'a whole number is expected',
      },
      {
        path: `${d0}/ItemGroupData[2]/ItemData[@ItemOID="I.baseline.weight_kg"]`,
        problem: '900 is outside 25–400 kg',
      },
      {
        path: `${base}/StudyEventData[@StudyEventOID="SE.D3"]/FormData[@FormOID="F.baseline.V1"]`,
        problem: 'form baseline is not filled in here; it is filled in at D0',
      },
      {
        path: `${base}/StudyEventData[@StudyEventOID="SE.NOWHERE"]/FormData[@FormOID="F.labs.V1"]`,
        problem: 'form labs is not filled in here; it is filled in at D0, D3, DIS',
      },
      {
        path: `${once}/FormData[@FormOID="F.outcome.V9"]`,
        problem: 'version 9 of the form is not the one its record uses (version 1)',
      },
      {
        path: `${once}/FormData[@FormOID="F.unknown.V1"]`,
        problem: 'unknown FormOID F.unknown.V1: F.<form>.V<form version>',
      },
      {
        path: `${once}/FormData[@FormOID="F.protocol_deviations.V1"]/ItemGroupData[2]/ItemData[@ItemOID="I.protocol_deviations.deviation_found_on"]`,
        problem: 'The deviation was found before it happened',
      },
    ]);
    expect(report.errors.every((e) => typeof e.line === 'number')).toBe(true);
    expect(await totals()).toEqual(before);
  });

  it('checks everything and stores nothing with a dry run', async () => {
    const before = await totals();
    const file = odm(
      `<SubjectData SubjectKey="${first.studyId}"><StudyEventData StudyEventOID="SE.ONCE"><FormData FormOID="F.protocol_deviations.V1"><ItemGroupData ItemGroupOID="IG.protocol_deviations.summary">${item('protocol_deviations', 'any_deviation', 'false')}</ItemGroupData></FormData></StudyEventData></SubjectData>`,
    );
    const dry = await run(file, true);
    expect(dry).toMatchObject({ errors: [], stored: false, dryRun: true, changed: 1 });
    expect(await totals()).toEqual(before);
  });

  it('needs a reason for change (from the AuditRecord) to change a complete form', async () => {
    const deviations = (value: string, audit = '', itemAudit = '') =>
      odm(
        `<SubjectData SubjectKey="${first.studyId}"><StudyEventData StudyEventOID="SE.ONCE"><FormData FormOID="F.protocol_deviations.V1">${audit}<ItemGroupData ItemGroupOID="IG.protocol_deviations.summary"><ItemData ItemOID="I.protocol_deviations.any_deviation" Value="${value}">${itemAudit}</ItemData></ItemGroupData></FormData></StudyEventData></SubjectData>`,
      );
    expect((await run(deviations('0'))).errors).toEqual([]);
    const path = `/api/participants/${first.id}/forms/protocol_deviations/once`;
    const { version } = await read(first.id, 'protocol_deviations', 'once');
    await site.nurse.call('POST', `${path}/complete`, { version }).expect(200);

    const refused = await run(deviations('1'));
    expect(refused.stored).toBe(false);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/FormData\[@FormOID="F.protocol_deviations.V1"\]$/),
        problem: 'the form is complete: give the reason for the change',
      }),
    ]);
    expect((await read(first.id, 'protocol_deviations', 'once')).items).toMatchObject({
      any_deviation: { value: false },
    });

    const withItemReason = await run(deviations('1', '', reason('entered on the wrong participant')));
    expect(withItemReason).toMatchObject({ errors: [], stored: true, changed: 1 });
    const saved = await t.raw
      .selectFrom('audit_log')
      .select(['reason', 'source'])
      .where('action', '=', 'form.saved')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ reason: 'entered on the wrong participant', source: 'import' });
    expect((await read(first.id, 'protocol_deviations', 'once')).items).toMatchObject({
      any_deviation: { value: true },
    });
  });

  it('applies transactional Update and Remove (an item, a row), and refuses Remove of a form', async () => {
    const subject = (forms: string) =>
      odm(
        `<SubjectData SubjectKey="${second.studyId}" TransactionType="Update"><StudyEventData StudyEventOID="SE.ONCE" TransactionType="Update">${forms}</StudyEventData></SubjectData>`,
        'Transactional',
      );
    const report = await run(
      subject(`<FormData FormOID="F.treatments.V1" TransactionType="Update">
<ItemGroupData ItemGroupOID="IG.treatments.antibiotics" ItemGroupRepeatKey="1" TransactionType="Update">${item('treatments', 'antibiotic', 'meropenem + clavulanate', ' TransactionType="Update"')}<ItemData ItemOID="I.treatments.antibiotic_started_on" TransactionType="Remove"/></ItemGroupData>
<ItemGroupData ItemGroupOID="IG.treatments.antibiotics" ItemGroupRepeatKey="2" TransactionType="Remove"/>
</FormData>`),
    );
    expect(report).toMatchObject({ errors: [], stored: true, changed: 1 });
    const form = await read(second.id, 'treatments', 'once');
    expect(form.rows.antibiotics).toEqual([
      { antibiotic: { value: 'meropenem + clavulanate' }, antibiotic_route: { value: 'intravenous' } },
    ]);

    const removeForm = await run(subject(`<FormData FormOID="F.treatments.V1" TransactionType="Remove"/>`));
    expect(removeForm.errors.map((e) => e.problem)).toEqual([
      'TransactionType="Remove" on FormData is not supported: remove its items (ItemData) instead',
    ]);
  });

  it('refuses to change a locked form, naming the lock', async () => {
    const lock = `/api/participants/${first.id}/lock`;
    const manager = await t.userWith([{ siteId: site.siteId, role: 'data_manager' }]);
    await manager.call('PUT', lock, { locked: true }).expect(200);
    try {
      const before = await totals();
      const report = await run(odm(baseline(first.studyId).replace('Value="54"', 'Value="55"')));
      expect(report.errors).toEqual([
        expect.objectContaining({
          path: expect.stringMatching(/FormData\[@FormOID="F.baseline.V1"\]$/),
          problem: 'the form is locked (participant lock): a data manager can unlock it',
        }),
      ]);
      expect(await totals()).toEqual(before);
    } finally {
      await manager.call('PUT', lock, { locked: false, reason: 'test over' }).expect(200);
    }
  });

  it('refuses another study or metadata version, and malformed XML, before reading any data', async () => {
    const wrong = await run(odm(baseline(first.studyId), 'Snapshot', 'MDV.7'));
    expect(wrong.errors).toEqual([
      expect.objectContaining({
        path: '/ODM/ClinicalData[1]',
        problem: 'MetaDataVersionOID MDV.7 is not a protocol version of this study; one of MDV.1',
      }),
    ]);
    const broken = await run(odm(baseline(first.studyId)).replace('</FormData>', '</Form>'));
    expect(broken).toMatchObject({ stored: false, subjects: 0, errors: [{ path: '/', line: 7 }] });
  });
  it('round trip: an ODM snapshot export imports into a fresh study with the same participants as identical item data', async () => {
    // The export is the export helper's (src/features/exports/odm-export.ts); imported here only, at run time.
    const { writeOdmExport } = await import('../../src/features/exports/odm-export.ts');
    let xml = '';
    await writeOdmExport(
      t.operator(),
      { siteId: null, metadataOnly: false, withAudit: false, withExtensions: false },
      (chunk) => {
        xml += chunk;
        return Promise.resolve();
      },
    );
    const copy = await startTestApp(engine);
    try {
      const copySite = await studySite(copy, 'ODM');
      expect((await enrolled(copySite.nurse, copySite.siteId)).studyId).toBe(first.studyId);
      expect((await enrolled(copySite.nurse, copySite.siteId)).studyId).toBe(second.studyId);
      const report = await importOdm(copy.operator(), { source: [xml], dryRun: false });
      expect(report.errors).toEqual([]);
      expect(report.stored).toBe(true);
      const itemData = (app: TestApp) =>
        app.raw
          .selectFrom('item_data')
          .innerJoin('form_records', 'form_records.id', 'item_data.record_id')
          .innerJoin('participants', 'participants.id', 'item_data.participant_id')
          .select([
            'participants.study_id',
            'form_records.form_id',
            'form_records.form_version',
            'form_records.slot',
            'item_data.item_id',
            'item_data.row_index',
            'item_data.value_text',
            'item_data.missing',
            'item_data.entered_text',
            'item_data.entered_unit',
            'item_data.calculated',
          ])
          .orderBy('participants.study_id')
          .orderBy('form_records.form_id')
          .orderBy('form_records.slot')
          .orderBy('item_data.item_id')
          .orderBy('item_data.row_index')
          .execute();
      const original = await itemData(t);
      expect(original.length).toBeGreaterThan(10);
      expect((await itemData(copy)).map((r) => ({ ...r, calculated: Number(r.calculated) }))).toEqual(
        original.map((r) => ({ ...r, calculated: Number(r.calculated) })),
      );
    } finally {
      await copy.close();
    }
  });
  it('keeps a value entered in another unit when the file holds the same value (the ODM value is in the item’s unit)', async () => {
    const path = `/api/participants/${second.id}/forms/baseline/D0`;
    await site.nurse
      .call('PUT', path, { version: 0, items: { height_cm: { value: 1.75, unit: 'm' }, weight_kg: { value: 70 } } })
      .expect(200);
    const before = await totals();
    const file = odm(
      `<SubjectData SubjectKey="${second.studyId}"><StudyEventData StudyEventOID="SE.D0"><FormData FormOID="F.baseline.V1"><ItemGroupData ItemGroupOID="IG.baseline.body">${item('baseline', 'height_cm', '175')}${item('baseline', 'weight_kg', '70')}</ItemGroupData></FormData></StudyEventData></SubjectData>`,
    );
    expect(await run(file)).toMatchObject({ errors: [], changed: 0, unchanged: 1 });
    expect(await totals()).toEqual(before);
    expect((await read(second.id, 'baseline', 'D0')).items).toMatchObject({
      height_cm: { value: 175, entered: { value: 1.75, unit: 'm' } },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { base64, processedVisit, type ProcessedVisit } from '../support/lab-fixtures.ts';
import { enrolled, studySite, withToken, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';

interface Report {
  rows: number;
  valid: number;
  imported: number;
  corrected: number;
  errors: { line: number; column: number | null; problem: string }[];
  importId: number | null;
  encoding: string;
  separator: string;
}
interface ErrorAnswer {
  error: {
    code: string;
    field?: string;
    line?: number;
    column?: number;
    details?: { line: number; message: string }[];
  };
}
interface Result {
  id: number;
  visit: string;
  analyte: string;
  value: number | null;
  unit: string;
  qualifier: string | null;
  enteredValue: string | null;
  enteredUnit: string | null;
  resultVersion: number;
  current: boolean;
  reason: string | null;
  calibration: { slope: number; r2: number; beadLot: string } | null;
}

/**
 * Laboratory results as the lab technician imports them: a Dutch export (`;`, decimal comma, BOM or
 * Windows-1252) in one transaction, every problem by line and column with nothing stored, an explicit partial
 * import, the same file refused twice, corrections as new versions, and HLA-DR in AB/C from a bead calibration.
 */
describe.each(engines)('laboratory result imports on $name', (engine) => {
  let t: TestApp;
  let site: StudySite;
  let lab: TestClient;
  let participantId: number;
  let samples: ProcessedVisit;

  beforeAll(async () => {
    t = await startTestApp(engine);
    site = await studySite(t, 'LAB');
    lab = await withToken(await t.userWith([{ siteId: null, role: 'lab_technician' }]));
    participantId = (await enrolled(site.nurse, site.siteId)).id;
    samples = await processedVisit(site.nurse, participantId);
  });
  afterAll(() => t.close());

  const plasma = (i: number) => samples.aliquots.plasma![i]!;
  const serum = (i: number) => samples.aliquots.serum![i]!;
  const importFile = (body: Record<string, unknown>) => lab.call('POST', '/api/lab-imports', body);
  const results = async (query = '') =>
    (await lab.call('GET', `/api/participants/${participantId}/results${query}`).expect(200)).json as Result[];

  it('imports a Dutch long file (BOM, semicolons, decimal commas, <LOD) and converts units to the canonical one', async () => {
    const csv =
      '\uFEFFMonster;Bepaling;Uitslag;Eenheid\r\n' +
      `${plasma(0)};IL-6;452,5;pg/mL\r\n` +
      `${plasma(0)};IL-1β;<0,8;pg/mL\r\n` +
      `${plasma(0)};IL-1Ra;3,2;ng/mL\r\n`;
    const reply = await importFile({ format: 'long', lab: 'Radboud LKCH', content: base64(csv) }).expect(201);
    const report = reply.json as Report;
    expect(report).toMatchObject({ rows: 3, imported: 3, errors: [], encoding: 'utf-8-bom', separator: ';' });
    const stored = await results('?visit=D0');
    expect(stored.find((r) => r.analyte === 'il6')).toMatchObject({ value: 452.5, unit: 'pg/mL', qualifier: null });
    expect(stored.find((r) => r.analyte === 'il1b')).toMatchObject({ value: 0.8, qualifier: '<LOD' });
    expect(stored.find((r) => r.analyte === 'il1ra')).toMatchObject({
      value: 3200,
      unit: 'pg/mL',
      enteredValue: '3.2',
      enteredUnit: 'ng/mL',
    });
  });

  it('reports every bad row by line and column and stores nothing; then stores the valid rows only when asked to', async () => {
    const csv = [
      'Sample,Analyte,Value,Unit',
      `${serum(0)},Ferritin,612,ng/mL`,
      `UNKNOWN-1,Ferritin,100,ng/mL`,
      `${serum(0)},CRP,abc,mg/L`,
      `${serum(0)},Procalcitonin,5.1,mmol/L`,
      `${serum(0)},Nonsense,1,pg/mL`,
      `${serum(0)},Ferritin,615,ng/mL`,
      `${plasma(1)},sCD163,4.6,mg/L`,
    ].join('\n');
    const before = (await results()).length;
    const refused = await importFile({ format: 'long', content: base64(csv) }).expect(400);
    const error = (refused.json as ErrorAnswer).error;
    expect(error).toMatchObject({ code: 'invalid_input', field: 'file', line: 3, column: 1 });
    expect(error.details!.map((d) => [d.line, d.message])).toEqual([
      [3, 'unknown sample UNKNOWN-1'],
      [4, '"abc" is not a number'],
      [5, 'wrong unit "mmol/L" for Procalcitonin: use ng/mL, ug/L'],
      [6, 'unknown analyte "Nonsense"'],
      [7, expect.stringMatching(/Ferritin is in the file twice \(first on line 2\)/)],
      [8, expect.stringMatching(/is plasma; assay soluble-markers-elisa needs serum/)],
    ]);
    expect(await results()).toHaveLength(before);

    const dryRun = (await importFile({ format: 'long', content: base64(csv), dryRun: true }).expect(201))
      .json as Report;
    expect(dryRun).toMatchObject({ rows: 7, valid: 1, imported: 0, importId: null });
    expect(dryRun.errors).toHaveLength(6);

    const partial = (await importFile({ format: 'long', content: base64(csv), acceptPartial: true }).expect(201))
      .json as Report;
    expect(partial).toMatchObject({ rows: 7, imported: 1 });
    expect(partial.errors).toHaveLength(6);
    expect((await results('?analyte=ferritin')).map((r) => r.value)).toEqual([612]);
  });

  it('refuses the same file twice (content hash), and names the import that holds it', async () => {
    const csv = `Sample;Analyte;Value;Unit\n${serum(1)};CRP;151,0;mg/L\n`;
    await importFile({ format: 'long', content: base64(csv) }).expect(201);
    const again = await importFile({ format: 'long', content: base64(csv) }).expect(409);
    expect((again.json as ErrorAnswer).error.code).toBe('conflict');
  });

  it('reads Windows-1252 and a wide file with units in the headers; a new value for a stored result is a new version', async () => {
    const latin1 = Buffer.from(`Sample;sCD163 (µg/mL);IL-6 (pg/mL)\r\n${serum(1)};4,6;\r\n`, 'latin1');
    const wide = (await importFile({ format: 'wide', content: base64(latin1) }).expect(201)).json as Report;
    expect(wide).toMatchObject({ encoding: 'windows-1252', imported: 1, errors: [] });
    expect((await results('?analyte=scd163'))[0]).toMatchObject({ value: 4.6, unit: 'mg/L', enteredUnit: 'ug/mL' });

    const corrected = (
      await importFile({ format: 'wide', content: base64(`Sample,sCD163 (mg/L)\n${serum(1)},4.9\n`) }).expect(201)
    ).json as Report;
    expect(corrected).toMatchObject({ imported: 1, corrected: 1 });
    const history = await results('?analyte=scd163&history=true');
    expect(history.map((r) => [r.resultVersion, r.value, r.current])).toEqual([
      [1, 4.6, false],
      [2, 4.9, true],
    ]);
    expect(history[1]!.reason).toMatch(/corrected by import \d+/);
  });

  it('corrects one result by hand with a reason, audited; a second correction of the replaced version is refused', async () => {
    const [crp] = await results('?analyte=crp');
    const fixed = await lab
      .call('POST', `/api/lab-results/${crp!.id}/correction`, {
        value: 16.1,
        unit: 'mg/dL',
        qualifier: null,
        reason: 'transcription error',
      })
      .expect(201);
    expect(fixed.json).toMatchObject({ value: 161, resultVersion: 2, current: true, reason: 'transcription error' });
    await lab
      .call('POST', `/api/lab-results/${crp!.id}/correction`, { value: 1, unit: 'mg/L', qualifier: null, reason: 'x' })
      .expect(409);
    const audit = await t.raw
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('action', '=', 'result.corrected')
      .execute();
    expect(audit.map((a) => a.reason)).toEqual(['transcription error']);
  });

  it('uses and saves a laboratory mapping, so the next file of that lab imports in one step', async () => {
    const mapping = {
      columns: { sample: 'Buis', analyte: 'Test', value: 'Res', unit: 'Dim' },
      analytes: { 'IL-8 (Luminex kit B)': 'il8' },
      assay: null,
    };
    const csv = `Buis;Test;Res;Dim\n${plasma(1)};IL-8 (Luminex kit B);250;pg/mL\n`;
    await importFile({ format: 'long', lab: 'Lab Noord', content: base64(csv), mapping, saveMapping: true }).expect(
      201,
    );
    const next = `Buis;Test;Res;Dim\n${plasma(0)};IL-8 (Luminex kit B);70;pg/mL\n`;
    const report = (await importFile({ format: 'long', lab: 'Lab Noord', content: base64(next) }).expect(201))
      .json as Report;
    expect(report).toMatchObject({ imported: 1, errors: [] });
    const saved = (await lab.call('GET', '/api/lab-mappings').expect(200)).json as { lab: string }[];
    expect(saved.map((m) => m.lab)).toContain('Lab Noord');
  });

  it('converts monocyte HLA-DR fluorescence to AB/C through an accepted bead calibration, and refuses a poor one', async () => {
    const edta = samples.tubes.EDTA![0]!;
    const beads = [
      { pePerBead: 500, mfi: 210 },
      { pePerBead: 5000, mfi: 1950 },
      { pePerBead: 25000, mfi: 10300 },
      { pePerBead: 65000, mfi: 25500 },
    ];
    const run = { runLabel: 'FACS 2026-03-02', acquiredOn: '2026-03-02', beadLot: '12345', beads };
    const outcome = await lab
      .call('POST', '/api/hladr-calibrations', { ...run, samples: [{ barcode: edta, mfi: 4000 }] })
      .expect(201);
    const { calibration, samples: converted } = outcome.json as {
      calibration: { slope: number; intercept: number; r2: number };
      samples: { abc: number; extrapolated: boolean }[];
    };
    expect(calibration.slope).toBeCloseTo(1.00947, 4);
    expect(calibration.intercept).toBeCloseTo(0.36107, 4);
    expect(converted[0]!.abc).toBeCloseTo(9936.7, 0);
    const [hladr] = await results('?analyte=mhladr');
    expect(hladr).toMatchObject({ unit: 'AB/C', enteredValue: '4000', enteredUnit: 'MFI' });
    expect(hladr!.calibration).toMatchObject({ beadLot: '12345' });

    const poor = beads.map((b, i) => ({ ...b, mfi: [380, 1300, 16000, 19000][i]! }));
    const refused = await lab
      .call('POST', '/api/hladr-calibrations', { ...run, beads: poor, samples: [{ barcode: edta, mfi: 4000 }] })
      .expect(400);
    expect((refused.json as ErrorAnswer).error.field).toBe('beads');
    expect(await results('?analyte=mhladr')).toHaveLength(1);
  });

  it('imports an Olink NPX export apart from concentrations: controls left out, NPX below LOD flagged and kept', async () => {
    const header = 'SampleID;SampleType;OlinkID;UniProt;Assay;Panel;PlateID;QC_Warning;LOD;NPX';
    const csv = [
      header,
      `${plasma(1)};SAMPLE;OID20563;P05231;IL6;Target 96 Inflammation;Plate1;Pass;1,21;5,87`,
      `${plasma(1)};SAMPLE;OID20631;P01375;TNF;Target 96 Inflammation;Plate1;Warning;2,05;1,10`,
      `CONTROL-1;SAMPLE_CONTROL;OID20563;P05231;IL6;Target 96 Inflammation;Plate1;Pass;1,21;6,02`,
    ].join('\n');
    const report = (await importFile({ format: 'olink', content: base64(csv) }).expect(201)).json as Report & {
      controlsSkipped: number;
    };
    expect(report).toMatchObject({ rows: 2, imported: 2, errors: [], controlsSkipped: 1 });
    const npx = await results('?analyte=olink_tnf');
    expect(npx[0]).toMatchObject({ value: 1.1, unit: 'NPX', qualifier: '<LOD' });
    expect((await results('?analyte=olink_il6'))[0]).toMatchObject({ value: 5.87, unit: 'NPX', qualifier: null });
    // NPX never lands on the concentration analyte of the same name.
    expect((await results('?analyte=il6')).map((r) => r.unit)).toEqual(['pg/mL']);
  });

  it('leaves nothing behind when the last row of a file bigger than a batch fails, after earlier batches were written', async () => {
    const panel = Array.from({ length: 3000 }, (_, i) => `p${String(i).padStart(4, '0')}`);
    await lab
      .call('POST', '/api/assays', {
        code: 'wide-panel',
        name: 'A wide panel',
        platform: 'luminex',
        sampleType: 'plasma',
        analytes: panel.map((code) => ({
          code,
          name: code.toUpperCase(),
          unit: 'pg/mL',
          conversions: [],
          lod: null,
          lloq: null,
          uloq: null,
          loinc: null,
          aliases: [],
        })),
      })
      .expect(201);
    const lines = ['Sample;Analyte;Value;Unit'];
    for (const sample of [plasma(0), plasma(1)]) for (const code of panel) lines.push(`${sample};${code};1,5;pg/mL`);
    lines.push(`${plasma(0)};P0001;not a value;pg/mL`);
    const before = await t.raw.selectFrom('lab_results').select('id').execute();
    const imports = await t.raw.selectFrom('result_imports').select('id').execute();
    const refused = await importFile({ format: 'long', content: base64(lines.join('\n')) }).expect(400);
    expect((refused.json as ErrorAnswer).error.details!.map((d) => d.line)).toEqual([6002]);
    expect(await t.raw.selectFrom('lab_results').select('id').execute()).toHaveLength(before.length);
    expect(await t.raw.selectFrom('result_imports').select('id').execute()).toHaveLength(imports.length);
  });

  it("keeps another site's samples out of reach: they are unknown samples to a lab technician of one site", async () => {
    const other = await studySite(t, 'LBX');
    const foreign = await processedVisit(other.nurse, (await enrolled(other.nurse, other.siteId)).id);
    const local = await withToken(await t.userWith([{ siteId: site.siteId, role: 'lab_technician' }]));
    const csv = `Sample,Analyte,Value,Unit\n${foreign.aliquots.plasma![0]!},IL-6,10,pg/mL\n`;
    const refused = await local.call('POST', '/api/lab-imports', { format: 'long', content: base64(csv) }).expect(400);
    expect((refused.json as ErrorAnswer).error.details![0]!.message).toMatch(/unknown sample/);
  });
});

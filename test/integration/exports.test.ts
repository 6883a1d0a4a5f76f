import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorContext } from '../../src/cli/context.ts';
import { exportTables } from '../../src/cli/export-tables.ts';
import { InputError } from '../../src/core/errors.ts';
import { analysisDatasets } from '../../src/features/analysis/public.ts';
import { datasetTables } from '../../src/immunotype/dataset-tables.ts';
import { engines } from '../support/engines.ts';
import { entries, sofaDayPath } from '../support/form-fixtures.ts';
import { populatedLab } from '../support/lab-fixtures.ts';
import { bloodDrawn, processed } from '../support/sample-fixtures.ts';
import { enrolled, studySite, withToken, type Participant, type StudySite } from '../support/study-fixtures.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { TestClient } from '../support/test-client.ts';

/**
 * Tidy exports (issue 15 §2–3) on a study with two sites: the infection form (a multiple choice, a missing code, a
 * repeating group of cultures), an ICU day, samples and a laboratory result. Exported as CSV and as Parquet (read
 * back and compared cell by cell), limited to one site, never with an identity value in any file; and the same
 * through the web endpoints.
 */

const identities = [
  'Marijke Geheimnaam',
  'HN55501234',
  'Kees Verborgen',
  'HN66601234',
  '1961-05-04',
  '+31 6 1234 5678',
];

const csvRows = (path: string) => {
  const [header, ...rows] = parse(readFileSync(path));
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]!])));
};

async function parquetRows(path: string) {
  return parquetReadObjects({ file: Uint8Array.from(readFileSync(path)).buffer });
}

describe.each(engines)('exports on $name', (engine) => {
  let t: TestApp;
  let a: StudySite;
  let b: StudySite;
  let p1: Participant;
  let p2: Participant;
  let statisticianA: TestClient;
  let dir: string;
  const out = (name: string) => join(dir, name);
  const run = async (name: string, ...flags: string[]) => {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    try {
      await exportTables(['--db', t.appContext.config.db, '--out', out(name), ...flags]);
    } finally {
      process.stdout.write = write;
    }
    return out(name);
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    dir = mkdtempSync(join(tmpdir(), 'septype-exports-'));
    t.clock.set('2026-03-04T09:00:00.000Z');
    a = await studySite(t, 'EXA');
    b = await studySite(t, 'EXB');
    p1 = await enrolled(a.nurse, a.siteId, { name: 'Marijke Geheimnaam', hospitalNumber: 'HN55501234' });
    p2 = await enrolled(b.nurse, b.siteId, { name: 'Kees Verborgen', hospitalNumber: 'HN66601234' });
    await a.nurse
      .call('PUT', `/api/participants/${p1.id}/forms/infection/D0`, {
        version: 0,
        items: {
          suspected_site: { value: 'pneumonia' },
          suspected_other_sites: { value: ['urinary_tract', 'bloodstream'] },
          culture_taken: { value: true },
          adjudicated_other_sites: { missing: 'unknown' },
        },
        rows: {
          cultures: [
            {
              specimen: { value: 'blood' },
              culture_taken_on: { value: '2026-03-02' },
              culture_result: { value: 'growth' },
              organism: { value: 'Escherichia coli' },
            },
            {
              specimen: { value: 'urine' },
              culture_taken_on: { value: '2026-03-02' },
              culture_result: { missing: 'unknown' },
            },
          ],
        },
      })
      .expect(200);
    await a.nurse
      .call('PUT', sofaDayPath(p1.id), { version: 0, items: entries({ bilirubin: { missing: 'not_done' } }) })
      .expect(200);
    await b.nurse.call('PUT', sofaDayPath(p2.id), { version: 0, items: entries({ gcs: 9 }) }).expect(200);
    await bloodDrawn(a.nurse, p1.id);
    await processed(a.nurse, p1.id);
    const lab = await withToken(await t.userWith([{ siteId: a.siteId, role: 'lab_technician' }]));
    await populatedLab(lab, p1.id, 'EXPORT');
    statisticianA = await withToken(await t.userWith([{ siteId: a.siteId, role: 'statistician' }]));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports every table as CSV with its codebook, scripts and manifest', async () => {
    const path = await run('csv');
    const files = readdirSync(path);
    for (const file of [
      'participants.csv',
      'visits.csv',
      'samples.csv',
      'aliquots.csv',
      'lab_results.csv',
      'form_infection.csv',
      'form_infection__cultures.csv',
      'form_sofa2_day.csv',
      'analysis_participants.csv',
      'analysis_samples.csv',
      'codebook.csv',
      'codebook.html',
      'load.R',
      'load.do',
      'load.sps',
      'export.json',
    ])
      expect(files).toContain(file);
    expect(files.some((f) => f.includes('partial'))).toBe(false);

    expect(
      csvRows(join(path, 'participants.csv'))
        .map((r) => r.study_id)
        .sort(),
    ).toEqual([p1.studyId, p2.studyId].sort());
    const [infection] = csvRows(join(path, 'form_infection.csv'));
    expect(infection).toMatchObject({
      study_id: p1.studyId,
      site: 'EXA',
      slot: 'D0',
      suspected_site: 'pneumonia',
      suspected_site__missing: '',
      suspected_other_sites___urinary_tract: '1',
      suspected_other_sites___bloodstream: '1',
      suspected_other_sites___pneumonia: '0',
      adjudicated_other_sites___pneumonia: '-98',
      evidence___imaging: '-97',
      culture_taken: '1',
      adjudicated_by: '',
      adjudicated_by__missing: 'no_entry',
    });
    const cultures = csvRows(join(path, 'form_infection__cultures.csv'));
    expect(
      cultures.map((r) => [r.study_id, r.slot, r.row, r.specimen, r.culture_result, r.culture_result__missing]),
    ).toEqual([
      [p1.studyId, 'D0', '1', 'blood', 'growth', ''],
      [p1.studyId, 'D0', '2', 'urine', '', 'unknown'],
    ]);
    const days = csvRows(join(path, 'form_sofa2_day.csv'));
    expect(days.find((r) => r.study_id === p1.studyId)).toMatchObject({
      slot: 'day-2',
      bilirubin: '',
      bilirubin__missing: 'not_done',
    });
    expect(days.find((r) => r.study_id === p2.studyId)).toMatchObject({ gcs: '9', site: 'EXB' });
    const results = csvRows(join(path, 'lab_results.csv'));
    expect(results.some((r) => r.study_id === p1.studyId && r.analyte === 'il6')).toBe(true);
    expect(csvRows(join(path, 'aliquots.csv')).length).toBeGreaterThan(0);

    const codebook = csvRows(join(path, 'codebook.csv'));
    const tables = new Set(codebook.map((r) => r.table));
    expect(tables).toContain('form_infection__cultures');
    expect(tables).toContain('analysis_participants');
    expect(codebook.find((r) => r.variable === 'quantity')).toMatchObject({
      table: 'form_infection__cultures',
      type: 'number',
    });
    const manifest = JSON.parse(readFileSync(join(path, 'export.json'), 'utf8')) as {
      tables: { name: string; rows: number }[];
    };
    expect(manifest.tables.find((m) => m.name === 'form_infection__cultures')?.rows).toBe(2);
    expect(readFileSync(join(path, 'load.R'), 'utf8')).toContain('septype[["form_infection__cultures"]] <- d');
  });

  it('exports the same values as Parquet', async () => {
    const csv = out('csv');
    const path = await run('parquet', '--format', 'parquet');
    const manifest = JSON.parse(readFileSync(join(path, 'export.json'), 'utf8')) as { tables: { name: string }[] };
    expect(manifest.tables.length).toBeGreaterThan(15);
    for (const { name } of manifest.tables) {
      const fromCsv = csvRows(join(csv, `${name}.csv`));
      const fromParquet = await parquetRows(join(path, `${name}.parquet`));
      expect(fromParquet.length, name).toBe(fromCsv.length);
      fromParquet.forEach((row, i) => {
        const asText = Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
        );
        expect(asText, `${name} row ${i}`).toEqual(fromCsv[i]);
      });
    }
    const cultures = await parquetRows(join(path, 'form_infection__cultures.parquet'));
    expect(cultures[1]).toMatchObject({
      row: 2,
      specimen: 'urine',
      culture_result: null,
      culture_result__missing: 'unknown',
    });
    const [infection] = await parquetRows(join(path, 'form_infection.parquet'));
    expect(infection).toMatchObject({
      suspected_other_sites___bloodstream: 1,
      adjudicated_other_sites___pneumonia: -98,
    });
  });

  it('writes the analysis datasets batch by batch as `analysis datasets` builds them at once', async () => {
    const ctx = operatorContext(t.appContext);
    const { datasets } = await analysisDatasets(ctx);
    const files = datasetTables(
      datasets,
      ctx.study.current.analysis,
      ctx.study.assays.flatMap((assay) => assay.analytes),
    );
    const path = await run('batch-of-one', '--batch-size', '1', '--tables', 'analysis_participants,analysis_samples');
    for (const [name, csv] of [
      ['analysis_participants', files.participants],
      ['analysis_samples', files.samples],
    ] as const) {
      expect(parse(readFileSync(join(path, `${name}.csv`)), { bom: true }), name).toEqual(parse(csv, { bom: true }));
      // The default batches give the same file.
      expect(readFileSync(join(path, `${name}.csv`), 'utf8'), name).toBe(readFileSync(out(`csv/${name}.csv`), 'utf8'));
    }
    expect(csvRows(join(path, 'analysis_participants.csv')).map((r) => r.studyId)).toEqual(
      [p1.studyId, p2.studyId].sort((x, y) => x.localeCompare(y)),
    );
  });

  it('limits an export to one site, and refuses a site that does not exist', async () => {
    const path = await run('site-a', '--site', 'EXA');
    for (const file of readdirSync(path).filter((f) => f.endsWith('.csv') && f !== 'codebook.csv')) {
      const text = readFileSync(join(path, file), 'utf8');
      expect(text, file).not.toContain(p2.studyId);
      expect(text, file).not.toContain('"EXB"');
    }
    expect(csvRows(join(path, 'participants.csv')).map((r) => r.study_id)).toEqual([p1.studyId]);
    await expect(run('nowhere', '--site', 'NOPE')).rejects.toThrow(InputError);
    await expect(run('csv')).rejects.toThrow(/not empty/);
  });

  it('never writes an identity value into any file', () => {
    for (const sub of ['csv', 'parquet', 'site-a']) {
      for (const file of readdirSync(out(sub))) {
        const text = readFileSync(join(out(sub), file)).toString('latin1');
        for (const value of identities) expect(text.includes(value), `${sub}/${file}: ${value}`).toBe(false);
      }
    }
  });

  it('serves the tables, codebook, scripts and REDCap files over HTTP at the caller’s sites', async () => {
    const list = (await statisticianA.call('GET', '/api/exports/tables').expect(200)).json as {
      tables: { name: string; kind: string }[];
    };
    expect(list.tables.map((x) => x.name)).toEqual(
      expect.arrayContaining(['participants', 'form_infection__cultures', 'analysis_samples']),
    );

    const csv = await statisticianA.call('GET', '/api/exports/table?table=form_sofa2_day').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="form_sofa2_day.csv"');
    expect(csv.text).toContain(p1.studyId);
    expect(csv.text).not.toContain(p2.studyId);
    expect((await statisticianA.call('GET', `/api/exports/table?table=participants&siteId=${b.siteId}`)).status).toBe(
      404,
    );
    const unknown = await statisticianA.call('GET', '/api/exports/table?table=nothing').expect(404);
    expect(unknown.text).toContain('no table nothing');

    const token = statisticianA.bearer!;
    const parquet = await t.app.inject({
      method: 'GET',
      url: '/api/exports/table?table=form_infection__cultures&format=parquet',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(parquet.statusCode).toBe(200);
    const rows = await parquetReadObjects({ file: Uint8Array.from(parquet.rawPayload).buffer });
    expect(rows.map((r) => r.specimen as unknown)).toEqual(['blood', 'urine']);

    const page = await statisticianA.call('GET', '/api/exports/codebook?format=html').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).toContain('form_infection__cultures');
    const stata = await statisticianA.call('GET', '/api/exports/script?language=stata').expect(200);
    expect(stata.text).toContain('label define');
    const dictionary = await statisticianA.call('GET', '/api/exports/redcap?file=data-dictionary.csv').expect(200);
    expect(dictionary.text.split('\r\n')[0]).toContain('"Variable / Field Name","Form Name"');
    for (const reply of [csv, page, stata, dictionary])
      for (const value of identities) expect(reply.text).not.toContain(value);

    // A coordinator may not read research data.
    expect((await a.nurse.call('GET', '/api/exports/tables')).status).toBe(403);
  });
});

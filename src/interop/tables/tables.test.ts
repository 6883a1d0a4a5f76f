import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { study } from '../../protocol/nct07273344/protocol.ts';
import { codebookCsv, codebookHeader, codebookHtml } from './codebook.ts';
import { missingNumbers } from './missing.ts';
import { parquetTableWriter } from './parquet.ts';
import { formTableRows, recordData, type FormRecordRow, type ItemDatum } from './rows.ts';
import { rScript, shortNames, spssScript, stataScript } from './scripts.ts';
import { formTables, type Cell, type FormTable } from './spec.ts';
import { studyTables } from './study-tables.ts';

/**
 * The tidy tables from the study's own forms: the infection form has single and multiple choices, a yes/no and a
 * repeating group (the cultures), so it shows every shape an export takes.
 */

const tables = formTables(study);
const table = (name: string) => tables.find((t) => t.name === name)!;
const infection = table('form_infection');
const cultures = table('form_infection__cultures');
const record: FormRecordRow = {
  id: 1,
  studyId: 'AMS-001',
  site: 'AMS',
  slot: 'D0',
  formId: 'infection',
  formVersion: '1',
  status: 'complete',
};
const datum = (itemId: string, value: string | null, missing: string | null = null, row = 0): ItemDatum => ({
  itemId,
  row,
  value,
  missing,
});
const data = recordData([
  datum('suspected_site', 'pneumonia'),
  datum('suspected_other_sites', '["bloodstream","urinary_tract"]'),
  datum('culture_taken', 'true'),
  datum('adjudicated_other_sites', null, 'unknown'),
  datum('adjudicated_by', null, 'not_done'),
  datum('specimen', 'blood', null, 0),
  datum('culture_result', 'growth', null, 0),
  datum('quantity', '100000', null, 0),
  datum('specimen', 'urine', null, 1),
  datum('culture_result', null, 'unknown', 1),
]);

function cellsOf(t: FormTable, rows: Cell[][]) {
  return rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c.name, row[i]])));
}

describe('form tables', () => {
  it('has a table per form and a long table per repeating group, with their keys', () => {
    const names = tables.map((t) => t.name);
    expect(names).toContain('form_baseline');
    expect(names).toContain('form_sofa2_day');
    expect(names).toContain('form_infection__cultures');
    expect(names).toContain('form_treatments__antibiotics');
    expect(infection.keys).toEqual(['study_id', 'slot']);
    expect(cultures.keys).toEqual(['study_id', 'slot', 'row']);
    expect(cultures.columns.slice(0, 6).map((c) => c.name)).toEqual([
      'study_id',
      'site',
      'slot',
      'form_version',
      'form_status',
      'row',
    ]);
    // The repeating group's items are not in the form's own table.
    expect(infection.columns.some((c) => c.name === 'specimen')).toBe(false);
    expect(cultures.columns.some((c) => c.name === 'specimen')).toBe(true);
  });

  it('writes a multiple choice as one 0/1 column per option, and a missing code when it has no answer', () => {
    const [row] = cellsOf(infection, formTableRows(infection, record, data));
    expect(row).toMatchObject({
      study_id: 'AMS-001',
      site: 'AMS',
      slot: 'D0',
      form_version: '1',
      form_status: 'complete',
      suspected_site: 'pneumonia',
      suspected_site__missing: null,
      suspected_other_sites___bloodstream: 1,
      suspected_other_sites___urinary_tract: 1,
      suspected_other_sites___pneumonia: 0,
      suspected_other_sites___other: 0,
      // Answered "unknown": not 0 (unchecked), but the reason.
      adjudicated_other_sites___pneumonia: missingNumbers.unknown,
      adjudicated_other_sites___bloodstream: -98,
      // Never entered: no_entry (-97).
      evidence___imaging: missingNumbers.no_entry,
      culture_taken: 1,
      culture_taken__missing: null,
      adjudicated_by: null,
      adjudicated_by__missing: 'not_done',
      adjudicated_on: null,
      adjudicated_on__missing: 'no_entry',
    });
    const option = infection.columns.find((c) => c.name === 'suspected_other_sites___bloodstream')!;
    expect(option.type).toBe('integer');
    expect(option.codes).toEqual(
      expect.arrayContaining([
        { code: 1, label: 'Checked' },
        { code: -97, label: expect.any(String) },
      ]),
    );
  });

  it('writes a repeating group as one row per entry, keyed by participant, slot and row', () => {
    const rows = cellsOf(cultures, formTableRows(cultures, record, data));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      study_id: 'AMS-001',
      slot: 'D0',
      row: 1,
      specimen: 'blood',
      culture_result: 'growth',
      quantity: 100000,
    });
    expect(rows[1]).toMatchObject({
      row: 2,
      specimen: 'urine',
      culture_result: null,
      culture_result__missing: 'unknown',
    });
    expect(formTableRows(cultures, record, recordData([]))).toEqual([]);
  });

  it('types calculated items by their calculation, with no missing-code column', () => {
    const baseline = table('form_baseline');
    const bmi = baseline.columns.filter((c) => c.name.startsWith('bmi'));
    expect(bmi.map((c) => [c.name, c.type])).toEqual([['bmi', 'number']]);
    expect(bmi[0]!.derivation).toContain('calculated');
  });
});

describe('the codebook', () => {
  const all = [
    ...studyTables(study.current, [{ code: 'il6', name: 'Interleukin-6', unit: 'pg/mL' }]),
    infection,
    cultures,
  ];

  it('has a row for every column of every table, with codes and missing codes', () => {
    const rows = parse(codebookCsv(all));
    expect(rows[0]).toEqual(codebookHeader);
    expect(rows.length - 1).toBe(all.reduce((n, t) => n + t.columns.length, 0));
    const option = rows.find((r) => r[1] === 'suspected_other_sites___bloodstream')!;
    expect(option[0]).toBe('form_infection');
    expect(option[2]).toBe('infection.suspected.suspected_other_sites');
    expect(option[6]).toContain('1 = Checked | 0 = Not checked | -99 = Not done');
    const site = rows.find((r) => r[0] === 'form_infection' && r[1] === 'suspected_site')!;
    expect(site[4]).toBe('code');
    expect(site[6]).toContain('pneumonia = ');
    const analyte = rows.find((r) => r[0] === 'lab_results' && r[1] === 'analyte')!;
    expect(analyte[6]).toBe('il6 = Interleukin-6 (pg/mL)');
  });

  it('reads as an HTML page with a section per table, escaping the text', () => {
    const page = codebookHtml(all, {
      study: 'S<1>',
      title: 'A & B',
      generatedAt: '2026-01-01T00:00:00Z',
      version: '1',
    });
    expect(page).toContain('<section id="form_infection__cultures">');
    expect(page).toContain('S&lt;1&gt;');
    expect(page).toContain('A &amp; B');
    expect(page).not.toContain('<script');
  });
});

describe('loading scripts', () => {
  const some = [infection, cultures];

  it('R: column classes, labels, factors with value labels, missing numbers set to NA', () => {
    const r = rScript(some, { study: 'NCT07273344' });
    expect(r).toContain('septype_read("form_infection", c("study_id" = "character"');
    expect(r).toContain('attr(d[["suspected_site"]], "label") <- "Suspected primary site"');
    expect(r).toMatch(/d\[\["suspected_site"\]\] <- factor\(d\[\["suspected_site"\]\], levels = c\("pneumonia", /);
    expect(r).toContain(
      'd[["suspected_other_sites___bloodstream"]][!is.na(d[["suspected_other_sites___bloodstream"]]) & d[["suspected_other_sites___bloodstream"]] < 0] <- NA',
    );
    expect(r).toContain('attr(d[["culture_taken"]], "labels") <- c("Yes" = 1L, "No" = 0L)');
    expect(r).toContain('septype[["form_infection__cultures"]] <- d');
    expect(rScript(some, { study: 'X', format: 'parquet' })).toContain('arrow::read_parquet');
  });

  it('Stata: variable labels, value labels, extended missing values, names within 32 characters', () => {
    const stata = stataScript(some, { study: 'NCT07273344' });
    expect(stata).toContain('import delimited using "form_infection.csv"');
    expect(stata).toContain('label variable suspected_site `"Suspected primary site"\'');
    expect(stata).toMatch(/label define L\d+ 1 `"Pneumonia/);
    expect(stata).toContain('mvdecode evidence___imaging, mv(-99=.a \\ -98=.b \\ -97=.c \\ -96=.d \\ -95=.e)');
    expect(stata).toContain('.c `"No entry (not asked, or not yet entered)"\'');
    expect(stata).toContain('save "form_infection__cultures.dta", replace');
    const renamed = /rename \(\*\) \(([^)]*)\)/.exec(stata)![1]!.split(' ');
    expect(renamed.every((n) => n.length <= 32)).toBe(true);
    expect(new Set(renamed).size).toBe(renamed.length);
  });

  it('SPSS: formats, variable labels, value labels and user-missing values', () => {
    const sps = spssScript(some, { study: 'NCT07273344' });
    expect(sps).toContain("GET DATA /TYPE=TXT /FILE='form_infection.csv'");
    expect(sps).toContain('culture_taken F8.0');
    expect(sps).toContain("suspected_site 'Suspected primary site'");
    expect(sps).toMatch(/suspected_site 'pneumonia' 'Pneumonia/);
    expect(sps).toContain("culture_taken 1 'Yes' 0 'No'");
    expect(sps).toMatch(/MISSING VALUES suspected_other_sites___pneumonia .* \(-99 THRU -95\)\./);
  });

  it('shortens long names apart', () => {
    const long = ['a'.repeat(40), `${'a'.repeat(40)}b`, 'short'];
    const short = shortNames(long, 32);
    expect(short[2]).toBe('short');
    expect(short.every((n) => n.length <= 32)).toBe(true);
    expect(new Set(short).size).toBe(3);
  });
});

describe('parquet', () => {
  it('writes a row group per batch that reads back with its types and nulls', async () => {
    const chunks: Uint8Array[] = [];
    const writer = parquetTableWriter(cultures.columns, (bytes) => void chunks.push(bytes), { 'septype.table': 'x' });
    const batch1 = formTableRows(cultures, record, data);
    const batch2 = formTableRows(cultures, { ...record, studyId: 'AMS-002' }, data);
    await writer.write(batch1);
    await writer.write([]);
    await writer.write(batch2);
    await writer.finish();
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    const bytes = Buffer.concat(chunks);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups).toHaveLength(2);
    expect(metadata.key_value_metadata).toContainEqual({ key: 'septype.table', value: 'x' });
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      study_id: 'AMS-001',
      row: 1,
      specimen: 'blood',
      quantity: 100000,
      culture_result__missing: null,
    });
    expect(rows[3]).toMatchObject({
      study_id: 'AMS-002',
      row: 2,
      culture_result: null,
      culture_result__missing: 'unknown',
    });
  });
});

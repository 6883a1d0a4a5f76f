import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analysis } from '../protocol/nct07273344/analysis.ts';
import type { AnalysisDatasets } from './dataset.ts';
import {
  codebookCsv,
  codebookHeader,
  codebookRows,
  datasetTables,
  eq5dVisits,
  participantsCsv,
  samplesCsv,
  type AnalyteColumn,
  type CodebookRow,
} from './dataset-tables.ts';

/**
 * Three participants: P-001 died on the day of admission (every competing status 2), P-002 lived the year,
 * was readmitted on day 40 and filled in the EQ-5D-5L at M3, but has no sex recorded and an infection site with
 * a comma and quotes; P-003 has nothing but a sex. Samples: a below-LOD IL-6 and a ferritin never measured.
 */
const datasets: AnalysisDatasets = {
  participants: [
    {
      studyId: 'P-001',
      site: 'AMS',
      age: 67,
      sex: 'male',
      sofa2: 9,
      infectionSite: 'pulmonary',
      survival: { days: 0.5, dead: true },
      mortality: { day28: true, day90: true, day365: true },
      competing: {
        readmission: { days: 0.5, status: 2 },
        newInfection: { days: 0.5, status: 2 },
        cardiovascular: { days: 0.5, status: 2 },
      },
      eq5d: {},
    },
    {
      studyId: 'P-002',
      site: 'GENT',
      age: 54,
      sex: null,
      sofa2: 6,
      infectionSite: 'other: "skin, soft tissue"',
      survival: { days: 365, dead: false },
      mortality: { day28: false, day90: false, day365: false },
      competing: {
        readmission: { days: 40, status: 1 },
        newInfection: { days: 365, status: 0 },
        cardiovascular: { days: 365, status: 0 },
      },
      eq5d: { M3: 0.812 },
    },
    {
      studyId: 'P-003',
      site: 'AMS',
      age: null,
      sex: 'female',
      sofa2: null,
      infectionSite: null,
      survival: null,
      mortality: { day28: null, day90: null, day365: null },
      competing: {},
      eq5d: {},
    },
  ],
  samples: [
    {
      studyId: 'P-001',
      site: 'AMS',
      visit: 'D0',
      values: { il6: { value: 1.5, belowLod: true }, crp: { value: 120, belowLod: false } },
    },
    {
      studyId: 'P-002',
      site: 'GENT',
      visit: 'D0',
      values: {
        crp: { value: 12.5, belowLod: false },
        ferritin: { value: 4800, belowLod: false },
        il6: { value: 35.2, belowLod: false },
        // Not among the analytes given: left out.
        pct: { value: 0.4, belowLod: false },
      },
    },
    { studyId: 'P-002', site: 'GENT', visit: 'M3', values: { il6: { value: 3, belowLod: false } } },
  ],
};

const analytes: AnalyteColumn[] = [
  { code: 'il6', name: 'IL-6', unit: 'pg/mL', lod: 1.5, loinc: '26881-3' },
  { code: 'ferritin', name: 'Ferritin', unit: 'ng/mL', lod: null },
  { code: 'crp', name: 'CRP', unit: 'mg/L', lod: 0.2 },
];

/**
 * The written CSV (every field quoted, CRLF: src/core/csv.ts) read back and shown as a person would write it:
 * quotes only where a field needs them, one line per row — what the assertions below spell out.
 */
const minimal = (field: string) => (/[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
const lines = (csv: string) => {
  const records: string[][] = parse(csv);
  return records.map((row) => row.map(minimal).join(','));
};
const plain = (csv: string) => `${lines(csv).join('\n')}\n`;
const headerOf = (csv: string) => lines(csv)[0]!.split(',');

describe('participants.csv', () => {
  const csv = participantsCsv(datasets, analysis);

  it('has the fixed columns, the horizons, two per competing event and the EQ-5D visits with a value', () => {
    expect(lines(csv)[0]).toBe(
      'studyId,site,age,sex,sofa2,infectionSite,survivalDays,died,death28,death90,death365,' +
        'readmissionDays,readmissionStatus,newInfectionDays,newInfectionStatus,cardiovascularDays,cardiovascularStatus,' +
        'eq5d_M3',
    );
  });

  it('writes booleans as 1/0, missing values as empty fields, and quotes text that needs it', () => {
    expect(lines(csv).slice(1)).toEqual([
      'P-001,AMS,67,male,9,pulmonary,0.5,1,1,1,1,0.5,2,0.5,2,0.5,2,',
      'P-002,GENT,54,,6,"other: ""skin, soft tissue""",365,0,0,0,0,40,1,365,0,365,0,0.812',
      'P-003,AMS,,female,,,,,,,,,,,,,,',
    ]);
    const records = parse<Record<string, string>>(csv, { columns: true });
    expect(records[1]!.infectionSite).toBe('other: "skin, soft tissue"');
    expect(records.every((r) => Object.keys(r).length === 18)).toBe(true);
  });

  it('keeps only the horizons within follow-up', () => {
    const header = headerOf(participantsCsv(datasets, { ...analysis, horizonDays: 90 }));
    expect(header.filter((c) => c.startsWith('death'))).toEqual(['death28', 'death90']);
  });

  it('orders the EQ-5D visits as the definition does, other slots after them', () => {
    const withMore: AnalysisDatasets = {
      ...datasets,
      participants: datasets.participants.map((p, i) =>
        i === 2 ? { ...p, eq5d: { 'day-400': 0.5, M12: 0.9, M3: -0.1 } } : p,
      ),
    };
    expect(eq5dVisits(withMore, analysis)).toEqual(['M3', 'M12', 'day-400']);
    const csv = participantsCsv(withMore, analysis);
    expect(headerOf(csv).slice(-3)).toEqual(['eq5d_M3', 'eq5d_M12', 'eq5d_day-400']);
    expect(lines(csv)[3]!.endsWith(',-0.1,0.9,0.5')).toBe(true);
  });

  it('has no EQ-5D column when nobody has a value', () => {
    const none = { ...datasets, participants: datasets.participants.map((p) => ({ ...p, eq5d: {} })) };
    expect(headerOf(participantsCsv(none, analysis)).some((c) => c.startsWith('eq5d'))).toBe(false);
  });

  it('refuses a competing event whose columns would repeat another', () => {
    const clash = {
      ...analysis,
      competingEvents: [{ name: 'survival', date: { form: 'follow_up', item: 'x' } }],
    };
    expect(() => participantsCsv(datasets, clash)).toThrow(/survivalDays would appear twice/);
  });
});

describe('samples.csv', () => {
  const csv = samplesCsv(datasets, analytes);

  it('has every analyte in the order given with its below-LOD flag, empty when not measured', () => {
    expect(lines(csv)).toEqual([
      'studyId,site,visit,il6,il6_below_lod,ferritin,ferritin_below_lod,crp,crp_below_lod',
      'P-001,AMS,D0,1.5,1,,,120,0',
      'P-002,GENT,D0,35.2,0,4800,0,12.5,0',
      'P-002,GENT,M3,3,0,,,,',
    ]);
  });

  it('takes the analytes by code alone', () => {
    expect(plain(samplesCsv(datasets, [{ code: 'crp' }]))).toBe(
      'studyId,site,visit,crp,crp_below_lod\nP-001,AMS,D0,120,0\n' + 'P-002,GENT,D0,12.5,0\nP-002,GENT,M3,,\n',
    );
  });

  it('refuses an analyte whose column would repeat another', () => {
    expect(() => samplesCsv(datasets, [{ code: 'il6_below_lod' }, { code: 'il6' }])).toThrow(/il6_below_lod/);
  });
});

describe('the codebook', () => {
  const rows = codebookRows(analysis, analytes, datasets);
  const csv = codebookCsv(rows);

  it('has exactly one row for every column of both tables, in their order, and none other', () => {
    const of = (table: CodebookRow['table']) => rows.filter((r) => r.table === table).map((r) => r.variable);
    expect(of('participants')).toEqual(headerOf(participantsCsv(datasets, analysis)));
    expect(of('samples')).toEqual(headerOf(samplesCsv(datasets, analytes)));
    expect(rows).toHaveLength(of('participants').length + of('samples').length);
    for (const row of rows) {
      expect(['text', 'integer', 'number', '0/1', 'code']).toContain(row.type);
      expect(row.label).not.toBe('');
      expect(row.derivation).not.toBe('');
      expect(row.missing).not.toBe('');
    }
  });

  it('says how each column was made and where it comes from', () => {
    const row = (table: CodebookRow['table'], variable: string) =>
      rows.find((r) => r.table === table && r.variable === variable)!;
    expect(row('participants', 'survivalDays').derivation).toMatch(
      /^days from the day of ICU admission to death \(.*outcome\.died_on.*\), or to the last day known alive \(the visits that took place and outcome\.hospital_discharged_on; follow_up\.contacted_on; end_of_study\.last_contact_on\), censored at 365 days and at a withdrawal’s stop date; .*death on day 0 counts as 0\.5$/,
    );
    expect(row('participants', 'sofa2').derivation).toBe(
      'item sofa2_day.sofa2_total at slot day-1, the first row with a value',
    );
    expect(row('participants', 'infectionSite').derivation).toBe(
      'the first with a value of: infection.final_site; infection.adjudicated_site; infection.suspected_site',
    );
    expect(row('participants', 'readmissionStatus').codes).toBe('0 = censored; 1 = readmission; 2 = death first');
    expect(row('participants', 'readmissionDays').derivation).toContain('follow_up.readmitted_on');
    expect(row('participants', 'eq5d_M3').derivation).toBe('item follow_up.eq5d_index at slot M3');
    expect(row('samples', 'il6')).toMatchObject({ label: 'IL-6; LOINC 26881-3', unit: 'pg/mL', type: 'number' });
    expect(row('samples', 'il6_below_lod').derivation).toContain(
      'below the limit of detection (<LOD) or of quantification (<LLOQ): the value is the limit itself (LOD 1.5 pg/mL)',
    );
    expect(row('samples', 'ferritin_below_lod').derivation).not.toContain('(LOD');
    expect(row('samples', 'visit').codes).toBe('D0; D3; DIS; M3; M12');
  });

  it('writes the rows as RFC 4180 CSV that reads back to the same rows', () => {
    expect(lines(csv)[0]).toBe(codebookHeader);
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const back = parse<CodebookRow>(csv, { columns: true });
    expect(back).toEqual(rows);
  });

  it('quotes a field with a comma, a quote or a line break, and only those', () => {
    const row: CodebookRow = {
      table: 'samples',
      variable: 'x',
      label: 'say "hi"',
      type: 'number',
      unit: 'a,b',
      codes: '',
      missing: 'one\ntwo',
      derivation: 'plain',
    };
    expect(plain(codebookCsv([row]))).toBe(
      `${codebookHeader}\nsamples,x,"say ""hi""",number,"a,b",,"one\ntwo",plain\n`,
    );
  });
});

describe('the three files', () => {
  it('are the same bytes every time, whatever order the values were stored in', () => {
    const reordered: AnalysisDatasets = {
      participants: datasets.participants.map((p) => ({
        ...p,
        mortality: Object.fromEntries(Object.entries(p.mortality).reverse()),
        competing: Object.fromEntries(Object.entries(p.competing).reverse()),
      })),
      samples: datasets.samples.map((s) => ({ ...s, values: Object.fromEntries(Object.entries(s.values).reverse()) })),
    };
    const first = datasetTables(datasets, analysis, analytes);
    expect(datasetTables(datasets, analysis, analytes)).toEqual(first);
    expect(datasetTables(reordered, analysis, analytes)).toEqual(first);
    expect(first.participants).toBe(participantsCsv(datasets, analysis));
    expect(first.samples).toBe(samplesCsv(datasets, analytes));
    expect(first.codebook).toBe(codebookCsv(codebookRows(analysis, analytes, datasets)));
  });
});

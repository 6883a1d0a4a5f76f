import { toCsv } from '../core/csv.ts';
import type { AnalysisDefinition, ItemRef } from '../protocol/analysis.ts';
import { mortalityHorizons, type AnalysisDatasets, type ParticipantRecord, type SampleRecord } from './dataset.ts';

/**
 * The analysis datasets as tidy tables (issue 14 §1): `participants.csv`, one row per participant, and
 * `samples.csv`, one row per participant × sampled visit, each column described by one row of the codebook.
 * Contents only: the caller decides where they go and hashes the bytes. The columns are fixed by the analysis
 * definition and the analytes given (plus the EQ-5D-5L visits that have a value); the rows keep the datasets'
 * order (by study id, then visit). Written by the one CSV writer (src/core/csv.ts: every field quoted, CRLF, text
 * that a spreadsheet would run as a formula made inert); booleans as 1/0, a missing value as an empty field,
 * numbers as JavaScript writes them (shortest round trip).
 */

export type CodebookType = 'text' | 'integer' | 'number' | '0/1' | 'code';

export interface CodebookRow {
  table: 'participants' | 'samples';
  variable: string;
  label: string;
  type: CodebookType;
  unit: string;
  codes: string;
  missing: string;
  derivation: string;
}

/** An analyte of the catalogue as the codebook describes it (an AnalyteDefinition fits). */
export interface AnalyteColumn {
  code: string;
  name: string;
  /** The canonical unit: every value is in it. */
  unit: string;
  lod: number | null;
  loinc?: string | null;
}

export const codebookHeader = 'table,variable,label,type,unit,codes,missing,derivation';

type Cell = string | number | boolean | null | undefined;

interface Column<Row> extends Omit<CodebookRow, 'table'> {
  cell: (row: Row) => Cell;
}

/** The columns every table starts with: who (pseudonymised) and where. */
function keyColumns<Row extends { studyId: string; site: string }>(): Column<Row>[] {
  return [
    {
      variable: 'studyId',
      label: 'Study id (pseudonym)',
      type: 'text',
      unit: '',
      codes: '',
      missing: 'never',
      derivation: 'the participant’s study id; no identity data',
      cell: (row) => row.studyId,
    },
    {
      variable: 'site',
      label: 'Site',
      type: 'code',
      unit: '',
      codes: 'the study’s site codes',
      missing: 'never',
      derivation: 'the code of the participant’s site',
      cell: (row) => row.site,
    },
  ];
}

/**
 * The visits whose EQ-5D-5L index any participant has: the definition's visits in their order, then any other
 * slot the item was read at (sorted), so that no value is left out.
 */
export function eq5dVisits(datasets: AnalysisDatasets, definition: AnalysisDefinition): string[] {
  return eq5dVisitOrder(
    datasets.participants.flatMap((p) => Object.keys(p.eq5d)),
    definition,
  );
}

/** The EQ-5D-5L visits of `present` (slots with a value, in any order, repeats allowed) in eq5dVisits' order. */
export function eq5dVisitOrder(present: Iterable<string>, definition: AnalysisDefinition): string[] {
  const slots = new Set(present);
  const known = definition.visits.filter((visit) => slots.has(visit));
  const other = [...slots].filter((slot) => !definition.visits.includes(slot)).sort();
  return [...known, ...other];
}

/** A cell of the tables: booleans as 1/0, a missing value as null, numbers as they are. */
export type TableCell = string | number | null;

/**
 * The cells of one participant row, in the columns of participants.csv when the EQ-5D-5L visits are `eq5d`
 * (eq5dVisits of the datasets; a writer that streams the rows gets them from the database beforehand).
 */
export function participantCells(
  definition: AnalysisDefinition,
  eq5d: readonly string[],
): (participant: ParticipantRecord) => TableCell[] {
  return cellsOf(participantColumns(definition, eq5d));
}

/** The cells of one sample row, in the columns of samples.csv for these analytes. */
export function sampleCells(analytes: readonly Pick<AnalyteColumn, 'code'>[]): (sample: SampleRecord) => TableCell[] {
  return cellsOf(sampleColumns(analytes, []));
}

export function participantsCsv(datasets: AnalysisDatasets, definition: AnalysisDefinition): string {
  return table(participantColumns(definition, eq5dVisits(datasets, definition)), datasets.participants);
}

/** Analytes that a sample has but the list does not name are left out (the codebook describes the list). */
export function samplesCsv(datasets: AnalysisDatasets, analytes: readonly Pick<AnalyteColumn, 'code'>[]): string {
  return table(sampleColumns(analytes, []), datasets.samples);
}

/**
 * One row for every column of both tables, in their order. The datasets are needed for the EQ-5D-5L columns
 * only (a visit is a column when some participant has a value there), exactly as participantsCsv decides.
 */
export function codebookRows(
  definition: AnalysisDefinition,
  analytes: readonly AnalyteColumn[],
  datasets: AnalysisDatasets,
): CodebookRow[] {
  return codebookRowsFor(definition, analytes, eq5dVisits(datasets, definition));
}

/** The codebook rows of both tables when the EQ-5D-5L visits are `eq5d` (as participantCells takes them). */
export function codebookRowsFor(
  definition: AnalysisDefinition,
  analytes: readonly AnalyteColumn[],
  eq5d: readonly string[],
): CodebookRow[] {
  const describe =
    (table: CodebookRow['table']) =>
    <Row>({ variable, label, type, unit, codes, missing, derivation }: Column<Row>): CodebookRow => ({
      table,
      variable,
      label,
      type,
      unit,
      codes,
      missing,
      derivation,
    });
  return [
    ...participantColumns(definition, eq5d).map(describe('participants')),
    ...sampleColumns(analytes, definition.visits).map(describe('samples')),
  ];
}

export function codebookCsv(rows: readonly CodebookRow[]): string {
  return toCsv(
    codebookHeader.split(','),
    rows.map((r) => [r.table, r.variable, r.label, r.type, r.unit, r.codes, r.missing, r.derivation]),
  );
}

/** The three files at once: the codebook then describes exactly the columns of the two tables. */
export function datasetTables(
  datasets: AnalysisDatasets,
  definition: AnalysisDefinition,
  analytes: readonly AnalyteColumn[],
): { participants: string; samples: string; codebook: string } {
  return {
    participants: participantsCsv(datasets, definition),
    samples: samplesCsv(datasets, analytes),
    codebook: codebookCsv(codebookRows(definition, analytes, datasets)),
  };
}

function table<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = cellsOf(columns);
  return toCsv(
    columns.map((c) => c.variable),
    rows.map(cells),
  );
}

/** The row → cells function of these columns; a name that would appear twice is refused. */
function cellsOf<Row>(columns: readonly Column<Row>[]): (row: Row) => TableCell[] {
  const seen = new Set<string>();
  for (const { variable } of columns) {
    if (seen.has(variable)) throw new Error(`the column ${variable} would appear twice`);
    seen.add(variable);
  }
  return (row) => columns.map((column) => cellValue(column.cell(row)));
}

function cellValue(value: Cell): TableCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`a table cell cannot hold ${value}`);
  return value;
}

const refText = (ref: ItemRef) => `${ref.form}.${ref.item}${ref.slot === undefined ? '' : ` at slot ${ref.slot}`}`;
const refList = (refs: readonly ItemRef[]) => refs.map(refText).join('; ');

function participantColumns(definition: AnalysisDefinition, eq5d: readonly string[]): Column<ParticipantRecord>[] {
  const h = definition.horizonDays;
  const { covariates } = definition;
  const deathSource =
    definition.deathDates.length === 0
      ? 'the recorded death (the participant’s clinical event)'
      : `the earliest of the recorded death (the participant’s clinical event) and ${refList(definition.deathDates)}`;
  const aliveSource =
    definition.contactDates.length === 0
      ? 'the visits that took place'
      : `the visits that took place and ${refList(definition.contactDates)}`;
  const noFollowUp = 'no death and no day known alive after the day of ICU admission';
  const first = (ref: ItemRef) => `item ${refText(ref)}, the first row with a value`;

  const columns: Column<ParticipantRecord>[] = [
    ...keyColumns<ParticipantRecord>(),
    {
      variable: 'age',
      label: 'Age',
      type: 'number',
      unit: 'years',
      codes: '',
      missing: 'the item has no value',
      derivation: first(covariates.age),
      cell: (p) => p.age,
    },
    {
      variable: 'sex',
      label: 'Sex',
      type: 'code',
      unit: '',
      codes: 'male; female',
      missing: 'the item has no value, or a value other than male or female',
      derivation: first(covariates.sex),
      cell: (p) => p.sex,
    },
    {
      variable: 'sofa2',
      label: 'SOFA-2 score',
      type: 'integer',
      unit: 'points',
      codes: '',
      missing: 'the item has no value',
      derivation: first(covariates.sofa2),
      cell: (p) => p.sofa2,
    },
    {
      variable: 'infectionSite',
      label: 'Site of infection',
      type: 'code',
      unit: '',
      codes: 'the items’ code list',
      missing: 'none of the items has a value',
      derivation: `the first with a value of: ${refList(covariates.infectionSite)}`,
      cell: (p) => p.infectionSite,
    },
    {
      variable: 'survivalDays',
      label: 'Days of survival or follow-up',
      type: 'number',
      unit: 'days',
      codes: '',
      missing: noFollowUp,
      derivation:
        `days from the day of ICU admission to death (${deathSource}), or to the last day known alive ` +
        `(${aliveSource}), censored at ${h} days and at a withdrawal’s stop date; ` +
        `a death after day ${h} counts as alive through day ${h}; death on day 0 counts as 0.5`,
      cell: (p) => p.survival?.days,
    },
    {
      variable: 'died',
      label: `Died by day ${h}`,
      type: '0/1',
      unit: '',
      codes: `1 = died by day ${h} (survivalDays is the day of death); 0 = censored at survivalDays`,
      missing: noFollowUp,
      derivation: `the status that goes with survivalDays: death (as for survivalDays) on or before day ${h}`,
      cell: (p) => p.survival?.dead,
    },
    ...mortalityHorizons
      .filter((day) => day <= h)
      .map((day): Column<ParticipantRecord> => ({
        variable: `death${day}`,
        label: `Death by day ${day}`,
        type: '0/1',
        unit: '',
        codes: `1 = died on or before day ${day}; 0 = known alive on day ${day}`,
        missing: `neither dead by day ${day} nor known alive on or after day ${day}`,
        derivation:
          `1 when the death (as for survivalDays) was on or before day ${day}; 0 when the last day known alive ` +
          `(${aliveSource}, capped at a withdrawal’s stop date) is on or after day ${day}`,
        cell: (p) => p.mortality[`day${day}`],
      })),
  ];

  for (const event of definition.competingEvents) {
    const derivation =
      `days from the day of ICU admission to the first date in ${refText(event.date)}, with death as the ` +
      `competing event. The end of follow-up is the later of the last day known alive (as for survivalDays) and ` +
      `death, at most day ${h}. The event (status 1) when it came by the end of follow-up and not after death; ` +
      `else death (status 2) when death (as for survivalDays) came by day ${h}; else censored (status 0) at the ` +
      `end of follow-up. An event or death on day 0 counts as 0.5`;
    columns.push(
      {
        variable: `${event.name}Days`,
        label: `Days to ${event.name}, death or censoring`,
        type: 'number',
        unit: 'days',
        codes: '',
        missing: noFollowUp,
        derivation,
        cell: (p) => p.competing[event.name]?.days,
      },
      {
        variable: `${event.name}Status`,
        label: `Status at ${event.name}Days`,
        type: 'code',
        unit: '',
        codes: `0 = censored; 1 = ${event.name}; 2 = death first`,
        missing: noFollowUp,
        derivation,
        cell: (p) => p.competing[event.name]?.status,
      },
    );
  }

  for (const visit of eq5d) {
    columns.push({
      variable: `eq5d_${visit}`,
      label: `EQ-5D-5L index at ${visit}`,
      type: 'number',
      unit: '',
      codes: '',
      missing: 'not assessed at the visit',
      derivation: `item ${refText({ ...definition.eq5dIndex, slot: visit })}`,
      cell: (p) => p.eq5d[visit],
    });
  }
  return columns;
}

function sampleColumns(
  analytes: readonly (Pick<AnalyteColumn, 'code'> & Partial<AnalyteColumn>)[],
  visits: readonly string[],
): Column<SampleRecord>[] {
  const columns: Column<SampleRecord>[] = [
    ...keyColumns<SampleRecord>(),
    {
      variable: 'visit',
      label: 'Sampling visit',
      type: 'code',
      unit: '',
      codes: visits.join('; '),
      missing: 'never',
      derivation: 'the sampling visit; a row for every visit with at least one result',
      cell: (s) => s.visit,
    },
  ];
  for (const analyte of analytes) {
    const { code, name = code, unit = '' } = analyte;
    const lod = analyte.lod === null || analyte.lod === undefined ? '' : ` (LOD ${analyte.lod} ${unit})`;
    const loinc = analyte.loinc ? `; LOINC ${analyte.loinc}` : '';
    columns.push(
      {
        variable: code,
        label: `${name}${loinc}`,
        type: 'number',
        unit,
        codes: '',
        missing: 'not measured at the visit',
        derivation:
          `the current result at the visit in the canonical unit ${unit}, converted from the laboratory’s unit at ` +
          `import; when measured twice at the visit the last stored result; below the limit: the limit itself${lod}`,
        cell: (s) => s.values[code]?.value,
      },
      {
        variable: `${code}_below_lod`,
        label: `${name} below the limit`,
        type: '0/1',
        unit: '',
        codes: '1 = below the limit; 0 = a measured value',
        missing: 'not measured at the visit',
        derivation:
          `1 when the laboratory reported ${code} below the limit of detection (<LOD) or of quantification ` +
          `(<LLOQ): the value is the limit itself${lod}; 0 otherwise (a >ULOQ result is not flagged)`,
        cell: (s) => s.values[code]?.belowLod,
      },
    );
  }
  return columns;
}

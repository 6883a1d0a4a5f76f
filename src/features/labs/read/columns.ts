import { InputError } from '../../../core/errors.ts';
import { labReadMessages } from './messages.ts';
import type { ColumnMapping, ResultColumns, ResultFormat } from './result-types.ts';
import { normaliseUnit, splitAnalyteHeader } from './units.ts';

/** Where each field of a long (or Olink) row is: 0-based column indexes, -1 where the file has no such column. */
export interface LongLayout {
  readonly format: 'long' | 'olink';
  readonly headers: readonly string[];
  readonly sample: number;
  readonly analyte: number;
  readonly value: number;
  readonly unit: number;
  readonly qualifier: number;
  readonly plate: number;
  readonly lod: number;
  readonly qc: number;
  readonly olinkId: number;
  readonly panel: number;
  readonly sampleType: number;
  readonly assayQc: number;
  /** Units from the mapping, by analyte name in lower case. */
  readonly units: ReadonlyMap<string, string>;
  /** The cells' 1-based columns, the same for every row. */
  readonly columns: ResultColumns;
}

export interface WideAnalyte {
  readonly index: number;
  readonly name: string;
  readonly unit: string;
  readonly columns: ResultColumns;
}

export interface WideLayout {
  readonly format: 'wide';
  readonly headers: readonly string[];
  readonly sample: number;
  readonly plate: number;
  readonly analytes: readonly WideAnalyte[];
}

export type Layout = LongLayout | WideLayout;

type Role = keyof Omit<LongLayout, 'format' | 'headers' | 'units' | 'columns'>;

/** The header names each role is looked up by, in order, when the mapping does not name one. */
const longDefaults: Readonly<Record<Role, readonly string[]>> = {
  sample: ['SampleID', 'Sample', 'Barcode', 'Sample ID', 'Monster', 'Monsternummer'],
  analyte: ['Analyte', 'Test', 'Bepaling', 'Assay', 'Parameter'],
  value: ['Value', 'Result', 'Uitslag', 'Concentration', 'Waarde'],
  unit: ['Unit', 'Units', 'Eenheid'],
  qualifier: ['Qualifier', 'Flag'],
  plate: ['Plate', 'PlateID', 'Batch', 'Run'],
  lod: ['LOD'],
  qc: ['QC', 'QC_Warning'],
  olinkId: [],
  panel: [],
  sampleType: [],
  assayQc: [],
};

/** Olink's own column names (docs/reference-data.md, "Olink NPX exports"); it has no unit or qualifier column. */
const olinkDefaults: Readonly<Record<Role, readonly string[]>> = {
  sample: ['SampleID'],
  analyte: ['Assay'],
  value: ['NPX'],
  unit: [],
  qualifier: [],
  plate: ['PlateID'],
  lod: ['LOD'],
  qc: ['QC_Warning'],
  olinkId: ['OlinkID'],
  panel: ['Panel'],
  sampleType: ['SampleType'],
  assayQc: ['Assay_Warning'],
};

/** The roles the mapping may name a header for (olinkId, panel and the rest keep Olink's names). */
const mappable = new Set<Role>(['sample', 'analyte', 'value', 'unit', 'qualifier', 'plate', 'lod', 'qc']);

const key = (header: string): string => header.trim().toLowerCase();

/**
 * Resolves a file's header line to the columns the reader takes each field from, or refuses it: a required
 * column missing (the error's field is the role: `sample`, `analyte`, `value`, `unit`, `olinkId`), a header
 * that occurs twice, a wide analyte column without a unit. Headers match case-insensitively, trimmed.
 */
export function mapColumns(
  headers: readonly string[],
  format: ResultFormat,
  mapping: ColumnMapping = {},
  line = 1,
): Layout {
  const positions = new Map<string, number>();
  headers.forEach((header, index) => {
    const name = key(header);
    if (name === '') return;
    const first = positions.get(name);
    if (first !== undefined) {
      throw new InputError(
        'header',
        labReadMessages.duplicateColumn({ header: header.trim(), first: first + 1, second: index + 1 }),
        { line, column: index + 1 },
      );
    }
    positions.set(name, index);
  });
  const defaults = format === 'olink' ? olinkDefaults : longDefaults;
  const find = (role: Role, required: boolean): number => {
    const mapped = mappable.has(role) ? mapping[role as keyof ColumnMapping] : undefined;
    if (typeof mapped === 'string') {
      const index = positions.get(key(mapped));
      if (index === undefined)
        throw new InputError(role, labReadMessages.mappedColumnMissing({ role, header: mapped }), { line });
      return index;
    }
    for (const name of defaults[role]) {
      const index = positions.get(key(name));
      if (index !== undefined) return index;
    }
    if (!required) return -1;
    const names = defaults[role].join(', ');
    const message =
      role === 'unit' ? labReadMessages.noUnitColumn({ names }) : labReadMessages.missingColumn({ role, names });
    throw new InputError(role, message, { line });
  };
  const units = new Map(Object.entries(mapping.units ?? {}).map(([name, unit]) => [key(name), normaliseUnit(unit)]));
  if (format === 'wide') return wideLayout(headers, find('sample', true), find('plate', false), mapping, units, line);

  const sample = find('sample', true);
  const olinkId = format === 'olink' ? find('olinkId', true) : -1;
  const analyte = find('analyte', true);
  const value = find('value', true);
  const unit = format === 'olink' ? -1 : find('unit', units.size === 0);
  return {
    format,
    headers,
    sample,
    analyte,
    value,
    unit,
    qualifier: find('qualifier', false),
    plate: find('plate', false),
    lod: find('lod', false),
    qc: find('qc', false),
    olinkId,
    panel: find('panel', false),
    sampleType: find('sampleType', false),
    assayQc: find('assayQc', false),
    units,
    columns: Object.freeze({
      sample: sample + 1,
      analyte: analyte + 1,
      value: value + 1,
      unit: unit === -1 ? null : unit + 1,
    }),
  };
}

/** Every column besides the sample, the plate and the ignored ones is an analyte, and must have a unit. */
function wideLayout(
  headers: readonly string[],
  sample: number,
  plate: number,
  mapping: ColumnMapping,
  units: ReadonlyMap<string, string>,
  line: number,
): WideLayout {
  const ignored = new Set((mapping.ignore ?? []).map(key));
  const analytes: WideAnalyte[] = [];
  const withoutUnit: number[] = [];
  headers.forEach((header, index) => {
    if (index === sample || index === plate || key(header) === '' || ignored.has(key(header))) return;
    const split = splitAnalyteHeader(header);
    // The mapping's unit, by the whole header or by the name without the header's unit, wins over the header's.
    const unit = units.get(key(header)) ?? units.get(key(split.name)) ?? split.unit;
    if (unit === null || unit === '') withoutUnit.push(index);
    else {
      const columns = Object.freeze({ sample: sample + 1, analyte: index + 1, value: index + 1, unit: null });
      analytes.push({ index, name: split.name, unit, columns });
    }
  });
  if (withoutUnit.length > 0) {
    const first = withoutUnit[0]!;
    const names = withoutUnit.map((index) => `"${headers[index]!.trim()}"`).join(', ');
    throw new InputError(headers[first]!.trim(), labReadMessages.columnWithoutUnit({ headers: names }), {
      line,
      column: first + 1,
    });
  }
  if (analytes.length === 0) throw new InputError('analyte', labReadMessages.noAnalyteColumns(), { line });
  return { format: 'wide', headers, sample, plate, analytes };
}

import type { LongLayout } from './columns.ts';
import { labReadMessages } from './messages.ts';
import { parseDecimal, parseQcFlag, parseQualifier, parseResultValue } from './numbers.ts';
import type { QcFlag, Qualifier, ReadBatch, ReadSummary } from './result-types.ts';
import { addFieldCountProblem, addProblem, isBlank, isEmptyCell } from './row-problems.ts';
import { normaliseUnit } from './units.ts';

/** Adds a record's rows or problems to the batch; false for a record that is no data (a blank line, a control). */
export type RecordReader = (fields: string[], line: number, out: ReadBatch) => boolean;

/** Olink's sample types of controls, left out of participant results (docs/reference-data.md). */
const controlTypes = new Set(['SAMPLE_CONTROL', 'NEGATIVE_CONTROL', 'PLATE_CONTROL']);

/** Unit spellings seen so far: a file repeats a handful of them a million times. */
const unitCacheLimit = 1000;

/**
 * Reads the records of a long file (one per sample × analyte) or an Olink NPX export into result rows, or into
 * the problems of each row that is wrong (a row with any problem yields no result). Olink rows have unit NPX,
 * control samples are counted in the summary and left out, and an NPX below the assay's LOD is flagged `<LOD`
 * with its value kept (flagged, not missing).
 */
export function longRecordReader(layout: LongLayout, decimalComma: boolean, summary: ReadSummary): RecordReader {
  const { headers, columns, units } = layout;
  const width = headers.length;
  const olink = layout.format === 'olink';
  const unitSpellings = new Map<string, string>();
  const unitOf = (text: string): string => {
    let unit = unitSpellings.get(text);
    if (unit === undefined) {
      unit = normaliseUnit(text);
      if (unitSpellings.size < unitCacheLimit) unitSpellings.set(text, unit);
    }
    return unit;
  };
  const optional = (fields: string[], index: number): string | null => {
    if (index === -1) return null;
    const text = fields[index]!.trim();
    return text === '' ? null : text;
  };

  return (fields, line, out) => {
    if (fields.length !== width) {
      if (isBlank(fields)) return false;
      addFieldCountProblem(out, headers, line, fields.length);
      return true;
    }
    if (layout.sampleType !== -1) {
      const type = fields[layout.sampleType]!.trim().toUpperCase();
      if (controlTypes.has(type)) {
        summary.controlsSkipped++;
        return false;
      }
      if (type !== 'SAMPLE' && type !== '') {
        const text = fields[layout.sampleType]!.trim();
        addProblem(out, headers, line, layout.sampleType, labReadMessages.unknownSampleType({ text }));
        return true;
      }
    }
    const problemsBefore = out.problems.length;
    const sample = fields[layout.sample]!.trim();
    if (sample === '') {
      if (isBlank(fields)) return false;
      addProblem(out, headers, line, layout.sample, labReadMessages.noSample());
    }
    const analyte = fields[layout.analyte]!.trim();
    if (analyte === '') addProblem(out, headers, line, layout.analyte, labReadMessages.noAnalyte());

    let flagged: Qualifier | null = null;
    if (layout.qualifier !== -1 && fields[layout.qualifier] !== '') {
      const text = fields[layout.qualifier]!;
      const parsed = parseQualifier(text);
      if (parsed === undefined) {
        addProblem(out, headers, line, layout.qualifier, labReadMessages.notAQualifier({ text: text.trim() }));
      } else flagged = parsed;
    }

    let value: number | null = null;
    let qualifier: Qualifier | null = flagged;
    const valueText = fields[layout.value]!;
    if (isEmptyCell(valueText)) {
      // A qualifier column's `<LOD` stands for the value.
      if (flagged === null) addProblem(out, headers, line, layout.value, labReadMessages.noValue());
    } else {
      const parsed = parseResultValue(valueText, decimalComma);
      if ('problem' in parsed) addProblem(out, headers, line, layout.value, parsed.problem);
      else {
        value = parsed.value;
        if (flagged !== null && parsed.qualifier !== null && parsed.qualifier !== flagged) {
          const message = labReadMessages.qualifierConflict({ column: flagged, value: parsed.qualifier });
          addProblem(out, headers, line, layout.qualifier, message);
        }
        qualifier ??= parsed.qualifier;
      }
    }

    let unit: string | null = 'NPX';
    if (!olink) {
      unit = layout.unit === -1 || fields[layout.unit] === '' ? '' : unitOf(fields[layout.unit]!);
      if (unit === '') unit = units.get(analyte.toLowerCase()) ?? null;
      if (unit === null && analyte !== '') {
        const at = layout.unit === -1 ? layout.analyte : layout.unit;
        addProblem(out, headers, line, at, labReadMessages.noUnit({ analyte }));
      }
    }

    let lod: number | null = null;
    if (layout.lod !== -1 && !isEmptyCell(fields[layout.lod]!)) {
      const parsed = parseDecimal(fields[layout.lod]!, decimalComma);
      if (typeof parsed === 'number') lod = parsed;
      else addProblem(out, headers, line, layout.lod, parsed);
    }
    const qc = layout.qc === -1 ? null : flag(fields, layout.qc, line, out, headers);
    const assayQc = layout.assayQc === -1 ? null : flag(fields, layout.assayQc, line, out, headers);

    if (out.problems.length !== problemsBefore) return true;
    if (olink && qualifier === null && value !== null && lod !== null && value < lod) qualifier = '<LOD';
    out.rows.push({
      line,
      sample,
      analyte,
      value,
      qualifier,
      unit,
      plate: optional(fields, layout.plate),
      lod,
      qc,
      assayQc,
      olinkId: optional(fields, layout.olinkId),
      panel: optional(fields, layout.panel),
      columns,
    });
    return true;
  };
}

function flag(
  fields: string[],
  index: number,
  line: number,
  out: ReadBatch,
  headers: readonly string[],
): QcFlag | null {
  const text = fields[index]!;
  const parsed = parseQcFlag(text);
  if (parsed !== undefined) return parsed;
  addProblem(out, headers, line, index, labReadMessages.notAQcFlag({ text: text.trim() }));
  return null;
}

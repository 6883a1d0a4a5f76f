import type { WideLayout } from './columns.ts';
import type { RecordReader } from './long-rows.ts';
import { labReadMessages } from './messages.ts';
import { parseResultValue } from './numbers.ts';
import { addFieldCountProblem, addProblem, isBlank, isEmptyCell } from './row-problems.ts';

/**
 * Reads the records of a wide file (one per sample, a column per analyte) into a result row per filled cell: an
 * empty cell (or `NA`) means "not measured" and yields nothing. Each cell's problem is reported on its own, so
 * one bad cell does not cost the sample's other results.
 */
export function wideRecordReader(layout: WideLayout, decimalComma: boolean): RecordReader {
  const { headers, analytes } = layout;
  const width = headers.length;
  return (fields, line, out) => {
    if (fields.length !== width) {
      if (isBlank(fields)) return false;
      addFieldCountProblem(out, headers, line, fields.length);
      return true;
    }
    const sample = fields[layout.sample]!.trim();
    if (sample === '') {
      if (isBlank(fields)) return false;
      addProblem(out, headers, line, layout.sample, labReadMessages.noSample());
      return true;
    }
    const plateText = layout.plate === -1 ? '' : fields[layout.plate]!.trim();
    const plate = plateText === '' ? null : plateText;
    for (const analyte of analytes) {
      const text = fields[analyte.index]!;
      if (isEmptyCell(text)) continue;
      const parsed = parseResultValue(text, decimalComma);
      if ('problem' in parsed) {
        addProblem(out, headers, line, analyte.index, parsed.problem);
        continue;
      }
      out.rows.push({
        line,
        sample,
        analyte: analyte.name,
        value: parsed.value,
        qualifier: parsed.qualifier,
        unit: analyte.unit,
        plate,
        lod: null,
        qc: null,
        assayQc: null,
        olinkId: null,
        panel: null,
        columns: analyte.columns,
      });
    }
    return true;
  };
}

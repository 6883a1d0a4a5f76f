import type { Message } from '../../core/errors.ts';
import type { SampleKind } from './result-rules.ts';
import { canonicalValue, sampleFits } from './result-rules.ts';
import type { AnalyteIndex, CatalogueAssay } from './catalogue-index.ts';
import type { RowProblem } from './contract.ts';
import { labMessages } from './messages.ts';
import type { ResultRow } from './read/result-types.ts';

/** A sample a file names, as the biobank knows it. */
export interface KnownSample extends SampleKind {
  siteId: number;
  /** null: the participant's data were destroyed (the sample itself awaits destruction). */
  participantId: number | null;
  visitCode: string;
  tubeId: number | null;
  aliquotId: number | null;
}

/** The current result of a sample and analyte already stored. */
export interface StoredResult {
  id: number;
  value: number | null;
  unit: string;
  qualifier: string | null;
  resultVersion: number;
  importId: number | null;
}

/** A row ready to store, in the analyte's canonical unit. */
export interface CheckedResult {
  row: ResultRow;
  sample: KnownSample & { participantId: number };
  assay: CatalogueAssay;
  analyte: string;
  unit: string;
  value: number | null;
  /** The result it replaces (a correction), if any. */
  replaces: StoredResult | null;
  /** A QC flag of our own instead of the file's (`extrapolated`: an HLA-DR sample outside the bead range). */
  qc?: string;
}

/** A row's problem as the report lists it: where, the English text, and the message key to translate it. */
export function rowProblem(line: number, column: number | null, message: Message): RowProblem {
  return { line, column, problem: message.text, key: message.key, params: message.params };
}

export const resultKey = (barcode: string, analyte: string) => `${barcode}\u0000${analyte}`;

/**
 * The checks of one file's rows against the study (pure: the samples and stored results are looked up by the
 * caller, per batch). Remembers the file's sample–analyte pairs to find duplicates within the file.
 */
export class ResultChecks {
  /** The first line of each sample–analyte pair, keyed by number: a million string keys would cost ~100 MB. */
  private readonly seen = new Map<number, number>();
  private readonly numbers = { samples: new Map<string, number>(), analytes: new Map<string, number>() };

  constructor(private readonly index: AnalyteIndex) {}

  check(
    rows: readonly ResultRow[],
    samples: ReadonlyMap<string, KnownSample | null>,
    stored: ReadonlyMap<string, StoredResult>,
  ): { checked: CheckedResult[]; problems: RowProblem[] } {
    const checked: CheckedResult[] = [];
    const problems: RowProblem[] = [];
    for (const row of rows) {
      const outcome = this.checkRow(row, samples.get(row.sample) ?? null, stored);
      if ('problem' in outcome) problems.push(outcome);
      else checked.push(outcome);
    }
    return { checked, problems };
  }

  private pairNumber(sample: string, analyte: string): number {
    return numberOf(this.numbers.samples, sample) * 2 ** 21 + numberOf(this.numbers.analytes, analyte);
  }

  private checkRow(
    row: ResultRow,
    sample: KnownSample | null,
    stored: ReadonlyMap<string, StoredResult>,
  ): CheckedResult | RowProblem {
    const at = (column: number | null, message: Message): RowProblem => rowProblem(row.line, column, message);
    const barcode = row.sample;
    if (sample === null) return at(row.columns.sample, labMessages.rowUnknownSample({ barcode }));
    if (sample.participantId === null) return at(row.columns.sample, labMessages.rowDataDestroyed({ barcode }));
    const found = this.index.resolve(row.analyte);
    if ('problem' in found) return at(row.columns.analyte, found.problem);
    const { assay, analyte } = found;
    const misfit = sampleFits(sample, assay.sampleType, assay.code);
    if (misfit !== null) return at(row.columns.sample, misfit);
    const converted = canonicalValue(analyte, row.value, row.unit);
    if ('problem' in converted) return at(row.columns.unit ?? row.columns.value, converted.problem);
    const key = this.pairNumber(row.sample, analyte.code);
    const first = this.seen.get(key);
    if (first !== undefined) {
      return at(row.columns.analyte, labMessages.rowTwice({ barcode, analyte: analyte.name, first }));
    }
    this.seen.set(key, row.line);
    const previous = stored.get(resultKey(row.sample, analyte.code)) ?? null;
    if (previous !== null && sameResult(previous, converted.value, row.qualifier, analyte.unit)) {
      return at(row.columns.value, labMessages.rowStoredAlready({ barcode, analyte: analyte.name }));
    }
    return {
      row,
      sample: { ...sample, participantId: sample.participantId },
      assay,
      analyte: analyte.code,
      unit: analyte.unit,
      value: converted.value,
      replaces: previous,
    };
  }
}

/** A number per sample and analyte pair: 2^21 analytes per sample leave room for 2^32 samples in a safe integer. */
function numberOf(map: Map<string, number>, text: string): number {
  let n = map.get(text);
  if (n === undefined) {
    n = map.size;
    map.set(text, n);
  }
  return n;
}

function sameResult(stored: StoredResult, value: number | null, qualifier: string | null, unit: string): boolean {
  return stored.value === value && stored.qualifier === qualifier && stored.unit === unit;
}

import type { Message } from '../../core/errors.ts';
import type { AnalyteDefinition } from '../../protocol/assays.ts';
import { labMessages } from './messages.ts';

/**
 * A result's value in the analyte's canonical unit. Units compare without case (`pg/ml` is `pg/mL`); another unit
 * is converted only by a factor the catalogue gives, never guessed.
 */
export function canonicalValue(
  analyte: AnalyteDefinition,
  value: number | null,
  unit: string | null,
): { value: number | null } | { problem: Message } {
  const given = unit ?? analyte.unit;
  if (sameUnit(given, analyte.unit)) return { value };
  const conversion = analyte.conversions.find((c) => sameUnit(c.unit, given));
  if (conversion === undefined) {
    const accepted = [analyte.unit, ...analyte.conversions.map((c) => c.unit)].join(', ');
    return { problem: labMessages.rowWrongUnit({ unit: given, analyte: analyte.name, accepted }) };
  }
  // Products such as 0.3 × 1000 come out as 300.00000000000006; twelve significant digits keep every real one.
  return { value: value === null ? null : Number((value * conversion.factor).toPrecision(12)) };
}

function sameUnit(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** What a sample is, for the assay's needs: an aliquot's sample type, or the types a tube can be made into. */
export interface SampleKind {
  kind: 'tube' | 'aliquot';
  barcode: string;
  /** An aliquot's sample type; a tube's possible ones. */
  sampleTypes: readonly string[];
}

/** An assay measures one sample type: a serum aliquot on a plasma assay is a mistake in the file or the plan. */
export function sampleFits(sample: SampleKind, needed: string, assay: string): Message | null {
  if (sample.sampleTypes.includes(needed)) return null;
  const { barcode } = sample;
  return sample.kind === 'aliquot'
    ? labMessages.rowWrongAliquot({ barcode, is: sample.sampleTypes.join(', '), assay, needed })
    : labMessages.rowWrongTube({ barcode, assay, needed });
}

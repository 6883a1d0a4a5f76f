/** What one aliquot's label shows: the barcode, and the lines a person reads when the scanner is not at hand. */
export interface AliquotLabel {
  /** The aliquot's barcode, e.g. "A-000123" (checked by `checkBarcode`). */
  barcode: string;
  /** The pseudonymised participant id, e.g. "NCT-RAD-0042"; never a name. */
  studyId: string;
  /** The visit code: D0, D3, DIS, M3, M12. */
  visit: string;
  /** The sample type code: plasma, serum, pbmc, whole_blood, rna, dna. */
  sampleType: string;
  volumeUl: number | null;
  /** ISO date of the draw. */
  drawnOn: string | null;
}

/**
 * The text lines of a label, the same on every medium (ZPL, PDF sheet), so a tube printed on either reads the
 * same: participant, visit and sample type, volume, draw date. The barcode text is printed separately, under the
 * symbol. Empty lines are kept so each line stays in its place from one label to the next.
 */
export function labelLines(label: AliquotLabel): string[] {
  return [
    label.studyId,
    `${label.visit} ${label.sampleType.replaceAll('_', ' ')}`,
    label.volumeUl === null ? '' : `${formatVolume(label.volumeUl)} µL`,
    label.drawnOn ?? '',
  ];
}

/** Whole microlitres as they are, fractions to at most one decimal: a label has no room for float noise. */
export function formatVolume(volumeUl: number): string {
  return Number.isInteger(volumeUl) ? String(volumeUl) : String(Math.round(volumeUl * 10) / 10);
}

import { toCsv } from '../../../core/csv.ts';
import { manifestOrder, type ManifestHeader, type ManifestLine } from './manifest.ts';

/** The columns, in snake case like every septype export, so the receiving lab's import scripts can map them. */
export const manifestColumns = [
  'shipment',
  'from',
  'to',
  'box',
  'position',
  'barcode',
  'study_id',
  'visit',
  'sample_type',
  'volume_ul',
] as const;

/**
 * The shipment manifest as CSV (through `toCsv`, which defuses formulas): one row per aliquot, in the PDF
 * manifest's order (box, then position). The shipment, sender and receiver repeat on every row so that rows
 * from several manifests can be concatenated and still say where they came from.
 */
export function manifestCsv(header: ManifestHeader, lines: readonly ManifestLine[]): string {
  return toCsv(
    manifestColumns,
    manifestOrder(lines).map((line) => [
      header.shipmentId,
      header.from,
      header.to,
      line.box,
      line.position,
      line.barcode,
      line.studyId,
      line.visit,
      line.sampleType,
      line.volumeUl,
    ]),
  );
}

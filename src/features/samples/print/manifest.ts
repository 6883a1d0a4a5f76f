import { parsePosition } from '../positions.ts';

/** One aliquot in a shipment, where it travels (box and position) and what it is. */
export interface ManifestLine {
  barcode: string;
  studyId: string;
  visit: string;
  sampleType: string;
  volumeUl: number | null;
  /** The box's name or barcode; null for an aliquot shipped loose. */
  box: string | null;
  /** The position in the box, e.g. "B7". */
  position: string | null;
}

/** The shipment the manifest is for: the two sites' names, who and when, and how it travels. */
export interface ManifestHeader {
  shipmentId: number;
  from: string;
  to: string;
  preparedBy: string;
  preparedAt: string;
  sentAt: string | null;
  courier: string | null;
  tracking: string | null;
  /** E.g. "dry ice", "liquid nitrogen dry shipper". */
  temperature: string | null;
}

/** The aliquots of one box, in manifest order. */
export interface ManifestBox {
  box: string | null;
  lines: ManifestLine[];
}

/**
 * The lines grouped by box, boxes in natural order (box 2 before box 10) and loose aliquots last, each box in
 * position order (A1, A2 … A10, B1), as the receiver unpacks and checks them. Both the CSV and the PDF use
 * this order, so the two agree line for line.
 */
export function manifestBoxes(lines: readonly ManifestLine[]): ManifestBox[] {
  const boxes = new Map<string | null, ManifestLine[]>();
  for (const line of lines) {
    const inBox = boxes.get(line.box);
    if (inBox === undefined) boxes.set(line.box, [line]);
    else inBox.push(line);
  }
  return [...boxes.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : natural(a, b)))
    .map(([box, inBox]) => ({ box, lines: inBox.sort(byPosition) }));
}

/** The lines in manifest order (`manifestBoxes`), flat. */
export function manifestOrder(lines: readonly ManifestLine[]): ManifestLine[] {
  return manifestBoxes(lines).flatMap((box) => box.lines);
}

function natural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Row, then column; a position that does not parse after those that do, no position last, then barcode. */
function byPosition(a: ManifestLine, b: ManifestLine): number {
  const [pa, pb] = [sortKey(a.position), sortKey(b.position)];
  return (
    pa.rank - pb.rank ||
    pa.row - pb.row ||
    pa.column - pb.column ||
    natural(pa.text, pb.text) ||
    natural(a.barcode, b.barcode)
  );
}

function sortKey(position: string | null): { rank: number; row: number; column: number; text: string } {
  if (position === null) return { rank: 2, row: 0, column: 0, text: '' };
  try {
    return { rank: 0, ...parsePosition(position), text: '' };
  } catch {
    return { rank: 1, row: 0, column: 0, text: position };
  }
}

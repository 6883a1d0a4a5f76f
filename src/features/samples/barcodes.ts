import { randomInt } from 'node:crypto';

/**
 * Barcodes the platform makes, when a tube or box comes without a label of its own: a letter saying what it is
 * (T tube, A aliquot, B box) and random digits. Random rather than counted: two sites making labels at the same
 * moment need no shared counter, and a code cannot be guessed from the one before. Uniqueness is checked against
 * the database before use (and the unique indexes decide in the end); with 8 digits and 9 for aliquots a clash
 * is rare enough that a few retries always find a free one.
 */
export const barcodeFormats = {
  tube: { prefix: 'T', digits: 8 },
  aliquot: { prefix: 'A', digits: 9 },
  box: { prefix: 'B', digits: 8 },
} as const;

export type BarcodeKind = keyof typeof barcodeFormats;

/** A source of whole numbers in [0, bound): crypto's by default, a seeded one in tests. */
export type RandomInt = (bound: number) => number;

export function newBarcode(kind: BarcodeKind, random: RandomInt = randomInt): string {
  const { prefix, digits } = barcodeFormats[kind];
  let text = '';
  for (let i = 0; i < digits; i += 1) text += String(random(10));
  return `${prefix}${text}`;
}

/** Whether a text has the shape of a barcode of that kind as made here (a label printed elsewhere may not). */
export function isMadeBarcode(kind: BarcodeKind, text: string): boolean {
  const { prefix, digits } = barcodeFormats[kind];
  return new RegExp(`^${prefix}\\d{${digits}}$`).test(text);
}

/**
 * `count` new barcodes of a kind, none of them in `taken` (asked of the database, one query per round) nor
 * repeated. A round that finds clashes draws again for those only.
 */
export async function freshBarcodes(
  kind: BarcodeKind,
  count: number,
  taken: (candidates: string[]) => Promise<ReadonlySet<string>>,
  random: RandomInt = randomInt,
): Promise<string[]> {
  const chosen = new Set<string>();
  for (let round = 0; chosen.size < count; round += 1) {
    if (round === 10) throw new Error(`no free ${kind} barcodes after 10 rounds: is the code space full?`);
    const candidates = new Set<string>();
    while (candidates.size < count - chosen.size) {
      const candidate = newBarcode(kind, random);
      if (!chosen.has(candidate)) candidates.add(candidate);
    }
    const inUse = await taken([...candidates]);
    for (const candidate of candidates) if (!inUse.has(candidate)) chosen.add(candidate);
  }
  return [...chosen];
}

/** Pure helpers of the blood-volume dashboard. */

export const binMl = 5;

/** The median of the values (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 100) / 100;
}

/** The lower bound of a value's bin: [from, from + binMl). */
export function binOf(volumeMl: number): number {
  return Math.floor(volumeMl / binMl) * binMl;
}

/** The bins from 0 to the one holding `maxMl` (at least to the limit, so the limit shows on every chart). */
export function bins(maxMl: number, limitMl: number): number[] {
  const last = binOf(Math.max(maxMl, limitMl));
  return Array.from({ length: last / binMl + 1 }, (_, i) => i * binMl);
}

/** The volume of a visit's tubes from the protocol's tube volumes; null when a tube is unknown. */
export function tubesVolume(
  tubes: readonly { tube: string; count: number }[],
  tubeTypes: readonly { code: string; volumeMl: number }[],
): number | null {
  let total = 0;
  for (const t of tubes) {
    const type = tubeTypes.find((candidate) => candidate.code === t.tube);
    if (type === undefined) return null;
    total += type.volumeMl * t.count;
  }
  return Math.round(total * 100) / 100;
}

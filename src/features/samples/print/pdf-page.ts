/** A4 in PDF points (1/72 inch): the paper of the sites' printers. */
export const a4 = { width: 595.28, height: 841.89 } as const;

/** Millimetres in PDF points: label stock and margins are specified in millimetres. */
export function mm(millimetres: number): number {
  return (millimetres * 72) / 25.4;
}

/** A count of a dashboard answer (src/features/dashboards/contract.ts): its number and its drill-down cell. */
export interface Count {
  n: number;
  cell: string;
}

/** Every count of a dashboard answer, wherever it sits. */
export function countsIn(value: unknown, found: Count[] = []): Count[] {
  if (Array.isArray(value)) value.forEach((v) => countsIn(v, found));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.n === 'number' && typeof record.cell === 'string') found.push({ n: record.n, cell: record.cell });
    else Object.values(record).forEach((v) => countsIn(v, found));
  }
  return found;
}

import { consensusClusterParallel } from '../stats/cluster/consensus-parallel.ts';
import type { ConsensusOptions } from '../stats/cluster/consensus.ts';
import { numericColumn, parseCsv } from '../stats/csv.ts';
import { InputError } from '../core/errors.ts';
import { parseFlags, requireFlag } from './args.ts';
import { writeJson } from './json-io.ts';
import { finiteOrNull, readInput } from './stats-input.ts';

const consensusFlags = {
  input: { type: 'string' },
  columns: { type: 'string' },
  'k-max': { type: 'string' },
  reps: { type: 'string' },
  'p-item': { type: 'string' },
  'p-feature': { type: 'string' },
  algorithm: { type: 'string' },
  distance: { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
} as const;

/** The module's option names → the flags a user typed, so errors point at the flag. */
const flagOf: Record<string, string> = {
  kMax: '--k-max',
  reps: '--reps',
  pItem: '--p-item',
  pFeature: '--p-feature',
  distance: '--distance',
  seed: '--seed',
  data: '--columns',
};

/**
 * `septype stats consensus`: consensus clustering of the rows on the named columns (docs/stats-consensus.part.md).
 * Rows with a missing value in a used column are left out of the analysis, counted in "dropped", and get
 * null in "assignments" and "itemConsensus", so both stay one entry per input row, in input order.
 */
export async function consensus(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, consensusFlags);
  const input = requireFlag(flags.input, '--input');
  const names = requireFlag(flags.columns, '--columns')
    .split(',')
    .map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new InputError('--columns', '--columns takes column names separated by commas, none empty');
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new InputError('--columns', `column "${repeated}" is named twice`);
  const algorithm = flags.algorithm ?? 'kmeans';
  if (algorithm !== 'kmeans' && algorithm !== 'hclust')
    throw new InputError('--algorithm', `--algorithm must be kmeans or hclust, not "${algorithm}"`);
  const distance = flags.distance ?? 'euclidean';
  if (distance !== 'euclidean' && distance !== 'pearson')
    throw new InputError('--distance', `--distance must be euclidean or pearson, not "${distance}"`);
  if (algorithm === 'kmeans' && distance === 'pearson')
    throw new InputError('--distance', 'k-means uses Euclidean distance only; use --algorithm hclust for pearson');
  const kMax = integerFlag(flags['k-max'], '--k-max', 6);
  const reps = integerFlag(flags.reps, '--reps', 100);
  const seed = integerFlag(flags.seed, '--seed', 1);
  const pItem = shareFlag(flags['p-item'], '--p-item', 0.8);
  const pFeature = shareFlag(flags['p-feature'], '--p-feature', 1);
  const threads = flags.threads === undefined ? undefined : integerFlag(flags.threads, '--threads', 1);
  if (threads !== undefined && threads < 1) throw new InputError('--threads', '--threads must be at least 1');

  const table = parseCsv(readInput(input));
  for (const name of names) {
    if (!table.header.includes(name))
      throw new InputError('--columns', `unknown column "${name}"; the columns are ${table.header.join(', ')}`);
  }
  const columns = names.map((name) => numericColumn(table, name));
  // Complete cases on the used columns only; the rest are dropped and counted.
  const rows = [...Array(table.rowCount).keys()].filter((i) => columns.every((c) => !Number.isNaN(c[i]!)));
  const n = rows.length;
  const p = names.length;
  if (n < 2) throw new InputError('input', `consensus clustering needs at least 2 complete rows, found ${n}`);
  const x = new Float64Array(n * p);
  rows.forEach((i, r) => columns.forEach((column, j) => (x[r * p + j] = column[i]!)));
  if (distance === 'pearson') {
    if (p < 2) throw new InputError('--columns', 'pearson distance needs at least 2 columns');
    rows.forEach((i, r) => {
      const first = x[r * p]!;
      if (x.subarray(r * p, r * p + p).every((v) => v === first))
        throw new InputError('--columns', `line ${table.line(i)}: a constant row has no Pearson correlation`);
    });
  }

  const options: ConsensusOptions = { kMax, reps, seed, pItem, pFeature, algorithm, distance };
  let result;
  try {
    result = await consensusClusterParallel(x, n, p, options, { threads });
  } catch (error) {
    // The library names its options; the person typed flags.
    if (error instanceof InputError)
      throw new InputError(flagOf[error.field ?? ''] ?? error.field ?? 'input', error.message);
    throw error;
  }

  const perRow = <T>(values: (r: number) => T): (T | null)[] => {
    const out: (T | null)[] = new Array<T | null>(table.rowCount).fill(null);
    rows.forEach((i, r) => (out[i] = values(r)));
    return out;
  };
  const assignments: Record<string, (number | null)[]> = {};
  const itemConsensus: Record<string, ((number | null)[] | null)[]> = {};
  for (const r of result.byK) {
    assignments[r.k] = perRow((i) => r.assignment[i]! + 1);
    itemConsensus[r.k] = perRow((i) => Array.from(r.itemConsensus.subarray(i * r.k, i * r.k + r.k), finiteOrNull));
  }
  writeJson({
    k: result.byK.map((r) => ({
      k: r.k,
      cdfArea: r.cdfArea,
      deltaArea: r.deltaArea,
      pac: r.pac,
      meanClusterConsensus: finiteOrNull(r.meanClusterConsensus),
      clusterConsensus: Array.from(r.clusterConsensus, finiteOrNull),
      clusterSizes: Array.from({ length: r.k }, (_, c) => r.assignment.filter((a) => a === c).length),
      cdf: Array.from(r.cdf),
    })),
    suggestedK: result.suggestedK,
    assignments,
    itemConsensus,
    n,
    dropped: table.rowCount - n,
    itemsPerResample: result.m,
    settings: { columns: names, algorithm, distance, kMax, reps, pItem, pFeature, seed },
  });
}

function integerFlag(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\s*[+-]?\d+\s*$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new InputError(flag, `${flag} takes an integer, not "${text}"`);
  return Number(text);
}

function shareFlag(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = /^\s*(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= 1)) throw new InputError(flag, `${flag} takes a number in (0, 1], not "${text}"`);
  return value;
}

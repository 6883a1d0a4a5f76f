import { numericColumn, parseCsv } from '../stats/csv.ts';
import { InputError } from '../core/errors.ts';
import { kaplanMeier, numberAtRisk } from '../stats/survival/kaplan-meier.ts';
import { logRank } from '../stats/survival/logrank.ts';
import { parseFlags, requireFlag } from './args.ts';
import { writeJson } from './json-io.ts';
import { readInput, checkValues, sortLabels, finiteOrNull } from './stats-input.ts';

/**
 * `septype stats km`: Kaplan–Meier curves per group and the log-rank test (R's survfit and survdiff). Errors
 * are InputError/AppError, which main.ts turns into exit 2 with a JSON error.
 */
const kmFlags = {
  input: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  group: { type: 'string' },
  times: { type: 'string' },
} as const;

export function km(argv: string[]): void {
  const flags = parseFlags(argv, kmFlags);
  const input = requireFlag(flags.input, '--input');
  const timeName = requireFlag(flags.time, '--time');
  const eventName = requireFlag(flags.event, '--event');
  const at = flags.times === undefined ? null : parseTimes(flags.times);
  const table = parseCsv(readInput(input));
  for (const [flag, name] of [
    ['--time', timeName],
    ['--event', eventName],
    ['--group', flags.group],
  ] as const) {
    if (name !== undefined && !table.header.includes(name))
      throw new InputError(flag, `unknown column "${name}" (${flag}); the columns are ${table.header.join(', ')}`);
  }

  const time = numericColumn(table, timeName);
  const event = numericColumn(table, eventName);
  checkValues(table, timeName, time, (t) => t >= 0, 'a time must not be negative');
  checkValues(table, eventName, event, (e) => e === 0 || e === 1, 'an event must be 0 (censored) or 1 (event)');
  const groupCells = flags.group === undefined ? null : table.column(flags.group);

  // Complete cases on the used columns only; the rest are dropped and counted.
  const rows = [...time.keys()].filter(
    (i) => !Number.isNaN(time[i]!) && !Number.isNaN(event[i]!) && (groupCells === null || groupCells[i] !== null),
  );
  if (rows.length === 0) throw new InputError('input', 'no row has all of the used columns filled in');
  const labels: (string | null)[] = groupCells === null ? [null] : sortLabels(rows.map((i) => groupCells[i]!));
  if (flags.group !== undefined && labels.length < 2)
    throw new InputError(
      '--group',
      `the log-rank test needs at least 2 groups; column "${flags.group}" has ${labels.length}`,
    );

  const groupIndex = Int32Array.from(rows, (i) => (groupCells === null ? 0 : labels.indexOf(groupCells[i]!)));
  const t = Float64Array.from(rows, (i) => time[i]!);
  const e = Uint8Array.from(rows, (i) => event[i]!);
  const groups = labels.map((label, g) => {
    const members = [...groupIndex.keys()].filter((j) => groupIndex[j] === g);
    const gt = Float64Array.from(members, (j) => t[j]!);
    const curve = kaplanMeier(
      gt,
      Uint8Array.from(members, (j) => e[j]!),
    );
    return {
      group: label,
      n: curve.n,
      events: curve.events,
      time: Array.from(curve.time),
      survival: Array.from(curve.survival),
      se: Array.from(curve.se, finiteOrNull),
      lower: Array.from(curve.lower, finiteOrNull),
      upper: Array.from(curve.upper, finiteOrNull),
      median: finiteOrNull(curve.median),
      medianLower: finiteOrNull(curve.medianLower),
      medianUpper: finiteOrNull(curve.medianUpper),
      atRisk: at === null ? Array.from(curve.nRisk) : Array.from(numberAtRisk(gt, at)),
    };
  });
  const test = groupCells === null ? null : logRank(t, e, groupIndex, labels.length);
  writeJson({
    groups,
    logrank: test === null ? null : { chisq: test.chisq, df: test.df, p: test.p },
    dropped: table.rowCount - rows.length,
  });
}

function parseTimes(text: string): Float64Array {
  const parts = text.split(',');
  return Float64Array.from(parts, (part) => {
    const value = /^\s*[+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(part) ? Number(part) : Number.NaN;
    if (!Number.isFinite(value))
      throw new InputError('--times', `--times takes non-negative numbers separated by commas, not "${part}"`);
    return value;
  });
}

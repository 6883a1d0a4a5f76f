import { numericColumn, parseCsv } from '../stats/csv.ts';
import { InputError } from '../core/errors.ts';
import { causesOf, cumulativeIncidence } from '../stats/survival/cumulative-incidence.ts';
import { grayTest } from '../stats/survival/gray-test.ts';
import { parseFlags, requireFlag } from './args.ts';
import { writeJson } from './json-io.ts';
import { readInput, checkValues, sortLabels, finiteOrNull } from './stats-input.ts';

/**
 * `septype stats cif`: Aalen–Johansen cumulative incidence per group and cause with cuminc's variance, and
 * Gray's test per cause across groups (R's cmprsk::cuminc). Input errors are InputError, which main.ts
 * turns into exit 2 with a JSON error.
 */
const cifFlags = {
  input: { type: 'string' },
  time: { type: 'string' },
  status: { type: 'string' },
  group: { type: 'string' },
} as const;

export function cif(argv: string[]): void {
  const flags = parseFlags(argv, cifFlags);
  const input = requireFlag(flags.input, '--input');
  const timeName = requireFlag(flags.time, '--time');
  const statusName = requireFlag(flags.status, '--status');
  const table = parseCsv(readInput(input));
  for (const [flag, name] of [
    ['--time', timeName],
    ['--status', statusName],
    ['--group', flags.group],
  ] as const) {
    if (name !== undefined && !table.header.includes(name))
      throw new InputError(flag, `unknown column "${name}" (${flag}); the columns are ${table.header.join(', ')}`);
  }

  const time = numericColumn(table, timeName);
  const status = numericColumn(table, statusName);
  checkValues(table, timeName, time, (t) => t >= 0, 'a time must not be negative');
  checkValues(
    table,
    statusName,
    status,
    (s) => Number.isInteger(s) && s >= 0,
    'a status must be 0 (censored) or a cause code 1, 2, … (an integer)',
  );
  const groupCells = flags.group === undefined ? null : table.column(flags.group);

  // Complete cases on the used columns only; the rest are dropped and counted.
  const rows = [...time.keys()].filter(
    (i) => !Number.isNaN(time[i]!) && !Number.isNaN(status[i]!) && (groupCells === null || groupCells[i] !== null),
  );
  if (rows.length === 0) throw new InputError('input', 'no row has all of the used columns filled in');
  const t = Float64Array.from(rows, (i) => time[i]!);
  const s = Int32Array.from(rows, (i) => status[i]!);
  const causes = causesOf(s);
  if (causes.length === 0)
    throw new InputError('--status', `column "${statusName}" has no events: every status is 0 (censored)`);
  const labels: (string | null)[] = groupCells === null ? [null] : sortLabels(rows.map((i) => groupCells[i]!));
  const groupIndex = Int32Array.from(rows, (i) => (groupCells === null ? 0 : labels.indexOf(groupCells[i]!)));

  const curvesByGroup = labels.map((_, g) => {
    const members = [...groupIndex.keys()].filter((j) => groupIndex[j] === g);
    return cumulativeIncidence(
      Float64Array.from(members, (j) => t[j]!),
      Int32Array.from(members, (j) => s[j]!),
      causes,
    );
  });
  // cuminc's order: by cause, then by group.
  const groups = causes.flatMap((cause, c) =>
    labels.map((label, g) => {
      const curve = curvesByGroup[g]![c]!;
      return {
        group: label,
        cause,
        n: curve.n,
        events: curve.events,
        time: Array.from(curve.time),
        atRisk: Array.from(curve.nRisk),
        nEvent: Array.from(curve.nEvent),
        estimate: Array.from(curve.estimate),
        variance: Array.from(curve.variance),
      };
    }),
  );
  const gray =
    labels.length < 2
      ? null
      : causes.map((cause) => {
          const test = grayTest(t, s, groupIndex, labels.length, cause);
          return { cause, stat: finiteOrNull(test.stat), df: test.df, p: finiteOrNull(test.p) };
        });
  writeJson({ causes, groups, gray, dropped: table.rowCount - rows.length });
}

import { numericColumn, parseCsv } from '../stats/csv.ts';
import { InputError } from '../core/errors.ts';
import { kaplanMeier, numberAtRisk } from '../stats/survival/kaplan-meier.ts';
import { logRank } from '../stats/survival/logrank.ts';
import { parseFlags, requireFlag } from './args.ts';
import { writeJson } from './json-io.ts';
import { cif } from './stats-cif.ts';
import { cox } from './stats-cox.ts';
import { consensus } from './stats-consensus.ts';
import { readInput, checkValues, sortLabels, finiteOrNull } from './stats-input.ts';

export const statsHelp = `septype stats km --input F --time COL --event COL [--group COL] [--times 30,90,365]
  Kaplan–Meier curves (Greenwood se, log-log 95% limits, median with CI) per group and the log-rank test,
  as R's survfit(conf.type = "log-log") and survdiff give them. CSV in (header row, "." decimals, empty cell
  = missing), JSON out on stdout; invalid input: exit 2 and a JSON error on stderr. Fields: docs/stats.md.
septype stats cif --input F --time COL --status COL [--group COL]   competing risks: cumulative incidence (status 0 = censored, 1..m = causes) per group and cause with Gray's test, as cmprsk::cuminc.
septype stats cox --input F --time COL --event COL --covariates a,b,c [--strata COL] [--ties efron|breslow]   Cox proportional hazards with LR/Wald/score tests, concordance and the PH test, as coxph and cox.zph(transform = "km").
septype stats consensus --input F --columns a,b,c [--k-max 6] [--reps 100] [--p-item 0.8] [--p-feature 1] [--algorithm kmeans|hclust] [--distance euclidean|pearson] [--seed 1] [--threads N]   consensus clustering of the rows (CDF area, delta area, PAC, cluster/item consensus per k, suggested k = smallest PAC), as ConsensusClusterPlus.`;

/** One entry per analysis; cox, consensus and cif join here as further subcommands. */
const subcommands: Record<string, (argv: string[]) => void | Promise<void>> = { km, cif, cox, consensus };

export async function stats(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const run = name === undefined ? undefined : subcommands[name];
  if (run === undefined) {
    const known = Object.keys(subcommands).join(', ');
    throw new InputError('subcommand', `unknown stats subcommand "${name ?? ''}": use ${known}`);
  }
  await run(rest);
}

const kmFlags = {
  input: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  group: { type: 'string' },
  times: { type: 'string' },
} as const;

function km(argv: string[]): void {
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

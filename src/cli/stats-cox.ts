import { numericColumn, parseCsv } from '../stats/csv.ts';
import { InputError } from '../core/errors.ts';
import { coxZph, type CoxZph } from '../stats/survival/cox-zph.ts';
import { coxph, type ChiSquareTest } from '../stats/survival/cox.ts';
import { parseFlags, requireFlag } from './args.ts';
import { writeJson } from './json-io.ts';
import { readInput, checkValues, finiteOrNull } from './stats-input.ts';

const coxFlags = {
  input: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  covariates: { type: 'string' },
  strata: { type: 'string' },
  ties: { type: 'string' },
} as const;

/** `septype stats cox`: the fields are documented in docs/stats.md. */
export function cox(argv: string[]): void {
  const flags = parseFlags(argv, coxFlags);
  const input = requireFlag(flags.input, '--input');
  const timeName = requireFlag(flags.time, '--time');
  const eventName = requireFlag(flags.event, '--event');
  const names = requireFlag(flags.covariates, '--covariates')
    .split(',')
    .map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new InputError('--covariates', '--covariates takes column names separated by commas, none empty');
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new InputError('--covariates', `covariate "${repeated}" is named twice`);
  const ties = flags.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow')
    throw new InputError('--ties', `--ties must be efron or breslow, not "${ties}"`);

  const table = parseCsv(readInput(input));
  const named: [string, string | undefined][] = [
    ['--time', timeName],
    ['--event', eventName],
    ...names.map((name): [string, string] => ['--covariates', name]),
    ['--strata', flags.strata],
  ];
  for (const [flag, name] of named) {
    if (name !== undefined && !table.header.includes(name))
      throw new InputError(flag, `unknown column "${name}" (${flag}); the columns are ${table.header.join(', ')}`);
  }
  const time = numericColumn(table, timeName);
  const event = numericColumn(table, eventName);
  checkValues(table, timeName, time, (t) => t >= 0, 'a time must not be negative');
  checkValues(table, eventName, event, (e) => e === 0 || e === 1, 'an event must be 0 (censored) or 1 (event)');
  const covariates = names.map((name) => numericColumn(table, name));
  const strataCells = flags.strata === undefined ? null : table.column(flags.strata);

  // Complete cases on the used columns only; the rest are dropped and counted.
  const rows = [...time.keys()].filter(
    (i) =>
      !Number.isNaN(time[i]!) &&
      !Number.isNaN(event[i]!) &&
      covariates.every((column) => !Number.isNaN(column[i]!)) &&
      (strataCells === null || strataCells[i] !== null),
  );
  if (rows.length === 0) throw new InputError('input', 'no row has all of the used columns filled in');
  const p = names.length;
  const x = new Float64Array(rows.length * p);
  rows.forEach((i, r) => covariates.forEach((column, j) => (x[r * p + j] = column[i]!)));
  const t = Float64Array.from(rows, (i) => time[i]!);
  const e = Uint8Array.from(rows, (i) => event[i]!);
  let strata: Int32Array | undefined;
  if (strataCells !== null) {
    const codes = new Map<string, number>();
    strata = Int32Array.from(rows, (i) => {
      const label = strataCells[i]!;
      if (!codes.has(label)) codes.set(label, codes.size);
      return codes.get(label)!;
    });
  }

  const fit = coxph(t, e, x, p, { ties, strata });
  let zph: CoxZph | null = null;
  try {
    zph = coxZph(t, e, x, p, fit.coef, { ties, strata });
  } catch (error) {
    if (!(error instanceof InputError)) throw error; // a singular 2p × 2p information: no test (null)
  }
  const test = (c: ChiSquareTest) => ({ chisq: finiteOrNull(c.chisq), df: c.df, p: finiteOrNull(c.p) });
  writeJson({
    n: fit.n,
    events: fit.events,
    ties: fit.ties,
    coefficients: names.map((name, j) => ({
      name,
      coef: finiteOrNull(fit.coef[j]!),
      se: finiteOrNull(fit.se[j]!),
      z: finiteOrNull(fit.z[j]!),
      p: finiteOrNull(fit.p[j]!),
      hr: finiteOrNull(fit.hr[j]!),
      lower: finiteOrNull(fit.lower[j]!),
      upper: finiteOrNull(fit.upper[j]!),
    })),
    loglik: fit.loglik.map(finiteOrNull),
    tests: { likelihoodRatio: test(fit.likelihoodRatio), wald: test(fit.wald), score: test(fit.score) },
    concordance: finiteOrNull(fit.concordance),
    iterations: fit.iterations,
    converged: fit.converged,
    zph:
      zph === null
        ? null
        : {
            covariates: names.map((name, j) => ({
              name,
              chisq: finiteOrNull(zph.covariates[j]!.chisq),
              p: finiteOrNull(zph.covariates[j]!.p),
            })),
            global: test(zph.global),
          },
    dropped: table.rowCount - rows.length,
  });
}

import { InputError } from '../core/errors.ts';
import type { DemoOptions } from './generate.ts';
import { studyStart } from './schedule.ts';
import { dayMs, isoDate, parseDate } from './time.ts';

/** Limits of the flags: a cohort of at least one, up to what the generator is measured at (docs/demo.md). */
export const demoLimits = { patients: { min: 1, max: 200_000 }, sites: { min: 1, max: 200 } } as const;
export const demoDefaults = { patients: 400, sites: 3, seed: 1, asOf: '2027-06-01' } as const;

/** The earliest --as-of: four weeks of recruitment, so that every site has had time to open. */
export const earliestAsOf = isoDate(studyStart + 28 * dayMs);

interface DemoFlags {
  patients?: string;
  sites?: string;
  seed?: string;
  'as-of'?: string;
}

/** The command's flags as options, each refused with a message naming it. */
export function parseDemoOptions(flags: DemoFlags): DemoOptions {
  const patients = whole(flags.patients, '--patients', demoDefaults.patients, demoLimits.patients);
  const sites = whole(flags.sites, '--sites', demoDefaults.sites, demoLimits.sites);
  const seed = whole(flags.seed, '--seed', demoDefaults.seed, { min: 0, max: Number.MAX_SAFE_INTEGER });
  const asOf = flags['as-of'] ?? demoDefaults.asOf;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? parseDate(asOf) : Number.NaN;
  if (Number.isNaN(day) || isoDate(day) !== asOf) {
    throw new InputError('--as-of', `--as-of must be a date YYYY-MM-DD, got "${asOf}"`);
  }
  if (asOf < earliestAsOf || asOf > '2100-12-31') {
    throw new InputError(
      '--as-of',
      `--as-of must be from ${earliestAsOf} (recruitment opened 2025-11-03) to 2100-12-31`,
    );
  }
  if (sites > patients) throw new InputError('--sites', `--sites (${sites}) cannot exceed --patients (${patients})`);
  return { patients, sites, seed, asOf };
}

function whole(text: string | undefined, flag: string, fallback: number, range: { min: number; max: number }): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new InputError(flag, `${flag} must be a whole number from ${range.min} to ${range.max}, got "${text}"`);
  }
  return value;
}

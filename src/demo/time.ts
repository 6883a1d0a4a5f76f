/**
 * Time on the simulated study clock: milliseconds since the epoch, UTC. Everything the demo does happens in the
 * day shift, 07:00–17:00 UTC (08:00–19:00 in Amsterdam), so that a time's UTC date is also its date at the site
 * (Europe/Amsterdam) and a "day" means the same to the generator and to the services' date rules.
 */
export const hourMs = 3_600_000;
export const dayMs = 86_400_000;

export const isoInstant = (ms: number): string => new Date(ms).toISOString();
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Midnight UTC of the day holding `ms`. */
export const startOfDay = (ms: number): number => Math.floor(ms / dayMs) * dayMs;

/** A time on the day of `ms` at `hours` (fractional) after midnight UTC. */
export const atHour = (ms: number, hours: number): number => startOfDay(ms) + Math.round(hours * hourMs);

/** `ms` plus whole calendar months, clamped to the end of a shorter month (study-protocol.md "Timepoints"). */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const day = date.getUTCDate();
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return target.getTime() + (ms - startOfDay(ms));
}

export function parseDate(text: string): number {
  return Date.parse(`${text}T00:00:00.000Z`);
}

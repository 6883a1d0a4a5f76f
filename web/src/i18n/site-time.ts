import { DateTime } from 'luxon';

/**
 * Date-time inputs show wall-clock time at the site (not the browser's zone) and the API takes ISO
 * instants with their offset; luxon converts between the two.
 */
export function localInputToIso(local: string, zone: string): string | null {
  if (local.trim() === '') return null;
  const parsed = DateTime.fromISO(local, { zone });
  return parsed.isValid ? parsed.toISO({ suppressMilliseconds: true }) : null;
}

/** The value of a datetime-local input for an instant, at the site. */
export function isoToLocalInput(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { setZone: true }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

export function nowLocalInput(zone: string): string {
  return DateTime.now().setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Today's date at the site, YYYY-MM-DD. */
export function todayAt(zone: string): string {
  return DateTime.now().setZone(zone).toFormat('yyyy-MM-dd');
}

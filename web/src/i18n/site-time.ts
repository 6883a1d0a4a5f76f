import { DateTime } from 'luxon';

/**
 * Date-time fields (DateTimeField) show and hold wall-clock time at the site, 'YYYY-MM-DDTHH:mm', not the
 * browser's zone: a time is entered as the ward's chart shows it, wherever the browser is. The API takes
 * ISO instants with their offset; luxon converts between the two.
 */
export function localInputToIso(local: string, zone: string): string | null {
  if (local.trim() === '') return null;
  const parsed = DateTime.fromISO(local, { zone });
  return parsed.isValid ? parsed.toISO({ suppressMilliseconds: true }) : null;
}

/** The value of a date-time field for an instant, at the site. */
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

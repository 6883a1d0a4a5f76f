import { DateTime } from 'luxon';
import type { ScheduleEntry } from './schedule.ts';
import type { VisitDefinition } from './visits.ts';

/**
 * The status of each visit of a participant (study-protocol.md "Timepoints"), from the computed schedule, what
 * was recorded, and the current time. Pure: the caller passes `now`. Windows are inclusive; a dated visit is
 * compared by calendar date in the site's time zone, a timed visit (D0) by the instant.
 */
export const visitStatuses = [
  'not_yet_due',
  'due',
  'overdue',
  'done_in_window',
  'done_out_of_window',
  'missed',
  'not_applicable',
] as const;
export type VisitStatus = (typeof visitStatuses)[number];

/** What was recorded for a visit: done at an instant, or missed. */
export type RecordedVisit = { outcome: 'done'; occurredAt: string } | { outcome: 'missed' };

export interface VisitStatusInput {
  definition: VisitDefinition;
  entry: ScheduleEntry;
  recorded: RecordedVisit | null;
  /** The current instant (ISO). */
  now: string;
  timeZone: string;
  /** The date follow-up stopped (withdrawal, lost to follow-up): later windows no longer apply. */
  followUpStoppedOn: string | null;
}

export function visitStatus(input: VisitStatusInput): VisitStatus {
  const { definition, entry, recorded } = input;
  if (recorded?.outcome === 'done') {
    return isInWindow(definition, entry, recorded.occurredAt, input.timeZone) ? 'done_in_window' : 'done_out_of_window';
  }
  if (recorded?.outcome === 'missed') return 'missed';
  if (!entry.applicable) return 'not_applicable';
  if (entry.earliest === null || entry.latest === null) {
    return input.followUpStoppedOn === null ? 'not_yet_due' : 'not_applicable';
  }
  const position = comparedToWindow(definition, entry.earliest, entry.latest, input.now, input.timeZone);
  if (input.followUpStoppedOn !== null) {
    // A window that closed before follow-up stopped was simply not done; a later one is no longer owed.
    const closedBeforeStop = localDate(entry.latest, input.timeZone) < input.followUpStoppedOn;
    return closedBeforeStop ? 'overdue' : 'not_applicable';
  }
  return position === 'before' ? 'not_yet_due' : position === 'inside' ? 'due' : 'overdue';
}

/** Whether a visit done at `occurredAt` (ISO instant) falls in its window; false while the window is unknown. */
export function isInWindow(
  definition: VisitDefinition,
  entry: ScheduleEntry,
  occurredAt: string,
  zone: string,
): boolean {
  if (entry.earliest === null || entry.latest === null) return false;
  return comparedToWindow(definition, entry.earliest, entry.latest, occurredAt, zone) === 'inside';
}

function comparedToWindow(
  definition: VisitDefinition,
  earliest: string,
  latest: string,
  at: string,
  zone: string,
): 'before' | 'inside' | 'after' {
  if (definition.precision === 'instant') {
    const t = DateTime.fromISO(at).toMillis();
    if (t < DateTime.fromISO(earliest).toMillis()) return 'before';
    return t > DateTime.fromISO(latest).toMillis() ? 'after' : 'inside';
  }
  // YYYY-MM-DD strings order as dates.
  const day = localDate(at, zone);
  if (day < earliest) return 'before';
  return day > latest ? 'after' : 'inside';
}

/** The calendar date (YYYY-MM-DD) of an ISO instant or date in the zone; a bare date is returned as is. */
export function localDate(isoInstantOrDate: string, zone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(isoInstantOrDate)) return isoInstantOrDate;
  return DateTime.fromISO(isoInstantOrDate, { setZone: true }).setZone(zone).toISODate() ?? isoInstantOrDate;
}

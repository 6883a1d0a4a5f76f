import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import type { Message } from '../core/errors.ts';
import { calendarDate, instant, keyed } from '../core/schemas.ts';
import { scheduleMessages } from './messages.ts';
import type { Anchor, CalendarOffset, DatedVisit, TimedVisit, VisitDefinition } from './visits.ts';

/**
 * A participant's visit schedule from a protocol's visit definitions and the anchor events known so far.
 * Pure: no clock, no I/O. Instants are exact (48 h is 48 real hours across a DST change) and written with
 * the offset of `timeZone`; calendar arithmetic is on dates, months first with end-of-month clamping.
 * Windows are inclusive. The rules and their reasons: docs/schedule.md.
 */

export interface ScheduleEntry {
  visit: string;
  /** false when the participant died before the visit could happen (see `isApplicable`). */
  applicable: boolean;
  /** ISO date-time with offset for an instant visit, YYYY-MM-DD for a dated one; null while the anchor is unknown. */
  target: string | null;
  earliest: string | null;
  latest: string | null;
}

const zonePattern = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

const unknownAsNull = <T>(value: T | null | undefined): T | null => value ?? null;

/** The input of `septype schedule`. Unknown fields are errors; an absent anchor is read as not known yet (null). */
export const scheduleInput = z
  .strictObject({
    icuAdmission: instant,
    day0SampleAt: instant.nullish().transform(unknownAsNull),
    /** Discharge alive from hospital. */
    hospitalDischarge: calendarDate.nullish().transform(unknownAsNull),
    death: calendarDate.nullish().transform(unknownAsNull),
    timeZone: z
      .string()
      .refine((zone) => zonePattern.test(zone) && IANAZone.isValidZone(zone), keyed(scheduleMessages.timeZone()))
      .default('Europe/Amsterdam'),
  })
  .superRefine((input, context) => {
    const problem = (field: string, message: Message) =>
      context.addIssue({ code: 'custom', path: [field], ...keyed(message) });
    const admission = toInstant(input.icuAdmission, input.timeZone);
    const admissionDate = localDate(admission);
    const discharge = input.hospitalDischarge === null ? null : toDate(input.hospitalDischarge);
    const death = input.death === null ? null : toDate(input.death);
    if (discharge !== null && discharge < admissionDate) {
      problem('hospitalDischarge', scheduleMessages.beforeAdmissionDate({ date: admissionDate.toISODate() ?? '' }));
    }
    if (death !== null && death < admissionDate) {
      problem('death', scheduleMessages.beforeAdmissionDate({ date: admissionDate.toISODate() ?? '' }));
    }
    if (input.day0SampleAt !== null) {
      const sample = toInstant(input.day0SampleAt, input.timeZone);
      const sampleDate = localDate(sample);
      if (sample < admission) problem('day0SampleAt', scheduleMessages.beforeAdmission());
      else if (death !== null && sampleDate > death) problem('day0SampleAt', scheduleMessages.afterDeath());
      else if (discharge !== null && sampleDate > discharge) problem('day0SampleAt', scheduleMessages.afterDischarge());
    }
  });

export type ScheduleAnchors = z.output<typeof scheduleInput>;

/** One entry per definition, in definition order. `anchors` must have passed `scheduleInput`. */
export function computeSchedule(definitions: readonly VisitDefinition[], anchors: ScheduleAnchors): ScheduleEntry[] {
  const zone = anchors.timeZone;
  const admission = toInstant(anchors.icuAdmission, zone);
  const sample = anchors.day0SampleAt === null ? null : toInstant(anchors.day0SampleAt, zone);
  const instants: Record<Anchor, DateTime | null> = {
    icuAdmission: admission,
    day0Sample: sample,
    hospitalDischarge: null,
  };
  const dates: Record<Anchor, DateTime | null> = {
    icuAdmission: localDate(admission),
    day0Sample: sample === null ? null : localDate(sample),
    hospitalDischarge: anchors.hospitalDischarge === null ? null : toDate(anchors.hospitalDischarge),
  };
  const death = anchors.death === null ? null : toDate(anchors.death);
  return definitions.map((definition) => {
    const window =
      definition.precision === 'instant'
        ? timedWindow(definition, instants[definition.anchor], zone)
        : datedWindow(definition, dates[definition.anchor]);
    return {
      visit: definition.code,
      applicable: isApplicable(definition, dates.hospitalDischarge, window?.earliestDate ?? null, death),
      target: window?.target ?? null,
      earliest: window?.earliest ?? null,
      latest: window?.latest ?? null,
    };
  });
}

interface Window {
  target: string;
  earliest: string;
  latest: string;
  /** The calendar date the window opens on (local in the display zone for an instant visit). */
  earliestDate: DateTime;
}

function timedWindow(definition: TimedVisit, anchor: DateTime | null, zone: string): Window | null {
  if (anchor === null) return null;
  // Luxon adds hours as elapsed time, never as wall-clock time.
  const target = anchor.plus({ hours: definition.target.hours });
  const base = definition.window.relativeTo === 'anchor' ? anchor : target;
  const earliest = base.plus({ hours: definition.window.earliest.hours });
  const latest = base.plus({ hours: definition.window.latest.hours });
  const iso = (at: DateTime) => at.setZone(zone).toISO({ suppressMilliseconds: true }) ?? '';
  return { target: iso(target), earliest: iso(earliest), latest: iso(latest), earliestDate: localDate(earliest) };
}

function datedWindow(definition: DatedVisit, anchor: DateTime | null): Window | null {
  if (anchor === null) return null;
  const target = addCalendar(anchor, definition.target);
  const base = definition.window.relativeTo === 'anchor' ? anchor : target;
  const earliest = addCalendar(base, definition.window.earliest);
  const latest = addCalendar(base, definition.window.latest);
  const iso = (at: DateTime) => at.toISODate() ?? '';
  return { target: iso(target), earliest: iso(earliest), latest: iso(latest), earliestDate: earliest };
}

/**
 * Not applicable: (1) a visit anchored on hospital discharge when the participant died in hospital — death on
 * or before the discharge date, or death known and no discharge; (2) any visit whose window would open after
 * the date of death. Death on the day the window opens, or inside the window, leaves the visit applicable:
 * it may have been done that day, else it is missed (a status, not a schedule question).
 */
function isApplicable(
  definition: VisitDefinition,
  discharge: DateTime | null,
  earliestDate: DateTime | null,
  death: DateTime | null,
): boolean {
  if (death === null) return true;
  if (definition.anchor === 'hospitalDischarge' && (discharge === null || death <= discharge)) return false;
  return earliestDate === null || death >= earliestDate;
}

/** Months first (luxon clamps to the month's last day), then days; on a UTC date, so no DST can intervene. */
function addCalendar(date: DateTime, offset: CalendarOffset): DateTime {
  return date.plus({ months: offset.months ?? 0 }).plus({ days: offset.days ?? 0 });
}

function toInstant(text: string, zone: string): DateTime {
  return DateTime.fromISO(text, { setZone: true }).setZone(zone);
}

/** A calendar date as midnight UTC: dates carry no zone. */
function toDate(text: string): DateTime {
  return DateTime.fromISO(text, { zone: 'utc' });
}

/** The calendar date of an instant in its (display) zone. */
function localDate(at: DateTime): DateTime {
  return DateTime.utc(at.year, at.month, at.day);
}

/**
 * The shape of a study's visit schedule, as data. Nothing here belongs to one study: a protocol module
 * (e.g. src/protocol/nct07273344/visits.ts) fills these types in, and src/protocol/schedule.ts turns them
 * and a participant's anchor events into dates. See docs/schedule.md.
 */

/** Anchor events known at a time of day (ISO date-time with offset in the input). */
export type InstantAnchor = 'icuAdmission' | 'day0Sample';
/** Anchor events known as a calendar date (YYYY-MM-DD in the input). */
export type DateAnchor = 'hospitalDischarge';
/**
 * The events a visit can be anchored on. `hospitalDischarge` means discharge alive: a visit anchored on it
 * is not applicable to a participant who died in hospital.
 */
export type Anchor = InstantAnchor | DateAnchor;

/** Elapsed (real) time: 48 hours is 48 hours even across a daylight-saving change. */
export interface ElapsedOffset {
  hours: number;
}

/**
 * Calendar time: `months` first (a day past the end of the target month clamps to its last day,
 * 31 Jan + 1 month = 28/29 Feb), then `days`. Either may be negative or absent (0).
 */
export interface CalendarOffset {
  months?: number;
  days?: number;
}

interface VisitBase {
  code: string;
  name: string;
  /** Done by a phone call or questionnaire after discharge: listed on the worklist of calls to plan. */
  followUpCall?: boolean;
}

/** A visit timed to the hour: target and window are instants, written with the display time zone's offset. */
export interface TimedVisit extends VisitBase {
  precision: 'instant';
  anchor: InstantAnchor;
  /** Target = anchor + offset. */
  target: ElapsedOffset;
  /** Inclusive window: [base + earliest, base + latest], base the anchor or the target. */
  window: { relativeTo: 'anchor' | 'target'; earliest: ElapsedOffset; latest: ElapsedOffset };
}

/**
 * A visit timed to the day: target and window are calendar dates. An instant anchor counts by its local
 * calendar date in the display time zone.
 */
export interface DatedVisit extends VisitBase {
  precision: 'date';
  anchor: Anchor;
  /** Target = anchor date + offset. */
  target: CalendarOffset;
  /** Inclusive window: [base + earliest, base + latest], base the anchor date or the target. */
  window: { relativeTo: 'anchor' | 'target'; earliest: CalendarOffset; latest: CalendarOffset };
}

export type VisitDefinition = TimedVisit | DatedVisit;

/** A protocol's visits, in protocol order (also the order of the computed schedule). */
export interface VisitSchedule {
  /** Which protocol (and version) the visits come from; quoted wherever a schedule is stored or shown. */
  protocol: string;
  version: string;
  visits: readonly VisitDefinition[];
  /** The visit whose blood draw (its recorded time) is the `day0Sample` anchor of later visits. */
  day0SampleVisit: string;
}

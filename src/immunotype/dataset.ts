import { DateTime } from 'luxon';
import type { AnalysisDefinition, ItemRef } from '../protocol/analysis.ts';
import type { MarkerValue } from './preprocess.ts';

/**
 * The analysis datasets (issue 14 §1), assembled from the study's rows without I/O: one row per participant
 * (covariates, outcomes with derived times) and one per participant × sampled visit (every marker in its
 * canonical unit, with its LOD flag). Times are whole days from D0, the day of ICU admission; follow-up ends
 * at the protocol's horizon. Pseudonymised: study ids and site codes only. Destroyed participants are not in
 * the rows at all; a withdrawn participant's follow-up ends where it stopped.
 */

export interface StudyRows {
  participants: {
    id: number;
    studyId: string;
    siteCode: string;
    icuAdmissionAt: string;
    followUpStoppedOn: string | null;
  }[];
  /** Current lab results; several of one marker at a visit (aliquots measured twice): the last stored counts. */
  results: {
    id: number;
    participantId: number;
    visit: string;
    analyte: string;
    value: number | null;
    qualifier: string | null;
  }[];
  /** Item values of the forms the analysis definition names (value_text; null when missing). */
  items: { participantId: number; form: string; slot: string; item: string; row: number; value: string | null }[];
  /** Recorded deaths (the participant's clinical event). */
  deaths: { participantId: number; on: string }[];
  /** Visits that took place: the participant was alive then. */
  visits: { participantId: number; visit: string; occurredAt: string }[];
}

export interface TimeToEvent {
  days: number;
  dead: boolean;
}

export interface CompetingTime {
  days: number;
  /** 0 censored, 1 the event, 2 death before it. */
  status: 0 | 1 | 2;
}

export interface ParticipantRecord {
  studyId: string;
  site: string;
  age: number | null;
  sex: 'male' | 'female' | null;
  sofa2: number | null;
  infectionSite: string | null;
  /** Death or last known alive, censored at the horizon; null without any follow-up. */
  survival: TimeToEvent | null;
  /** Death by day 28, 90 and 365 (the protocol's horizons within follow-up): null when not known. */
  mortality: Record<string, boolean | null>;
  competing: Record<string, CompetingTime>;
  eq5d: Record<string, number>;
}

export interface SampleRecord {
  studyId: string;
  site: string;
  visit: string;
  /** Analyte code → value; absent when not measured. */
  values: Record<string, MarkerValue>;
}

export interface AnalysisDatasets {
  participants: ParticipantRecord[];
  samples: SampleRecord[];
}

export const mortalityHorizons = [28, 90, 365] as const;

const day = (iso: string) => DateTime.fromISO(iso.slice(0, 10), { zone: 'utc' });
const daysBetween = (from: string, to: string) => Math.round(day(to).diff(day(from), 'days').days);

function matches(ref: ItemRef, row: StudyRows['items'][number]): boolean {
  return row.form === ref.form && row.item === ref.item && (ref.slot === undefined || ref.slot === row.slot);
}

function number(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Whether an item's text is a number as the datasets read one (blank or not a finite number: missing). */
export function isItemNumber(text: string | null | undefined): boolean {
  return number(text) !== null;
}

export function assembleDatasets(definition: AnalysisDefinition, rows: StudyRows): AnalysisDatasets {
  const itemsOf = groupBy(rows.items, (row) => row.participantId);
  const deathOf = new Map<number, string>();
  for (const death of rows.deaths) deathOf.set(death.participantId, death.on);
  const visitsOf = groupBy(rows.visits, (row) => row.participantId);
  const resultsOf = groupBy(
    [...rows.results].sort((a, b) => a.id - b.id),
    (row) => row.participantId,
  );
  const horizon = definition.horizonDays;
  const participants: ParticipantRecord[] = [];
  const samples: SampleRecord[] = [];
  for (const p of [...rows.participants].sort((a, b) => a.studyId.localeCompare(b.studyId))) {
    const items = itemsOf.get(p.id) ?? [];
    const first = (ref: ItemRef) => items.find((row) => matches(ref, row) && row.value !== null)?.value ?? null;
    const dayOf = (iso: string) => daysBetween(p.icuAdmissionAt, iso);

    const deathDates = [deathOf.get(p.id), ...definition.deathDates.map(first)].filter(
      (d): d is string => d !== null && d !== undefined,
    );
    const deathDay = deathDates.length === 0 ? null : Math.min(...deathDates.map(dayOf));
    const contacts = [
      ...definition.contactDates.flatMap((ref) => items.filter((row) => matches(ref, row) && row.value !== null)),
    ].map((row) => dayOf(row.value!));
    contacts.push(...(visitsOf.get(p.id) ?? []).map((v) => dayOf(v.occurredAt)));
    let lastContact = contacts.length === 0 ? null : Math.max(...contacts);
    if (p.followUpStoppedOn !== null && lastContact !== null)
      lastContact = Math.min(lastContact, dayOf(p.followUpStoppedOn));

    const survival = survivalOf(deathDay, lastContact, horizon);
    const mortality = Object.fromEntries(
      mortalityHorizons.filter((h) => h <= horizon).map((h) => [`day${h}`, mortalityBy(h, deathDay, lastContact)]),
    );
    const competing: Record<string, CompetingTime> = {};
    for (const event of definition.competingEvents) {
      const eventDays = items
        .filter((row) => matches(event.date, row) && row.value !== null)
        .map((row) => dayOf(row.value!));
      const time = competingOf(eventDays.length === 0 ? null : Math.min(...eventDays), deathDay, lastContact, horizon);
      if (time !== null) competing[event.name] = time;
    }
    const eq5d: Record<string, number> = {};
    for (const row of items) {
      const value = number(row.value);
      if (matches(definition.eq5dIndex, row) && value !== null) eq5d[row.slot] = value;
    }
    const sex = first(definition.covariates.sex);
    participants.push({
      studyId: p.studyId,
      site: p.siteCode,
      age: number(first(definition.covariates.age)),
      sex: sex === 'male' || sex === 'female' ? sex : null,
      sofa2: number(first(definition.covariates.sofa2)),
      infectionSite: definition.covariates.infectionSite.map(first).find((v) => v !== null) ?? null,
      survival,
      mortality,
      competing,
      eq5d,
    });

    const byVisit = new Map<string, Record<string, MarkerValue>>();
    for (const result of resultsOf.get(p.id) ?? []) {
      if (result.value === null || !definition.visits.includes(result.visit)) continue;
      const values = byVisit.get(result.visit) ?? {};
      values[result.analyte] = {
        value: result.value,
        belowLod: result.qualifier === '<LOD' || result.qualifier === '<LLOQ',
      };
      byVisit.set(result.visit, values);
    }
    for (const visit of definition.visits) {
      const values = byVisit.get(visit);
      if (values !== undefined) samples.push({ studyId: p.studyId, site: p.siteCode, visit, values });
    }
  }
  return { participants, samples };
}

/** Dead by day h; alive then when seen alive on or after it, or dead only later; else not known. */
function mortalityBy(h: number, deathDay: number | null, lastContact: number | null): boolean | null {
  if (deathDay !== null && deathDay <= h) return true;
  if ((lastContact !== null && lastContact >= h) || deathDay !== null) return false;
  return null;
}

export function survivalOf(deathDay: number | null, lastContact: number | null, horizon: number): TimeToEvent | null {
  if (deathDay !== null && deathDay <= horizon) return { days: Math.max(deathDay, 0.5), dead: true };
  // Death after the horizon: alive through all of follow-up.
  const alive = deathDay !== null ? horizon : lastContact === null ? null : Math.min(lastContact, horizon);
  return alive === null || alive <= 0 ? null : { days: alive, dead: false };
}

export function competingOf(
  eventDay: number | null,
  deathDay: number | null,
  lastContact: number | null,
  horizon: number,
): CompetingTime | null {
  const end = Math.min(horizon, Math.max(lastContact ?? 0, deathDay ?? 0));
  if (eventDay !== null && eventDay <= end && (deathDay === null || eventDay <= deathDay)) {
    return { days: Math.max(eventDay, 0.5), status: 1 };
  }
  if (deathDay !== null && deathDay <= horizon) return { days: Math.max(deathDay, 0.5), status: 2 };
  return end <= 0 ? null : { days: end, status: 0 };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list === undefined) groups.set(key(row), [row]);
    else list.push(row);
  }
  return groups;
}

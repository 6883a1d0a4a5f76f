import { DateTime } from 'luxon';
import { InputError } from '../../core/errors.ts';
import { parseSofaDaysInput, type SofaDaysInput } from './days-input.ts';
import { normalizeWindow, norepinephrineSalts, type SofaWindow } from './input.ts';
import { carryForward } from './carry-forward.ts';
import { organs, type Organ } from './result.ts';
import { scoreSofa2 } from './sofa2.ts';

export interface SofaDay {
  day: number;
  /** The window [start, end) as ISO instants in the study's time zone. */
  start: string;
  end: string;
  version: 'sofa2';
  total: number;
  components: Record<Organ, number>;
  /** Day 1 only: organs with no data, scored 0. */
  missing: Organ[];
  /** Later days: organs with no data in the window, carrying the previous day's points. */
  carriedForward: Organ[];
  notes: string[];
}

const hour = 3_600_000;
const day = 24 * hour;

/**
 * Daily SOFA-2 from timestamped data. Each window takes, per organ, the highest points of any moment
 * in it: every observation, and every moment an infusion, RRT or support period starts or is already
 * running. A moment's window is the observation's fields plus what is running then. Day 1 scores a
 * missing organ 0; later days carry the last known points forward. Both are reported.
 */
export function scoreSofa2Days(raw: unknown): SofaDay[] {
  const input = parseSofaDaysInput(raw);
  checkPeriods(input);
  input.observations.sort((a, b) => a.time - b.time);
  const windows = dayWindows(input);
  const scored = windows.map(([start, end]) => ({ start, end, ...worstInWindow(input, start, end) }));
  const carried = carryForward(scored.map((window) => window.scores));
  const result = scored.map((window, index): SofaDay => {
    const { components, total, missing, carriedForward } = carried[index]!;
    return {
      day: index + 1,
      start: iso(window.start, input.timeZone),
      end: iso(window.end, input.timeZone),
      version: 'sofa2',
      total,
      components,
      missing,
      carriedForward,
      notes: [
        ...window.notes,
        ...missing.map((organ) => `${organ}: no data on day 1, scored 0`),
        ...carriedForward.map((organ) => `${organ}: no data, ${components[organ]} carried forward from day ${index}`),
      ],
    };
  });
  return result;
}

const iso = (millis: number, zone: string): string => DateTime.fromMillis(millis, { zone }).toISO() ?? '';

function checkPeriods(input: SofaDaysInput): void {
  for (const [list, periods] of [
    ['infusions', input.infusions],
    ['rrt', input.rrt],
    ['support', input.support],
  ] as const) {
    periods.forEach((period, index) => {
      if (period.stop !== null && period.stop < period.start) {
        throw new InputError(`${list}.${index}.stop`, `${list}.${index}.stop: the stop is before the start`);
      }
    });
  }
  input.observations.forEach((observation, index) => {
    if (observation.time < input.icuAdmission - day) {
      throw new InputError(
        `observations.${index}.time`,
        `observations.${index}.time: more than a day before ICU admission`,
      );
    }
  });
}

/** The windows from ICU admission to the last recorded moment: 24-hour blocks, or calendar days. */
function dayWindows(input: SofaDaysInput): [number, number][] {
  const moments = [
    ...input.observations.map((o) => o.time),
    ...[...input.infusions, ...input.rrt, ...input.support].flatMap((p) => [p.start, p.stop ?? p.start]),
  ];
  const last = Math.max(input.icuAdmission, ...moments);
  const windows: [number, number][] = [];
  let start = input.icuAdmission;
  while (start <= last) {
    const end =
      input.dayBoundary === 'admission'
        ? start + day
        : DateTime.fromMillis(start, { zone: input.timeZone }).startOf('day').plus({ days: 1 }).toMillis();
    windows.push([start, end]);
    start = end;
  }
  return windows;
}

const runningAt = (period: { start: number; stop: number | null }, at: number) =>
  period.start <= at && (period.stop === null || at < period.stop);

/** Per organ, the highest points at any moment of [start, end); null where nothing was known. */
function worstInWindow(
  input: SofaDaysInput,
  start: number,
  end: number,
): { scores: Record<Organ, number | null>; notes: string[] } {
  const inWindow = (at: number) => at >= start && at < end;
  const observations = input.observations.filter((o) => inWindow(o.time));
  const periodStarts = [...input.infusions, ...input.rrt, ...input.support].map((p) => p.start).filter(inWindow);
  // Every observation on its own (two at the same time are both scored), and each moment a period starts.
  const moments: { at: number; observation?: Observation }[] = [
    ...[start, ...periodStarts].map((at) => ({ at })),
    ...observations.map((observation) => ({ at: observation.time, observation })),
  ];
  const scores = Object.fromEntries(organs.map((organ) => [organ, null])) as Record<Organ, number | null>;
  const reasons = new Map<Organ, string[]>();
  const notes: string[] = [];
  for (const { at, observation } of moments) {
    const { window, notes: conversionNotes } = momentWindow(input, observation, at);
    const result = scoreSofa2(window);
    for (const organ of organs) {
      const points = result.components[organ];
      if (points === null || (scores[organ] ?? -1) >= points) continue;
      scores[organ] = points;
      reasons.set(organ, [...conversionNotes, ...result.notes.filter((note: string) => note.startsWith(`${organ}:`))]);
    }
  }
  for (const organ of organs) notes.push(...(reasons.get(organ) ?? []));
  for (const infusion of input.infusions) {
    if (infusion.stop !== null && infusion.stop - infusion.start < hour && inWindow(infusion.start)) {
      notes.push(`cardiovascular: ${infusion.drug} infusion of less than 1 hour ignored`);
    }
  }
  return { scores, notes };
}

type Observation = SofaDaysInput['observations'][number];

/** What was known at one moment: the observation there (if any) plus every period running then. */
function momentWindow(
  input: SofaDaysInput,
  observation: Observation | undefined,
  at: number,
): { window: SofaWindow; notes: string[] } {
  const { time: _time, ...fields } = observation ?? { time: at };
  const { window, notes } = normalizeWindow(fields);
  const running = <T extends { start: number; stop: number | null }>(periods: T[]) =>
    periods.filter((p) => runningAt(p, at));

  const doses = { norepinephrine: 0, epinephrine: 0, dopamine: 0 };
  for (const infusion of running(input.infusions)) {
    if (infusion.stop !== null && infusion.stop - infusion.start < hour) continue;
    if (infusion.drug === 'other') window.otherVasoactive = true;
    else
      doses[infusion.drug] +=
        infusion.doseUgKgMin / (infusion.drug === 'norepinephrine' ? norepinephrineSalts[infusion.salt] : 1);
  }
  if (doses.norepinephrine > 0)
    window.norepinephrineUgKgMin = (window.norepinephrineUgKgMin ?? 0) + doses.norepinephrine;
  if (doses.epinephrine > 0) window.epinephrineUgKgMin = (window.epinephrineUgKgMin ?? 0) + doses.epinephrine;
  if (doses.dopamine > 0) window.dopamineUgKgMin = (window.dopamineUgKgMin ?? 0) + doses.dopamine;

  if (running(input.rrt).some((p) => !p.nonRenalIndication)) window.rrt = true;
  for (const period of running(input.support)) {
    if (period.kind === 'advancedRespiratory') window.advancedRespiratorySupport = true;
    if (period.kind === 'ecmoRespiratory') window.ecmo = 'respiratory';
    if (period.kind === 'ecmoCardiac') window.ecmo = 'cardiac';
    if (period.kind === 'mechanicalCirculatory') window.mechanicalCirculatorySupport = true;
  }
  // FiO2 is a setting that stays until changed: a blood gas without it uses the last one charted.
  if (window.fio2 === undefined && (window.pao2MmHg !== undefined || window.spo2Pct !== undefined)) {
    const earlier = input.observations.filter((o) => o.time <= at && o.fio2 !== undefined).at(-1);
    if (earlier?.fio2 !== undefined) {
      window.fio2 = earlier.fio2 > 1 ? earlier.fio2 / 100 : earlier.fio2;
      notes.push(`respiratory: FiO2 ${window.fio2} taken from ${new Date(earlier.time).toISOString()}`);
    }
  }
  return { window, notes };
}

import { normalQuantile } from '../../stats/distributions.ts';
import { normalCdf } from '../../stats/distributions-more.ts';
import type { Rng } from '../../stats/random.ts';
import type { Immunotype } from './immunotypes.ts';

/**
 * A participant's outcomes over the year after ICU admission, by planted immunotype and severity: death (in
 * hospital or after discharge), hospital discharge, re-admissions, new infections and cardiovascular events
 * (study-protocol.md "Clinical data": the outcomes the study follows). Days count from ICU admission and end at
 * day 365; nothing happens after death, since death competes with every other event (immunotypes.md §3).
 */

export interface PlantedOutcomes {
  /** Days after ICU admission (fractional: the hour matters for the visits); null: alive at day 365. */
  deathDay: number | null;
  /** Whole days after ICU admission; null: died in hospital. */
  dischargeDay: number | null;
  /** Whole days after ICU admission, ascending, each before the death day. */
  readmissionDays: number[];
  infectionDays: number[];
  cardiovascularDays: number[];
}

interface OutcomeRisks {
  /** Death in hospital, which in this model is always within 28 days of admission. */
  hospitalDeath: number;
  /** Death within the year, among hospital survivors. */
  lateDeath: number;
  /** At least one re-admission within the year, among hospital survivors. */
  readmission: number;
  /** At least one new infection within the year (ICU-acquired or after discharge). */
  infection: number;
  /** At least one cardiovascular event within the year. */
  cardiovascular: number;
}

/**
 * Risks by type for a participant of average severity. Sources: immunotypes.md §5 "Outcomes" (28-day mortality
 * 20–30 % overall and higher in MALS; among hospital survivors 9 % die by 3 months and ~18 % by 12 months; ~40 %
 * re-admitted within a year; new infection 10–25 %; cardiovascular events 3–9 %) and §1 (PROVIDE: 28-day
 * mortality highest in MALS). How the totals split over the types is our assumption: immunoparalysis carries
 * the late deaths and the new infections (secondary infections are the hallmark of sepsis-induced immune
 * suppression), the adaptive type the least of everything. Weighted by prevalence and survival, the totals
 * land inside the ranges of §5 (outcomes.test.ts checks it).
 */
export const risks: Readonly<Record<Immunotype, OutcomeRisks>> = {
  mals: { hospitalDeath: 0.45, lateDeath: 0.2, readmission: 0.5, infection: 0.2, cardiovascular: 0.08 },
  immunoparalysis: { hospitalDeath: 0.3, lateDeath: 0.29, readmission: 0.55, infection: 0.3, cardiovascular: 0.07 },
  hyperinflammatory: { hospitalDeath: 0.25, lateDeath: 0.17, readmission: 0.45, infection: 0.17, cardiovascular: 0.07 },
  adaptive: { hospitalDeath: 0.11, lateDeath: 0.14, readmission: 0.38, infection: 0.11, cardiovascular: 0.04 },
};

/**
 * How much one SD of latent severity moves each risk, on the probit scale. The risk of a type is kept as its
 * average over severities (see `atSeverity`). Our assumption: severity weighs most on early death.
 */
export const severityEffect: Readonly<Record<keyof OutcomeRisks, number>> = {
  hospitalDeath: 0.6,
  lateDeath: 0.3,
  readmission: 0.2,
  infection: 0.25,
  cardiovascular: 0.2,
};

/** The timing of events; our assumptions except where cited. */
export const timing = {
  /** In-hospital deaths: log-normal days after admission, cut at day 28; most sepsis deaths come in week one. */
  hospitalDeath: { medianDays: 7, sdLog: 0.9, minDays: 0.25, maxDays: 28 },
  /** Hospital stay of survivors (ICU plus ward), log-normal whole days, longer when sicker. */
  stay: { medianDays: 15, sdLog: 0.6, perSeverity: 0.15, minDays: 2, maxDays: 120 },
  /** immunotypes.md §5: 9 % of 18 % (one half) of the year's deaths after discharge come in the first 3 months. */
  lateDeath: { shareFirst3Months: 0.5, first3MonthsDays: 91 },
  /** More re-admissions after the first: the chance of each further one. */
  readmission: { further: 0.35, maxCount: 3 },
  /** Share of events that happen during the index stay (ICU-acquired infections, in-hospital cardiac events). */
  inHospitalShare: { infection: 0.4, cardiovascular: 0.25 },
  /** Events after discharge come early more often: day = discharge + window · u^frontLoading. */
  frontLoading: 1.6,
  horizonDays: 365,
};

/** The risk at a given severity whose average over severity ~ N(0, 1) is `risk` (a probit random effect). */
export function atSeverity(risk: number, effect: number, severity: number): number {
  return normalCdf(normalQuantile(risk) * Math.sqrt(1 + effect * effect) + effect * severity);
}

/**
 * Every outcome of one participant. Draws death first (in hospital or not), then the stay, the late death, and
 * the events, each dropped when it would fall on or after the death day.
 */
export function drawOutcomes(rng: Rng, type: Immunotype, severity: number): PlantedOutcomes {
  const p = (risk: keyof OutcomeRisks) => atSeverity(risks[type][risk], severityEffect[risk], severity);
  const horizon = timing.horizonDays;
  let deathDay: number | null = null;
  let dischargeDay: number | null = null;

  if (rng.uniform() < p('hospitalDeath')) {
    deathDay = hospitalDeathDay(rng);
  } else {
    const { medianDays, sdLog, perSeverity, minDays, maxDays } = timing.stay;
    const stay = medianDays * Math.exp(perSeverity * severity + sdLog * rng.normal());
    dischargeDay = Math.round(Math.min(maxDays, Math.max(minDays, stay)));
    deathDay = lateDeathDay(rng, p('lateDeath'), dischargeDay);
  }
  // The index stay, for events during it: up to the discharge, or to the death in hospital.
  const stayEnd = dischargeDay ?? deathDay ?? horizon;
  const before = (days: number[]) => days.filter((day) => deathDay === null || day < deathDay);

  const readmissionDays: number[] = [];
  if (dischargeDay !== null && rng.uniform() < p('readmission')) {
    readmissionDays.push(afterDischarge(rng, dischargeDay));
    while (readmissionDays.length < timing.readmission.maxCount && rng.uniform() < timing.readmission.further) {
      readmissionDays.push(afterDischarge(rng, dischargeDay));
    }
  }
  const event = (risk: 'infection' | 'cardiovascular'): number[] => {
    if (rng.uniform() >= p(risk)) return [];
    if (dischargeDay !== null && rng.uniform() >= timing.inHospitalShare[risk]) {
      return [afterDischarge(rng, dischargeDay)];
    }
    // During the stay, from day 2 (an ICU-acquired infection is one that starts after 48 hours) to its last day.
    return stayEnd >= 2 ? [2 + rng.int(Math.floor(stayEnd) - 1)] : [];
  };
  const infectionDays = event('infection');
  const cardiovascularDays = event('cardiovascular');

  return {
    deathDay,
    dischargeDay,
    readmissionDays: before(distinctAscending(readmissionDays)),
    infectionDays: before(infectionDays),
    cardiovascularDays: before(cardiovascularDays),
  };
}

/** A log-normal day cut to [minDays, maxDays] by inverting the CDF on the truncated range (one uniform). */
function hospitalDeathDay(rng: Rng): number {
  const { medianDays, sdLog, minDays, maxDays } = timing.hospitalDeath;
  const cdf = (day: number) => normalCdf(Math.log(day / medianDays) / sdLog);
  const u = cdf(minDays) + rng.uniform() * (cdf(maxDays) - cdf(minDays));
  const day = medianDays * Math.exp(sdLog * normalQuantile(u));
  return Math.round(Math.min(maxDays, Math.max(minDays, day)) * 100) / 100;
}

/**
 * Death after discharge within the year: half of it in the first three months, the rest spread over the
 * remaining months, each part at a roughly constant rate (uniform in its interval). Null: alive at day 365.
 */
function lateDeathDay(rng: Rng, risk: number, dischargeDay: number): number | null {
  const u = rng.uniform();
  const window = timing.horizonDays - dischargeDay;
  if (u >= risk || window <= 0) return null;
  const first = timing.lateDeath.shareFirst3Months * risk;
  const split = Math.min(timing.lateDeath.first3MonthsDays, window);
  const offset = u < first ? (u / first) * split : split + ((u - first) / (risk - first)) * (window - split);
  return Math.round((dischargeDay + Math.max(0.5, offset)) * 100) / 100;
}

/** A whole day after discharge and at the latest day 365, more often early than late. */
function afterDischarge(rng: Rng, dischargeDay: number): number {
  const window = Math.max(1, timing.horizonDays - dischargeDay);
  return Math.min(
    timing.horizonDays,
    dischargeDay + Math.max(1, Math.ceil(window * rng.uniform() ** timing.frontLoading)),
  );
}

function distinctAscending(days: number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}

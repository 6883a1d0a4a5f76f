import type { Rng } from '../stats/random.ts';
import type { Visit } from './model/immunotypes.ts';
import { plantParticipant, type PlantedParticipant } from './model/participant.ts';
import { addMonths, atHour, dayMs, hourMs, startOfDay } from './time.ts';

/**
 * What happens to one enrolled participant over the study, on the simulated clock: admission, enrollment,
 * consent, the visits (some out of window, some missed), discharge or death, a withdrawal. Pure and seeded; the
 * generator turns it into service calls in time order and leaves out whatever lies after --as-of. The shares are
 * our assumption of a realistic cohort in progress.
 */

export type ConsentRoute = 'deferred' | 'legal_representative' | 'patient';

export interface ConsentStep {
  at: number;
  type: 'legal_representative' | 'patient';
  decision: 'given' | 'refused';
}

export interface VisitPlan {
  visit: Visit;
  /** When it took place (done) or when it was recorded as missed. */
  at: number;
  outcome: 'done' | 'missed';
  missedReason: string | null;
  bloodDrawn: boolean;
  /** Minutes from the draw to processing (past 240 the aliquots are flagged). */
  processingDelayMinutes: number;
}

export interface PatientPlan {
  admissionAt: number;
  screenedAt: number;
  setting: 'icu' | 'mc';
  sex: 'female' | 'male';
  ageYears: number;
  planted: PlantedParticipant;
  route: ConsentRoute;
  consents: ConsentStep[];
  withdrawal: { at: number; scope: 'stop_follow_up' | 'destroy_samples' } | null;
  dischargeAt: number | null;
  deathAt: number | null;
  /** Leaving the ICU or MC unit alive (before the hospital discharge); null: died in it. */
  icuDischargeAt: number | null;
  visits: VisitPlan[];
}

const missedReasons: Record<Visit, readonly string[]> = {
  D0: ['No research nurse available within 48 hours'],
  D3: ['Not sampled: weekend', 'Patient transferred to another ward, sample missed'],
  DIS: ['Discharged before sampling', 'Discharged at the weekend'],
  M3: ['Could not be reached by phone', 'Declined the visit', 'Too ill to come'],
  M12: ['Could not be reached by phone', 'Moved abroad', 'Declined the visit'],
};

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;

/** One participant admitted at `admissionAt`, screened and enrolled the same or the next day shift. */
export function planPatient(rng: Rng, admissionAt: number): PatientPlan {
  const planted = plantParticipant(rng.split());
  const own = rng.split();
  const { outcomes } = planted;
  const deathAt = outcomes.deathDay === null ? null : admissionAt + Math.round(outcomes.deathDay * dayMs);
  // Discharges happen in the day shift of the planned day.
  const dischargeAt =
    outcomes.dischargeDay === null ? null : atHour(admissionAt + outcomes.dischargeDay * dayMs, 10 + 4 * own.uniform());
  const ageYears = Math.max(18, Math.min(95, Math.round(64 + 14 * own.normal())));
  const sex = own.uniform() < 0.4 ? 'female' : 'male';
  const setting = own.uniform() < 0.8 ? 'icu' : 'mc';

  // Screening in the first day shift after admission (admissions come at any hour).
  let screenedAt = atHour(admissionAt + 2 * hourMs, 8 + 6 * own.uniform());
  if (screenedAt < admissionAt + hourMs) screenedAt = atHour(admissionAt + dayMs, 8 + 6 * own.uniform());
  if (deathAt !== null && screenedAt >= deathAt) screenedAt = Math.max(admissionAt + hourMs, deathAt - 2 * hourMs);

  const visits: VisitPlan[] = [];
  const done = (visit: Visit, at: number): VisitPlan => {
    const bloodDrawn = own.uniform() < 0.96;
    const late = own.uniform() < 0.03;
    return {
      visit,
      at,
      outcome: 'done',
      missedReason: null,
      bloodDrawn,
      processingDelayMinutes: late ? 250 + own.int(60) : 25 + own.int(120),
    };
  };
  const missed = (visit: Visit, at: number): VisitPlan => ({
    visit,
    at,
    outcome: 'missed',
    missedReason: pick(own, missedReasons[visit]),
    bloodDrawn: false,
    processingDelayMinutes: 0,
  });
  const alive = (at: number) => deathAt === null || at < deathAt - hourMs;

  // D0: with the enrollment, within 48 h of admission; a few just after the window.
  const d0 = own.uniform() < 0.03 ? admissionAt + (49 + 8 * own.uniform()) * hourMs : screenedAt + hourMs;
  if (alive(d0)) visits.push(done('D0', d0));
  const d0Day = startOfDay(d0);

  // D3: three days after the D0 sample, ±1 day; some a day or two outside.
  const shift = own.uniform() < 0.06 ? (own.uniform() < 0.5 ? -2 : 2) : own.int(3) - 1;
  const d3 = atHour(d0Day + (3 + shift) * dayMs, 8 + 5 * own.uniform());
  if (alive(d3)) {
    if (dischargeAt !== null && dischargeAt < d3) visits.push(missed('D3', atHour(dischargeAt, 15)));
    else if (own.uniform() < 0.05) visits.push(missed('D3', d3));
    else visits.push(done('D3', d3));
  }

  if (dischargeAt !== null) {
    const disShift = own.uniform() < 0.05 ? 3 : 0;
    const dis = atHour(dischargeAt - disShift * dayMs, 8 + 2 * own.uniform());
    if (own.uniform() < 0.08) visits.push(missed('DIS', dischargeAt + hourMs));
    else visits.push(done('DIS', Math.max(dis, (visits.at(-1)?.at ?? 0) + dayMs)));
    for (const [visit, months] of [
      ['M3', 3],
      ['M12', 12],
    ] as const) {
      const target = startOfDay(addMonths(dischargeAt, months));
      const offset = own.uniform() < 0.04 ? 16 + own.int(5) : own.int(21) - 10;
      const at = atHour(target + offset * dayMs, 8 + 6 * own.uniform());
      if (!alive(at)) break;
      visits.push(own.uniform() < 0.1 ? missed(visit, atHour(target + 15 * dayMs, 12)) : done(visit, at));
    }
  }

  // Consent: mostly deferred (patients are incapacitated on admission), then a representative, then the patient.
  const routeDraw = own.uniform();
  const route: ConsentRoute = routeDraw < 0.75 ? 'deferred' : routeDraw < 0.9 ? 'legal_representative' : 'patient';
  const consents: ConsentStep[] = [];
  if (route === 'deferred') {
    const asked = atHour(screenedAt + (1 + own.int(8)) * dayMs, 9 + 6 * own.uniform());
    if (alive(asked)) {
      const refused = own.uniform() < 0.04;
      consents.push({ at: asked, type: 'legal_representative', decision: refused ? 'refused' : 'given' });
      const recovered = atHour(asked + (4 + own.int(20)) * dayMs, 9 + 6 * own.uniform());
      if (!refused && alive(recovered) && own.uniform() < 0.85) {
        consents.push({ at: recovered, type: 'patient', decision: 'given' });
      }
    }
  }

  // A few survivors withdraw after discharge; most keep what was collected.
  let withdrawal: PatientPlan['withdrawal'] = null;
  if (dischargeAt !== null && consents.every((c) => c.decision === 'given') && own.uniform() < 0.04) {
    const at = atHour(dischargeAt + (10 + own.int(200)) * dayMs, 11);
    if (alive(at)) withdrawal = { at, scope: own.uniform() < 0.7 ? 'stop_follow_up' : 'destroy_samples' };
  }
  const kept = withdrawal === null ? visits : visits.filter((v) => v.at < withdrawal.at);

  // The unit stay (drawn last, so that the draws above stay as they were): survivors leave the ICU or MC after
  // a quarter to a little over half of their hospital stay, longer when sicker, on an earlier day than the
  // hospital discharge; in-hospital deaths die in the unit (the death event's place is the ICU).
  let icuDischargeAt: number | null = null;
  if (dischargeAt !== null && outcomes.dischargeDay !== null) {
    const stay = outcomes.dischargeDay;
    const share = (0.25 + 0.35 * own.uniform()) * Math.exp(0.15 * planted.severity);
    const icuDays = Math.max(1, Math.min(stay - 1, Math.round(stay * share)));
    icuDischargeAt = atHour(admissionAt + icuDays * dayMs, 11 + 5 * own.uniform());
  }

  return {
    admissionAt,
    screenedAt,
    setting,
    sex,
    ageYears,
    planted,
    route,
    consents,
    withdrawal,
    dischargeAt,
    deathAt,
    icuDischargeAt,
    visits: kept,
  };
}

import { Faker, base, en, nl } from '@faker-js/faker';
import type { Rng } from '../stats/random.ts';
import { planPatient, type PatientPlan } from './patient-plan.ts';
import {
  answersFor,
  declinedReasons,
  drawNotEnrolledKind,
  eligibleAnswers,
  notApproachedReasons,
  screenedPerEnrolled,
  type EligibilityAnswers,
  type NotEnrolledKind,
} from './screening-plan.ts';
import { endOfStudyOf, infectionFormAt, outcomeFormAt } from './clinical-forms.ts';
import { icuDayDate, icuDaysOf } from './sofa-days.ts';
import { treatmentsFormAt } from './treatments.ts';
import { atHour, dayMs, hourMs, parseDate } from './time.ts';

/**
 * The whole study on the simulated clock, as a list of steps in time order: who is screened when, what happens to
 * each participant, when the laboratory runs its batches. Pure and seeded (identities from faker's Dutch locale,
 * seeded from the same generator); steps after --as-of are left out.
 */

/** Recruitment opened on 2025-11-03 (study-protocol.md); sites join one after another. */
export const studyStart = parseDate('2025-11-03');

export interface Identity {
  name: string;
  hospitalNumber: string;
  dateOfBirth: string;
  phone: string;
  generalPractitioner: string;
}

export interface Enrolled {
  index: number;
  site: number;
  plan: PatientPlan;
  answers: EligibilityAnswers;
  identity: Identity;
}

export interface ScreenedOut {
  site: number;
  at: number;
  admissionAt: number;
  setting: 'icu' | 'mc';
  sex: 'female' | 'male';
  kind: NotEnrolledKind;
  answers: EligibilityAnswers;
  reason: string | null;
  hospitalNumber: string;
}

export type Step =
  | { kind: 'screen_out'; at: number; site: number; entry: ScreenedOut }
  | { kind: 'enroll'; at: number; site: number; patient: Enrolled }
  | { kind: 'consent'; at: number; site: number; patient: Enrolled; step: number }
  | { kind: 'visit'; at: number; site: number; patient: Enrolled; visit: number }
  | { kind: 'process'; at: number; site: number; patient: Enrolled; visit: number }
  | { kind: 'form'; at: number; site: number; patient: Enrolled; visit: number }
  | { kind: 'sofa_day'; at: number; site: number; patient: Enrolled; day: number }
  | { kind: 'clinical_form'; at: number; site: number; patient: Enrolled; form: ClinicalForm }
  | { kind: 'query'; at: number; site: number; patient: Enrolled; question: number }
  | { kind: 'answer'; at: number; site: number; patient: Enrolled }
  | { kind: 'discharge'; at: number; site: number; patient: Enrolled }
  | { kind: 'death'; at: number; site: number; patient: Enrolled }
  | { kind: 'withdraw'; at: number; site: number; patient: Enrolled }
  | { kind: 'approve_destruction'; at: number; site: number; patient: Enrolled }
  | { kind: 'destruction_tasks'; at: number; site: number }
  | { kind: 'calibrate'; at: number; site: number }
  | { kind: 'lab_import'; at: number; site: number }
  | { kind: 'store'; at: number; site: number }
  | { kind: 'ship'; at: number; site: number };

/** The forms of the index stay and the end of study (./clinical-forms.ts). */
export type ClinicalForm = 'infection' | 'treatments' | 'outcome' | 'end_of_study';

export interface StudyPlan {
  patients: Enrolled[];
  screenedOut: ScreenedOut[];
  steps: Step[];
  siteOpens: number[];
}

export function planStudy(rng: Rng, options: { patients: number; sites: number; asOf: number }): StudyPlan {
  const { asOf } = options;
  const faker = new Faker({ locale: [nl, en, base], seed: rng.int(2 ** 31) });
  const span = asOf - studyStart;
  // Sites open over the first third of the study so far; the coordinating centre first.
  const siteOpens = Array.from({ length: options.sites }, (_, i) =>
    atHour(studyStart + Math.floor((i * span) / (3 * options.sites) / dayMs) * dayMs, 0),
  );
  // Larger sites first: weights fall from 1 to 0.4 over the sites.
  const weights = siteOpens.map((open, i) => (1 - (0.6 * i) / Math.max(1, options.sites - 1)) * (asOf - open));
  const total = weights.reduce((a, b) => a + b, 0);
  const siteOf = (u: number) => {
    let left = u * total;
    for (let i = 0; i < weights.length; i += 1) {
      left -= weights[i]!;
      if (left < 0) return i;
    }
    return weights.length - 1;
  };
  // Admissions uniform over the site's open time, ending two days before --as-of (enrollment follows).
  const admission = (site: number) => {
    const open = siteOpens[site]!;
    return open + Math.floor(rng.uniform() * (asOf - 2 * dayMs - open));
  };
  let hospitalNumbers = 0;
  const hospitalNumber = () => `${7_000_000 + rng.int(2_000_000)}${String(++hospitalNumbers % 10)}`;

  const patients: Enrolled[] = [];
  for (let index = 0; index < options.patients; index += 1) {
    const site = siteOf(rng.uniform());
    const plan = planPatient(rng.split(), admission(site));
    const answers = eligibleAnswers(rng, plan.ageYears, plan.planted.sofa2);
    const birthYear = new Date(plan.admissionAt).getUTCFullYear() - plan.ageYears - 1;
    const dateOfBirth = `${birthYear}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
    const identity: Identity = {
      name: clean(faker.person.fullName({ sex: plan.sex })),
      hospitalNumber: hospitalNumber(),
      dateOfBirth,
      phone: clean(faker.phone.number()),
      generalPractitioner: clean(`${faker.person.fullName()}, ${faker.location.city()}`),
    };
    patients.push({ index, site, plan, answers, identity });
  }

  const screenedOut: ScreenedOut[] = [];
  for (let i = 0; i < options.patients * screenedPerEnrolled; i += 1) {
    const site = siteOf(rng.uniform());
    const admissionAt = admission(site);
    const kind = drawNotEnrolledKind(rng);
    const age = Math.max(18, Math.min(95, Math.round(62 + 16 * rng.normal())));
    const at = atHour(admissionAt + (rng.uniform() < 0.5 ? 0 : dayMs) + 2 * hourMs, 9 + 6 * rng.uniform());
    screenedOut.push({
      site,
      at: Math.max(at, admissionAt + hourMs),
      admissionAt,
      setting: rng.uniform() < 0.8 ? 'icu' : 'mc',
      sex: rng.uniform() < 0.4 ? 'female' : 'male',
      kind,
      answers: answersFor(rng, kind, age),
      reason:
        kind === 'not_approached'
          ? notApproachedReasons[rng.int(notApproachedReasons.length)]!
          : kind === 'declined'
            ? declinedReasons[rng.int(declinedReasons.length)]!
            : null,
      hospitalNumber: hospitalNumber(),
    });
  }

  return { patients, screenedOut, steps: stepsOf(patients, screenedOut, siteOpens, asOf), siteOpens };
}

/** A few of faker's Dutch place names carry a stray C1 control character, which the API rightly refuses. */
const clean = (text: string) => [...text.normalize('NFC')].filter((c) => !/\p{Cc}/u.test(c)).join('');

const weekMs = 7 * dayMs;
/** Weeks start on Monday: 1970-01-05 was one. */
const weekStart = 4 * dayMs;

function stepsOf(patients: Enrolled[], screenedOut: ScreenedOut[], siteOpens: number[], asOf: number): Step[] {
  const steps: Step[] = [];
  // Screening and the day shift must lie before --as-of; the clock stops there.
  const add = (step: Step) => {
    if (step.at <= asOf) steps.push(step);
  };
  for (const entry of screenedOut) add({ kind: 'screen_out', at: entry.at, site: entry.site, entry });
  const labDays = new Set<string>();
  for (const patient of patients) {
    const { plan, site } = patient;
    add({ kind: 'enroll', at: plan.screenedAt, site, patient });
    plan.consents.forEach((consent, step) => {
      add({ kind: 'consent', at: consent.at, site, patient, step });
      if (consent.decision === 'refused') {
        add({ kind: 'approve_destruction', at: consent.at + dayMs, site, patient });
      }
    });
    plan.visits.forEach((visit, index) => {
      add({ kind: 'visit', at: visit.at, site, patient, visit: index });
      // The baseline form is entered the afternoon of D0, a follow-up form during the call or visit.
      if (visit.outcome === 'done' && ['D0', 'M3', 'M12'].includes(visit.visit)) {
        const formAt = visit.at + (visit.visit === 'D0' ? 3 : 1) * hourMs;
        add({ kind: 'form', at: formAt, site, patient, visit: index });
        // The monitor's source-data verification raises a query on one baseline in twelve; most are answered.
        if (visit.visit === 'D0' && (patient.index * 7919) % 12 === 5) {
          const asked = formAt + (10 + (patient.index % 30)) * dayMs;
          add({ kind: 'query', at: asked, site, patient, question: patient.index % 3 });
          if (patient.index % 4 !== 1)
            add({ kind: 'answer', at: asked + (2 + (patient.index % 8)) * dayMs, site, patient });
        }
      }
      const processedAt = visit.at + visit.processingDelayMinutes * 60_000;
      if (visit.outcome === 'done' && visit.bloodDrawn && processedAt < asOf) {
        add({ kind: 'process', at: processedAt, site, patient, visit: index });
        labDays.add(`${site}:${Math.floor((visit.at - weekStart) / weekMs)}`);
      }
    });
    // SOFA-2 of the first unit days (maxSofaDays) is entered the next morning from the day's worst values; the
    // infection when the first cultures are back; treatments after the unit stay, the outcome after the hospital stay;
    // the end of study when it ends.
    for (let day = 1; day <= icuDaysOf(plan); day += 1) {
      const at = Math.max(atHour(icuDayDate(plan, day) + dayMs, 10), plan.screenedAt + 2 * hourMs);
      add({ kind: 'sofa_day', at, site, patient, day });
    }
    add({ kind: 'clinical_form', at: infectionFormAt(plan), site, patient, form: 'infection' });
    const treatmentsAt = treatmentsFormAt(plan);
    if (treatmentsAt !== null) add({ kind: 'clinical_form', at: treatmentsAt, site, patient, form: 'treatments' });
    const outcomeAt = outcomeFormAt(plan);
    if (outcomeAt !== null) add({ kind: 'clinical_form', at: outcomeAt, site, patient, form: 'outcome' });
    const end = endOfStudyOf(plan);
    if (end !== null) add({ kind: 'clinical_form', at: end.at, site, patient, form: 'end_of_study' });
    // A discharge is entered at the start of the day shift, before the discharge visit.
    if (plan.dischargeAt !== null) add({ kind: 'discharge', at: atHour(plan.dischargeAt, 7.5), site, patient });
    // A death is learnt the next working day (in hospital) or at the next follow-up call.
    if (plan.deathAt !== null) {
      const inHospital = plan.dischargeAt === null;
      add({ kind: 'death', at: atHour(plan.deathAt + (inHospital ? dayMs : 7 * dayMs), 9), site, patient });
    }
    if (plan.withdrawal !== null) {
      add({ kind: 'withdraw', at: plan.withdrawal.at, site, patient });
      if (plan.withdrawal.scope !== 'stop_follow_up') {
        add({ kind: 'approve_destruction', at: plan.withdrawal.at + dayMs, site, patient });
      }
    }
  }
  // HLA-DR: the site's samples of the week, stained on a stabilised aliquot, are acquired in one session on
  // Sunday evening with one bead calibration (a run per day would be truer to fresh-blood practice, but costs a
  // calibration transaction per sample day at 100,000 patients).
  for (const key of labDays) {
    const [site, week] = key.split(':').map(Number) as [number, number];
    add({ kind: 'calibrate', at: weekStart + (week + 1) * weekMs - 1.5 * hourMs, site });
  }
  // The central laboratory returns the other results every four weeks; the lab destroys what it must weekly.
  siteOpens.forEach((open, site) => {
    for (let at = open + 28 * dayMs + 10 * hourMs; at <= asOf; at += 28 * dayMs) add({ kind: 'lab_import', at, site });
    for (let at = open + 7 * dayMs + 16 * hourMs; at <= asOf; at += 7 * dayMs) {
      add({ kind: 'destruction_tasks', at, site });
      add({ kind: 'store', at: at + hourMs, site });
    }
    // Every site but the coordinating centre has a box of serum on its way to the central lab at --as-of.
    if (site > 0) add({ kind: 'ship', at: atHour(asOf - 2 * dayMs, 10), site });
  });
  // In time order; at the same instant, in the order added (Array.prototype.sort is stable).
  return steps.sort((a, b) => a.at - b.at);
}

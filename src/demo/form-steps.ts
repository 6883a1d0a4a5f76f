import type { FakeClock } from '../core/clock.ts';
import { crfEndpoints } from '../features/crf/contract.ts';
import type { Rng } from '../stats/random.ts';
import type { InProcessApi } from './api.ts';
import { endOfStudyEntries, endOfStudyOf, infectionEntries, outcomeEntries } from './clinical-forms.ts';
import { baselineEntries, followUpEntries, type FormEntries } from './forms.ts';
import type { SiteStaff } from './perform.ts';
import type { ClinicalForm, Enrolled } from './schedule.ts';
import { plannedSofa2, sofa2DayEntries, spreadOverOrgans, type OrganPoints } from './sofa-days.ts';
import { treatmentsEntries, type SupportDays } from './treatments.ts';

/**
 * The case report form steps of ./perform.ts: the site's research nurse saves each form through the API (and
 * marks some complete), with every value drawn from the form stream `formRng` in step order. What a later form
 * needs from an earlier one (the baseline's hospital admission, the SOFA-2 days, the infection site) is kept in
 * the participant's state.
 */

export interface FormState {
  participantId: number;
  /** The last follow-up contact (or discharge): follow-up forms report what happened since. */
  lastContactAt: number | null;
  /** The hospital admission the baseline recorded, for the outcome form. */
  hospitalAdmittedAt: number | null;
  /** The organ points of the last SOFA-2 day entered: the next day starts from them. */
  sofaPoints: OrganPoints | null;
  /** The SOFA-2 days entered, for the treatments form. */
  support: SupportDays;
  /** The primary site of infection classified, for the antibiotics. */
  infectionSite: string | null;
}

export function formSteps(api: InProcessApi, clock: FakeClock, formRng: Rng) {
  /** Baseline at D0, follow-up at M3 and M12; two baselines in three are marked complete straight away. */
  const enterForm = async (site: SiteStaff, patient: Enrolled, index: number, state: FormState) => {
    const visit = patient.plan.visits[index]!;
    const form = visit.visit === 'D0' ? 'baseline' : 'follow_up';
    const entries =
      form === 'baseline'
        ? baselineEntries(formRng, patient.plan)
        : followUpEntries(formRng, patient.plan, visit.at, state.lastContactAt ?? patient.plan.admissionAt);
    if (form === 'follow_up') state.lastContactAt = visit.at;
    else state.hospitalAdmittedAt = Date.parse(String((entries.items.hospital_admitted_at as { value: string }).value));
    await saveForm(site, state, form, visit.visit, entries, 0.67);
  };

  /** A first save of a form, marked complete with probability `completeShare` (drawn from the form stream). */
  const saveForm = async (
    site: SiteStaff,
    state: FormState,
    form: string,
    slot: string,
    entries: FormEntries,
    completeShare: number,
  ) => {
    const params = { participantId: state.participantId, form, slot };
    const saved = await api.call(site.nurse, crfEndpoints.save, { params, body: { version: 0, ...entries } });
    if (formRng.uniform() < completeShare && saved.missingRequired.length === 0) {
      await api.call(site.nurse, crfEndpoints.complete, { params, body: { version: saved.version } });
    }
  };

  /** One ICU day's SOFA-2, from the day before's organ points towards the day's planned total. */
  const enterSofaDay = async (site: SiteStaff, patient: Enrolled, day: number, state: FormState) => {
    const total = plannedSofa2(formRng, patient.plan, day);
    const points = spreadOverOrgans(formRng, total, state.sofaPoints);
    const items = sofa2DayEntries(formRng, patient.plan, day, points, state.sofaPoints);
    state.sofaPoints = points;
    state.support.points.push(points);
    state.support.advanced.push((items.advanced_respiratory_support as { value: boolean }).value);
    state.support.ecmo.push((items.ecmo as { value: string }).value === 'respiratory');
    await saveForm(site, state, 'sofa2_day', `day-${day}`, { items }, 0);
  };

  const enterClinicalForm = async (site: SiteStaff, patient: Enrolled, form: ClinicalForm, state: FormState) => {
    const { plan } = patient;
    const now = clock.now().getTime();
    let entries: FormEntries;
    switch (form) {
      case 'infection':
        entries = infectionEntries(formRng, plan, now, [`investigator.${site.code}`, 'ID consultant']);
        state.infectionSite = String((entries.items.adjudicated_site as { value: string }).value);
        break;
      case 'treatments':
        entries = treatmentsEntries(formRng, plan, now, state.infectionSite, state.support);
        break;
      case 'outcome':
        entries = outcomeEntries(formRng, plan, state.hospitalAdmittedAt ?? plan.admissionAt);
        break;
      case 'end_of_study':
        entries = endOfStudyEntries(endOfStudyOf(plan)!);
        break;
    }
    // Left in progress (not marked complete): a complete call per form cost 2 s per 400 patients.
    await saveForm(site, state, form, form === 'infection' ? 'D0' : 'once', entries, 0);
  };

  return { enterForm, enterSofaDay, enterClinicalForm };
}

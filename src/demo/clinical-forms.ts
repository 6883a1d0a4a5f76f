import type { Rng } from '../stats/random.ts';
import type { Entries, FormEntries } from './forms.ts';
import type { PatientPlan } from './patient-plan.ts';
import { atHour, dayMs, hourMs, isoDate } from './time.ts';

/**
 * The clinical forms of the index stay and the end of study (docs/forms.md): the infection at inclusion with its
 * cultures and ISF classification, the ICU and hospital outcome, and the end-of-study form, from the participant's
 * plan (admission, unit and hospital discharge, death, withdrawal, the last visit). Pure; the shares are our
 * assumption unless cited.
 */

const v = (value: string | number | boolean | string[]) => ({ value });
const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;
function draw<K extends string>(rng: Rng, shares: readonly (readonly [K, number])[]): K {
  let left = rng.uniform();
  for (const [key, share] of shares) {
    left -= share;
    if (left < 0) return key;
  }
  return shares.at(-1)![0];
}

/**
 * Primary sites of infection in ICU sepsis (infection-sites.md's categories; shares as in adult ICU sepsis
 * cohorts such as MARS: the lungs first, then the abdomen and the urinary tract, a few in twenty without a
 * source). Our assumption.
 */
export const siteShares: readonly (readonly [string, number])[] = [
  ['pneumonia', 0.42],
  ['intra_abdominal', 0.2],
  ['urinary_tract', 0.12],
  ['skin_soft_tissue', 0.06],
  ['bloodstream', 0.05],
  ['catheter_related', 0.02],
  ['surgical_wound', 0.02],
  ['central_nervous_system', 0.02],
  ['bone_joint', 0.01],
  ['other', 0.03],
  ['unknown', 0.05],
];

/** Post-hoc likelihood: in MARS 13 % turned out "none" and 30 % only "possible" (infection-sites.md). */
const certaintyShares: readonly (readonly [string, number])[] = [
  ['definite', 0.3],
  ['probable', 0.27],
  ['possible', 0.3],
  ['none', 0.13],
];

/** The specimen that confirms each site (besides blood cultures), and the organisms usually grown. */
const microbiology: Readonly<Record<string, { specimens: readonly string[]; organisms: readonly string[] }>> = {
  pneumonia: {
    specimens: ['sputum', 'endotracheal_aspirate', 'bronchoalveolar_lavage'],
    organisms: [
      'Streptococcus pneumoniae',
      'Haemophilus influenzae',
      'Staphylococcus aureus',
      'Pseudomonas aeruginosa',
      'Klebsiella pneumoniae',
    ],
  },
  intra_abdominal: {
    specimens: ['peritoneal_fluid', 'bile'],
    organisms: ['Escherichia coli', 'Bacteroides fragilis', 'Enterococcus faecium', 'Klebsiella pneumoniae'],
  },
  urinary_tract: {
    specimens: ['urine'],
    organisms: ['Escherichia coli', 'Klebsiella pneumoniae', 'Proteus mirabilis', 'Enterococcus faecalis'],
  },
  skin_soft_tissue: { specimens: ['wound'], organisms: ['Streptococcus pyogenes', 'Staphylococcus aureus'] },
  bloodstream: {
    specimens: [],
    organisms: ['Staphylococcus aureus', 'Escherichia coli', 'Streptococcus dysgalactiae'],
  },
  catheter_related: {
    specimens: ['catheter_tip'],
    organisms: ['Staphylococcus epidermidis', 'Staphylococcus aureus', 'Candida albicans'],
  },
  surgical_wound: { specimens: ['wound'], organisms: ['Staphylococcus aureus', 'Escherichia coli'] },
  central_nervous_system: {
    specimens: ['cerebrospinal_fluid'],
    organisms: ['Streptococcus pneumoniae', 'Neisseria meningitidis', 'Listeria monocytogenes'],
  },
  bone_joint: { specimens: ['tissue'], organisms: ['Staphylococcus aureus', 'Streptococcus agalactiae'] },
  other: { specimens: [], organisms: ['Streptococcus pyogenes', 'Escherichia coli'] },
  unknown: { specimens: [], organisms: ['Escherichia coli', 'Staphylococcus aureus'] },
};

const otherSites = ['Mastoiditis', 'Endophthalmitis', 'Deep neck infection'];

/** When the infection form is entered: on ICU day 4, when the first cultures are back, or after an earlier death. */
export function infectionFormAt(plan: PatientPlan): number {
  const due = atHour(plan.admissionAt + 3 * dayMs, 11);
  const at = plan.deathAt !== null && plan.deathAt < due ? atHour(plan.deathAt + dayMs, 11) : due;
  return Math.max(at, plan.screenedAt + 3 * hourMs);
}

/**
 * The infection form: the suspected site, blood and site cultures taken on the day of admission, and the ISF
 * classification by the site investigator on the day of entry; one in three also by a second adjudicator, who
 * disagrees now and then (infection-sites.md: agreement is only moderate), the disagreement resolved by consensus.
 */
export function infectionEntries(
  rng: Rng,
  plan: PatientPlan,
  enteredAt: number,
  adjudicators: readonly [string, string],
): FormEntries {
  const items: Entries = {};
  const site = draw(rng, siteShares);
  const certainty = site === 'unknown' ? (rng.uniform() < 0.6 ? 'possible' : 'none') : draw(rng, certaintyShares);
  // The site suspected at inclusion is the one classified later, mostly; the rest looked like pneumonia first.
  const suspected = rng.uniform() < 0.88 ? site : site === 'pneumonia' ? 'unknown' : 'pneumonia';
  items.suspected_site = v(suspected);
  if (suspected === 'other') items.suspected_site_other = v(pick(rng, otherSites));
  if (rng.uniform() < 0.1) {
    const second = pick(
      rng,
      ['bloodstream', 'urinary_tract', 'pneumonia'].filter((s) => s !== suspected),
    );
    items.suspected_other_sites = v([second]);
  }
  const cultured = rng.uniform() < 0.95;
  items.culture_taken = v(cultured);

  const { specimens, organisms } = microbiology[site]!;
  const organism = pick(rng, organisms);
  const takenOn = v(isoDate(plan.admissionAt));
  const cultures: Entries[] = [];
  if (cultured) {
    const definite = certainty === 'definite';
    const siteSpecimen = specimens.length > 0 && rng.uniform() < 0.85 ? pick(rng, specimens) : null;
    // Blood: grows the organism in a third of the definite infections (all of them without a site specimen).
    const bloodGrows = definite && (siteSpecimen === null || rng.uniform() < 0.35);
    const contaminated = !bloodGrows && rng.uniform() < 0.05;
    cultures.push({
      specimen: v('blood'),
      culture_taken_on: takenOn,
      culture_result: v(bloodGrows ? 'growth' : contaminated ? 'contaminant' : 'no_growth'),
      ...(bloodGrows ? { organism: v(organism) } : contaminated ? { organism: v('Staphylococcus epidermidis') } : {}),
    });
    if (siteSpecimen !== null) {
      const grows = definite || (certainty === 'probable' && rng.uniform() < 0.3);
      const row: Entries = {
        specimen: v(siteSpecimen),
        culture_taken_on: takenOn,
        culture_result: v(grows ? 'growth' : 'no_growth'),
      };
      if (grows) {
        row.organism = v(organism);
        // Quantitative cultures where the lab reports them; often left empty.
        const quantity = { bronchoalveolar_lavage: 1e5, endotracheal_aspirate: 1e6, urine: 1e5 }[
          siteSpecimen as 'urine'
        ];
        if (quantity !== undefined && rng.uniform() < 0.7) row.quantity = v(quantity * (1 + rng.int(9)));
      }
      cultures.push(row);
    }
  }
  const grown = cultures.some((row) => (row.culture_result as { value: string }).value === 'growth');

  const adjudicatedOn = isoDate(enteredAt);
  const evidence = new Set<string>(['clinical_signs']);
  if (['pneumonia', 'intra_abdominal'].includes(site) && rng.uniform() < 0.9) evidence.add('imaging');
  if (cultured && (grown || certainty === 'none' || rng.uniform() < 0.4)) evidence.add('cultures');
  if (site === 'intra_abdominal' && rng.uniform() < 0.4) evidence.add('operative_findings');
  if (site === 'pneumonia' && rng.uniform() < 0.2) evidence.add('antigen_test');
  // Definite means confirmed: with a culture that grew it, else the classification is only probable.
  const firstCertainty = certainty === 'definite' && !grown ? 'probable' : certainty;
  const classify = (prefix: string, by: string, at: string, siteCode: string, sure: string) => {
    items[`${prefix}_by`] = v(by);
    items[`${prefix}_on`] = v(at);
    items[`${prefix}_site`] = v(siteCode);
    if (siteCode === 'other') items[`${prefix}_site_other`] = v(pick(rng, otherSites));
    items[`${prefix}_certainty`] = v(sure);
  };
  classify('adjudicated', adjudicators[0], adjudicatedOn, site, firstCertainty);
  items.evidence = v([...evidence].sort());

  const second = rng.uniform() < 0.33;
  items.second_adjudication_done = v(second);
  if (second) {
    const sameSite = rng.uniform() < 0.85;
    const sameCertainty = rng.uniform() < 0.7;
    const secondSite = sameSite ? site : site === 'pneumonia' ? 'unknown' : 'pneumonia';
    const levels = ['definite', 'probable', 'possible', 'none'];
    const secondCertainty = sameCertainty ? firstCertainty : levels[Math.min(3, levels.indexOf(firstCertainty) + 1)]!;
    classify('second', adjudicators[1], adjudicatedOn, secondSite, secondCertainty);
    if (secondSite !== site || secondCertainty !== firstCertainty) {
      items.resolution_method = v('consensus');
      items.resolved_by = v(`${adjudicators[0]} and ${adjudicators[1]}`);
      items.resolved_on = v(adjudicatedOn);
      items.final_site = v(site);
      if (site === 'other') items.final_site_other = items.adjudicated_site_other!;
      items.final_certainty = v(firstCertainty);
    }
  }
  return cultures.length === 0 ? { items } : { items, rows: { cultures } };
}

/** The outcome form is entered the day after the hospital discharge, or the day after an in-hospital death. */
export function outcomeFormAt(plan: PatientPlan): number | null {
  if (plan.dischargeAt !== null) return atHour(plan.dischargeAt + dayMs, 11);
  if (plan.deathAt !== null) return atHour(plan.deathAt + dayMs, 11);
  return null;
}

/**
 * ICU and hospital outcome, as the plan has them: the unit discharge (or death in the unit), the hospital
 * discharge on the day of the discharge event, the date of death of the death event. `hospitalAdmittedAt` is
 * the baseline's hospital admission.
 */
export function outcomeEntries(rng: Rng, plan: PatientPlan, hospitalAdmittedAt: number): FormEntries {
  const items: Entries = {};
  items.icu_admitted_on = v(isoDate(plan.admissionAt));
  items.hospital_admitted_on = v(isoDate(hospitalAdmittedAt));
  const icuInfection = plan.planted.outcomes.infectionDays.some((day) => {
    const at = plan.admissionAt + day * dayMs;
    return at <= (plan.icuDischargeAt ?? plan.deathAt ?? at);
  });
  items.icu_acquired_infection = v(icuInfection);
  if (plan.icuDischargeAt === null || plan.dischargeAt === null) {
    items.icu_status = v('died');
    items.hospital_status = v('died');
    items.died_on = v(isoDate(plan.deathAt!));
    items.cause_of_death =
      rng.uniform() < 0.05
        ? { missing: 'unknown' }
        : v(
            draw(rng, [
              ['sepsis', 0.55],
              ['respiratory', 0.15],
              ['cardiovascular', 0.15],
              ['neurological', 0.05],
              ['malignancy', 0.05],
              ['other', 0.05],
            ] as const),
          );
    if ((items.cause_of_death as { value?: string }).value === 'other') {
      items.cause_of_death_other = v('Massive gastrointestinal bleeding');
    }
    items.treatment_limited = v(rng.uniform() < 0.7);
    return { items };
  }
  items.icu_status = v('discharged_alive');
  items.icu_discharged_on = v(isoDate(plan.icuDischargeAt));
  items.icu_discharge_destination = v(rng.uniform() < 0.85 ? 'ward' : 'medium_care');
  items.icu_readmitted = v(rng.uniform() < 0.05);
  items.hospital_status = v('discharged_alive');
  items.hospital_discharged_on = v(isoDate(plan.dischargeAt));
  const sicker = plan.planted.severity > 0.5 || plan.ageYears > 75;
  items.discharge_destination = v(
    draw(rng, [
      ['home', sicker ? 0.4 : 0.65],
      ['home_with_care', 0.15],
      ['rehabilitation', sicker ? 0.2 : 0.1],
      ['nursing_home', sicker ? 0.12 : 0.03],
      ['other_hospital', 0.06],
      ['hospice', 0.01],
      ['other', 0.01],
    ] as const),
  );
  if ((items.discharge_destination as { value: string }).value === 'other') {
    items.discharge_destination_other = v('Temporary care home');
  }
  return { items };
}

export interface EndOfStudy {
  at: number;
  reason: 'completed' | 'died' | 'withdrawn_participant' | 'lost_to_follow_up';
  endedOn: number;
  diedOn?: number;
  lastContactOn?: number;
}

/**
 * Why and when participation ended, as the plan has it: the first of a withdrawal, a death (learnt as the death
 * event is: the next day in hospital, a week later after discharge), the M12 visit (done: completed; not reached:
 * lost to follow-up since the last contact). Null: still in the study, or consent refused (the data are destroyed).
 */
export function endOfStudyOf(plan: PatientPlan): EndOfStudy | null {
  if (plan.consents.some((c) => c.decision === 'refused')) return null;
  const ends: EndOfStudy[] = [];
  if (plan.withdrawal !== null) {
    ends.push({ at: plan.withdrawal.at + hourMs, reason: 'withdrawn_participant', endedOn: plan.withdrawal.at });
  }
  if (plan.deathAt !== null) {
    const learnt = atHour(plan.deathAt + (plan.dischargeAt === null ? dayMs : 7 * dayMs), 10);
    ends.push({ at: learnt, reason: 'died', endedOn: plan.deathAt, diedOn: plan.deathAt });
  }
  const m12 = plan.visits.find((visit) => visit.visit === 'M12');
  if (m12 !== undefined) {
    if (m12.outcome === 'done') ends.push({ at: m12.at + 2 * hourMs, reason: 'completed', endedOn: m12.at });
    else {
      const contacts = plan.visits.filter((visit) => visit.outcome === 'done').map((visit) => visit.at);
      const last = Math.max(plan.dischargeAt ?? plan.admissionAt, ...contacts);
      ends.push({ at: m12.at + hourMs, reason: 'lost_to_follow_up', endedOn: m12.at, lastContactOn: last });
    }
  }
  return ends.sort((a, b) => a.at - b.at)[0] ?? null;
}

export function endOfStudyEntries(end: EndOfStudy): FormEntries {
  const items: Entries = {};
  items.ended_on = v(isoDate(end.endedOn));
  items.end_reason = v(end.reason);
  if (end.diedOn !== undefined) items.end_died_on = v(isoDate(end.diedOn));
  if (end.lastContactOn !== undefined) items.last_contact_on = v(isoDate(end.lastContactOn));
  return { items };
}

import type { AnalysisDefinition } from '../analysis.ts';

/**
 * Where NCT07273344's immunotype analysis finds its inputs (src/protocol/analysis.ts). The discovery panel is
 * the study's blood panel at the five sampling visits: cytokines, soluble markers, mHLA-DR, the differential
 * and the ex vivo LPS responses (immunotypes.md §2); the derived counts (leukocytes, % HLA-DR+ monocytes) are
 * left out because they repeat what the panel already holds.
 */
export const analysis: AnalysisDefinition = {
  visits: ['D0', 'D3', 'DIS', 'M3', 'M12'],
  discoveryVisit: 'D0',
  panel: [
    'il6',
    'il8',
    'il10',
    'il1b',
    'il1ra',
    'tnf',
    'ifng',
    'ferritin',
    'crp',
    'pct',
    'scd163',
    'spdl1',
    'mhladr',
    'neutrophils',
    'lymphocytes',
    'monocytes',
    'lps_tnf',
    'lps_il6',
    'lps_il10',
  ],
  ruleMarkers: { ferritinNgMl: 'ferritin', hladrAbc: 'mhladr' },
  // study-protocol.md: followed for one year.
  horizonDays: 365,
  covariates: {
    age: { form: 'baseline', item: 'age_years' },
    sex: { form: 'baseline', item: 'sex' },
    // SOFA-2 on the first ICU day, the score eligibility used.
    sofa2: { form: 'sofa2_day', slot: 'day-1', item: 'sofa2_total' },
    // The resolved site when two adjudicators differed, else the adjudicated site, else the suspected one.
    infectionSite: [
      { form: 'infection', item: 'final_site' },
      { form: 'infection', item: 'adjudicated_site' },
      { form: 'infection', item: 'suspected_site' },
    ],
  },
  eq5dIndex: { form: 'follow_up', item: 'eq5d_index' },
  deathDates: [
    { form: 'outcome', item: 'died_on' },
    { form: 'follow_up', item: 'died_on' },
    { form: 'end_of_study', item: 'end_died_on' },
  ],
  contactDates: [
    { form: 'outcome', item: 'hospital_discharged_on' },
    { form: 'follow_up', item: 'contacted_on' },
    { form: 'end_of_study', item: 'last_contact_on' },
  ],
  competingEvents: [
    { name: 'readmission', date: { form: 'follow_up', item: 'readmitted_on' } },
    { name: 'newInfection', date: { form: 'follow_up', item: 'new_infection_on' } },
    { name: 'cardiovascular', date: { form: 'follow_up', item: 'cv_event_on' } },
  ],
};

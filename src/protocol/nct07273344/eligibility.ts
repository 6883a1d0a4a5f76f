/**
 * Eligibility of the sepsis immunotype cohort (ClinicalTrials.gov NCT07273344, local id NL010169), as data.
 * Source: the registry record, restated in docs study-protocol.md. The clinical engine
 * (src/clinical/eligibility.ts) applies whatever criteria object it is given; nothing below is repeated there.
 */

import type { EligibilityCriteria, ExclusionFlag, FlagExclusion } from '../eligibility.ts';
import { prednisoneEquivalents } from './corticosteroids.ts';

export const eligibilityCriteria: EligibilityCriteria = {
  protocol: 'NCT07273344',
  age: { minYears: 18 },
  infection: { accepted: ['suspected', 'documented'] },
  sofa2: { newAdmissionMinTotal: 2, hospitalizedMinIncrease: 2, defaultBaseline: 0 },
  exclusions: [
    flag('neutropenia', 'neutropenia', 'Known chemotherapy-induced or long-term neutropenia'),
    flag('cd4', 'cd4Below400', 'Known CD4 count < 400 cells/µL'),
    flag('primaryImmunodeficiency', 'primaryImmunodeficiency', 'History of primary immunodeficiency'),
    {
      kind: 'corticosteroids',
      code: 'corticosteroids',
      thresholdMgKgDay: 0.4,
      moreThanDays: 15,
      prednisoneEquivalents,
    },
    flag('biologics', 'biologics', 'Current use of biologics'),
    flag('solidOrganTransplant', 'solidOrganTransplant', 'Solid organ transplant recipient'),
    flag('allogeneicBmt', 'allogeneicBmt', 'Allogeneic bone marrow (stem cell) transplant recipient'),
  ],
};

function flag(code: string, field: ExclusionFlag, description: string): FlagExclusion {
  return { kind: 'flag', code, field, description };
}

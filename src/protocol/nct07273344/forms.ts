import type { CaseReportForms } from '../forms.ts';
import { prednisoneEquivalents } from './corticosteroids.ts';
import { baselineCodeLists, baselineForm } from './forms/baseline.ts';
import { commonCodeLists } from './forms/common.ts';
import { deviationCodeLists, deviationsForm } from './forms/deviations.ts';
import { endOfStudyCodeLists, endOfStudyForm } from './forms/end-of-study.ts';
import { followUpCodeLists, followUpForm } from './forms/follow-up.ts';
import { infectionCodeLists, infectionForm } from './forms/infection.ts';
import { labsForm } from './forms/labs.ts';
import { outcomeCodeLists, outcomeForm } from './forms/outcome.ts';
import { sofa2DayCodeLists, sofa2DayForm } from './forms/sofa2-day.ts';
import { treatmentCodeLists, treatmentsForm } from './forms/treatments.ts';

/**
 * The case report forms of NCT07273344 (issue 11, section 2), version 1 of each: data only, compiled and
 * type-checked by src/ecrf when the protocol loads. One form per file under ./forms/; docs/forms.md lists their
 * items. Visit codes are the protocol's (./visits.ts): D0, D3, DIS, M3, M12.
 *
 * The schedule: baseline and infection at D0; SOFA-2 once per ICU day; routine labs at D0, D3 and DIS (after
 * discharge there are no routine labs); follow-up at M3 and M12. Treatments, outcome, protocol deviations and end
 * of study are once per participant and belong to no single visit: the outcome is due at discharge or death (when
 * DIS does not apply), treatments cover the whole ICU stay, deviations and the end of study may come at any time.
 */
export const caseReportForms: CaseReportForms = {
  codeLists: [
    ...commonCodeLists,
    ...baselineCodeLists,
    ...sofa2DayCodeLists,
    ...infectionCodeLists,
    ...treatmentCodeLists,
    ...outcomeCodeLists,
    ...followUpCodeLists,
    ...deviationCodeLists,
    ...endOfStudyCodeLists,
  ],
  forms: [
    baselineForm,
    sofa2DayForm,
    infectionForm,
    treatmentsForm,
    labsForm,
    outcomeForm,
    followUpForm,
    deviationsForm,
    endOfStudyForm,
  ],
  schedule: [
    { form: 'baseline', visits: ['D0'], once: true },
    { form: 'sofa2_day', perIcuDay: true },
    { form: 'infection', visits: ['D0'], once: true },
    { form: 'treatments', once: true },
    { form: 'labs', visits: ['D0', 'D3', 'DIS'] },
    { form: 'outcome', once: true },
    { form: 'follow_up', visits: ['M3', 'M12'] },
    { form: 'protocol_deviations', once: true },
    { form: 'end_of_study', once: true },
  ],
  prednisoneEquivalents,
};

import { analysis } from './analysis.ts';
import { assayCatalogue } from './assays.ts';
import type { Study, StudyProtocol } from '../study.ts';
import { consent, withdrawal } from './consent.ts';
import { eligibilityCriteria } from './eligibility.ts';
import { fhirMapping } from './fhir-mapping.ts';
import { caseReportForms } from './forms.ts';
import { samplePlan } from './samples.ts';
import { visitSchedule } from './visits.ts';

/** NCT07273344 (local id NL010169), protocol version 1: the study this platform was built for. */
export const protocolV1: StudyProtocol = {
  id: 'NCT07273344',
  version: '1',
  title: 'Immunotypes in sepsis: a prospective multicenter cohort',
  studyIdFormat: '{SITE}-{NNN}',
  recruitmentTarget: 400,
  visits: visitSchedule,
  samplePlan,
  eligibility: eligibilityCriteria,
  consent,
  withdrawal,
  forms: caseReportForms,
  analysis,
  fhirMapping,
};

export const study: Study = {
  current: protocolV1,
  versions: { [protocolV1.version]: protocolV1 },
  assays: assayCatalogue,
};

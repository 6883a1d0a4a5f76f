import type { ConsentDefinition, WithdrawalDefinition } from './consent.ts';
import type { EligibilityCriteria } from './eligibility.ts';
import type { CaseReportForms } from './forms.ts';
import type { SamplePlan } from './samples.ts';
import type { VisitSchedule } from './visits.ts';
import type { AssayDefinition } from './assays.ts';
import type { AnalysisDefinition } from './analysis.ts';
import type { FhirMapping } from './fhir-mapping.ts';

/**
 * One version of a study protocol: everything the platform needs to know about the study, as data.
 * Features read the study from the application context and never name a visit, tube or consent type
 * themselves; a protocol amendment is a new version, and every record keeps the version it was made under.
 */
export interface StudyProtocol {
  /** Registry id, e.g. NCT07273344. */
  id: string;
  version: string;
  title: string;
  /**
   * Study ids per site: `{SITE}` is the site code, `{NNN}` the participant's number at the site, zero-padded
   * to the number of Ns (`{SITE}-{NNN}` gives NIJ-001; the 1000th is NIJ-1000).
   */
  studyIdFormat: string;
  /** Participants the study plans to enrol over all sites (the recruitment dashboard's target). */
  recruitmentTarget: number;
  visits: VisitSchedule;
  samplePlan: SamplePlan;
  eligibility: EligibilityCriteria;
  consent: ConsentDefinition;
  withdrawal: WithdrawalDefinition;
  /** The case report forms, their code lists and which visit has which (src/ecrf compiles them at start). */
  forms: CaseReportForms;
  /** What the immunotype analysis reads, and where (./analysis.ts). */
  analysis: AnalysisDefinition;
  /** How the hospital record (FHIR R4) pre-fills forms (./fhir-mapping.ts); absent: no import. */
  fhirMapping?: FhirMapping;
}

/** A study as the platform runs it: its protocol versions, and the one new records are made under. */
export interface Study {
  current: StudyProtocol;
  versions: Readonly<Record<string, StudyProtocol>>;
  /** The assays the study's catalogue starts with (version 1 of each); the database keeps later versions. */
  assays: readonly AssayDefinition[];
}

/** The protocol a record was made under; an unknown version is a data error, not a user error. */
export function protocolVersion(study: Study, version: string): StudyProtocol {
  const protocol = study.versions[version];
  if (protocol === undefined) throw new Error(`protocol version ${version} of ${study.current.id} is not known`);
  return protocol;
}

/** The study id of a site's n-th participant. */
export function formatStudyId(format: string, siteCode: string, n: number): string {
  return format
    .replace(/\{(N+)\}/, (_match, run: string) => String(n).padStart(run.length, '0'))
    .replace('{SITE}', siteCode);
}

import type { Generated } from 'kysely';
import type { BiobankSiteTables, LabGlobalTables } from './tables-biobank.ts';

/**
 * Table types. Timestamps are ISO-8601 UTC strings written by the application (the two engines format
 * dates differently); flags are integers 0/1 or nullable timestamps, never engine booleans.
 */
export interface SitesTable {
  id: Generated<number>;
  code: string;
  name: string;
  time_zone: string;
  created_at: string;
  disabled_at: string | null;
  /** Bumped by every claim (src/db/claim.ts): the row's change count. */
  version: Generated<number>;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  language: string;
  password_hash: string;
  must_change_password: number;
  password_changed_at: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  disabled_at: string | null;
  /** Bumped by every claim (src/db/claim.ts): the row's change count. */
  version: Generated<number>;
}

export interface MembershipsTable {
  id: Generated<number>;
  user_id: number;
  /** null: the role holds at every site. */
  site_id: number | null;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a copy of the database does not hand out live sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  /** The entry's number across the whole trail (display order; may skip numbers on PostgreSQL). */
  seq: number;
  /** The hash chain the entry belongs to, and its position there (1, 2, 3 ... without gaps). */
  lane: number;
  lane_seq: number;
  at: string;
  user_id: number | null;
  actor: string;
  site_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  source: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** One row per lane: its newest position and hash, so that removing a lane's last row is detected too. */
export interface AuditHeadTable {
  lane: number;
  seq: number;
  hash: string;
}

/** Named values of the installation (e.g. the data-key check). */
export interface SettingsTable {
  name: string;
  value: string;
}

/** An analysis run (src/db/migrations/0006-analysis.ts). */
export interface AnalysisRunsTable {
  id: Generated<number>;
  /** The run id people and files use (`run-<date>-<random>`). */
  run_key: string;
  /** discovery */
  kind: string;
  /** running | finished | failed | cancelled */
  status: string;
  /** `all` or a JSON list of site ids: whose data the run saw. */
  site_ids: string;
  spec_json: string;
  dataset_hash: string | null;
  software_version: string;
  result_json: string | null;
  error: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  finished_at: string | null;
}

/** Tables that are not study data: accounts, sites, sessions and the audit trail. */
export interface GlobalTables extends LabGlobalTables {
  analysis_runs: AnalysisRunsTable;
  settings: SettingsTable;
  sites: SitesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

/**
 * A random key per screened person, sealed with the data key. Their audit entries are sealed with it, so
 * that deleting the key on destruction leaves the (hash-chained, append-only) audit trail unreadable for
 * them while it still verifies ("crypto-shredding").
 */
export interface DataKeysTable {
  id: Generated<number>;
  site_id: number;
  sealed_key: string;
  created_at: string;
}

/** The site's secret for keyed hashes of hospital numbers (re-screening detection), sealed with the data key. */
export interface SiteSecretsTable {
  site_id: number;
  sealed_secret: string;
  created_at: string;
}

/** The last participant number given out at a site: study ids are never reused, even after destruction. */
export interface StudyIdCountersTable {
  site_id: number;
  last_number: number;
}

/** A screening whose participant was destroyed keeps only its place in the study flow (outcome `destroyed`). */
export interface ScreeningsTable {
  id: Generated<number>;
  site_id: number;
  data_key_id: number | null;
  protocol_version: string;
  screened_on: string;
  icu_admission_at: string | null;
  /** icu | mc (medium care). */
  setting: string;
  sex: string | null;
  /** The eligibility engine's input as entered (age, infection, SOFA-2, exclusion answers). */
  eligibility_input_json: string;
  /** entered | computed (from the SOFA-2 variables in sofa2_json). */
  sofa2_source: string;
  sofa2_json: string | null;
  eligible: number;
  inclusion_failed_json: string;
  exclusions_met_json: string;
  notes_json: string;
  /** not_eligible | eligible | not_approached | approached | declined | enrolled | destroyed */
  outcome: string;
  outcome_reason: string | null;
  /** HMAC of the hospital number with the site secret; never the number itself. */
  hospital_number_hash: string | null;
  previous_screening_id: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  /** Bumped by every claim (src/db/claim.ts): the row's change count. */
  version: Generated<number>;
}

export interface ParticipantsTable {
  id: Generated<number>;
  site_id: number;
  study_id: string;
  screening_id: number;
  data_key_id: number;
  protocol_version: string;
  icu_admission_at: string;
  /** prior | deferred */
  consent_route: string;
  enrolled_at: string;
  enrolled_by: number | null;
  /** The date follow-up stopped (withdrawal or lost to follow-up), and why. */
  follow_up_stopped_on: string | null;
  follow_up_stop_reason: string | null;
  withdrawal_json: string | null;
  /** Bumped by every claim (src/db/claim.ts): the row's change count. */
  version: Generated<number>;
}

/** Name, hospital number, date of birth, phone, GP: one sealed JSON document per participant. */
export interface ParticipantIdentitiesTable {
  participant_id: number;
  site_id: number;
  sealed: string;
  updated_at: string;
}

export interface ConsentsTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  type: string;
  /** given | refused; null for a deferral. */
  decision: string | null;
  decided_on: string;
  /** The date a deferred consent is due. */
  due_on: string | null;
  information_letter_version: string | null;
  optional_json: string;
  obtained_by: string;
  note: string | null;
  recorded_by: number | null;
  recorded_at: string;
}

export interface VisitRecordsTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  visit_code: string;
  protocol_version: string;
  /** done | missed */
  outcome: string;
  occurred_at: string | null;
  blood_drawn: number | null;
  no_blood_reason: string | null;
  missed_reason: string | null;
  tubes_json: string | null;
  blood_volume_ml: number | null;
  in_window: number | null;
  recorded_by: number | null;
  recorded_at: string;
}

export interface DeviationsTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  visit_code: string | null;
  /** out_of_window | blood_volume */
  kind: string;
  description: string;
  created_at: string;
  created_by: number | null;
}

export interface ClinicalEventsTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  /** hospital_discharge | death | transfer | lost_to_follow_up */
  kind: string;
  occurred_on: string;
  details_json: string;
  recorded_by: number | null;
  recorded_at: string;
}

/**
 * A destruction: requested by one person, approved (and then carried out) or rejected by another. After
 * it is carried out the row is the participant's tombstone: study id, site, dates, reason, who authorised.
 */
export interface DestructionsTable {
  id: Generated<number>;
  site_id: number;
  /** null once carried out with the data. */
  participant_id: number | null;
  study_id: string;
  /** consent_refused | withdrawal */
  reason: string;
  destroy_data: number;
  destroy_samples: number;
  requested_by: number | null;
  requested_by_name: string;
  requested_at: string;
  /** pending | carried_out | rejected */
  status: string;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** Bumped by every claim (src/db/claim.ts): the row's change count. */
  version: Generated<number>;
}

/** A case report form of a participant at a slot: a visit code, `day-<n>` (ICU day n) or `once`. */
export interface FormRecordsTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  form_id: string;
  /** The form version the record was entered under; it keeps it (amendments add versions). */
  form_version: string;
  slot: string;
  /** in_progress | complete | verified | signed (a lock is apart: `locked_at`). */
  status: string;
  /** What the engine found at the last save, for the status matrix and the data-quality report. */
  missing_required: number;
  hard_findings: number;
  soft_findings: number;
  /** `{missingRequired, findings}` as the engine gave them. */
  quality_json: string;
  verified_by: number | null;
  verified_at: string | null;
  signed_by: number | null;
  signed_by_name: string | null;
  signed_at: string | null;
  signature_meaning: string | null;
  locked_at: string | null;
  locked_by: number | null;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
  /** Bumped by every change: a save names the version it read, and a stale one is refused. */
  version: Generated<number>;
}

/** One item's entry in a form record (src/ecrf/values.ts `StoredEntry`). */
export interface ItemDataTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  record_id: number;
  item_id: string;
  /** 0 outside repeating groups; the row (from 0) of a repeating one. */
  row_index: number;
  value_text: string | null;
  missing: string | null;
  entered_text: string | null;
  entered_unit: string | null;
  /** 1: written by the engine (a calculated item), never by a person. */
  calculated: number;
  /** The record version whose save last changed it. */
  changed_in: number;
}

export interface QueriesTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  record_id: number;
  /** The item (`id`, or `group[row].id`) it is about. */
  item_key: string;
  /** The check that opened it (`range` or a check id); null when opened by hand. */
  rule: string | null;
  /** open | answered | closed */
  status: string;
  assigned_to: number | null;
  /** null: opened by the engine. */
  opened_by: number | null;
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
  version: Generated<number>;
}

export interface QueryMessagesTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number;
  query_id: number;
  at: string;
  user_id: number | null;
  actor: string;
  /** open | answer | close | reopen | assign | resolved (closed by the engine: the finding is gone) */
  kind: string;
  text: string;
}

/** A lock on a site's, a participant's or one visit's form data (`scope_key`: site | participant:<id>[:<visit>]). */
export interface DataLocksTable {
  id: Generated<number>;
  site_id: number;
  participant_id: number | null;
  scope_key: string;
  locked_at: string;
  locked_by: number | null;
  reason: string | null;
}

/**
 * Study data: every table here has a `site_id` and is reachable only through a ScopedDb
 * (src/db/scoped-db.ts), which applies the caller's sites to every query.
 */
export interface SiteOwnedTables extends BiobankSiteTables {
  data_keys: DataKeysTable;
  site_secrets: SiteSecretsTable;
  study_id_counters: StudyIdCountersTable;
  screenings: ScreeningsTable;
  participants: ParticipantsTable;
  participant_identities: ParticipantIdentitiesTable;
  consents: ConsentsTable;
  visit_records: VisitRecordsTable;
  deviations: DeviationsTable;
  clinical_events: ClinicalEventsTable;
  destructions: DestructionsTable;
  form_records: FormRecordsTable;
  item_data: ItemDataTable;
  queries: QueriesTable;
  query_messages: QueryMessagesTable;
  data_locks: DataLocksTable;
}

/**
 * What the application's database handle can name: the global tables only. Study tables are reached through
 * `studyDb(handle, scope)` (a ScopedDb), so a query without the caller's sites does not type-check.
 */
export type Tables = GlobalTables;

/** Every table, for tests and tools that inspect the database itself. */
export type AllTables = GlobalTables & SiteOwnedTables;

import type { Generated } from 'kysely';

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

/** Tables that are not study data: accounts, sites, sessions and the audit trail. */
export interface GlobalTables {
  sites: SitesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

/**
 * Study data: every table here has a `site_id` and is reachable only through a ScopedDb
 * (src/db/scoped-db.ts), which applies the caller's sites to every query. Features add their tables
 * here (screening, participants, visits ...).
 */
export type SiteOwnedTables = Record<never, never>;

export type Tables = GlobalTables & SiteOwnedTables;

import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.ts';
import { auditLanes, genesisHash } from '../audit.ts';
import { autoId } from './columns.ts';

/** Sites, accounts, sessions, API tokens and the hash-chained audit trail. */
export function foundation(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sites')
        .addColumn('id', 'integer', (c) => autoId(c, dialect))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', (c) => autoId(c, dialect))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('password_changed_at', 'text')
        .addColumn('totp_secret', 'text')
        .addColumn('totp_enabled_at', 'text')
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();

      await db.schema
        .createTable('memberships')
        .addColumn('id', 'integer', (c) => autoId(c, dialect))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('site_id', 'integer', (c) => c.references('sites.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();
      await db.schema.createIndex('memberships_site').on('memberships').column('site_id').execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'integer', (c) => autoId(c, dialect))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('token_prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('lane', 'integer', (c) => c.notNull())
        .addColumn('lane_seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('site_id', 'integer')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('reason', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addUniqueConstraint('audit_log_lane_position', ['lane', 'lane_seq'])
        .execute();
      await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
      await db.schema.createIndex('audit_log_site').on('audit_log').columns(['site_id', 'seq']).execute();
      await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
      if (dialect === 'postgres') await sql`create sequence audit_log_seq`.execute(db);

      await db.schema
        .createTable('audit_head')
        .addColumn('lane', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      for (let lane = 1; lane <= auditLanes(dialect); lane += 1) {
        await sql`insert into audit_head (lane, seq, hash) values (${lane}, 0, ${genesisHash})`.execute(db);
      }

      await guardAuditTrail(db, dialect);
    },
  };
}

/**
 * The audit trail in the database itself: rows cannot be updated or deleted (defence in depth), every
 * insert moves the head along, and PostgreSQL gets the hash function SQLite receives from the driver.
 */
async function guardAuditTrail(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const operation of ['update', 'delete'] as const) {
      await sql
        .raw(
          `create trigger audit_log_no_${operation} before ${operation} on audit_log ` +
            `begin select raise(abort, 'audit_log is append-only'); end`,
        )
        .execute(db);
    }
    await sql`
      create trigger audit_log_moves_head after insert on audit_log
      begin update audit_head set seq = new.lane_seq, hash = new.hash where lane = new.lane; end`.execute(db);
    return;
  }
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$`.execute(db);
  await sql`
    create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`
    create function audit_log_move_head() returns trigger language plpgsql as $$
    begin update audit_head set seq = new.lane_seq, hash = new.hash where lane = new.lane; return null; end $$`.execute(
    db,
  );
  await sql`
    create trigger audit_log_moves_head after insert on audit_log
    for each row execute function audit_log_move_head()`.execute(db);
  await sql`
    create function septype_sha256_hex(text) returns text language sql immutable strict
    as $$ select encode(sha256(convert_to($1, 'UTF8')), 'hex') $$`.execute(db);
}

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';
import { autoId } from './columns.ts';

/**
 * Case report form data (issue 11): one record per participant, form and slot (a visit, an ICU day, or once),
 * its item data as rows (one per item, and per row of a repeating group), queries with their threads, and locks
 * at site, participant and visit level (a form's own lock is on its record; the study's is a setting).
 * Every table carries the participant, so destruction deletes by participant alone.
 */
export function forms(dialect: Dialect): Migration {
  const table = (db: Kysely<unknown>, name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'integer', (c) => autoId(c, dialect))
      .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
      .addColumn('participant_id', 'integer', (c) => c.notNull().references('participants.id'));

  return {
    async up(db: Kysely<unknown>) {
      await table(db, 'form_records')
        .addColumn('form_id', 'text', (c) => c.notNull())
        .addColumn('form_version', 'text', (c) => c.notNull())
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('missing_required', 'integer', (c) => c.notNull())
        .addColumn('hard_findings', 'integer', (c) => c.notNull())
        .addColumn('soft_findings', 'integer', (c) => c.notNull())
        // The missing required items and the findings themselves (the data-quality report lists them).
        .addColumn('quality_json', 'text', (c) => c.notNull())
        .addColumn('verified_by', 'integer')
        .addColumn('verified_at', 'text')
        .addColumn('signed_by', 'integer')
        .addColumn('signed_by_name', 'text')
        .addColumn('signed_at', 'text')
        .addColumn('signature_meaning', 'text')
        .addColumn('locked_at', 'text')
        .addColumn('locked_by', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('form_records_one_per_slot', ['participant_id', 'form_id', 'slot'])
        .execute();
      await db.schema.createIndex('form_records_site').on('form_records').columns(['site_id', 'status']).execute();

      await table(db, 'item_data')
        .addColumn('record_id', 'integer', (c) => c.notNull().references('form_records.id'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        // 0 for an item outside repeating groups; the row (from 0) in a repeating one.
        .addColumn('row_index', 'integer', (c) => c.notNull())
        .addColumn('value_text', 'text')
        .addColumn('missing', 'text')
        .addColumn('entered_text', 'text')
        .addColumn('entered_unit', 'text')
        .addColumn('calculated', 'integer', (c) => c.notNull())
        // The record version whose save last changed it: what a stale save is told has changed.
        .addColumn('changed_in', 'integer', (c) => c.notNull())
        .addUniqueConstraint('item_data_one_per_item', ['record_id', 'item_id', 'row_index'])
        .execute();

      await table(db, 'queries')
        .addColumn('record_id', 'integer', (c) => c.notNull().references('form_records.id'))
        .addColumn('item_key', 'text', (c) => c.notNull())
        // The check that opened it (`range` or a check id); null for one opened by hand.
        .addColumn('rule', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('assigned_to', 'integer', (c) => c.references('users.id'))
        .addColumn('opened_by', 'integer')
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('queries_site').on('queries').columns(['site_id', 'status']).execute();
      await db.schema.createIndex('queries_record').on('queries').column('record_id').execute();

      await table(db, 'query_messages')
        .addColumn('query_id', 'integer', (c) => c.notNull().references('queries.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('query_messages_query').on('query_messages').column('query_id').execute();

      await db.schema
        .createTable('data_locks')
        .addColumn('id', 'integer', (c) => autoId(c, dialect))
        .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
        .addColumn('participant_id', 'integer', (c) => c.references('participants.id'))
        // `site`, `participant:<id>` or `participant:<id>:<visit>`: one lock per scope.
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('locked_at', 'text', (c) => c.notNull())
        .addColumn('locked_by', 'integer')
        .addColumn('reason', 'text')
        .addUniqueConstraint('data_locks_one_per_scope', ['site_id', 'scope_key'])
        .execute();
    },
  };
}

import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.ts';
import { autoId } from './columns.ts';

/** Screening log, participants, sealed identities and data keys, consent, visits, events, destructions. */
export function participants(dialect: Dialect): Migration {
  const table = (db: Kysely<unknown>, name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'integer', (c) => autoId(c, dialect))
      .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'));
  const ofParticipant = <T extends string>(builder: CreateTableBuilder<T, 'id'>) =>
    builder.addColumn('participant_id', 'integer', (c) => c.notNull().references('participants.id'));

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await table(db, 'data_keys')
        .addColumn('sealed_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('site_secrets')
        .addColumn('site_id', 'integer', (c) => c.primaryKey().references('sites.id'))
        .addColumn('sealed_secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('study_id_counters')
        .addColumn('site_id', 'integer', (c) => c.primaryKey().references('sites.id'))
        .addColumn('last_number', 'integer', (c) => c.notNull())
        .execute();

      // data_key_id and icu_admission_at are emptied when an enrolled participant's data are destroyed.
      await table(db, 'screenings')
        .addColumn('data_key_id', 'integer', (c) => c.references('data_keys.id'))
        .addColumn('protocol_version', 'text', (c) => c.notNull())
        .addColumn('screened_on', 'text', (c) => c.notNull())
        .addColumn('icu_admission_at', 'text')
        .addColumn('setting', 'text', (c) => c.notNull())
        .addColumn('sex', 'text')
        .addColumn('eligibility_input_json', 'text', (c) => c.notNull())
        .addColumn('sofa2_source', 'text', (c) => c.notNull())
        .addColumn('sofa2_json', 'text')
        .addColumn('eligible', 'integer', (c) => c.notNull())
        .addColumn('inclusion_failed_json', 'text', (c) => c.notNull())
        .addColumn('exclusions_met_json', 'text', (c) => c.notNull())
        .addColumn('notes_json', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('outcome_reason', 'text')
        .addColumn('hospital_number_hash', 'text')
        .addColumn('previous_screening_id', 'integer', (c) => c.references('screenings.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('screenings_site').on('screenings').columns(['site_id', 'screened_on']).execute();
      await db.schema
        .createIndex('screenings_hash')
        .on('screenings')
        .columns(['site_id', 'hospital_number_hash'])
        .execute();
      // The same person is enrolled once per site, even when two nurses enroll at the same moment.
      await db.schema
        .createIndex('screenings_enrolled_once')
        .on('screenings')
        .columns(['site_id', 'hospital_number_hash'])
        .unique()
        .where(sql.ref('outcome'), '=', 'enrolled')
        .execute();

      await table(db, 'participants')
        .addColumn('study_id', 'text', (c) => c.notNull().unique())
        .addColumn('screening_id', 'integer', (c) => c.notNull().unique().references('screenings.id'))
        .addColumn('data_key_id', 'integer', (c) => c.notNull().references('data_keys.id'))
        .addColumn('protocol_version', 'text', (c) => c.notNull())
        .addColumn('icu_admission_at', 'text', (c) => c.notNull())
        .addColumn('consent_route', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        .addColumn('enrolled_by', 'integer', (c) => c.references('users.id'))
        .addColumn('follow_up_stopped_on', 'text')
        .addColumn('follow_up_stop_reason', 'text')
        .addColumn('withdrawal_json', 'text')
        .execute();
      await db.schema.createIndex('participants_site').on('participants').columns(['site_id', 'study_id']).execute();

      await db.schema
        .createTable('participant_identities')
        .addColumn('participant_id', 'integer', (c) => c.primaryKey().references('participants.id'))
        .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
        .addColumn('sealed', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await ofParticipant(table(db, 'consents'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('decision', 'text')
        .addColumn('decided_on', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text')
        .addColumn('information_letter_version', 'text')
        .addColumn('optional_json', 'text', (c) => c.notNull())
        .addColumn('obtained_by', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();

      await ofParticipant(table(db, 'visit_records'))
        .addColumn('visit_code', 'text', (c) => c.notNull())
        .addColumn('protocol_version', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text')
        .addColumn('blood_drawn', 'integer')
        .addColumn('no_blood_reason', 'text')
        .addColumn('missed_reason', 'text')
        .addColumn('tubes_json', 'text')
        .addColumn('blood_volume_ml', 'double precision')
        .addColumn('in_window', 'integer')
        .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('visit_records_one_per_visit', ['participant_id', 'visit_code'])
        .execute();

      await ofParticipant(table(db, 'deviations'))
        .addColumn('visit_code', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .execute();

      await ofParticipant(table(db, 'clinical_events'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('details_json', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();

      for (const child of ['consents', 'visit_records', 'deviations', 'clinical_events']) {
        await db.schema.createIndex(`${child}_participant`).on(child).column('participant_id').execute();
      }

      await table(db, 'destructions')
        .addColumn('participant_id', 'integer', (c) => c.references('participants.id'))
        .addColumn('study_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('destroy_data', 'integer', (c) => c.notNull())
        .addColumn('destroy_samples', 'integer', (c) => c.notNull())
        .addColumn('requested_by', 'integer', (c) => c.references('users.id'))
        .addColumn('requested_by_name', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
        .addColumn('decided_by_name', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_note', 'text')
        .execute();
      await db.schema.createIndex('destructions_site').on('destructions').columns(['site_id', 'status']).execute();
    },
  };
}

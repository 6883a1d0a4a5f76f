import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';
import { autoId } from './columns.ts';

/**
 * Analysis runs (issue 14): what a run read (the datasets' hash, the sites it saw), every parameter, the seed
 * and software version, who ran it, and its outputs — so that any run can be re-executed and checked to give
 * the same outputs, and its report written again. Study-wide like the assay catalogue; `site_ids` says whose
 * data it saw (`all` or a JSON list), and only a caller who may read research data at all of them sees it.
 */
export function analysis(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('analysis_runs')
        .addColumn('id', 'integer', (c) => autoId(c, dialect))
        .addColumn('run_key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('site_ids', 'text', (c) => c.notNull())
        .addColumn('spec_json', 'text', (c) => c.notNull())
        .addColumn('dataset_hash', 'text')
        .addColumn('software_version', 'text', (c) => c.notNull())
        .addColumn('result_json', 'text')
        .addColumn('error', 'text')
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
    },
  };
}

import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { id } from '../../core/schemas.ts';

/**
 * Exports (issue 15 §2–3): the study's data as tidy tables (one per form, a long table per repeating group,
 * participants, visits, samples, aliquots, laboratory results, the analysis datasets) in CSV or Parquet, the
 * codebook (CSV and HTML), loading scripts for R, Stata and SPSS, and the forms as a REDCap project. Pseudonymised
 * research data at the caller's sites (`research_data.read`), or at one of them (`siteId`); never identity data.
 * Files are streamed, named in Content-Disposition.
 */

const tag = 'exports';
const research = { action: 'research_data.read', at: 'any' } as const;

export const exportFormats = ['csv', 'parquet'] as const;
export const scriptLanguages = ['r', 'stata', 'spss'] as const;
export const redcapFileNames = [
  'data-dictionary.csv',
  'events.csv',
  'instrument-event-mapping.csv',
  'repeating-instruments.csv',
] as const;

export const tableKinds = ['form', 'repeating_group', 'study', 'analysis'] as const;

export const exportTableView = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(tableKinds),
  columns: z.number().int(),
});
export type ExportTableView = z.infer<typeof exportTableView>;

/** A file: text or bytes, streamed; the Content-Type and Content-Disposition headers say what and its name. */
const file = z.custom<unknown>(() => true).describe('The file (CSV, Parquet, HTML, R, Stata or SPSS syntax), streamed');

const site = { siteId: id.optional().describe('One of your sites; absent: all of them') };

export const exportsEndpoints = {
  tables: endpoint({
    method: 'GET',
    path: '/api/exports/tables',
    tag,
    summary: 'The tables of an export: every form, repeating group, study table and analysis dataset',
    access: research,
    response: z.object({ tables: z.array(exportTableView) }),
    errors: [],
  }),
  table: endpoint({
    method: 'GET',
    path: '/api/exports/table',
    tag,
    summary: 'One table as CSV or Parquet, at your sites or one of them (study ids only, no identity data)',
    access: research,
    query: z.strictObject({
      table: z.string().min(1).max(100),
      format: z.enum(exportFormats).default('csv'),
      ...site,
    }),
    response: file,
    errors: ['not_found'],
  }),
  codebook: endpoint({
    method: 'GET',
    path: '/api/exports/codebook',
    tag,
    summary: 'The codebook of every table (label, type, unit, codes, missing codes, derivation) as CSV or HTML',
    access: research,
    query: z.strictObject({ format: z.enum(['csv', 'html']).default('html'), ...site }),
    response: file,
    errors: ['not_found'],
  }),
  script: endpoint({
    method: 'GET',
    path: '/api/exports/script',
    tag,
    summary: 'A script that loads the CSV tables into R, Stata or SPSS with labels and value labels',
    access: research,
    query: z.strictObject({ language: z.enum(scriptLanguages), format: z.enum(exportFormats).default('csv'), ...site }),
    response: file,
    errors: ['not_found'],
  }),
  redcap: endpoint({
    method: 'GET',
    path: '/api/exports/redcap',
    tag,
    summary: 'The study’s forms as a REDCap data dictionary, events, instrument–event mapping or repeating instruments',
    access: research,
    query: z.strictObject({ file: z.enum(redcapFileNames).default('data-dictionary.csv') }),
    response: file,
    errors: [],
  }),
};

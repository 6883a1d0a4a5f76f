import type { redcapFileNames, tableKinds } from '../../../src/features/exports/contract.ts';

type TableKind = (typeof tableKinds)[number];
type RedcapFile = (typeof redcapFileNames)[number];

/** English texts of the exports page (merged into `en`). */
export const enExportTexts = {
  exports: {
    nav: 'Exports',
    title: 'Exports',
    intro:
      'The study’s pseudonymised data as tidy tables for analysis: one table per form, a long table per repeating group, participants, visits, samples, aliquots, laboratory results and the analysis datasets. Study ids only: identity data are never exported. Every download is recorded in the audit trail.',
    scopeLabel: 'Data of',
    allSites: 'All my sites',
    formatLabel: 'Format',
    csv: 'CSV',
    parquet: 'Parquet',
    tablesHeading: 'Tables',
    tablesCaption: 'The tables of an export, with a download of each',
    table: 'Table',
    contents: 'Contents',
    kind: 'Kind',
    columns: 'Columns',
    download: 'Download',
    kinds: {
      form: 'Form',
      repeating_group: 'Repeating group',
      study: 'Study table',
      analysis: 'Analysis dataset',
    } satisfies Record<TableKind, string>,
    codebookHeading: 'Codebook',
    codebookIntro:
      'Every column of every table: label, type, unit, codes, missing codes and how it is derived. A multiple choice has one 0/1 column per option; a negative number there says why the item has no answer.',
    codebookHtml: 'Open the codebook',
    codebookCsv: 'Codebook as CSV',
    scriptsHeading: 'Loading scripts',
    scriptsIntro:
      'Load the CSV tables with their labels and value labels. Run a script from the folder the tables are in.',
    scripts: { r: 'R (load.R)', stata: 'Stata (load.do)', spss: 'SPSS (load.sps)' },
    redcapHeading: 'REDCap',
    redcapIntro:
      'The study’s forms as a REDCap project, for sites that also run REDCap: import the data dictionary, then the events, the instrument–event mapping and the repeating instruments.',
    redcapFiles: {
      'data-dictionary.csv': 'Data dictionary',
      'events.csv': 'Events',
      'instrument-event-mapping.csv': 'Instrument–event mapping',
      'repeating-instruments.csv': 'Repeating instruments',
    } satisfies Record<RedcapFile, string>,
  },
};

import type { enExportTexts } from './en-exports.ts';

/** Dutch texts of the exports page (merged into `nl`). */
export const nlExportTexts: typeof enExportTexts = {
  exports: {
    nav: 'Exports',
    title: 'Exports',
    intro:
      'De gepseudonimiseerde gegevens van de studie als nette tabellen voor analyse: één tabel per formulier, een lange tabel per herhalende groep, deelnemers, visites, monsters, aliquots, laboratoriumuitslagen en de analysedatasets. Alleen studienummers: identificerende gegevens worden nooit geëxporteerd. Elke download komt in de audittrail.',
    scopeLabel: 'Gegevens van',
    allSites: 'Al mijn centra',
    formatLabel: 'Formaat',
    csv: 'CSV',
    parquet: 'Parquet',
    tablesHeading: 'Tabellen',
    tablesCaption: 'De tabellen van een export, elk om te downloaden',
    table: 'Tabel',
    contents: 'Inhoud',
    kind: 'Soort',
    columns: 'Kolommen',
    download: 'Downloaden',
    kinds: {
      form: 'Formulier',
      repeating_group: 'Herhalende groep',
      study: 'Studietabel',
      analysis: 'Analysedataset',
    },
    codebookHeading: 'Codeboek',
    codebookIntro:
      'Elke kolom van elke tabel: label, type, eenheid, codes, ontbrekende-waardecodes en hoe de kolom is afgeleid. Een meerkeuzevraag heeft één 0/1-kolom per optie; een negatief getal daar zegt waarom de vraag geen antwoord heeft.',
    codebookHtml: 'Codeboek openen',
    codebookCsv: 'Codeboek als CSV',
    scriptsHeading: 'Inleesscripts',
    scriptsIntro:
      'Lees de CSV-tabellen in met hun labels en waardelabels. Start een script vanuit de map waarin de tabellen staan.',
    scripts: { r: 'R (load.R)', stata: 'Stata (load.do)', spss: 'SPSS (load.sps)' },
    redcapHeading: 'REDCap',
    redcapIntro:
      'De formulieren van de studie als REDCap-project, voor centra die ook REDCap gebruiken: importeer het datawoordenboek, dan de events, de koppeling van instrumenten aan events en de herhalende instrumenten.',
    redcapFiles: {
      'data-dictionary.csv': 'Datawoordenboek',
      'events.csv': 'Events',
      'instrument-event-mapping.csv': 'Koppeling instrumenten–events',
      'repeating-instruments.csv': 'Herhalende instrumenten',
    },
  },
};

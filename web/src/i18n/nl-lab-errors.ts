import type { Translations } from '../../../src/core/messages.ts';
import type { labMessages, labReadMessages } from '../../../src/features/labs/messages.ts';

/** The laboratory slice's messages in Dutch (merged into the server messages in nl-errors.ts). */
export const nlLabs: Translations<typeof labMessages> = {
  fileProblems: (p) =>
    `${p.count} probleem/problemen in het bestand; er is niets opgeslagen (los ze op, of importeer bewust alleen de goede regels)`,
  importedAlready: (p) =>
    `dit bestand is al geïmporteerd (import ${p.importId}, ${p.at}); een gecorrigeerd bestand heeft andere inhoud`,
  importedAtOnce: () =>
    'dit bestand werd op hetzelfde moment door een andere import ingelezen; het is één keer opgeslagen',
  unknownAssay: (p) => `onbekende bepaling ${p.assay}`,
  sameAsCurrent: (p) => `${p.code} versie ${p.version} bevat precies dit al; een nieuwe versie moet iets veranderen`,
  calibrationRefused: (p) => `kalibratie afgewezen: ${p.problems}`,
  sampleTwice: (p) => `monster ${p.barcode} staat twee keer in de run`,
  rowUnknownSample: (p) => `onbekend monster ${p.barcode}`,
  rowDataDestroyed: (p) => `monster ${p.barcode}: de gegevens van de deelnemer zijn vernietigd`,
  rowUnknownAnalyte: (p) => `onbekende analyt "${p.name}"`,
  rowMappedAnalyteMissing: (p) => `de koppeling noemt analyt "${p.code}", die niet in de gebruikte bepalingen zit`,
  rowAmbiguousAnalyte: (p) =>
    `analyt "${p.name}" zit in meer dan één bepaling (${p.assays}): koppel hem, of kies de bepaling`,
  rowWrongAliquot: (p) => `monster ${p.barcode} is ${p.is}; bepaling ${p.assay} vraagt ${p.needed}`,
  rowWrongTube: (p) =>
    `monster ${p.barcode} is een buis die geen ${p.needed} kan geven; bepaling ${p.assay} vraagt ${p.needed}`,
  rowWrongUnit: (p) => `verkeerde eenheid "${p.unit}" voor ${p.analyte}: gebruik ${p.accepted}`,
  rowTwice: (p) => `${p.barcode} ${p.analyte} staat twee keer in het bestand (eerst op regel ${p.first})`,
  rowStoredAlready: (p) => `${p.barcode} ${p.analyte} is al opgeslagen met deze waarde`,
  resultReplaced: () => 'deze uitslag is al gecorrigeerd; corrigeer de huidige versie',
  nothingChanged: () => 'de correctie is gelijk aan de uitslag',
};

/** The result-file readers' messages in Dutch. */
export const nlLabRead: Translations<typeof labReadMessages> = {
  emptyFile: () => 'het bestand is leeg',
  notCsv: (p) => `het bestand is niet als CSV te lezen: ${p.reason}`,
  notUtf8: () =>
    'het bestand begint als UTF-8 maar bevat verderop bytes die geen UTF-8 zijn: sla het opnieuw op als UTF-8',
  separator: (p) =>
    `het scheidingsteken moet één teken zijn, geen aanhalingsteken of regeleinde ("${p.separator}" is dat niet)`,
  missingColumn: (p) => `geen kolom voor ${p.role}: verwacht een van ${p.names}`,
  mappedColumnMissing: (p) => `geen kolom "${p.header}" voor ${p.role}`,
  duplicateColumn: (p) => `kolom "${p.header}" komt twee keer voor (kolom ${p.first} en ${p.second})`,
  noUnitColumn: (p) => `geen eenheidkolom (een van ${p.names}), en de koppeling geeft geen eenheden`,
  columnWithoutUnit: (p) =>
    `geen eenheid voor ${p.headers}: zet die in de kop ("IL-6 (pg/mL)"), geef die in de koppeling, of negeer de kolom`,
  noAnalyteColumns: () => 'geen analytkolommen naast monster en plaat',
  unreadableLine: (p) => `de regel is niet als CSV te lezen: ${p.reason}`,
  fieldCount: (p) => `${p.expected} velden verwacht, ${p.found} gevonden`,
  noSample: () => 'geen monster',
  noAnalyte: () => 'geen analyt',
  noValue: () => 'geen waarde',
  noUnit: (p) => `geen eenheid voor ${p.analyte}`,
  notANumber: (p) => `"${p.text}" is geen getal`,
  ambiguousNumber: (p) =>
    `dubbelzinnig getal "${p.text}": scheidingstekens voor duizendtallen worden niet geaccepteerd`,
  notAQualifier: (p) => `"${p.text}" is geen kwalificatie: <LOD, <LLOQ, >ULOQ of leeg`,
  qualifierConflict: (p) => `de kwalificatiekolom zegt ${p.column} maar de waarde zegt ${p.value}`,
  notAQcFlag: (p) => `"${p.text}" is geen QC-vlag: Pass, Warning of Fail`,
  unknownSampleType: (p) =>
    `onbekend monstertype "${p.text}": SAMPLE, SAMPLE_CONTROL, NEGATIVE_CONTROL of PLATE_CONTROL`,
};

import { exportMissingCodes, missingLabels, missingNumbers } from './missing.ts';
import type { Column, TableSpec } from './spec.ts';

/**
 * Loading scripts for the CSV files of an export, generated from the same table specs as the codebook: R (base R
 * only; haven-style `label` and `labels` attributes, factors for code lists), Stata (a do-file: variable labels,
 * value labels, extended missing values .a–.e) and SPSS (syntax: GET DATA with formats, VARIABLE LABELS, VALUE
 * LABELS, MISSING VALUES). Each is run from the export's directory and loads every table.
 */

/** The negative numbers of the 0/1 option columns, in order (-99 … -95). */
const missingPairs = exportMissingCodes
  .map((code) => ({ number: missingNumbers[code], label: missingLabels[code] }))
  .sort((a, b) => a.number - b.number);
const hasMissingNumbers = (c: Column) => c.codes.some((v) => typeof v.code === 'number' && v.code < 0);

// ---------------------------------------------------------------------------------------------------- R

const rString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function rClass(c: Column): string {
  if (c.type === 'integer' || c.type === '0/1') return 'integer';
  if (c.type === 'number') return 'numeric';
  return 'character';
}

export interface ScriptAbout {
  study: string;
  /** The files the script reads: R reads either (Parquet with the arrow package); Stata and SPSS read CSV. */
  format?: 'csv' | 'parquet';
}

export function rScript(tables: readonly TableSpec[], about: ScriptAbout): string {
  const parquet = about.format === 'parquet';
  const out: string[] = [
    `# Loads the septype export of ${about.study} into R (base R only). Run it from the export's directory:`,
    '#   setwd("path/to/export"); source("load.R")',
    '# Every table becomes a data frame in the list `septype`; each column carries its label (attribute "label")',
    '# and, for coded columns, its value labels (attribute "labels", as haven uses them; code lists become factors).',
    '# The 0/1 columns of a multiple choice hold a negative number when the item has no answer; they are set to NA',
    '# here and the reason kept in the attribute "na_reason" (a factor).',
    '',
    'septype <- list()',
    `septype_missing <- c(${missingPairs.map((p) => `${rString(p.label)} = ${p.number}`).join(', ')})`,
    ...(parquet
      ? [
          'septype_read <- function(name, classes) {',
          '  as.data.frame(arrow::read_parquet(paste0(name, ".parquet")))',
          '}',
        ]
      : [
          'septype_read <- function(name, classes) {',
          '  utils::read.csv(paste0(name, ".csv"), colClasses = classes, na.strings = "", check.names = FALSE,',
          '                  encoding = "UTF-8", fileEncoding = "UTF-8")',
          '}',
        ]),
    '',
  ];
  for (const table of tables) {
    out.push(`# ${table.name}: ${table.label}`);
    out.push(
      `d <- septype_read(${rString(table.name)}, c(${table.columns.map((c) => `${rString(c.name)} = ${rString(rClass(c))}`).join(', ')}))`,
    );
    for (const c of table.columns) {
      const ref = `d[[${rString(c.name)}]]`;
      if (c.type === 'date') out.push(`${ref} <- as.Date(${ref})`);
      if (c.type === 'datetime') out.push(`${ref} <- as.POSIXct(${ref}, format = "%Y-%m-%dT%H:%M:%OSZ", tz = "UTC")`);
      if (hasMissingNumbers(c)) {
        out.push(
          `attr(${ref}, "na_reason") <- factor(ifelse(${ref} < 0, ${ref}, NA), levels = septype_missing, labels = names(septype_missing))`,
        );
        out.push(`${ref}[!is.na(${ref}) & ${ref} < 0] <- NA`);
        const labels = c.codes.filter((v) => typeof v.code === 'number' && v.code >= 0);
        out.push(`attr(${ref}, "labels") <- c(${labels.map((v) => `${rString(v.label)} = ${v.code}L`).join(', ')})`);
      } else if (c.codes.length > 0 && (c.type === 'code' || c.type === 'text')) {
        out.push(
          `${ref} <- factor(${ref}, levels = c(${c.codes.map((v) => rString(String(v.code))).join(', ')}), labels = c(${c.codes
            .map((v) => rString(v.label))
            .join(', ')}))`,
        );
      } else if (c.codes.length > 0) {
        out.push(`attr(${ref}, "labels") <- c(${c.codes.map((v) => `${rString(v.label)} = ${v.code}L`).join(', ')})`);
      }
      out.push(`attr(${ref}, "label") <- ${rString(c.unit === '' ? c.label : `${c.label} (${c.unit})`)}`);
    }
    out.push(`septype[[${rString(table.name)}]] <- d`, 'rm(d)', '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------- Stata

/** FNV-1a (32 bits): a short, stable fingerprint of a name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Names a program can hold (Stata: 32 characters). A longer name keeps its start and gets a short hash of the
 * whole, so that two long names with the same start stay apart.
 */
export function shortNames(names: readonly string[], max: number): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let short = name;
    if (name.length > max) {
      const hash = fnv1a(name).toString(36).padStart(6, '0').slice(-6);
      short = `${name.slice(0, max - 7)}_${hash}`;
    }
    for (let n = 2; used.has(short); n++) short = `${short.slice(0, max - String(n).length - 1)}_${n}`;
    used.add(short);
    return short;
  });
}

/** Stata's compound quotes hold any text, double quotes included. */
const stata = (text: string) => `\`"${text.replace(/[\r\n]+/g, ' ')}"'`;
const stataLetters = ['a', 'b', 'c', 'd', 'e'];

export function stataScript(tables: readonly TableSpec[], about: ScriptAbout): string {
  const out: string[] = [
    `* Loads the septype export of ${about.study} into Stata (16 or later). Run it from the export's directory:`,
    '*   cd "path/to/export"',
    '*   do load.do',
    ...(about.format === 'parquet'
      ? ['* It reads the CSV files: export with --format csv (or download the tables as CSV) for Stata.']
      : []),
    '* Each table is saved as <table>.dta beside its CSV. Names longer than 32 characters are shortened (the',
    '* variable label keeps the whole name). The 0/1 columns of a multiple choice hold a negative number when the',
    `* item has no answer; they become extended missing values: ${missingPairs.map((p, i) => `${p.number} = .${stataLetters[i]} ${p.label}`).join(', ')}.`,
    'version 16',
    'set more off',
    '',
  ];
  const mvdecode = missingPairs.map((p, i) => `${p.number}=.${stataLetters[i]}`).join(' \\ ');
  for (const table of tables) {
    const names = shortNames(
      table.columns.map((c) => c.name),
      32,
    );
    out.push(`* ${table.name}: ${table.label}`);
    out.push(
      `import delimited using "${table.name}.csv", varnames(1) stringcols(_all) encoding("utf-8") bindquote(strict) clear`,
    );
    out.push(`rename (*) (${names.join(' ')})`);
    let labelNumber = 0;
    table.columns.forEach((c, i) => {
      const v = names[i]!;
      const label = (c.unit === '' ? c.label : `${c.label} (${c.unit})`) + (v === c.name ? '' : ` [${c.name}]`);
      if (c.type === 'integer' || c.type === 'number' || c.type === '0/1') out.push(`destring ${v}, replace`);
      if (c.type === 'date') {
        out.push(`generate double _d = date(${v}, "YMD")`, `format _d %td`, `drop ${v}`, `rename _d ${v}`);
      }
      if (c.type === 'datetime') {
        out.push(
          `generate double _d = clock(subinstr(subinstr(${v}, "T", " ", 1), "Z", "", 1), "YMDhms")`,
          `format _d %tc`,
          `drop ${v}`,
          `rename _d ${v}`,
        );
      }
      if (hasMissingNumbers(c)) {
        const name = `L${++labelNumber}`;
        const values = c.codes
          .filter((x) => typeof x.code === 'number' && x.code >= 0)
          .map((x) => `${x.code} ${stata(x.label)}`);
        const missing = missingPairs.map((p, k) => `.${stataLetters[k]} ${stata(p.label)}`);
        out.push(`mvdecode ${v}, mv(${mvdecode})`);
        out.push(`label define ${name} ${[...values, ...missing].join(' ')}, replace`, `label values ${v} ${name}`);
      } else if (c.codes.length > 0 && typeof c.codes[0]!.code === 'number') {
        const name = `L${++labelNumber}`;
        out.push(`label define ${name} ${c.codes.map((x) => `${x.code} ${stata(x.label)}`).join(' ')}, replace`);
        out.push(`label values ${v} ${name}`);
      } else if (c.codes.length > 0) {
        // A code list of text codes: numbered 1, 2, ... in the list's order, the code's label on each number.
        const name = `L${++labelNumber}`;
        out.push(`generate long _c = .`);
        c.codes.forEach((x, k) => out.push(`replace _c = ${k + 1} if ${v} == ${stata(String(x.code))}`));
        out.push(`drop ${v}`, `rename _c ${v}`);
        out.push(
          `label define ${name} ${c.codes.map((x, k) => `${k + 1} ${stata(`${x.label} [${x.code}]`)}`).join(' ')}, replace`,
        );
        out.push(`label values ${v} ${name}`);
      }
      out.push(`label variable ${v} ${stata(label.slice(0, 80))}`);
    });
    out.push(`order ${names.join(' ')}`);
    out.push(`label data ${stata(table.label.slice(0, 80))}`);
    out.push(`save "${table.name}.dta", replace`, '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------- SPSS

const spss = (text: string) => `'${text.replace(/'/g, "''").replace(/[\r\n]+/g, ' ')}'`;

function spssFormat(c: Column): string {
  switch (c.type) {
    case 'integer':
    case '0/1':
      return 'F8.0';
    case 'number':
      return 'F16.6';
    case 'date':
      return 'SDATE10';
    case 'datetime':
      return 'A30';
    case 'code':
      return `A${Math.max(8, ...c.codes.map((x) => String(x.code).length)) + 8}`;
    case 'text':
      return 'A2000';
  }
}

export function spssScript(tables: readonly TableSpec[], about: ScriptAbout): string {
  const out: string[] = [
    `* Loads the septype export of ${about.study} into SPSS. Run it from the export's directory`,
    "* (CD 'path/to/export'. first). Each table becomes a dataset of its own, saved as <table>.sav.",
    ...(about.format === 'parquet'
      ? ['* It reads the CSV files: export with --format csv (or download the tables as CSV) for SPSS.']
      : []),
    '* Date-times are read as text (ISO 8601, UTC). The 0/1 columns of a multiple choice hold a negative number',
    `* when the item has no answer: user-missing values ${missingPairs.map((p) => `${p.number} ${p.label}`).join(', ')}.`,
    '',
  ];
  for (const table of tables) {
    const names = shortNames(
      table.columns.map((c) => c.name),
      64,
    );
    out.push(`* ${table.name}: ${table.label}.`);
    out.push(
      `GET DATA /TYPE=TXT /FILE='${table.name}.csv' /ENCODING='UTF8' /ARRANGEMENT=DELIMITED /DELCASE=LINE`,
      `  /DELIMITERS="," /QUALIFIER='"' /FIRSTCASE=2`,
      `  /VARIABLES=`,
      ...table.columns.map((c, i) => `    ${names[i]} ${spssFormat(c)}`),
      '.',
      `DATASET NAME ${table.name}.`,
    );
    out.push(
      'VARIABLE LABELS',
      table.columns
        .map((c, i) => `  ${names[i]} ${spss(c.unit === '' ? c.label : `${c.label} (${c.unit})`)}`)
        .join('\n  /') + '.',
    );
    const labelled = table.columns.map((c, i) => ({ c, v: names[i]! })).filter(({ c }) => c.codes.length > 0);
    if (labelled.length > 0) {
      out.push(
        'VALUE LABELS',
        labelled
          .map(
            ({ c, v }) =>
              `  ${v} ${c.codes.map((x) => `${typeof x.code === 'number' ? x.code : spss(x.code)} ${spss(x.label)}`).join(' ')}`,
          )
          .join('\n  /') + '.',
      );
    }
    const withMissing = table.columns.map((c, i) => ({ c, v: names[i]! })).filter(({ c }) => hasMissingNumbers(c));
    if (withMissing.length > 0) out.push(`MISSING VALUES ${withMissing.map(({ v }) => v).join(' ')} (-99 THRU -95).`);
    out.push(`SAVE OUTFILE='${table.name}.sav'.`, 'EXECUTE.', '');
  }
  return out.join('\n');
}

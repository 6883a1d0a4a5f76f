import { roles } from '../core/permissions.ts';

/**
 * Every command's help text, in one file: `septype --help` and `septype <command> --help` print them without
 * loading any command's module (serve's alone brings the web server and every feature).
 */

export const serveHelp = `septype serve [--db <path|postgres://...>] [--port N] [--host ADDR] [--dev] [--demo]
  Runs the web app and API. Migrations run first. A new database gets an administrator "admin"
  whose one-time password is printed once. --dev leaves the web app to Vite (npm run dev:web).
  --demo (npm start) serves the demo study: the database (default ./data/demo.db) is filled with it
  on the first start, whose accounts are printed and kept beside it; a real study is refused.`;

export const migrateHelp = `septype migrate [--db <path|url>]
  Brings the database schema up to date (serve does this at start too). Safe to run twice.`;

export const userHelp = `septype user add --username NAME --display-name "Full Name" --role ROLE [--site CODE|all] [--email ADDR]
septype user list [--json]
septype user disable --username NAME
  Roles: ${roles.join(', ')}. --site all (the default) gives the role at every site.
  "add" prints a one-time password, to be changed at the first sign-in. All take --db <path|url>.`;

export const siteHelp = `septype site add --code NIJ --name "Radboudumc Nijmegen" [--time-zone Europe/Amsterdam]
septype site list [--json]
  The code prefixes study ids (NIJ-001). All take --db <path|url>.`;

export const auditHelp = `septype audit verify [--db <path|url>] [--anchor N:HASH]
  Recomputes the audit trail's hash chain. Exit 0 when intact; exit 1 naming the first broken entry.
  Keep the printed "entry:hash" line outside the database; --anchor checks that entry still has that
  hash, which also detects a rewrite of the whole trail.`;

export const backupHelp = `septype backup --out FILE [--db <path>]
septype restore --from FILE [--db <path>] [--force]
  SQLite only: an online backup (the server may keep running) and its restore (stop the server
  first). A restore checks the file's integrity and audit chain before it replaces anything.
  PostgreSQL: use pg_dump / pg_restore (see docs/operations.md).`;

export const dataKeyHelp = `septype data-key rotate --new-key-file FILE [--db <path|url>]
  Re-seals everything sealed with the data key (per-person keys, site secrets, second-factor secrets)
  with the key in FILE, made there if FILE does not exist. Stop the server first. The key in use comes
  from SEPTYPE_DATA_KEY, SEPTYPE_DATA_KEY_FILE or <db>.key, which rotate replaces. See docs/security.md.`;

export const scoreHelp = `septype score sofa2|sofa1 < window.json          one object or an array of 24-hour windows
septype score sofa2-days < observations.json    {icuAdmission, observations:[{time, ...}], infusions, rrt, support}
septype score sepsis3 < patient.json            {infection, sofa2Total, baselineSofa2, vasopressorsForMap65, lactateMmolL, adequateFluids}
septype score qsofa < vitals.json               {respiratoryRate, gcs, systolicBp}
septype score eq5d5l < answers.json             {profile: "21111"} (five digits 1-5, MO SC UA PD AD) → {index, valueSet: "NL-5L-2016"}
  JSON in on stdin (one object, or an array of them for an array out), JSON out on stdout; invalid input:
  exit 2, nothing on stdout, and a JSON error on stderr naming the field (and, in an array, the index).
  The fields and rules: docs/clinical-rules.md.`;

export const eligibilityHelp = `septype eligibility < patient.json
  Study eligibility of NCT07273344 from one JSON object (or an array) on stdin: age, infection,
  admission type, SOFA-2 and baseline, exclusions, weight and corticosteroids. Prints
  {eligible, inclusionFailed, exclusionsMet, notes}; a missing value gives eligible: false and a note
  naming it. Invalid input: exit 2 and a JSON error on stderr naming the field.`;

export const scheduleHelp = `septype schedule < anchors.json
  Visit schedule of NCT07273344 from {icuAdmission, day0SampleAt, hospitalDischarge, death, timeZone} on
  stdin (one object or an array): date-times ISO with offset, dates YYYY-MM-DD, null while unknown;
  timeZone an IANA zone, default Europe/Amsterdam. Prints [{visit, applicable, target, earliest, latest}]
  for D0, D3, DIS, M3, M12. Invalid input: exit 2 and a JSON error on stderr naming the field.
  The rules: docs/schedule.md.`;

export const statsHelp = `septype stats km --input F --time COL --event COL [--group COL] [--times 30,90,365]
  Kaplan–Meier curves (Greenwood se, log-log 95% limits, median with CI) per group and the log-rank test,
  as R's survfit(conf.type = "log-log") and survdiff give them. CSV in (header row, "." decimals, empty cell
  = missing), JSON out on stdout; invalid input: exit 2 and a JSON error on stderr. Fields: docs/stats.md.
septype stats cif --input F --time COL --status COL [--group COL]   competing risks: cumulative incidence (status 0 = censored, 1..m = causes) per group and cause with Gray's test, as cmprsk::cuminc.
septype stats cox --input F --time COL --event COL --covariates a,b,c [--strata COL] [--ties efron|breslow]   Cox proportional hazards with LR/Wald/score tests, concordance and the PH test, as coxph and cox.zph(transform = "km").
septype stats consensus --input F --columns a,b,c [--k-max 6] [--reps 100] [--p-item 0.8] [--p-feature 1] [--algorithm kmeans|hclust] [--distance euclidean|pearson] [--seed 1] [--threads N]   consensus clustering of the rows (CDF area, delta area, PAC, cluster/item consensus per k, suggested k = smallest PAC), as ConsensusClusterPlus.`;

export const hladrHelp = `septype hladr calibrate < run.json   {beads: [{pePerBead, mfi}], samples: [{id, mfi}], minR2?}
  Monocyte HLA-DR in antibodies bound per cell from one acquisition run's Quantibrite PE beads: least squares
  of log10(PE per bead) on log10(bead mfi), AB/C = 10^(slope·log10(mfi) + intercept). Prints {slope,
  intercept, r2, accepted, problems, warnings, samples: [{id, abc, extrapolated}]}, unrounded. Refused (exit 0,
  accepted false, every abc null) with fewer than 3 beads or R² below minR2 (default 0.98); warns on a slope
  outside 0.85–1.15 or a bead more than 0.05 log10 off the line; extrapolated: mfi outside the beads' range.
  Invalid input: exit 2, nothing on stdout, and a JSON error on stderr naming the field.`;

export const immunotypeHelp = `septype immunotype rules [--rule-set ImmunoSep|HLA-DR-8000] < values.json   {ferritinNgMl?, hladrAbc?} or an array
  Rule-based immunotype of a sample (PROVIDE / ImmunoSep; default rule set ImmunoSep version 1): MALS when
  ferritin > 4420 ng/mL (HLA-DR not needed, and MALS wins when both hold); immunoparalysis when monocyte HLA-DR
  < 5000 AB/C and ferritin ≤ 4420 ng/mL; intermediate when both are measured and neither holds; unclassifiable
  when a value the decision needs is absent or null. HLA-DR-8000: the same with HLA-DR < 8000 AB/C. Prints
  {immunotype, ruleSet, version, reason} (an array for an array, same order). Invalid input (a negative or
  non-numeric value, an unknown field or rule set): exit 2, nothing on stdout, and a JSON error on stderr naming
  the field and, in an array, the index.
septype immunotype assign --model FILE < patient.json   {"<analyte code>": value, ...} or an array
  Assigns a new patient to a saved discovery model (a run's model.json): the raw values, in each marker's unit,
  go through the discovery's preprocessing. Prints {immunotype, confidence, far, probabilities: {<immunotype>:
  p}, missing: [markers]} (an array for an array); far: farther from every centroid than 99 % of the discovery
  samples were. A marker absent or null is imputed as in the discovery and listed in missing; keys the model
  does not use are ignored (a patient's whole record can be passed). More missing than the model's
  maxMissingShare of the panel, a value that is not a number (or not > 0 when the panel is log-transformed), or
  a bad model file: exit 2, nothing on stdout, and a JSON error on stderr naming the field (or --model).`;

export const analysisHelp = `septype analysis run --spec SPEC.json --out DIR [--db <path|url>]
  A discovery run on the study's data (issue 14): the spec is {seed, timepoint? (default D0), panel? (analyte
  codes), preprocessing? {log, belowLod, winsorise, impute, maxMissingShare, scale}, kRange? [2, 8], resamples?
  (500), pItem?, algorithm? (kmeans|hclust), k? (overrules the suggested k), names?, ruleSet?, classifier?
  {maxMarkers}}. Writes to DIR: run.json (run id, dataset hash, parameters, seed, version, chosen k),
  assignments.csv (studyId,visit,immunotype,confidence: every assigned participant × visit), model.json,
  classifier.json (when asked) and report.html; run.json last. Progress on stderr. The same spec on the same
  data writes byte-identical assignments.csv.
septype analysis rerun RUN_ID [--out DIR] [--db <path|url>]
  Runs a stored run's spec again and prints {runId, rerunOf, sameData, identical}: whether the data read have the
  same hash and every output is the same (with --out, the new run's files too).
septype analysis report RUN_ID --out DIR [--db <path|url>]
  The HTML and PDF report of a stored run (the PDF by Debian's chromium, or SEPTYPE_CHROMIUM).
septype analysis datasets --out DIR [--db <path|url>]
  The analysis datasets as tidy CSV: participants.csv (one row per participant: covariates, survival, death by
  day 28/90/365, competing events, EQ-5D-5L), samples.csv (one row per participant × visit: every analyte in its
  canonical unit and its below-LOD flag) and codebook.csv; prints {datasetHash, participants, samples}, the hash
  a run records for the same data.
septype analysis list [--db <path|url>]
  The stored runs as JSON, newest first: runId, status, createdAt, createdBy, datasetHash, version.`;

export const classifyHelp = `septype classify --model FILE < patient.json   {"<marker>": value, ...}
  Applies a bedside classifier (a septype-classifier JSON file, formatVersion 1) to one patient's marker values,
  raw in each marker's unit. Prints {immunotype, probabilities: {<immunotype>: p}, missing: [markers]}: a marker
  absent or null is imputed with the training median and listed in missing; keys the classifier does not use are
  ignored. A bad model file, or a value that is not a number (or not > 0 for a log-transformed marker): exit 2,
  nothing on stdout, and a JSON error on stderr naming the problem.`;

export const exportHelp = `septype export odm --out FILE [--metadata-only] [--site CODE] [--with-audit] [--with-extensions] [--db <path|url>]
  The study as CDISC ODM 1.3.2 XML, valid against the official schema: the metadata (visits, forms, item groups,
  items, code lists, sites, users) and, unless --metadata-only, the clinical data as a snapshot; --with-audit
  makes it a transactional file with every change's audit record and the signatures. --site limits the data to
  one site; --with-extensions adds visit windows, queries and samples in septype's vendor extension (its schema
  is standards/septype-odm/). See docs/odm.md.
septype export tables --out DIR [--format csv|parquet] [--site CODE] [--tables a,b] [--batch-size N] [--db <path|url>]
  Tidy tables for R, Python, SPSS and Stata: one table per form (repeating groups as long tables with keys),
  participants, visits, samples, aliquots, lab results and the analysis datasets, each with its codebook
  (CSV and HTML), and loading scripts for R, Stata and SPSS. Never identifying data. --tables picks tables;
  --batch-size sets how many participants are read at a time (default 100). See docs/exports.md.
septype export redcap --out DIR
  The study's forms as a REDCap data dictionary (18 columns), with the events, the instrument–event mapping and
  the repeating instruments. Needs no database.`;

export const importHelp = `septype import results --file FILE --format long|wide|olink [--lab NAME] [--dry-run] [--accept-partial] [--db <path|url>]
  Imports a laboratory results file in one transaction (CSV with , or ;, decimal comma, UTF-8 or Windows-1252).
  Prints {rows, imported, errors: [{line, column, problem}]}. A file with problems stores nothing (exit 2)
  unless --accept-partial stores its valid rows; --lab applies (and names) that laboratory's saved mapping.
septype import odm --file FILE [--dry-run] [--db <path|url>]
  Imports the clinical data of a CDISC ODM 1.3.2 file (snapshot, or transactional Insert/Update/Upsert/Remove)
  into enrolled participants, through the forms' own checks and audit trail, in one transaction. Prints
  {subjects, forms, items, errors: [{path, problem}], stored, …}. A file with problems stores nothing (exit 2).
  No DTDs or entities. See docs/odm.md.`;

export const demoHelp = `septype demo --db <path|url> [--patients 400] [--sites 3] [--seed 1] [--as-of 2027-06-01] [--truth FILE]
  Fills a new database (a SQLite file that does not exist yet, or an empty PostgreSQL database) with a synthetic
  study in progress, entered through the API's own services on a simulated clock up to --as-of. Prints the demo
  accounts' passwords once; writes the planted immunotypes to --truth (default: the --db path + .truth.csv),
  never to the database. The same --seed gives the same study. See docs/demo.md.`;

export const fhirHelp = `septype fhir propose --participant STUDY-ID --file BUNDLE.json [--encounter ID] [--db <path|url>]
  What a patient's FHIR R4 bundle (Encounter, Observation, MedicationAdministration, Procedure) proposes for the
  participant's forms: SOFA-2 inputs per ICU day and routine labs per visit, with their sources and a finding for
  each resource not used. Prints the JSON the API answers; stores nothing (accept in the web app). docs/fhir.md.`;

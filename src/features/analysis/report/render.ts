import type { AnalysisOutputs } from '../../../immunotype/analysis-run.ts';
import type { OutcomeAnalysis } from '../../../immunotype/outcomes.ts';
import type { AnalysisSpec } from '../../../immunotype/spec.ts';
import type { Trajectories } from '../../../immunotype/trajectories.ts';
import {
  consensusCdfFigure,
  consensusHeatmapFigure,
  deltaAreaFigure,
  kSelectionFigure,
  profileHeatmap,
} from './figures-consensus.ts';
import { FDR, rocFigure, volcanoFigure } from './figures-markers.ts';
import { incidenceFigure, riskTable, survivalFigure } from './figures-outcomes.ts';
import { sankeySvg } from './figures-sankey.ts';
import { FigureIds } from './figures.ts';
import { escapeHtml, figure, note, testLine } from './html.ts';
import { methodsHtml } from './methods.ts';
import {
  consensusTable,
  crossTable,
  missingnessTable,
  profileTable,
  runParametersTable,
  sizesTable,
  transitionTables,
} from './tables-discovery.ts';
import {
  classifierTables,
  competingTables,
  coxTable,
  eq5dTable,
  markerTable,
  mortalityTable,
} from './tables-outcomes.ts';

/**
 * The report of one analysis run (issue 14 §5): one self-contained HTML5 document — inline CSS and inline SVG,
 * no scripts and no external resources — that headless Chromium prints to A4 PDF. It is a pure function of
 * the run's record and outputs, deterministic to the byte (figure ids come from a counter, numbers are
 * formatted without locale), so a report can be regenerated and compared with the archived one.
 */

export interface ReportRun {
  runId: string;
  /** ISO timestamp. */
  createdAt: string;
  createdBy: string;
  datasetHash: string;
  softwareVersion: string;
  spec: AnalysisSpec;
  study: { id: string; title: string };
}

/** The rule-based types in one fixed order, so each keeps its colour whichever are present. */
const RULE_TYPES = ['intermediate', 'MALS', 'immunoparalysis'];

const CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10pt/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #111; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 17pt; margin: 0 0 0.2em; }
h2 { font-size: 13pt; border-bottom: 1px solid #888; margin: 1.4em 0 0.5em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 1.1em 0 0.4em; break-after: avoid; page-break-after: avoid; }
p { margin: 0.3em 0 0.6em; }
.subtitle { color: #444; margin-bottom: 1em; }
.note { color: #555; font-style: italic; }
.tests { font-size: 9pt; color: #333; }
table { border-collapse: collapse; font-size: 8.5pt; margin: 0.4em 0 1em; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: right; vertical-align: top; }
th[scope="col"] { border-bottom: 1px solid #666; }
th[scope="row"], td:first-child { text-align: left; }
table.params td { text-align: left; }
caption { caption-side: top; text-align: left; font-size: 8.5pt; color: #444; padding-bottom: 2px; }
figure { margin: 0.4em 0 1em; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #444; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.row { display: flex; flex-wrap: wrap; gap: 4mm; align-items: flex-start; break-inside: avoid; page-break-inside: avoid; }
.row > figure { flex: 1 1 0; min-width: 0; }
.transitions { display: flex; flex-wrap: wrap; gap: 6mm; }
/* Each outcome analysis and the marker results start a page: they are read (and handed round) on their own. */
section.chapter { break-before: page; page-break-before: always; }
`;

function section(id: string, title: string, body: string, chapter = false): string {
  const cls = chapter ? ' class="chapter"' : '';
  return `<section id="${id}"${cls}><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

function sankeyBlock(ids: FigureIds, title: string, trajectories: Trajectories, colors: readonly string[]): string {
  const svg = sankeySvg(ids.next(), trajectories, colors);
  const p = trajectories.persistent;
  const persistent = `${p.name}: ${p.count} of ${p.sampledBoth} participants sampled at both ${p.visits.join(' and ')}.`;
  return (
    `<h3>${escapeHtml(title)}</h3>` +
    (svg === null ? note('Not available: no participant was sampled.') : figure(svg, `${title}: flow between visits`)) +
    `<div class="transitions">${transitionTables(trajectories)}</div>` +
    `<p>${escapeHtml(persistent)}</p>`
  );
}

function outcomeBlock(ids: FigureIds, outcomes: OutcomeAnalysis, colors: readonly string[]): string {
  const counts =
    `${outcomes.n} participants analysed; ${outcomes.unknownSurvival} without known survival` +
    (outcomes.notInGroups > 0 ? `; ${outcomes.notInGroups} in no compared group.` : '.');
  const km = survivalFigure(ids, outcomes, colors);
  const incidence = incidenceFigure(ids, outcomes, colors);
  return [
    `<p>${escapeHtml(counts)}</p>`,
    km === null
      ? note('Kaplan–Meier curves not available: no group has participants with known survival.')
      : `<div class="keep">${figure(km, 'Kaplan–Meier survival with pointwise 95% bands')}${riskTable(outcomes)}</div>`,
    `<p class="tests">${escapeHtml(testLine('Log-rank test', outcomes.logRank))}</p>`,
    '<h3>Mortality</h3>',
    mortalityTable(outcomes),
    '<h3>Adjusted Cox model</h3>',
    coxTable(outcomes),
    '<h3>Competing risks</h3>',
    incidence === null ? '' : figure(incidence, 'Cumulative incidence (Aalen–Johansen) with pointwise 95% bands'),
    competingTables(outcomes),
    '<h3>EQ-5D-5L</h3>',
    eq5dTable(outcomes),
  ].join('');
}

function markersBody(ids: FigureIds, outputs: AnalysisOutputs): string {
  const { volcano } = outputs.markers;
  const immunotype =
    volcano.immunotype.length === 0
      ? note('Immunotype volcano plot not available: no marker could be tested.')
      : figure(
          volcanoFigure(ids, volcano.immunotype, 'log2 fold change (highest / lowest median)'),
          'Markers against immunotype',
        );
  const survival =
    volcano.survival === null || volcano.survival.length === 0
      ? note('Survival volcano plot not available.')
      : figure(
          volcanoFigure(ids, volcano.survival, 'log hazard ratio per SD of log value'),
          'Markers against survival',
        );
  return (
    `${markerTable(outputs.markers)}<div class="row">${immunotype}${survival}</div>` +
    `<p class="note">Named: the ten markers with the smallest q; coloured: q &lt; ${FDR}.</p>`
  );
}

function classifierBody(ids: FigureIds, run: ReportRun, outputs: AnalysisOutputs): string {
  if (run.spec.classifier === undefined) return note('Not requested.');
  if (outputs.classifier === null) return note('Not available: no classifier was trained in this run.');
  const roc = rocFigure(ids, outputs.classifier, outputs.discovery.names);
  return classifierTables(outputs.classifier) + figure(roc, 'One-vs-rest ROC curves, out of fold');
}

export function renderReport(run: ReportRun, outputs: AnalysisOutputs): string {
  const ids = new FigureIds();
  const d = outputs.discovery;
  const names = d.names;
  const ruleColors = [...RULE_TYPES, ...outputs.outcomes.rules.groups.filter((g) => !RULE_TYPES.includes(g))];
  const units = new Map(d.panel.map((m) => [m.code, m.unit]));
  const visits = d.trajectories.discovered.visits;
  const persistence = outputs.outcomes.persistence;
  const persistentName = d.trajectories.rules.persistent.name;

  const sections = [
    section('parameters', 'Run parameters', runParametersTable(run, outputs)),
    section('methods', 'Methods', methodsHtml(run, outputs)),
    section('missingness', 'Missing values', missingnessTable(d)),
    section(
      'choice-of-k',
      'Choice of k',
      consensusTable(d) +
        figure(consensusCdfFigure(ids, d), 'Consensus CDF per k') +
        `<div class="row">${figure(deltaAreaFigure(ids, d), 'Relative change in the area under the CDF')}` +
        `${figure(kSelectionFigure(ids, d), 'PAC and mean silhouette by k')}</div>` +
        (d.heatmap === null
          ? note('The consensus heatmap is left out above 1,500 samples.')
          : figure(
              consensusHeatmapFigure(ids, d.heatmap, d.names),
              `Consensus matrix at k = ${d.k}, samples ordered by immunotype`,
            )),
    ),
    section(
      'immunotypes',
      'Immunotypes',
      sizesTable(d, visits) + figure(profileHeatmap(ids, d), 'Marker medians per immunotype') + profileTable(d, units),
    ),
    section('rules', 'Rule-based and discovered immunotypes', crossTable(d)),
    section(
      'trajectories',
      'Trajectories',
      sankeyBlock(ids, 'Discovered immunotypes', d.trajectories.discovered, names) +
        sankeyBlock(ids, 'Rule-based immunotypes', d.trajectories.rules, ruleColors),
      true,
    ),
    section(
      'outcomes-discovered',
      'Outcomes by discovered immunotype',
      outcomeBlock(ids, outputs.outcomes.discovered, names),
      true,
    ),
    section(
      'outcomes-rules',
      'Outcomes by rule-based immunotype',
      outcomeBlock(ids, outputs.outcomes.rules, ruleColors),
      true,
    ),
    section(
      'outcomes-persistence',
      `Outcomes by ${persistentName}`,
      persistence === null
        ? note(`Not available: no participant could be classified for ${persistentName}.`)
        : outcomeBlock(ids, persistence, persistence.groups),
      true,
    ),
    section('markers', 'Marker associations', markersBody(ids, outputs), true),
    section('classifier', 'Bedside classifier', classifierBody(ids, run, outputs)),
  ];

  const title = `Immunotype analysis — ${run.study.id}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Defence in depth: even a value that escaped escaping could not load or run anything.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(title)}</h1>`,
    `<p class="subtitle">${escapeHtml(run.study.title)}<br>Run ${escapeHtml(run.runId)}, ${escapeHtml(run.createdAt)}, ${escapeHtml(run.createdBy)}</p></header>`,
    `<main>${sections.join('\n')}</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

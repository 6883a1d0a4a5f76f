import { beforeAll, describe, expect, it } from 'vitest';
import { simulatedDatasets } from '../../../demo/model/analysis-cohort.ts';
import { analysis } from '../../../protocol/nct07273344/analysis.ts';
import { runAnalysis, type AnalysisOutputs } from '../../../immunotype/analysis-run.ts';
import { analysisSpec } from '../../../immunotype/spec.ts';
import { FigureIds, stableIds } from './figures.ts';
import { escapeHtml } from './html.ts';
import { renderReport, type ReportRun } from './render.ts';

const datasets = simulatedDatasets(150, 7);
const units = { unitOf: () => 'pg/mL' };
const specInput = { seed: 1, resamples: 20, kRange: [2, 5], classifier: { maxMarkers: 3 } };

function runOf(spec: ReportRun['spec']): ReportRun {
  return {
    runId: 'run-0001',
    createdAt: '2026-01-02T03:04:05.000Z',
    createdBy: 'analyst@example.org',
    datasetHash: 'sha256:abc123',
    softwareVersion: '0.1.0',
    spec,
    study: { id: 'NCT07273344', title: 'Immunotypes in sepsis' },
  };
}

const SECTIONS = [
  'Run parameters',
  'Methods',
  'Missing values',
  'Choice of k',
  'Immunotypes',
  'Rule-based and discovered immunotypes',
  'Trajectories',
  'Outcomes by discovered immunotype',
  'Outcomes by rule-based immunotype',
  'Outcomes by persistent immunoparalysis',
  'Marker associations',
  'Bedside classifier',
];

const count = (html: string, needle: string) => html.split(needle).length - 1;

describe('renderReport', () => {
  const spec = analysisSpec.parse(specInput);
  let outputs: AnalysisOutputs;
  let html: string;

  beforeAll(async () => {
    outputs = await runAnalysis(analysis, units, datasets, spec, undefined, 1);
    html = renderReport(runOf(spec), outputs);
  }, 60_000);

  it('is one self-contained HTML5 document without scripts or external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import|url\(http/i);
    expect(html).not.toMatch(/href="http/);
  });

  it('has every section and an SVG per figure', () => {
    for (const title of SECTIONS) expect(html).toContain(`<h2>${title}</h2>`);
    // CDF, Δ area, PAC/silhouette, consensus matrix, profile heatmap, 2 Sankeys, 3 × (KM + incidence),
    // 2 volcanoes, ROC: 16.
    const figures = count(html, '<figure>');
    expect(figures).toBe(16);
    const sections = html.split('<figure>').slice(1);
    for (const figure of sections) expect(figure.slice(0, figure.indexOf('</figure>'))).toContain('<svg');
    expect(count(html, 'class="sankey"')).toBe(2);
    expect(html).toContain('Number at risk');
  });

  it('writes the methods from the parameters', () => {
    const methods = html.slice(html.indexOf('<h2>Methods</h2>'), html.indexOf('<h2>Missing values</h2>'));
    expect(methods).toContain('seed 1');
    expect(methods).toContain('20 resamples');
    expect(methods).toContain(`The suggested k = ${outputs.discovery.k} was used`);
    expect(methods).toContain('widest mean silhouette');
    expect(methods).toContain('Efron');
    expect(methods).toContain('at most 3 markers');
    expect(methods).toContain('sha256:abc123');
  });

  it('gives byte-identical HTML for the same inputs, and for a second run with the same seed', async () => {
    expect(renderReport(runOf(spec), outputs)).toBe(html);
    const again = await runAnalysis(analysis, units, datasets, analysisSpec.parse(specInput), undefined, 1);
    expect(renderReport(runOf(spec), again)).toBe(html);
    // Plot's global clip ids are gone: only per-figure ids remain.
    expect(html).not.toMatch(/plot-clip-|plot-[0-9a-f]{6}/);
  }, 60_000);

  it('makes user-provided names inert', async () => {
    // A name must start with a letter or digit (the spec's rule); the rest of it is the user's.
    const evil = 'X<script>alert(1)</script>';
    const named = analysisSpec.parse({ ...specInput, k: 3, names: [evil, 'B & "C"', "D'E"] });
    const result = await runAnalysis(analysis, units, datasets, named, undefined, 1);
    const run = { ...runOf(named), study: { id: '<b>id</b>', title: '<img src=x onerror=alert(1)>' } };
    const report = renderReport(run, result);
    expect(report).not.toContain('<script');
    expect(report).not.toContain('<img');
    expect(report).not.toContain('<b>id</b>');
    expect(report).toContain('X&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(report).toContain('B &amp; &quot;C&quot;');
    expect(report).toContain('overruling the suggested k');
  }, 60_000);

  it('renders without classifier and without persistence', () => {
    const noClassifier = analysisSpec.parse({ ...specInput, classifier: undefined });
    const stripped: AnalysisOutputs = {
      ...outputs,
      classifier: null,
      outcomes: { ...outputs.outcomes, persistence: null },
    };
    const report = renderReport(runOf(noClassifier), stripped);
    const classifier = report.slice(report.indexOf('<h2>Bedside classifier</h2>'));
    expect(classifier).toContain('Not requested.');
    expect(classifier).not.toContain('<svg');
    const persistence = report.slice(report.indexOf('<h2>Outcomes by persistent immunoparalysis</h2>'));
    expect(persistence.slice(0, persistence.indexOf('</section>'))).toContain('Not available');
    expect(report).toContain('A bedside classifier was not requested.');
    // Requested but missing says so too.
    expect(renderReport(runOf(spec), { ...outputs, classifier: null })).toContain('Not available: no classifier');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters of markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('stableIds', () => {
  it("renames Plot's class and global clip ids per figure, in order of appearance", () => {
    const markup = '<svg class="plot-d6a7b5"><clipPath id="plot-clip-7"></clipPath><g clip-path="url(#plot-clip-7)">';
    expect(stableIds(markup, 'fig3')).toBe(
      '<svg class="fig3"><clipPath id="fig3-clip-1"></clipPath><g clip-path="url(#fig3-clip-1)">',
    );
    const ids = new FigureIds();
    expect([ids.next(), ids.next()]).toEqual(['fig1', 'fig2']);
  });
});

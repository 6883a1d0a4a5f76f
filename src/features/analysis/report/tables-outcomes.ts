import type { ClassifierOutputs } from '../../../immunotype/analysis-run.ts';
import type { MarkerAssociations } from '../../../immunotype/marker-associations.ts';
import type { OutcomeAnalysis } from '../../../immunotype/outcomes.ts';
import { escapeHtml, fixed, note, num, percent, pValue, ratio, table, testLine, withInterval } from './html.ts';

/**
 * The report's tables of outcomes, marker associations and the classifier. Tests that could not be computed
 * show their reason rather than an empty cell, so a reader can tell "no difference" from "not estimable".
 */

const pct = (x: number | null) => percent(x);

export function mortalityTable(outcomes: OutcomeAnalysis): string {
  const horizons = outcomes.mortality;
  const rows = outcomes.groups.map((group) => [
    group,
    ...horizons.map((m) => {
      const cell = m.groups.find((c) => c.group === group);
      if (cell === undefined || cell.n === 0) return '—';
      return `${cell.deaths}/${cell.n}, ${withInterval(cell.proportion, cell.lower, cell.upper, pct)}`;
    }),
  ]);
  const tests = [
    'p',
    ...horizons.map((m) =>
      m.test.p === null ? `not computed (${m.test.reason ?? ''})` : `${pValue(m.test.p)} (${m.test.method ?? ''})`,
    ),
  ];
  const censored = horizons.map((m) => `day ${m.horizon}: ${m.censoredBefore}`).join(', ');
  return table(['Immunotype', ...horizons.map((m) => `Day ${m.horizon} mortality (95% CI)`)], [...rows, tests], {
    rowHeaders: true,
    caption: `Deaths / participants with known status; Wilson intervals. Censored alive before the horizon (not counted): ${censored}`,
  });
}

export function coxTable(outcomes: OutcomeAnalysis): string {
  const cox = outcomes.cox;
  if (cox.reason !== null) return note(`Cox model not computed: ${cox.reason}.`);
  const ph = new Map(cox.proportionalHazards.terms.map((t) => [t.term, t.p]));
  const details = [
    `Reference: ${cox.reference ?? '—'}, infection site ${cox.siteReference ?? '—'}`,
    `n = ${cox.n}, ${cox.events} deaths`,
    `left out for a missing covariate: ${cox.droppedMissingCovariates}`,
    ...cox.excludedGroups.map((g) => `${g.group} not in the model (${g.reason})`),
    ...(cox.pooledSites.length > 0 ? [`sites pooled as "other": ${cox.pooledSites.join(', ')}`] : []),
    ...cox.droppedTerms.map((t) => `${t.term} left out (${t.reason})`),
    `concordance ${fixed(cox.concordance, 3)}`,
  ];
  return (
    table(
      ['Term', 'Hazard ratio (95% CI)', 'p', 'PH test p'],
      cox.terms.map((t) => [
        t.term,
        withInterval(t.hr, t.lower, t.upper, ratio),
        pValue(t.p),
        pValue(ph.get(t.term) ?? null),
      ]),
      { rowHeaders: true, caption: details.join('; ') },
    ) +
    `<p class="tests">${[
      testLine('Likelihood-ratio test', cox.likelihoodRatio),
      testLine('Proportional hazards (cox.zph, global)', cox.proportionalHazards.global),
    ]
      .map(escapeHtml)
      .join('<br>')}</p>`
  );
}

export function competingTables(outcomes: OutcomeAnalysis): string {
  if (outcomes.competing.length === 0) return note('No competing endpoints were analysed.');
  return outcomes.competing
    .map((endpoint) => {
      const horizons = endpoint.groups[0]?.horizons ?? [];
      return table(
        ['Immunotype', 'n', 'Events', 'Deaths first', ...horizons.map((h) => `Incidence at day ${h}`)],
        endpoint.groups.map((c) => [
          c.group,
          c.n,
          c.events,
          c.competingDeaths,
          ...(c.n === 0 ? horizons.map(() => '—') : c.atHorizons.map((x) => percent(x))),
        ]),
        { rowHeaders: true, caption: `${endpoint.endpoint} — ${testLine("Gray's test", endpoint.gray)}` },
      );
    })
    .join('');
}

export function eq5dTable(outcomes: OutcomeAnalysis): string {
  if (outcomes.eq5d.length === 0) return note('No EQ-5D-5L values were collected.');
  return table(
    ['Visit', ...outcomes.groups, 'Kruskal–Wallis p'],
    outcomes.eq5d.map((v) => [
      v.visit,
      ...v.groups.map((c) =>
        c.n === 0 ? '—' : `${fixed(c.median, 2)} (${fixed(c.q1, 2)}–${fixed(c.q3, 2)}), n ${c.n}`,
      ),
      v.test.p === null ? `— (${v.test.reason ?? ''})` : pValue(v.test.p),
    ]),
    { rowHeaders: true, caption: 'EQ-5D-5L index: median (IQR)' },
  );
}

/** How many markers the association table lists: the panel may hold up to 200. */
export const TOP_MARKERS = 20;

export function markerTable(markers: MarkerAssociations): string {
  const byQ = [...markers.markers].sort(
    (a, b) => (a.kruskalWallis.q ?? Infinity) - (b.kruskalWallis.q ?? Infinity) || a.marker.localeCompare(b.marker),
  );
  const shown = byQ.slice(0, TOP_MARKERS);
  return table(
    ['Marker', 'n', 'KW p', 'KW q', 'log2 FC (high / low)', 'HR per SD (95% CI)', 'Cox p', 'Cox q'],
    shown.map((m) => [
      m.marker,
      m.n,
      pValue(m.kruskalWallis.p),
      pValue(m.kruskalWallis.q),
      m.log2FoldChange === null ? '—' : `${fixed(m.log2FoldChange, 2)} (${m.highGroup ?? ''} / ${m.lowGroup ?? ''})`,
      m.survival === null ? '—' : withInterval(m.survival.hr, m.survival.lower, m.survival.upper, ratio),
      pValue(m.survival?.p),
      pValue(m.survival?.q),
    ]),
    {
      rowHeaders: true,
      caption: `${shown.length} of ${markers.markers.length} markers, by Kruskal–Wallis q (Benjamini–Hochberg)`,
    },
  );
}

export function classifierTables(classifier: ClassifierOutputs): string {
  const { rule } = classifier;
  const coefficients = table(
    ['Marker', 'Unit', 'Transform', 'Centre', 'Scale', ...rule.immunotypes],
    [
      ...rule.markers.map((m, j) => [
        m.name,
        m.unit,
        m.transform,
        num(m.center),
        num(m.scale),
        ...rule.coefficients.map((row) => fixed(row[j] ?? null, 3)),
      ]),
      ['(intercept)', '', '', '', '', ...rule.intercepts.map((b) => fixed(b, 3))],
    ],
    {
      rowHeaders: true,
      caption: `Coefficients on the standardised scale; lambda ${num(rule.lambda)}, alpha ${rule.alpha}`,
    },
  );
  const performance = table(
    ['Immunotype', 'AUC (one vs rest, out of fold)'],
    classifier.roc.map((c) => [c.immunotype, fixed(c.auc, 3)]),
    { rowHeaders: true, caption: `Cross-validated accuracy ${percent(classifier.cvAccuracy)}` },
  );
  const confusion = table(
    ['True \\ predicted', ...rule.immunotypes],
    rule.immunotypes.map((name, t) => [name, ...(classifier.confusion[t] ?? [])]),
    { rowHeaders: true, caption: 'Confusion matrix (out of fold)' },
  );
  return coefficients + performance + confusion;
}

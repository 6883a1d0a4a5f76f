import type { AnalysisOutputs } from '../../../immunotype/analysis-run.ts';
import { ruleSets } from '../../../protocol/immunotype-rules.ts';
import { escapeHtml, percent } from './html.ts';
import type { ReportRun } from './render.ts';

/**
 * The methods section, written from the run's parameters and outputs rather than by hand, so that it can never
 * describe a different analysis from the one that produced the numbers beside it. Plain sentences; every value
 * from the spec or the data is escaped (immunotype names and markers come from users).
 */

const list = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

function preprocessing(run: ReportRun, outputs: AnalysisOutputs): string {
  const d = outputs.discovery;
  const pre = run.spec.preprocessing;
  const below = d.missingness.markers.reduce((a, m) => a + m.belowLod, 0);
  const missing = d.missingness.markers.reduce((a, m) => a + m.missing, 0);
  return [
    `Immunotypes were derived from the ${d.panel.length}-marker panel (${list(d.panel.map((m) => m.code))}) measured at ${d.timepoint}.`,
    `Values below the limit of detection were replaced by ${pre.belowLod === 'lod/2' ? 'LOD/2' : 'LOD/√2'} and flagged (${below} values).`,
    pre.log ? 'All markers were log-transformed.' : 'Markers were not log-transformed.',
    pre.winsorise > 0
      ? `Each marker was winsorised at its ${pre.winsorise} and ${Number((1 - pre.winsorise).toFixed(6))} quantiles.`
      : 'Values were not winsorised.',
    `Samples missing more than ${percent(pre.maxMissingShare, 0)} of the panel were left out (${d.missingness.excluded});`,
    `the remaining missing values (${missing}) were imputed with the marker's ${pre.impute} on the transformed scale.`,
    pre.scale ? 'Each marker was then z-scaled to mean 0 and standard deviation 1.' : 'Markers were not z-scaled.',
    `${d.n} samples were clustered.`,
  ].join(' ');
}

function clustering(run: ReportRun, outputs: AnalysisOutputs): string {
  const { spec } = run;
  const d = outputs.discovery;
  const kMax = Math.max(...d.byK.map((r) => r.k));
  const algorithm =
    spec.algorithm === 'kmeans'
      ? 'k-means (one k-means++ start, at most 10 Lloyd iterations per resample)'
      : 'hierarchical clustering (average linkage)';
  const choice =
    spec.k === undefined
      ? `The suggested k = ${d.suggestedK} was used.`
      : spec.k === d.suggestedK
        ? `The user chose k = ${spec.k}, the same as the suggestion.`
        : `The user chose k = ${spec.k}, overruling the suggested k = ${d.suggestedK}.`;
  const naming =
    spec.names === undefined
      ? `The ${d.k} immunotypes were numbered by size (${list(d.names)}, the largest first).`
      : `The ${d.k} immunotypes were named ${list(d.names)} by the user (in size order).`;
  return [
    `Consensus clustering (Monti et al. 2003) used ${algorithm} on ${spec.resamples} resamples, each of ${percent(spec.pItem, 0)} of the samples (pItem ${spec.pItem}), for k = 2 to ${kMax};`,
    'the final partition for each k was the average-linkage tree of 1 − consensus cut at k.',
    `The suggestion rule took the k with the widest mean silhouette width (Euclidean distances of the scaled samples) within k = ${spec.kRange[0]}–${spec.kRange[1]};`,
    'the proportion of ambiguous clustering (PAC, consensus values within (0.1, 0.9)), the consensus CDF and its change in area are reported but did not decide.',
    choice,
    naming,
    'Samples of every other visit were assigned to the immunotype with the nearest centroid in the same preprocessed space (the discovery parameters applied unchanged),',
    'with a posterior confidence from a mixture of spherical Gaussians on the centroids (immunotype shares as weights, pooled within-immunotype variance);',
    "samples farther from their nearest centroid than the 99th percentile of the discovery samples' distances were flagged as far.",
  ].join(' ');
}

function rules(run: ReportRun, outputs: AnalysisOutputs): string {
  const set = ruleSets[run.spec.ruleSet];
  const what = set === undefined ? run.spec.ruleSet : `${set.name} version ${set.version} (${set.description})`;
  const { discovered, rules: ruleBased } = outputs.discovery.trajectories;
  const persistence = (p: typeof discovered.persistent) => `${p.name} (${p.type} at both ${list(p.visits)})`;
  const sentence = persistence(ruleBased.persistent);
  return (
    `Rule-based immunotypes were assigned to every sample by the rule set ${what}; samples without both values were not classifiable. ` +
    `Trajectories follow each participant across ${list(discovered.visits)}; transitions count the participants sampled at both visits. ` +
    `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} is analysed as a class of its own; ${persistence(discovered.persistent)} is counted.`
  );
}

function outcomes(outputs: AnalysisOutputs): string {
  const horizons = outputs.outcomes.discovered.mortality.map((m) => m.horizon);
  const endpoints = outputs.outcomes.discovered.competing.map((e) => e.endpoint);
  return [
    'Survival per immunotype was estimated by Kaplan–Meier with pointwise 95% log–log confidence bands and compared by the k-group log-rank test.',
    'Hazard ratios came from a Cox proportional-hazards model (Efron ties) adjusted for age, sex, SOFA-2 and infection site (sites with fewer than 5 participants pooled), complete cases only;',
    'proportional hazards were checked with the scaled Schoenfeld residual test (cox.zph).',
    horizons.length > 0
      ? `Mortality at day ${list(horizons.map(String))} is given with Wilson 95% intervals and compared by the chi-square test, or Fisher's exact test when an expected count is below 5.`
      : '',
    endpoints.length > 0
      ? `For ${list(endpoints)}, where death competes, cumulative incidence was estimated by Aalen–Johansen and compared by Gray's test.`
      : '',
    'EQ-5D-5L index values are summarised by median and IQR and compared by Kruskal–Wallis.',
    'Each marker was tested against the immunotype by Kruskal–Wallis and against survival by a Cox model per SD of its log value, with Benjamini–Hochberg q-values over the panel.',
  ]
    .filter(Boolean)
    .join(' ');
}

function classifier(run: ReportRun, outputs: AnalysisOutputs): string {
  const requested = run.spec.classifier;
  if (requested === undefined) return 'A bedside classifier was not requested.';
  const fitted =
    outputs.classifier === null
      ? ' No classifier is available for this run.'
      : ` It uses ${list(outputs.classifier.rule.markers.map((m) => m.name))}.`;
  return (
    `The bedside classifier is a multinomial lasso logistic regression (alpha 1) on the log-transformed, standardised markers with at most ${requested.maxMarkers} markers, ` +
    'lambda chosen by stratified 5-fold cross-validation (the largest lambda within one standard error of the minimum deviance, lambda 1se); ' +
    `accuracy, one-vs-rest AUC and the confusion matrix are out of fold.${fitted}`
  );
}

/** The methods as HTML paragraphs. */
export function methodsHtml(run: ReportRun, outputs: AnalysisOutputs): string {
  const reproducibility =
    `All random draws derive from the seed ${run.spec.seed}; the run used septype ${run.softwareVersion} ` +
    `on the dataset with hash ${run.datasetHash}, so the same software, data and parameters reproduce this report exactly.`;
  return [
    preprocessing(run, outputs),
    clustering(run, outputs),
    rules(run, outputs),
    outcomes(outputs),
    classifier(run, outputs),
    reproducibility,
  ]
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
    .join('');
}

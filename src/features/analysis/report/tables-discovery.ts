import type { AnalysisOutputs } from '../../../immunotype/analysis-run.ts';
import type { DiscoveryOutputs } from '../../../immunotype/pipeline.ts';
import type { Trajectories } from '../../../immunotype/trajectories.ts';
import { fixed, num, percent, table, type Cell } from './html.ts';
import type { ReportRun } from './render.ts';

/**
 * The report's tables of the run and of the discovery: what was asked, what was missing, how each k fared,
 * what the immunotypes look like, how they relate to the rule-based types and how participants move between
 * them. Every label goes through `table`, which escapes it.
 */

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

export function runParametersTable(run: ReportRun, outputs: AnalysisOutputs): string {
  const { spec } = run;
  const d = outputs.discovery;
  const pre = spec.preprocessing;
  const rows: [string, Cell][] = [
    ['Study', `${run.study.id} — ${run.study.title}`],
    ['Run', run.runId],
    ['Created', `${run.createdAt} by ${run.createdBy}`],
    ['Dataset hash', run.datasetHash],
    ['Software version', run.softwareVersion],
    ['Timepoint', d.timepoint],
    ['Panel', `${d.panel.length} markers: ${d.panel.map((m) => m.code).join(', ')}`],
    ['Samples clustered', `${d.n} (${d.missingness.excluded} excluded for missing values)`],
    ['Log transform', yesNo(pre.log)],
    ['Below LOD', pre.belowLod === 'lod/2' ? 'LOD/2' : 'LOD/√2'],
    ['Winsorising quantile', pre.winsorise === 0 ? 'none' : String(pre.winsorise)],
    [
      'Imputation',
      `${pre.impute} (samples missing more than ${percent(pre.maxMissingShare, 0)} of the panel left out)`,
    ],
    ['z-scaling', yesNo(pre.scale)],
    ['Clustering', `consensus ${spec.algorithm}, ${spec.resamples} resamples, pItem ${spec.pItem}`],
    ['k range', `${spec.kRange[0]}–${spec.kRange[1]}`],
    ['k', spec.k === undefined ? `suggested (${d.k})` : `${spec.k} (user; suggested ${d.suggestedK})`],
    ['Immunotype names', spec.names === undefined ? `default (${d.names.join(', ')})` : spec.names.join(', ')],
    ['Rule set', spec.ruleSet],
    ['Classifier', spec.classifier === undefined ? 'not requested' : `at most ${spec.classifier.maxMarkers} markers`],
    ['Seed', spec.seed],
  ];
  return table(['Parameter', 'Value'], rows, { rowHeaders: true, className: 'params' });
}

export function missingnessTable(discovery: DiscoveryOutputs): string {
  const total = discovery.n + discovery.missingness.excluded;
  const share = (count: number) => (total === 0 ? '—' : percent(count / total));
  return table(
    ['Marker', 'Missing', '%', 'Below LOD (substituted)', '%'],
    discovery.missingness.markers.map((m) => [m.name, m.missing, share(m.missing), m.belowLod, share(m.belowLod)]),
    {
      rowHeaders: true,
      caption: `Samples at ${discovery.timepoint}: ${total}; left out for missing more than the allowed share: ${discovery.missingness.excluded}`,
    },
  );
}

export function consensusTable(discovery: DiscoveryOutputs): string {
  return table(
    ['k', 'CDF area', 'Δ area', 'PAC', 'Mean cluster consensus', 'Mean silhouette', ''],
    discovery.byK.map((r) => [
      r.k,
      fixed(r.cdfArea, 3),
      fixed(r.deltaArea, 3),
      fixed(r.pac, 3),
      fixed(r.meanClusterConsensus, 3),
      fixed(r.silhouette, 3),
      [r.k === discovery.suggestedK ? 'suggested' : '', r.k === discovery.k ? 'chosen' : ''].filter(Boolean).join(', '),
    ]),
    { rowHeaders: true },
  );
}

/** Sizes at the timepoint with the assignment confidence, and how many samples of each visit went to each type. */
export function sizesTable(discovery: DiscoveryOutputs, visits: readonly string[]): string {
  const at = (visit: string, name: string) =>
    discovery.assignments.filter((a) => a.visit === visit && a.immunotype === name);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const others = visits.filter((v) => v !== discovery.timepoint);
  return table(
    ['Immunotype', 'n', '%', 'Median confidence', 'Far', ...others.map((v) => `Assigned at ${v}`)],
    discovery.names.map((name, c) => {
      const own = at(discovery.timepoint, name);
      return [
        name,
        discovery.sizes[c] ?? 0,
        percent((discovery.sizes[c] ?? 0) / Math.max(1, discovery.n)),
        fixed(median(own.map((a) => a.confidence)), 2),
        own.filter((a) => a.far).length,
        ...others.map((v) => at(v, name).length),
      ];
    }),
    {
      rowHeaders: true,
      caption: `At ${discovery.timepoint}, n = ${discovery.n}. Far: farther from every centroid than 99 % of the discovery samples.`,
    },
  );
}

export function profileTable(discovery: DiscoveryOutputs, unitOf: ReadonlyMap<string, string>): string {
  return table(
    ['Marker', ...discovery.names],
    discovery.panel.map((m, j) => {
      const unit = unitOf.get(m.code);
      return [
        unit === undefined ? m.code : `${m.code} (${unit})`,
        ...discovery.profiles.map((p) => num(p.medians[j] ?? null)),
      ];
    }),
    { rowHeaders: true, caption: 'Median per immunotype at the timepoint' },
  );
}

/** Discovered against rule-based type for the same participant and visit at the timepoint. */
export function crossTable(discovery: DiscoveryOutputs): string {
  const key = (studyId: string, visit: string) => JSON.stringify([studyId, visit]);
  const ruleOf = new Map(
    discovery.rules.filter((r) => r.visit === discovery.timepoint).map((r) => [key(r.studyId, r.visit), r.immunotype]),
  );
  const present = new Set(ruleOf.values());
  const columns = ['MALS', 'immunoparalysis', 'intermediate', 'unclassifiable'].filter((c) => present.has(c));
  const counts = discovery.names.map(() => columns.map(() => 0));
  let unmatched = 0;
  for (const a of discovery.assignments.filter((x) => x.visit === discovery.timepoint)) {
    const j = columns.indexOf(ruleOf.get(key(a.studyId, a.visit)) ?? '');
    if (j < 0) unmatched += 1;
    else counts[discovery.names.indexOf(a.immunotype)]![j]! += 1;
  }
  return table(
    ['Discovered \\ rule-based', ...columns, 'Total'],
    discovery.names.map((name, i) => [name, ...counts[i]!, counts[i]!.reduce((a, b) => a + b, 0)]),
    {
      rowHeaders: true,
      caption: `At ${discovery.timepoint}${unmatched > 0 ? `; ${unmatched} clustered samples without a rule-based type` : ''}`,
    },
  );
}

export function transitionTables(trajectories: Trajectories): string {
  return trajectories.transitions
    .map((t) =>
      table(
        [`${t.from} \\ ${t.to}`, ...t.types],
        t.types.map((type, i) => [type, ...(t.counts[i] ?? [])]),
        {
          rowHeaders: true,
          className: 'transition',
          caption: `${t.from} → ${t.to}: ${t.sampledBoth} sampled at both (${t.sampledFrom} at ${t.from}, ${t.sampledTo} at ${t.to})`,
        },
      ),
    )
    .join('');
}

import { InputError } from '../core/errors.ts';
import type { AnalysisDefinition } from '../protocol/analysis.ts';
import { ruleSets } from '../protocol/immunotype-rules.ts';
import { assignSamples, buildModel, type ImmunotypeModel } from './assignment.ts';
import type { AnalysisDatasets, SampleRecord } from './dataset.ts';
import { discoverImmunotypes, type ConsensusHeatmap, type ConsensusSummary } from './discovery.ts';
import { applyPreprocessing, fitPreprocessing, type MissingnessReport } from './preprocess.ts';
import type { AnalysisSpec } from './spec.ts';
import { quantileSorted } from './outcomes-values.ts';
import { classifyByRules, ruleImmunotypes } from './rules.ts';
import { buildTrajectories, type Trajectories } from './trajectories.ts';

/**
 * One discovery run from the analysis datasets to its outputs (issue 14 §2): preprocessing of the chosen
 * timepoint's panel, consensus clustering, the saved model, the assignment of every sampled visit, the
 * rule-based types beside them, and both kinds of trajectory. Deterministic for a spec and datasets: the
 * seed drives every random draw, so the same inputs give the same outputs on every machine.
 */

export interface SampleAssignment {
  studyId: string;
  visit: string;
  immunotype: string;
  confidence: number;
  far: boolean;
}

export interface RuleAssignment {
  studyId: string;
  visit: string;
  immunotype: string;
  reason: string;
}

export interface DiscoveryOutputs {
  timepoint: string;
  panel: { code: string; unit: string }[];
  missingness: MissingnessReport;
  /** Samples clustered at the timepoint. */
  n: number;
  byK: ConsensusSummary[];
  /** The chosen k's consensus matrix, ordered by immunotype (null for large cohorts). */
  heatmap: ConsensusHeatmap | null;
  suggestedK: number;
  k: number;
  names: string[];
  sizes: number[];
  /** Per immunotype, each marker's median in its canonical unit (the profile heatmap). */
  profiles: { immunotype: string; medians: (number | null)[] }[];
  model: ImmunotypeModel;
  assignments: SampleAssignment[];
  rules: RuleAssignment[];
  trajectories: { discovered: Trajectories; rules: Trajectories };
}

export type Progress = (stage: string, fraction: number) => void;

export interface MarkerUnits {
  /** Canonical unit of each analyte code (the assay catalogue). */
  unitOf(code: string): string;
}

function panelOf(samples: readonly SampleRecord[], panel: readonly string[]) {
  return {
    markers: panel,
    values: samples.map((sample) => panel.map((code) => sample.values[code] ?? null)),
  };
}

function median(values: number[]): number | null {
  return values.length === 0
    ? null
    : quantileSorted(
        [...values].sort((a, b) => a - b),
        0.5,
      );
}

/**
 * What a run needs before it starts, so that a spec that cannot work is refused at once (and no run is
 * recorded): a sampling visit, analytes with values, a known rule set, and enough usable samples for the
 * largest k asked for.
 */
export function checkRunnable(definition: AnalysisDefinition, datasets: AnalysisDatasets, spec: AnalysisSpec) {
  const timepoint = spec.timepoint ?? definition.discoveryVisit;
  if (!definition.visits.includes(timepoint)) {
    throw new InputError(
      'timepoint',
      `timepoint ${timepoint} is not a sampling visit (${definition.visits.join(', ')})`,
    );
  }
  const panel = spec.panel ?? definition.panel;
  const ruleSet = ruleSets[spec.ruleSet];
  if (ruleSet === undefined) {
    throw new InputError('ruleSet', `unknown rule set ${spec.ruleSet}: use ${Object.keys(ruleSets).join(', ')}`);
  }
  const atTimepoint = datasets.samples.filter((s) => s.visit === timepoint);
  panel.forEach((code, j) => {
    if (!atTimepoint.some((s) => s.values[code] !== undefined)) {
      throw new InputError(`panel.${j}`, `no sample at ${timepoint} has a value of ${code}`);
    }
  });
  if (spec.names !== undefined && spec.k !== undefined && spec.names.length !== spec.k) {
    throw new InputError('names', `${spec.names.length} names for ${spec.k} immunotypes`);
  }
  const usableCount = atTimepoint.filter((s) => usable(s, panel, spec.preprocessing.maxMissingShare)).length;
  const largestK = Math.max(spec.kRange[1], spec.k ?? 2);
  if (usableCount <= largestK) {
    throw new InputError(
      'timepoint',
      `${usableCount} samples at ${timepoint} have enough of the panel; ${largestK} immunotypes need more than ${largestK}`,
    );
  }
  return { timepoint, panel, ruleSet };
}

export async function discover(
  definition: AnalysisDefinition,
  units: MarkerUnits,
  datasets: AnalysisDatasets,
  spec: AnalysisSpec,
  progress: Progress = () => {},
  threads?: number,
): Promise<DiscoveryOutputs> {
  const { timepoint, panel, ruleSet } = checkRunnable(definition, datasets, spec);
  progress('preprocessing', 0.02);
  const atTimepoint = datasets.samples.filter((s) => s.visit === timepoint);
  const fitted = fitPreprocessing(panelOf(atTimepoint, panel), spec.preprocessing);
  const discovered = atTimepoint.filter((_s, i) => fitted.usable[i]);
  const x = applyPreprocessing(fitted.preprocessing, panelOf(discovered, panel));
  progress('consensus clustering', 0.05);
  const discovery = await discoverImmunotypes(x, discovered.length, panel.length, spec, spec.seed, threads, (share) =>
    progress('consensus clustering', 0.05 + 0.75 * share),
  );
  progress('assignment', 0.85);
  const model = buildModel(fitted.preprocessing, x, discovery.cluster, discovery.names);

  // Every other visit's usable samples by the model; the timepoint's own as the discovery clustered them.
  // The confidence of a clustered sample is the model's probability of the immunotype it was clustered into.
  const others = datasets.samples.filter(
    (s) => s.visit !== timepoint && usable(s, panel, spec.preprocessing.maxMissingShare),
  );
  const assignedOthers = assignSamples(model, applyPreprocessing(fitted.preprocessing, panelOf(others, panel)));
  const ownPosterior = assignSamples(model, x);
  const assignments: SampleAssignment[] = [
    ...discovered.map((s, i) => {
      const c = discovery.cluster[i]!;
      const { probabilities, far } = ownPosterior[i]!;
      return {
        studyId: s.studyId,
        visit: s.visit,
        immunotype: discovery.names[c]!,
        confidence: probabilities[c]!,
        far,
      };
    }),
    ...others.map((s, i) => {
      const { immunotype, confidence, far } = assignedOthers[i]!;
      return { studyId: s.studyId, visit: s.visit, immunotype, confidence, far };
    }),
  ].sort(
    (a, b) =>
      a.studyId.localeCompare(b.studyId) || definition.visits.indexOf(a.visit) - definition.visits.indexOf(b.visit),
  );

  const rules = datasets.samples.map((s) => {
    const value = (code: string) => s.values[code]?.value ?? null;
    const result = classifyByRules(
      { ferritinNgMl: value(definition.ruleMarkers.ferritinNgMl), hladrAbc: value(definition.ruleMarkers.hladrAbc) },
      ruleSet,
    );
    return { studyId: s.studyId, visit: s.visit, immunotype: result.immunotype, reason: result.reason };
  });

  const profiles = discovery.names.map((name, c) => ({
    immunotype: name,
    medians: panel.map((code) =>
      median(
        discovered
          .filter((_s, i) => discovery.cluster[i] === c)
          .flatMap((s) => {
            const cell = s.values[code];
            return cell === undefined ? [] : [cell.value];
          }),
      ),
    ),
  }));
  progress('trajectories', 0.9);
  const trajectories = {
    discovered: buildTrajectories(assignments, definition.visits, {
      types: discovery.names,
      persistentType: immunoparalysisLike(discovery.names, profiles, panel.indexOf(definition.ruleMarkers.hladrAbc)),
    }),
    rules: buildTrajectories(
      rules.filter((r) => r.immunotype !== 'unclassifiable'),
      definition.visits,
      { types: ruleImmunotypes.filter((type) => type !== 'unclassifiable') },
    ),
  };
  return {
    timepoint,
    panel: panel.map((code) => ({ code, unit: units.unitOf(code) })),
    missingness: fitted.missingness,
    n: discovered.length,
    byK: discovery.byK,
    heatmap: discovery.heatmap,
    suggestedK: discovery.suggestedK,
    k: discovery.k,
    names: discovery.names,
    sizes: discovery.names.map((_n, c) => discovery.cluster.filter((x) => x === c).length),
    profiles,
    model,
    assignments,
    rules,
    trajectories,
  };
}

function usable(sample: SampleRecord, panel: readonly string[], maxMissingShare: number): boolean {
  const missing = panel.filter((code) => sample.values[code] === undefined).length;
  return missing <= maxMissingShare * panel.length;
}

/**
 * The discovered immunotype whose persistence over the first two visits is counted: the one with the lowest
 * median monocyte HLA-DR (the rule sets' marker of immunoparalysis), or the largest when HLA-DR is not in the
 * panel.
 */
function immunoparalysisLike(
  names: readonly string[],
  profiles: readonly { medians: (number | null)[] }[],
  hladr: number,
): string {
  if (hladr < 0) return names[0]!;
  let best = 0;
  profiles.forEach((profile, c) => {
    if ((profile.medians[hladr] ?? Infinity) < (profiles[best]!.medians[hladr] ?? Infinity)) best = c;
  });
  return names[best]!;
}

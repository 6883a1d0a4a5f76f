import type { AnalysisDefinition } from '../protocol/analysis.ts';
import { trainClassifier, type ClassifierRule } from './classifier.ts';
import { mortalityHorizons, type AnalysisDatasets, type ParticipantRecord } from './dataset.ts';
import { markerAssociations, type MarkerAssociations } from './marker-associations.ts';
import type { OutcomeSubject } from './outcome-types.ts';
import { analyseOutcomes, type OutcomeAnalysis } from './outcomes.ts';
import { discover, type DiscoveryOutputs, type MarkerUnits, type Progress } from './pipeline.ts';
import type { AnalysisSpec } from './spec.ts';

/**
 * A whole analysis run (issue 14 §2–4): the discovery, then outcomes per immunotype (discovered and rule-based
 * at the discovery timepoint, and persistent immunoparalysis), each marker against immunotype and survival,
 * and the bedside classifier when the spec asks for one. Pure apart from the consensus worker threads.
 */

export interface ClassifierOutputs {
  rule: ClassifierRule;
  cvAccuracy: number;
  /** counts[t][c]: samples of immunotype t predicted as c, out of fold. */
  confusion: number[][];
  roc: { immunotype: string; auc: number; fpr: number[]; tpr: number[] }[];
}

export interface AnalysisOutputs {
  discovery: DiscoveryOutputs;
  outcomes: { discovered: OutcomeAnalysis; rules: OutcomeAnalysis; persistence: OutcomeAnalysis | null };
  markers: MarkerAssociations;
  classifier: ClassifierOutputs | null;
}

export async function runAnalysis(
  definition: AnalysisDefinition,
  units: MarkerUnits,
  datasets: AnalysisDatasets,
  spec: AnalysisSpec,
  progress: Progress = () => {},
  threads?: number,
): Promise<AnalysisOutputs> {
  const discovery = await discover(definition, units, datasets, spec, progress, threads);
  progress('outcomes', 0.92);
  const atTimepoint = new Map(
    discovery.assignments.filter((a) => a.visit === discovery.timepoint).map((a) => [a.studyId, a.immunotype]),
  );
  const ruleAtTimepoint = new Map(
    discovery.rules
      .filter((r) => r.visit === discovery.timepoint && r.immunotype !== 'unclassifiable')
      .map((r) => [r.studyId, r.immunotype]),
  );
  const persistent = discovery.trajectories.rules.persistent;
  const persistence = new Map(
    discovery.trajectories.rules.participants
      .filter((p) => p.persistent !== null)
      .map((p) => [p.studyId, p.persistent === true ? persistent.name : `not ${persistent.name}`]),
  );
  const options = {
    horizons: mortalityHorizons.filter((h) => h <= definition.horizonDays),
    competingEndpoints: definition.competingEvents.map((e) => e.name),
    eq5dVisits: definition.visits.filter((visit) => datasets.participants.some((p) => p.eq5d[visit] !== undefined)),
    seed: spec.seed,
  };
  const outcomes = {
    discovered: analyseOutcomes(subjects(datasets.participants, atTimepoint), { ...options, groups: discovery.names }),
    rules: analyseOutcomes(subjects(datasets.participants, ruleAtTimepoint), {
      ...options,
      groups: ['intermediate', 'MALS', 'immunoparalysis'].filter((g) => [...ruleAtTimepoint.values()].includes(g)),
    }),
    persistence:
      persistence.size === 0
        ? null
        : analyseOutcomes(subjects(datasets.participants, persistence), {
            ...options,
            groups: [`not ${persistent.name}`, persistent.name].filter((g) => [...persistence.values()].includes(g)),
          }),
  };

  progress('markers', 0.95);
  const panel = discovery.panel.map((m) => m.code);
  const clustered = datasets.samples.filter((s) => s.visit === discovery.timepoint && atTimepoint.has(s.studyId));
  const values = new Float64Array(clustered.length * panel.length);
  clustered.forEach((s, i) =>
    panel.forEach((code, j) => (values[i * panel.length + j] = s.values[code]?.value ?? NaN)),
  );
  const survivalOf = new Map(datasets.participants.map((p) => [p.studyId, p.survival]));
  const markers = markerAssociations({
    markers: panel,
    values,
    groups: clustered.map((s) => atTimepoint.get(s.studyId)!),
    survival: clustered.map((s) => survivalOf.get(s.studyId) ?? null),
    groupOrder: discovery.names,
  });

  let classifier: ClassifierOutputs | null = null;
  if (spec.classifier !== undefined) {
    progress('classifier', 0.97);
    const training = trainClassifier({
      markers: discovery.panel.map(({ code, unit }) => ({ name: code, unit, transform: 'log' as const })),
      values,
      labels: Int32Array.from(clustered, (s) => discovery.names.indexOf(atTimepoint.get(s.studyId)!)),
      immunotypes: discovery.names,
      maxMarkers: spec.classifier.maxMarkers,
      seed: spec.seed,
    });
    const k = discovery.names.length;
    classifier = {
      rule: training.rule,
      cvAccuracy: training.confusion.accuracy,
      confusion: discovery.names.map((_t, t) => Array.from(training.confusion.counts.slice(t * k, (t + 1) * k))),
      roc: training.roc.map((curve, c) => ({
        immunotype: discovery.names[c]!,
        auc: curve.auc,
        fpr: Array.from(curve.fpr),
        tpr: Array.from(curve.tpr),
      })),
    };
  }
  progress('done', 1);
  return { discovery, outcomes, markers, classifier };
}

function subjects(participants: readonly ParticipantRecord[], groupOf: ReadonlyMap<string, string>): OutcomeSubject[] {
  return participants.flatMap((p) => {
    const group = groupOf.get(p.studyId);
    if (group === undefined) return [];
    const { studyId, age, sex, sofa2, infectionSite, survival, competing, eq5d } = p;
    return [{ studyId, group, age, sex, sofa2, infectionSite, survival, competing, eq5d }];
  });
}

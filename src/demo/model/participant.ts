import type { Rng } from '../../stats/random.ts';
import { drawBiomarkers, type PlantedResults } from './biomarkers.ts';
import {
  drawImmunotype,
  drawSeverity,
  plannedTrajectory,
  sofa2AtAdmission,
  type Immunotype,
  type Visit,
} from './immunotypes.ts';
import { drawOutcomes, type PlantedOutcomes } from './outcomes.ts';

/**
 * One participant of the model, drawn in the order the pieces depend on each other: the D0 type and the latent
 * severity, then the outcomes (which depend on both), then the trajectory of types (which depends on surviving
 * the hospital stay). Samples are drawn separately, per visit the generator actually samples.
 */
export interface PlantedParticipant {
  immunotype: Immunotype;
  severity: number;
  /** SOFA-2 of the first ICU day. */
  sofa2: number;
  outcomes: PlantedOutcomes;
  /** Left the hospital alive. */
  survivor: boolean;
  /** The planted type at each visit: what the truth file records for the visits sampled. */
  trajectory: Record<Visit, Immunotype>;
}

/**
 * Each part draws from its own stream (`Rng.split`), so that changing how one part draws (another outcome, a new
 * transition) does not shift the draws of the others.
 */
export function plantParticipant(rng: Rng): PlantedParticipant {
  const typeRng = rng.split();
  const outcomeRng = rng.split();
  const trajectoryRng = rng.split();
  const immunotype = drawImmunotype(typeRng);
  const severity = drawSeverity(typeRng);
  const outcomes = drawOutcomes(outcomeRng, immunotype, severity);
  const survivor = outcomes.dischargeDay !== null;
  return {
    immunotype,
    severity,
    sofa2: sofa2AtAdmission(immunotype, severity),
    outcomes,
    survivor,
    trajectory: plannedTrajectory(trajectoryRng, immunotype, survivor),
  };
}

/** The biomarkers of one visit of a participant, for the type planted at that visit. */
export function plantSample(rng: Rng, participant: PlantedParticipant, visit: Visit): PlantedResults {
  const { trajectory, survivor, severity } = participant;
  return drawBiomarkers(rng, { type: trajectory[visit], visit, survivor, severity });
}

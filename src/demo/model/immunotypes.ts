import type { Rng } from '../../stats/random.ts';

/**
 * The immunotypes planted in the demo cohort (issue 13): who has which type at admission, how sick they are
 * within it, and how the type changes over the year. Pure and seeded: every draw comes from the caller's `Rng`
 * (src/stats/random.ts), so the same seed plants the same cohort.
 *
 * The types are what the analysis should find, not the rule-based classes of immunotypes.md §1: MALS and
 * immunoparalysis are planted so that the rule's cut-offs (ferritin > 4420 ng/mL; mHLA-DR < 5000 AB/C with
 * ferritin <= 4420) recover most of them, and the two types without a rule (hyperinflammatory, adaptive) overlap
 * with them as real patients do.
 */

export const immunotypes = ['mals', 'immunoparalysis', 'hyperinflammatory', 'adaptive'] as const;
export type Immunotype = (typeof immunotypes)[number];

/** The protocol's sampling visits (study-protocol.md "Timepoints"), in order. */
export const visits = ['D0', 'D3', 'DIS', 'M3', 'M12'] as const;
export type Visit = (typeof visits)[number];

/** Share of each type at D0. */
export const prevalence: Readonly<Record<Immunotype, number>> = {
  // immunotypes.md §5: ferritin > 4420 in about 5–20 % of ICU sepsis; PROVIDE (§1) found 20 % in a sicker cohort.
  mals: 0.1,
  // immunotypes.md §1: PROVIDE found 43 % immunoparalysis; lower here because our cohort includes medium care.
  immunoparalysis: 0.25,
  // immunotypes.md §2 (hyper-/hypo-inflammatory LCA classes): the non-MALS hyperinflammatory part of PROVIDE's
  // 37 % intermediate, plus its share of the milder medium-care patients. Our assumption.
  hyperinflammatory: 0.3,
  // The rest: mild, near-normal HLA-DR; our assumption for a cohort of ICU and medium-care patients.
  adaptive: 0.35,
};

export function drawImmunotype(rng: Rng): Immunotype {
  return drawFrom(rng, prevalence);
}

/**
 * A participant's latent severity: standard normal, shared by every biomarker of every visit and by the outcome
 * draws, so that the sicker patients of a type have higher cytokines, lower HLA-DR and die more often. Drawn
 * independently of the type (the type's own level is in the biomarker table) and kept within ±3 so that no
 * participant is implausibly extreme.
 */
export function drawSeverity(rng: Rng): number {
  return Math.max(-3, Math.min(3, rng.normal()));
}

/** SOFA-2 points above the cohort's median by type: MALS patients are the sickest. Our assumption. */
const sofa2ByType: Readonly<Record<Immunotype, number>> = {
  mals: 3,
  immunoparalysis: 0.5,
  hyperinflammatory: 1,
  adaptive: -1.5,
};

/**
 * SOFA-2 on the first ICU day: immunotypes.md §5, median ~8 (IQR 5–11). Inclusion needs >= 2
 * (study-protocol.md "Eligibility"); 24 is the scale's maximum.
 */
export function sofa2AtAdmission(type: Immunotype, severity: number): number {
  const sofa = 7.8 + sofa2ByType[type] + 3.6 * severity;
  return Math.max(2, Math.min(24, Math.round(sofa)));
}

/**
 * Probability of each type at the next visit given the type at the previous one. Survivors resolve: cytokine
 * storms settle and HLA-DR recovers (immunotypes.md §5 "by day 3 survivors' cytokines fall sharply … mHLA-DR
 * rises in survivors and stays low in non-survivors"); non-survivors slide into or stay in immunoparalysis.
 * MALS and the hyperinflammatory type are acute states and do not last to M3; immunoparalysis persists in a
 * few survivors (immunotypes.md §2.6: "persistence of immunoparalysis is itself a candidate immunotype").
 * The exact shares are our assumption.
 */
type Transitions = Readonly<Record<Immunotype, Readonly<Partial<Record<Immunotype, number>>>>>;
export const transitions: Readonly<
  Record<'survivor' | 'nonSurvivor', Readonly<Record<Exclude<Visit, 'D0'>, Transitions>>>
> = {
  survivor: {
    D3: {
      mals: { mals: 0.45, hyperinflammatory: 0.25, immunoparalysis: 0.1, adaptive: 0.2 },
      immunoparalysis: { immunoparalysis: 0.5, adaptive: 0.4, hyperinflammatory: 0.1 },
      // Issue 13's example of a changing trajectory: hyperinflammatory at D0, immunoparalysis at D3.
      hyperinflammatory: { hyperinflammatory: 0.35, immunoparalysis: 0.15, adaptive: 0.5 },
      adaptive: { adaptive: 0.9, immunoparalysis: 0.05, hyperinflammatory: 0.05 },
    },
    DIS: {
      mals: { mals: 0.2, hyperinflammatory: 0.2, immunoparalysis: 0.2, adaptive: 0.4 },
      immunoparalysis: { immunoparalysis: 0.4, adaptive: 0.6 },
      hyperinflammatory: { hyperinflammatory: 0.2, immunoparalysis: 0.15, adaptive: 0.65 },
      adaptive: { adaptive: 0.95, immunoparalysis: 0.05 },
    },
    M3: {
      mals: { adaptive: 0.9, immunoparalysis: 0.1 },
      immunoparalysis: { immunoparalysis: 0.3, adaptive: 0.7 },
      hyperinflammatory: { adaptive: 0.95, immunoparalysis: 0.05 },
      adaptive: { adaptive: 0.97, immunoparalysis: 0.03 },
    },
    M12: {
      mals: { adaptive: 1 },
      immunoparalysis: { immunoparalysis: 0.4, adaptive: 0.6 },
      hyperinflammatory: { adaptive: 1 },
      adaptive: { adaptive: 0.98, immunoparalysis: 0.02 },
    },
  },
  // Non-survivors die in hospital: DIS, M3 and M12 are never sampled, their types only complete the record.
  nonSurvivor: {
    D3: {
      mals: { mals: 0.75, immunoparalysis: 0.15, hyperinflammatory: 0.1 },
      immunoparalysis: { immunoparalysis: 0.85, hyperinflammatory: 0.1, mals: 0.05 },
      hyperinflammatory: { hyperinflammatory: 0.45, immunoparalysis: 0.35, mals: 0.1, adaptive: 0.1 },
      adaptive: { adaptive: 0.5, immunoparalysis: 0.3, hyperinflammatory: 0.2 },
    },
    DIS: {
      mals: { mals: 0.7, immunoparalysis: 0.3 },
      immunoparalysis: { immunoparalysis: 0.9, hyperinflammatory: 0.1 },
      hyperinflammatory: { hyperinflammatory: 0.5, immunoparalysis: 0.5 },
      adaptive: { adaptive: 0.5, immunoparalysis: 0.5 },
    },
    M3: {
      mals: { immunoparalysis: 1 },
      immunoparalysis: { immunoparalysis: 1 },
      hyperinflammatory: { immunoparalysis: 1 },
      adaptive: { adaptive: 1 },
    },
    M12: {
      mals: { immunoparalysis: 1 },
      immunoparalysis: { immunoparalysis: 1 },
      hyperinflammatory: { immunoparalysis: 1 },
      adaptive: { adaptive: 1 },
    },
  },
};

/**
 * The planted type at every visit, starting from the D0 type. `survivor`: leaves the hospital alive (the
 * generator knows it from the outcomes, drawn first). The caller writes the types of the sampled visits to the
 * truth file.
 */
export function plannedTrajectory(rng: Rng, d0Type: Immunotype, survivor: boolean): Record<Visit, Immunotype> {
  const table = transitions[survivor ? 'survivor' : 'nonSurvivor'];
  const trajectory: Record<Visit, Immunotype> = { D0: d0Type, D3: d0Type, DIS: d0Type, M3: d0Type, M12: d0Type };
  let current = d0Type;
  for (const visit of visits) {
    if (visit === 'D0') continue;
    current = drawFrom(rng, table[visit][current]);
    trajectory[visit] = current;
  }
  return trajectory;
}

/** One key of a table of probabilities (the missing keys have probability 0), by one uniform draw. */
function drawFrom<K extends string>(rng: Rng, probabilities: Readonly<Partial<Record<K, number>>>): K {
  const entries = Object.entries(probabilities) as [K, number][];
  let left = rng.uniform();
  for (const [key, p] of entries) {
    left -= p;
    if (left < 0) return key;
  }
  // Rounding can leave a sliver above the last cumulative sum: it belongs to the last option.
  return entries[entries.length - 1]![0];
}

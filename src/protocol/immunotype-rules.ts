/**
 * Rule-based immunotypes (shared/docs/immunotypes.md §1) as versioned data: the cut-offs are the published ones
 * of one trial lineage, other groups use others, and a classification is only reproducible with the rule set
 * that produced it. So a rule set is named and versioned, and every classification stores both; a changed
 * threshold is a new version (or a new rule set), never an edit of an existing one.
 */

export interface ImmunotypeRuleSet {
  /** Unique among the rule sets; what `septype immunotype rules --rule-set` takes. */
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly thresholds: {
    /** MALS when serum ferritin is strictly above this (ng/mL); at the threshold is not MALS. */
    readonly ferritinNgMl: number;
    /** Immunoparalysis when monocyte HLA-DR is strictly below this (AB/C) and ferritin is not above its own. */
    readonly hladrAbc: number;
  };
  /** The units the thresholds (and the values classified with them) are in: what reasons print. */
  readonly units: { readonly ferritin: string; readonly hladr: string };
  /** How each value must be measured for the thresholds to apply: AB/C from another method are not comparable. */
  readonly assay: { readonly ferritin: string; readonly hladr: string };
}

const units = { ferritin: 'ng/mL', hladr: 'AB/C' } as const;

const assay = {
  ferritin: 'serum ferritin (clinical chemistry)',
  hladr:
    'monocyte HLA-DR in antibodies bound per cell: BD Quantibrite anti-HLA-DR PE on CD45+/CD14+ monocytes, ' +
    'calibrated with Quantibrite PE beads (septype hladr calibrate)',
} as const;

/**
 * The ImmunoSep lineage's rule: PROVIDE (Leventogiannis et al., Cell Rep Med 2022) and ImmunoSep
 * (Giamarellos-Bourboulis et al., JAMA 2025) randomised on it. The ferritin cut-off of 4420 ng/mL is the one
 * derived for macrophage-activation-like syndrome by Kyriazopoulou et al. (BMC Med 2017). As in both trials,
 * immunoparalysis requires ferritin ≤ 4420 ng/mL, so MALS takes precedence when HLA-DR is low as well.
 */
export const immunoSepRules: ImmunotypeRuleSet = {
  name: 'ImmunoSep',
  version: '1',
  description:
    'MALS: ferritin > 4420 ng/mL; immunoparalysis: monocyte HLA-DR < 5000 AB/C with ferritin ≤ 4420 ng/mL; ' +
    'intermediate: both measured and neither (PROVIDE, ImmunoSep)',
  thresholds: { ferritinNgMl: 4420, hladrAbc: 5000 },
  units,
  assay,
};

/**
 * The wider HLA-DR cut-off of the literature (< 8000 AB/C, e.g. the GM-CSF trial of Meisel et al., Am J Respir
 * Crit Care Med 2009), with the same ferritin rule. Offered for comparison, never the default: those trials
 * asked for the low value to persist (two consecutive days, or at day 5–7), which one sample cannot show; the
 * persistence is the trajectories' business (src/immunotype/trajectories.ts).
 */
export const hladr8000Rules: ImmunotypeRuleSet = {
  name: 'HLA-DR-8000',
  version: '1',
  description:
    'MALS: ferritin > 4420 ng/mL; immunoparalysis: monocyte HLA-DR < 8000 AB/C with ferritin ≤ 4420 ng/mL; ' +
    'intermediate: both measured and neither (alternative HLA-DR cut-off, not the default)',
  thresholds: { ferritinNgMl: 4420, hladrAbc: 8000 },
  units,
  assay,
};

export const defaultRuleSetName = immunoSepRules.name;

/** Every rule set by name; the default is `defaultRuleSetName`. */
export const ruleSets: Readonly<Record<string, ImmunotypeRuleSet>> = Object.freeze({
  [immunoSepRules.name]: immunoSepRules,
  [hladr8000Rules.name]: hladr8000Rules,
});

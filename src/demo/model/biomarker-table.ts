import type { Immunotype, Visit } from './immunotypes.ts';

/**
 * Every number of the planted biomarkers, as data. Units are the canonical units of the study's assay catalogue
 * (src/protocol/nct07273344/assays.ts), which also gives the limits of detection.
 *
 * Sources: "§5" is immunotypes.md "Numbers for a realistic synthetic cohort" (day-0 medians and IQRs of ICU
 * sepsis, the day-3 and M3/M12 courses); "§1" its rule-based immunotypes. The docs give no healthy values apart
 * from HLA-DR, nor the type-by-type profiles: those are our assumptions from the sepsis literature the docs cite,
 * tuned (see biomarkers.test.ts) so that the cohort as a whole matches §5.
 */

/** Drawn analytes; `hladr_pos_mono` and `leukocytes` are derived from them (see biomarkers.ts). */
export const drawnAnalytes = [
  'il6',
  'il8',
  'il10',
  'il1b',
  'il1ra',
  'tnf',
  'ifng',
  'ferritin',
  'crp',
  'pct',
  'scd163',
  'spdl1',
  'mhladr',
  'neutrophils',
  'lymphocytes',
  'monocytes',
  'lps_tnf',
  'lps_il6',
  'lps_il10',
] as const;
export type DrawnAnalyte = (typeof drawnAnalytes)[number];
export const analyteCodes = [...drawnAnalytes, 'hladr_pos_mono', 'leukocytes'] as const;
export type AnalyteCode = (typeof analyteCodes)[number];

/** How a marker follows the visits (the rows of `course`). */
type Course = 'cytokine' | 'pct' | 'ferritin' | 'crp' | 'soluble' | 'spdl1' | 'monocyte' | 'cells';

interface Marker {
  unit: string;
  /** Median in healthy adults: where a marker returns to, and the scale of the course fractions. */
  healthy: number;
  /** SD of the natural log within a type and visit (the IQR is e^(±0.674·sd) around the median). */
  sdLog: number;
  /**
   * Loadings of log(value)/sdLog on three shared standard-normal factors: the participant's severity, the
   * sample's inflammatory burst, the sample's monocyte function. What is left over is the marker's own noise;
   * the squares sum to at most 1, so the spread within a type is exactly `sdLog`.
   */
  loadings: readonly [severity: number, inflammation: number, monocyte: number];
  course: Course;
}

// Cytokines move together (severity and the inflammatory burst); HLA-DR, ex vivo LPS responses and
// lymphocytes fall with severity (§1: the immunoparalysis markers are HLA-DR, LPS-induced TNF, lymphocytes).
export const markers: Readonly<Record<DrawnAnalyte, Marker>> = {
  // §5: IL-6 ~450 (200–800), IL-8 ~250 (70–470), IL-10 10–100, TNF ~80, IL-1β single digits often < LOD.
  il6: { unit: 'pg/mL', healthy: 2, sdLog: 0.41, loadings: [0.225, 0.6, 0], course: 'cytokine' },
  il8: { unit: 'pg/mL', healthy: 6, sdLog: 0.46, loadings: [0.2, 0.55, 0], course: 'cytokine' },
  il10: { unit: 'pg/mL', healthy: 2, sdLog: 0.49, loadings: [0.225, 0.45, -0.2], course: 'cytokine' },
  il1b: { unit: 'pg/mL', healthy: 0.5, sdLog: 0.49, loadings: [0.15, 0.45, 0], course: 'cytokine' },
  // §5: IL-1Ra several ng/mL.
  il1ra: { unit: 'pg/mL', healthy: 300, sdLog: 0.43, loadings: [0.2, 0.5, 0], course: 'cytokine' },
  tnf: { unit: 'pg/mL', healthy: 6, sdLog: 0.38, loadings: [0.2, 0.55, 0], course: 'cytokine' },
  // §5: IFN-γ low except in MALS.
  ifng: { unit: 'pg/mL', healthy: 2, sdLog: 0.49, loadings: [0.125, 0.35, 0], course: 'cytokine' },
  // §5: ferritin ~600 (300–1050), > 4420 in about 5–20 %.
  ferritin: { unit: 'ng/mL', healthy: 100, sdLog: 0.32, loadings: [0.2, 0.2, 0], course: 'ferritin' },
  // §5: CRP ~150 (70–250).
  crp: { unit: 'mg/L', healthy: 1.5, sdLog: 0.38, loadings: [0.225, 0.3, 0], course: 'crp' },
  // §5: procalcitonin ~5 (1.5–30): the widest of the panel.
  pct: { unit: 'ng/mL', healthy: 0.03, sdLog: 0.73, loadings: [0.2, 0.4, 0], course: 'pct' },
  // §5: sCD163 ~4.6 mg/L (2.8–8.9).
  scd163: { unit: 'mg/L', healthy: 1.5, sdLog: 0.27, loadings: [0.2, 0.2, 0], course: 'soluble' },
  // Not in §5: sepsis a few hundred pg/mL against ~80 in health; stays raised after discharge (§5).
  spdl1: { unit: 'pg/mL', healthy: 80, sdLog: 0.27, loadings: [0.25, 0.15, -0.2], course: 'spdl1' },
  // §5: < 5000 in immunoparalysis (2700, 1500–5000), < 8000 common in shock, healthy 25,000–45,000.
  mhladr: { unit: 'AB/C', healthy: 32000, sdLog: 0.3, loadings: [-0.2, 0, 0.6], course: 'monocyte' },
  // §5: neutrophils ~10, lymphocytes 0.7 (0.4–1.1), monocytes ~0.6 (×10⁹/L).
  neutrophils: { unit: '10*9/L', healthy: 3.8, sdLog: 0.3, loadings: [0.15, 0.3, 0], course: 'cells' },
  lymphocytes: { unit: '10*9/L', healthy: 1.9, sdLog: 0.3, loadings: [-0.225, 0, 0.2], course: 'cells' },
  monocytes: { unit: '10*9/L', healthy: 0.5, sdLog: 0.32, loadings: [0, 0.2, 0.2], course: 'cells' },
  // §1: LPS-stimulated whole-blood TNF < 200 pg/mL marks immunoparalysis; healthy blood makes over 1000.
  lps_tnf: { unit: 'pg/mL', healthy: 1500, sdLog: 0.38, loadings: [-0.175, 0, 0.65], course: 'monocyte' },
  lps_il6: { unit: 'pg/mL', healthy: 8000, sdLog: 0.32, loadings: [-0.15, 0, 0.6], course: 'monocyte' },
  // IL-10 production is kept in immunoparalysis (the anti-inflammatory side), so it barely follows the others.
  lps_il10: { unit: 'pg/mL', healthy: 300, sdLog: 0.32, loadings: [0, 0, 0.2], course: 'monocyte' },
};

/**
 * Median of each marker at D0 by type. Chosen so that the whole cohort matches §5 and the §1 cut-offs
 * recover the planted groups: MALS ferritin far above 4420 (~90 % above it), the others far below;
 * immunoparalysis HLA-DR far below 5000, the hyperinflammatory type close enough above it to overlap.
 * MALS (§1, §5): ferritin, sCD163, IFN-γ and IL-6 up, cytopenias. Immunoparalysis (§1): low HLA-DR, IL-10 high,
 * LPS-induced TNF low, lymphopenia. Hyperinflammatory, not MALS: cytokines and PCT high, ferritin below 4420,
 * HLA-DR intermediate. Adaptive (mild): near-normal HLA-DR, moderate cytokines, lymphocytes better.
 */
export const d0Medians: Readonly<Record<DrawnAnalyte, Readonly<Record<Immunotype, number>>>> = {
  il6: { mals: 1300, immunoparalysis: 320, hyperinflammatory: 950, adaptive: 200 },
  il8: { mals: 450, immunoparalysis: 190, hyperinflammatory: 480, adaptive: 110 },
  il10: { mals: 70, immunoparalysis: 45, hyperinflammatory: 35, adaptive: 12 },
  il1b: { mals: 4, immunoparalysis: 1.5, hyperinflammatory: 3, adaptive: 1.1 },
  il1ra: { mals: 14000, immunoparalysis: 5000, hyperinflammatory: 9000, adaptive: 2600 },
  tnf: { mals: 140, immunoparalysis: 65, hyperinflammatory: 120, adaptive: 50 },
  ifng: { mals: 40, immunoparalysis: 3, hyperinflammatory: 6, adaptive: 4 },
  ferritin: { mals: 8000, immunoparalysis: 650, hyperinflammatory: 750, adaptive: 380 },
  crp: { mals: 190, immunoparalysis: 150, hyperinflammatory: 210, adaptive: 110 },
  pct: { mals: 12, immunoparalysis: 5, hyperinflammatory: 14, adaptive: 1.8 },
  scd163: { mals: 12, immunoparalysis: 4.8, hyperinflammatory: 5, adaptive: 3.3 },
  spdl1: { mals: 420, immunoparalysis: 420, hyperinflammatory: 300, adaptive: 190 },
  mhladr: { mals: 5500, immunoparalysis: 2600, hyperinflammatory: 7500, adaptive: 14000 },
  neutrophils: { mals: 8.5, immunoparalysis: 10, hyperinflammatory: 12.5, adaptive: 9 },
  lymphocytes: { mals: 0.55, immunoparalysis: 0.5, hyperinflammatory: 0.7, adaptive: 1 },
  monocytes: { mals: 0.45, immunoparalysis: 0.55, hyperinflammatory: 0.7, adaptive: 0.6 },
  lps_tnf: { mals: 450, immunoparalysis: 150, hyperinflammatory: 650, adaptive: 950 },
  lps_il6: { mals: 4000, immunoparalysis: 1800, hyperinflammatory: 5000, adaptive: 6500 },
  lps_il10: { mals: 400, immunoparalysis: 420, hyperinflammatory: 330, adaptive: 280 },
};

/**
 * The markers that define a type keep their D0 level at every visit the participant is planted in that type,
 * so that the truth file stays honest (a participant planted MALS at D3 has MALS ferritin at D3). Every other
 * marker follows `course`.
 */
export const hallmarks: Readonly<Record<Immunotype, readonly DrawnAnalyte[]>> = {
  mals: ['ferritin', 'scd163'],
  immunoparalysis: ['mhladr', 'lps_tnf', 'lymphocytes'],
  hyperinflammatory: [],
  adaptive: [],
};

/**
 * Fraction of the D0 distance from health (on the log scale) left at each visit: 1 = as at D0, 0 = healthy.
 * During admission survivors and non-survivors differ (§5: "by day 3 survivors' cytokines fall sharply,
 * lymphocytes recover (~1.1), mHLA-DR rises in survivors and stays low in non-survivors"); M3 and M12 are only
 * sampled in survivors (§5: "most values near normal but CRP and sPD-L1 stay raised in about a quarter to half").
 * Ferritin and PCT fall more slowly than the cytokines (their half-lives are days, not hours).
 */
export const course: Readonly<
  Record<Course, Readonly<Record<Exclude<Visit, 'D0'>, readonly [survivor: number, nonSurvivor: number]>>>
> = {
  cytokine: { D3: [0.5, 0.9], DIS: [0.25, 0.85], M3: [0.1, 0.1], M12: [0.06, 0.06] },
  pct: { D3: [0.75, 1], DIS: [0.3, 0.9], M3: [0.05, 0.05], M12: [0.03, 0.03] },
  ferritin: { D3: [0.95, 1.03], DIS: [0.8, 1], M3: [0.35, 0.35], M12: [0.25, 0.25] },
  // CRP and sPD-L1: M3/M12 medians just under the upper reference limit, so that a quarter to a half stay above.
  crp: { D3: [0.85, 1], DIS: [0.5, 0.9], M3: [0.24, 0.24], M12: [0.235, 0.235] },
  soluble: { D3: [0.85, 1], DIS: [0.6, 1], M3: [0.2, 0.2], M12: [0.15, 0.15] },
  spdl1: { D3: [0.9, 1], DIS: [0.75, 1], M3: [0.55, 0.55], M12: [0.52, 0.52] },
  // HLA-DR and ex vivo responses: recover in survivors, slightly worse in non-survivors.
  monocyte: { D3: [0.7, 1.05], DIS: [0.4, 1.05], M3: [0.1, 0.1], M12: [0.05, 0.05] },
  cells: { D3: [0.55, 1], DIS: [0.35, 1], M3: [0.1, 0.1], M12: [0.05, 0.05] },
};

/**
 * % HLA-DR+ monocytes from mHLA-DR (a percentage cannot be log-normal): logit(%/100) rises with log AB/C, about
 * 93 % at healthy levels and about 30 % at 2000 AB/C (§1 names < 30 % at day 3–4 as a cut-off).
 */
export const hladrPositive = { midpointAbc: 4000, slope: 1.3, sdLogit: 0.35 } as const;

/** Eosinophils and basophils, added to the three counts to make the leukocytes (§5: ~12 ×10⁹/L, 8–18). */
export const otherLeukocytes = { median: 0.15, sdLog: 0.6 } as const;

/**
 * Upper reference limits of the two markers that stay raised after sepsis (§5: in about a quarter to half at
 * M3/M12): CRP's usual 5 mg/L; for sPD-L1 our assumption, about twice the healthy median.
 */
export const upperReference = { crp: 5, spdl1: 150 } as const;

import { assayCatalogue } from '../../protocol/nct07273344/assays.ts';
import type { Rng } from '../../stats/random.ts';
import {
  analyteCodes,
  course,
  d0Medians,
  drawnAnalytes,
  hallmarks,
  hladrPositive,
  markers,
  otherLeukocytes,
  type AnalyteCode,
  type DrawnAnalyte,
} from './biomarker-table.ts';
import type { Immunotype, Visit } from './immunotypes.ts';

/**
 * One sample's biomarkers for a planted immunotype (numbers in ./biomarker-table.ts). Log-normal per marker, and
 * correlated: each log value is the type's median at that visit plus the participant's severity (shared by all
 * the participant's samples), the sample's inflammatory burst (shared by its cytokines) and the sample's
 * monocyte function (shared by HLA-DR and the ex vivo responses), each with the marker's loading, plus the
 * marker's own noise. The spread within a type is wide enough that the types overlap as in real cohorts.
 */

export interface PlantedValue {
  /** In the analyte's canonical unit; the limit of detection itself when below it. */
  value: number;
  qualifier: '<LOD' | null;
}
export type PlantedResults = Record<AnalyteCode, PlantedValue>;

export interface SampleContext {
  /** The planted type at this visit (./immunotypes.ts plannedTrajectory). */
  type: Immunotype;
  visit: Visit;
  /** Leaves the hospital alive: during admission, the courses of survivors and non-survivors differ. */
  survivor: boolean;
  /** The participant's latent severity (./immunotypes.ts drawSeverity), standard normal. */
  severity: number;
}

/**
 * Limits of detection from the study's assay catalogue (version 1 of each assay), so that the demo's `<LOD`
 * matches what the laboratory import would say. An analyte missing from the catalogue is a mistake in the table:
 * refused when the module loads, not silently left without a limit.
 */
const catalogue = new Map(assayCatalogue.flatMap((assay) => assay.analytes).map((a) => [a.code, a]));
const lods = new Map<AnalyteCode, number | null>(
  analyteCodes.map((code) => {
    const analyte = catalogue.get(code);
    if (analyte === undefined) throw new Error(`demo model: analyte ${code} is not in the study's assay catalogue`);
    return [code, analyte.lod];
  }),
);

/**
 * The median of a marker at a visit for a type: the D0 median moved back towards health by the visit's course,
 * except for the type's hallmarks, which stay at their D0 level while the participant has the type.
 */
export function plantedMedian(analyte: DrawnAnalyte, sample: Omit<SampleContext, 'severity'>): number {
  const marker = markers[analyte];
  const d0 = d0Medians[analyte][sample.type];
  if (sample.visit === 'D0' || hallmarks[sample.type].includes(analyte)) return d0;
  const [survivor, nonSurvivor] = course[marker.course][sample.visit];
  const remaining = sample.survivor ? survivor : nonSurvivor;
  return Math.exp(Math.log(marker.healthy) + remaining * Math.log(d0 / marker.healthy));
}

/**
 * Every analyte of one sample. Always consumes the same number of draws (two factors, one per drawn marker, one
 * each for the derived ones), so a participant's later samples do not depend on the values of earlier ones.
 */
export function drawBiomarkers(rng: Rng, sample: SampleContext): PlantedResults {
  const inflammation = rng.normal();
  const monocyte = rng.normal();
  const raw = {} as Record<AnalyteCode, number>;
  for (const analyte of drawnAnalytes) {
    const { sdLog, loadings } = markers[analyte];
    const [onSeverity, onInflammation, onMonocyte] = loadings;
    const own = Math.sqrt(Math.max(0, 1 - onSeverity ** 2 - onInflammation ** 2 - onMonocyte ** 2));
    const z = onSeverity * sample.severity + onInflammation * inflammation + onMonocyte * monocyte + own * rng.normal();
    raw[analyte] = plantedMedian(analyte, sample) * Math.exp(sdLog * z);
  }
  // A percentage of monocytes follows the antibodies bound per cell through a logistic curve.
  const logit =
    hladrPositive.slope * Math.log(raw.mhladr / hladrPositive.midpointAbc) + hladrPositive.sdLogit * rng.normal();
  raw.hladr_pos_mono = 100 / (1 + Math.exp(-logit));
  // The differential adds up: leukocytes are the three counts plus eosinophils and basophils.
  const others = otherLeukocytes.median * Math.exp(otherLeukocytes.sdLog * rng.normal());
  raw.leukocytes = raw.neutrophils + raw.lymphocytes + raw.monocytes + others;

  const results = {} as PlantedResults;
  for (const code of analyteCodes) results[code] = reported(raw[code], lods.get(code) ?? null);
  return results;
}

/** As a laboratory reports it: the limit with `<LOD` below it, else three significant digits. */
export function reported(value: number, lod: number | null): PlantedValue {
  if (lod !== null && value < lod) return { value: lod, qualifier: '<LOD' };
  return { value: Number(value.toPrecision(3)), qualifier: null };
}

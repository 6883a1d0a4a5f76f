import type { AssayDefinition } from '../protocol/assays.ts';
import type { Rng } from '../stats/random.ts';
import type { AnalyteCode } from './model/biomarker-table.ts';
import type { PlantedResults } from './model/biomarkers.ts';

/**
 * What the laboratory hands back, built from the planted values: a long results file (one row per sample and
 * analyte, below the limit of detection written `<LOD value` as laboratories do) for the import, and a Quantibrite
 * bead run whose fluorescences convert back to the planted HLA-DR (reference-data.md). Pure.
 */

/** A sample measured: the planted results and the barcode of the aliquot of each sample type. */
export interface MeasuredSample {
  results: PlantedResults;
  barcodes: Readonly<Record<string, string>>;
}

/** HLA-DR comes through the bead calibration, not the file. */
const calibrated: ReadonlySet<string> = new Set<AnalyteCode>(['mhladr']);

export function longResultFile(
  assays: readonly AssayDefinition[],
  samples: readonly MeasuredSample[],
  plate: string,
): string {
  const lines = ['Sample,Analyte,Value,Unit,Plate'];
  for (const sample of samples) {
    for (const assay of assays) {
      const barcode = sample.barcodes[assay.sampleType];
      if (barcode === undefined) continue;
      for (const analyte of assay.analytes) {
        const planted = sample.results[analyte.code as AnalyteCode] as PlantedResults[AnalyteCode] | undefined;
        if (planted === undefined || calibrated.has(analyte.code)) continue;
        const value = planted.qualifier === '<LOD' ? `<${planted.value}` : String(planted.value);
        lines.push(`${barcode},${csvCell(analyte.name)},${value},${analyte.unit},${plate}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const csvCell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** PE molecules per bead of the four Quantibrite levels (the lot's insert; reference-data.md's fixture). */
const pePerBead = [500, 5000, 25000, 65000];

export interface BeadRun {
  beads: { pePerBead: number; mfi: number }[];
  /** Fluorescence of a sample with `abc` antibodies bound per cell, on this run's line. */
  mfiOf(abc: number): number;
}

/**
 * One acquisition session: the cytometer's line log10(PE) = m·log10(MFI) + c drifts a little from run to run
 * (slope near 1, intercept near 0.36), and each bead peak is read with a little noise, well inside the quality
 * limits (R² ≥ 0.98, residual ≤ 0.05 log10).
 */
export function beadRun(rng: Rng): BeadRun {
  const slope = 1.0 + 0.03 * rng.normal();
  const intercept = 0.36 + 0.04 * rng.normal();
  const mfiAt = (pe: number) => 10 ** ((Math.log10(pe) - intercept) / slope);
  const beads = pePerBead.map((pe) => ({
    pePerBead: pe,
    mfi: Math.round(mfiAt(pe) * 10 ** (0.008 * rng.normal())),
  }));
  return { beads, mfiOf: (abc) => Math.max(1, Math.round(mfiAt(abc))) };
}

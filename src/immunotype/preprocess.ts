import { InputError } from '../core/errors.ts';
import { quantileSorted } from './outcomes-values.ts';
import type { PreprocessingOptions } from './spec.ts';

/**
 * Preprocessing of a marker panel before clustering (immunotypes.md §2.1): values below the limit of detection
 * replaced by LOD/√2 or LOD/2 (and counted), log transform, winsorising at a quantile, imputation of what is
 * missing, z-scaling. `fitPreprocessing` learns the parameters from the discovery samples; `applyPreprocessing`
 * puts any sample (another visit, a new patient) into the same scaled space with those parameters, so that a
 * saved model assigns new samples exactly as it saw its own.
 */

/** One sample's value of one marker as the laboratory reported it. */
export interface MarkerValue {
  value: number;
  /** The value is the limit of detection and the result was below it. */
  belowLod: boolean;
}

/** The samples of a panel: `values[i][j]` is sample i's marker j, or null when not measured. */
export interface PanelSamples {
  markers: readonly string[];
  values: readonly (readonly (MarkerValue | null)[])[];
}

/** What a fitted preprocessing does to one marker. */
export interface MarkerTransform {
  name: string;
  log: boolean;
  /** Bounds on the transformed scale (winsorising); null when not winsorised (the model is saved as JSON). */
  lower: number | null;
  upper: number | null;
  /** The transformed value a missing one becomes. */
  impute: number;
  center: number;
  scale: number;
}

export interface Preprocessing {
  options: PreprocessingOptions;
  markers: MarkerTransform[];
}

export interface MissingnessReport {
  /** Per marker: samples without a value, and values below the LOD (substituted). */
  markers: { name: string; missing: number; belowLod: number }[];
  /** Samples left out because too much of the panel was missing. */
  excluded: number;
}

/** The raw value on the analysis scale: below-LOD substitution, then the log. */
function transformed(cell: MarkerValue, log: boolean, belowLod: PreprocessingOptions['belowLod']): number {
  const value = cell.belowLod ? cell.value / (belowLod === 'lod/2' ? 2 : Math.SQRT2) : cell.value;
  return log ? Math.log(value) : value;
}

function clip(x: number, lower: number | null, upper: number | null): number {
  return Math.min(upper ?? Infinity, Math.max(lower ?? -Infinity, x));
}

function checkValues(samples: PanelSamples, log: boolean): void {
  samples.values.forEach((row, i) => {
    if (row.length !== samples.markers.length) {
      throw new InputError(`values.${i}`, `sample ${i} has ${row.length} values for ${samples.markers.length} markers`);
    }
    row.forEach((cell, j) => {
      if (cell === null) return;
      if (!Number.isFinite(cell.value) || cell.value < 0 || (log && cell.value === 0)) {
        const need = log ? 'a positive number (the panel is log-transformed)' : 'a non-negative number';
        throw new InputError(samples.markers[j]!, `sample ${i}: ${samples.markers[j]} is ${cell.value}, not ${need}`);
      }
    });
  });
}

/** Which samples have enough of the panel to be clustered. */
export function usableSamples(samples: PanelSamples, maxMissingShare: number): boolean[] {
  const p = samples.markers.length;
  return samples.values.map((row) => row.filter((cell) => cell === null).length <= maxMissingShare * p);
}

/** Learns the preprocessing from the discovery samples (the usable ones) and reports what was missing. */
export function fitPreprocessing(
  samples: PanelSamples,
  options: PreprocessingOptions,
): { preprocessing: Preprocessing; missingness: MissingnessReport; usable: boolean[] } {
  checkValues(samples, options.log);
  const usable = usableSamples(samples, options.maxMissingShare);
  const rows = samples.values.filter((_row, i) => usable[i]);
  if (rows.length < 3) {
    throw new InputError(
      'samples',
      `only ${rows.length} samples have enough of the panel to cluster; at least 3 are needed`,
    );
  }
  const markers = samples.markers.map((name, j): MarkerTransform => {
    const observed = rows
      .map((row) => row[j])
      .filter((cell): cell is MarkerValue => cell !== null && cell !== undefined)
      .map((cell) => transformed(cell, options.log, options.belowLod))
      .sort((a, b) => a - b);
    if (observed.length === 0) throw new InputError(name, `no sample has a value of ${name}`);
    const lower = options.winsorise > 0 ? quantileSorted(observed, options.winsorise) : null;
    const upper = options.winsorise > 0 ? quantileSorted(observed, 1 - options.winsorise) : null;
    const impute = quantileSorted(observed, 0.5);
    const filled = rows.map((row) => {
      const cell = row[j];
      const x = cell === null || cell === undefined ? impute : transformed(cell, options.log, options.belowLod);
      return clip(x, lower, upper);
    });
    const center = options.scale ? filled.reduce((s, x) => s + x, 0) / filled.length : 0;
    const variance = filled.reduce((s, x) => s + (x - center) ** 2, 0) / Math.max(1, filled.length - 1);
    // A marker without spread carries no information; scaling it by 1 keeps it at 0 instead of dividing by 0.
    const scale = options.scale && variance > 0 ? Math.sqrt(variance) : 1;
    return { name, log: options.log, lower, upper, impute, center, scale };
  });
  const missingness: MissingnessReport = {
    markers: samples.markers.map((name, j) => ({
      name,
      missing: samples.values.filter((row) => row[j] === null).length,
      belowLod: samples.values.filter((row) => row[j]?.belowLod === true).length,
    })),
    excluded: usable.filter((u) => !u).length,
  };
  return { preprocessing: { options, markers }, missingness, usable };
}

/** Puts samples into the scaled space of a fitted preprocessing: n × p, row-major. */
export function applyPreprocessing(preprocessing: Preprocessing, samples: PanelSamples): Float64Array {
  const names = preprocessing.markers.map((m) => m.name);
  if (names.join() !== samples.markers.join()) {
    throw new InputError(
      'markers',
      `the samples have markers ${samples.markers.join(', ')}, the model ${names.join(', ')}`,
    );
  }
  checkValues(samples, preprocessing.options.log);
  const p = names.length;
  const x = new Float64Array(samples.values.length * p);
  samples.values.forEach((row, i) => {
    preprocessing.markers.forEach((marker, j) => {
      const cell = row[j];
      const raw =
        cell === null || cell === undefined
          ? marker.impute
          : transformed(cell, marker.log, preprocessing.options.belowLod);
      x[i * p + j] = (clip(raw, marker.lower, marker.upper) - marker.center) / marker.scale;
    });
  });
  return x;
}

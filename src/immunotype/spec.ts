import { z } from 'zod';

/**
 * The options of an analysis run as zod schemas (issue 14): preprocessing, discovery and the whole spec. Apart
 * from the modules that use them because the API's contract (and so the browser) validates the same spec:
 * this file imports nothing but zod.
 */

export const preprocessingOptions = z.strictObject({
  /** Log-transform every marker (cytokines, ferritin, counts are right-skewed), or none. */
  log: z.boolean().default(true),
  /** What a value below the LOD becomes: LOD/√2 (default) or LOD/2. */
  belowLod: z.enum(['lod/sqrt2', 'lod/2']).default('lod/sqrt2'),
  /** Clip each marker to its [q, 1 − q] quantiles of the discovery samples; 0 leaves values as they are. */
  winsorise: z.number().min(0).max(0.2).default(0.01),
  /** Missing values get the marker's median of the discovery samples (on the transformed scale). */
  impute: z.enum(['median']).default('median'),
  /** A sample missing more than this share of the panel is left out of the discovery (and not assigned). */
  maxMissingShare: z.number().min(0).max(1).default(0.2),
  /** z-scale each marker to mean 0 and SD 1 over the discovery samples. */
  scale: z.boolean().default(true),
});
export type PreprocessingOptions = z.output<typeof preprocessingOptions>;

/** The discovery's options, also part of an analysis spec (./pipeline.ts). */
export const discoveryShape = {
  /** The k values compared; consensus clustering always computes from 2, the suggestion comes from this range. */
  kRange: z.tuple([z.number().int().min(2), z.number().int().max(12)]).default([2, 8]),
  resamples: z.number().int().min(10).max(5000).default(500),
  /** Share of the samples drawn per resample. */
  pItem: z.number().gt(0.3).max(1).default(0.8),
  algorithm: z.enum(['kmeans', 'hclust']).default('kmeans'),
  /** The user's k, overruling the suggestion. */
  k: z.number().int().min(2).max(12).optional(),
  /** Names of the immunotypes in size order (IT1, IT2, … when absent). */
  names: z
    .array(
      // A name goes into CSV files: starting with a letter or digit, no spreadsheet reads it as a formula.
      z
        .string()
        .trim()
        .min(1)
        .max(60)
        .regex(/^[\p{L}\p{N}]/u, 'starts with a letter or a digit'),
    )
    .optional(),
};
export const discoveryOptions = z
  .strictObject(discoveryShape)
  .refine((o) => o.kRange[0] <= o.kRange[1], { message: 'kRange must be [lowest, highest]', path: ['kRange'] });
export type DiscoveryOptions = z.output<typeof discoveryOptions>;

export const analysisSpec = z
  .strictObject({
    /** The visit whose samples are clustered (the protocol's discovery visit when absent). */
    timepoint: z.string().min(1).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    /** Analyte codes (the protocol's panel when absent). */
    panel: z.array(z.string().min(1)).min(2).max(200).optional(),
    preprocessing: preprocessingOptions.prefault({}),
    ...discoveryShape,
    /** The rule set for the rule-based types (src/protocol/immunotype-rules.ts). */
    ruleSet: z.string().min(1).default('ImmunoSep'),
    classifier: z.strictObject({ maxMarkers: z.number().int().min(1).max(20).default(5) }).optional(),
  })
  .refine((o) => o.kRange[0] <= o.kRange[1], { message: 'kRange must be [lowest, highest]', path: ['kRange'] })
  .refine((o) => o.names === undefined || new Set(o.names).size === o.names.length, {
    message: 'each immunotype needs a name of its own',
    path: ['names'],
  });
export type AnalysisSpec = z.output<typeof analysisSpec>;

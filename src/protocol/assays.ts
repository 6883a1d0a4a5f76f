import { z } from 'zod';

/**
 * The assay catalogue as data: what a laboratory measures, on which platform and sample type, and each analyte's
 * canonical unit and limits. A study seeds version 1 of its assays from its protocol module; the catalogue in
 * the database then grows by versions (a new lot with new limits, a panel with more analytes), and every result
 * names the assay version it was measured with.
 */

export const platforms = ['luminex', 'elisa', 'ella', 'olink', 'flow_cytometry', 'ex_vivo_stimulation'] as const;
export type Platform = (typeof platforms)[number];

const unitConversion = z.strictObject({
  unit: z.string().min(1),
  /** A value in `unit` times `factor` is the value in the analyte's canonical unit. */
  factor: z.number().positive(),
});

const limit = z.number().nonnegative().nullable();

export const analyteSchema = z.strictObject({
  /** Unique across the catalogue: one current result per sample and analyte code. */
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
  name: z.string().min(1),
  /** UCUM where one exists (`pg/mL`, `10*9/L`); `AB/C` (antibodies bound per cell); `NPX` (Olink's log2 scale). */
  unit: z.string().min(1),
  conversions: z.array(unitConversion).readonly(),
  lod: limit,
  lloq: limit,
  uloq: limit,
  loinc: z.string().nullable(),
  /** Other names laboratories give it in their files (`IL6`, `Interleukine-6`); matched ignoring case. */
  aliases: z.array(z.string().min(1)).readonly(),
});
export type AnalyteDefinition = z.output<typeof analyteSchema>;

export const assaySchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and -'),
  name: z.string().min(1),
  platform: z.enum(platforms),
  /** A sample type of the sample plan (`serum`, `plasma`, `whole_blood` ...). */
  sampleType: z.string().min(1),
  analytes: z.array(analyteSchema).min(1).readonly(),
});
export type AssayDefinition = z.output<typeof assaySchema>;

/** Shorthand for a catalogue: an analyte with only what differs from the defaults. */
export function analyte(
  code: string,
  name: string,
  unit: string,
  extra: Partial<Omit<AnalyteDefinition, 'code' | 'name' | 'unit'>> = {},
): AnalyteDefinition {
  return { code, name, unit, conversions: [], lod: null, lloq: null, uloq: null, loinc: null, aliases: [], ...extra };
}

/**
 * Refuses a catalogue the platform could not run (at start-up, like the forms): each assay well formed, assay
 * codes and analyte codes unique (a result is keyed by its analyte code), sample types those of the sample plan.
 */
export function checkAssayCatalogue(assays: readonly AssayDefinition[], sampleTypes: readonly string[]): void {
  const seen = { assays: new Set<string>(), analytes: new Set<string>() };
  for (const assay of assays) {
    const parsed = assaySchema.safeParse(assay);
    if (!parsed.success) throw new Error(`assay ${assay.code}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    if (seen.assays.has(assay.code)) throw new Error(`assay ${assay.code} is defined twice`);
    seen.assays.add(assay.code);
    if (!sampleTypes.includes(assay.sampleType)) {
      throw new Error(`assay ${assay.code}: sample type ${assay.sampleType} is not in the sample plan`);
    }
    for (const { code } of assay.analytes) {
      if (seen.analytes.has(code)) throw new Error(`analyte ${code} (assay ${assay.code}) is in the catalogue twice`);
      seen.analytes.add(code);
    }
  }
}

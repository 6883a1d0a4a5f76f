import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { calendarDate, id, text } from '../../core/schemas.ts';
import { assaySchema, platforms } from '../../protocol/assays.ts';
import { participantParams } from '../participants/contract.ts';

/**
 * The laboratory side: the assay catalogue (versioned), each laboratory's file mapping, result imports (one
 * transaction per file), results per participant with their corrections, and monocyte HLA-DR bead calibrations.
 */

export const assayView = assaySchema.extend({
  id: z.number(),
  version: z.number(),
  /** The newest version of its code: what imports use. */
  current: z.boolean(),
  createdAt: z.string(),
});
export type AssayView = z.infer<typeof assayView>;

export const resultFormats = ['long', 'wide', 'olink'] as const;
export const resultFormat = z.enum(resultFormats);

const header = z.string().trim().min(1).max(200);
export const columnMapping = z.strictObject({
  sample: header.optional(),
  analyte: header.optional(),
  value: header.optional(),
  unit: header.optional(),
  qualifier: header.optional(),
  plate: header.optional(),
  lod: header.optional(),
  qc: header.optional(),
  /** Wide files: an analyte column's unit when its header does not carry one (`IL6` rather than `IL6 (pg/mL)`). */
  units: z.record(header, z.string().trim().min(1).max(40)).optional(),
  /** Wide files: columns that are neither sample nor analyte (a comment, a dilution). */
  ignore: z.array(header).max(500).optional(),
});

export const labMapping = z.strictObject({
  lab: text(100),
  format: resultFormat,
  columns: columnMapping,
  /** A name in the laboratory's files → the catalogue's analyte code. */
  analytes: z.record(header, z.string().regex(/^[a-z][a-z0-9_]*$/)),
  /** The assay the laboratory's files hold, when names alone could mean more than one. */
  assay: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .nullable(),
});
export type LabMapping = z.infer<typeof labMapping>;

export const labMappingView = labMapping.extend({ updatedAt: z.string() });

export const importRequest = z.strictObject({
  format: resultFormat,
  /** The laboratory: its saved mapping applies, and is saved again when `saveMapping`. */
  lab: text(100).nullish(),
  fileName: text(255).nullish(),
  /** The file's bytes, base64: laboratories send UTF-8 (with or without BOM) and Windows-1252. */
  content: z.base64().min(1),
  separator: z.enum([',', ';', '\t']).nullish(),
  /** Instead of (and, when saved, replacing) the laboratory's saved mapping. */
  mapping: labMapping.omit({ lab: true, format: true }).nullish(),
  saveMapping: z.boolean().default(false),
  /** Check only: report what would be imported, store nothing. */
  dryRun: z.boolean().default(false),
  /** Store the valid rows of a file with problems (the problems are listed, the rest is kept out). */
  acceptPartial: z.boolean().default(false),
});
export type ImportRequest = z.infer<typeof importRequest>;

export const rowProblem = z.object({
  line: z.number(),
  column: z.number().nullable(),
  /** English; `key` and `params` let the web app translate it. */
  problem: z.string(),
  key: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type RowProblem = z.infer<typeof rowProblem>;

export const importReport = z.object({
  /** Data rows read (header excluded; Olink control samples excluded). */
  rows: z.number(),
  /** Rows that passed every check (in a dry run: what would be imported). */
  valid: z.number(),
  imported: z.number(),
  /** Results that replaced an earlier one of the same sample and analyte (new versions). */
  corrected: z.number(),
  errors: z.array(rowProblem),
  /** null for a dry run, or a file stored nothing. */
  importId: z.number().nullable(),
  contentHash: z.string(),
  encoding: z.string(),
  separator: z.string(),
  controlsSkipped: z.number(),
  dryRun: z.boolean(),
});
export type ImportReport = z.infer<typeof importReport>;

export const previewRequest = z.strictObject({
  format: resultFormat,
  content: z.base64().min(1),
  separator: z.enum([',', ';', '\t']).nullish(),
  lab: text(100).nullish(),
});

export const importPreview = z.object({
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  encoding: z.string(),
  separator: z.string(),
  /** The laboratory's saved mapping for this format, if any. */
  saved: labMappingView.nullable(),
});

export const importView = z.object({
  id: z.number(),
  lab: z.string().nullable(),
  format: z.string(),
  fileName: z.string().nullable(),
  contentHash: z.string(),
  rows: z.number(),
  imported: z.number(),
  rejected: z.number(),
  importedBy: z.number().nullable(),
  importedAt: z.string(),
});

export const qualifier = z.enum(['<LOD', '<LLOQ', '>ULOQ']);

export const calibrationView = z.object({
  id: z.number(),
  runLabel: z.string(),
  acquiredOn: z.string(),
  beadLot: z.string(),
  beads: z.array(z.object({ pePerBead: z.number(), mfi: z.number() })),
  slope: z.number(),
  intercept: z.number(),
  r2: z.number(),
  warnings: z.array(z.string()),
  createdAt: z.string(),
});
export type CalibrationView = z.infer<typeof calibrationView>;

export const resultView = z.object({
  id: z.number(),
  visit: z.string(),
  sampleBarcode: z.string(),
  sampleKind: z.enum(['tube', 'aliquot']),
  assay: z.object({ id: z.number(), code: z.string(), version: z.number(), platform: z.enum(platforms) }),
  analyte: z.string(),
  analyteName: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  qualifier: qualifier.nullable(),
  enteredValue: z.string().nullable(),
  enteredUnit: z.string().nullable(),
  lod: z.number().nullable(),
  plate: z.string().nullable(),
  qc: z.string().nullable(),
  importId: z.number().nullable(),
  resultVersion: z.number(),
  current: z.boolean(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  /** The bead calibration an HLA-DR value in AB/C was converted with. */
  calibration: calibrationView.nullable(),
});
export type ResultView = z.infer<typeof resultView>;

export const resultsQuery = z.strictObject({
  visit: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{0,9}$/)
    .optional(),
  analyte: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,59}$/)
    .optional(),
  /** Also the versions a correction replaced. */
  history: z.enum(['true', 'false']).optional(),
});

export const resultParams = z.strictObject({ resultId: id });
export const calibrationParams = z.strictObject({ calibrationId: id });

export const correction = z.strictObject({
  value: z.number().finite().nullable(),
  unit: z.string().trim().min(1).max(40),
  qualifier: qualifier.nullable(),
  reason: text(300),
});

export const calibrationRequest = z.strictObject({
  runLabel: text(100),
  acquiredOn: calendarDate,
  beadLot: text(60),
  beads: z
    .array(z.strictObject({ pePerBead: z.number().positive().finite(), mfi: z.number().positive().finite() }))
    .max(8),
  /** CD14+ monocyte HLA-DR-PE geometric means, by the barcode of the tube (or whole-blood aliquot) stained. */
  samples: z
    .array(z.strictObject({ barcode: z.string().trim().min(1).max(40), mfi: z.number().positive().finite() }))
    .max(500),
  minR2: z.number().gt(0).max(1).optional(),
});

export const calibrationOutcome = z.object({
  calibration: calibrationView,
  samples: z.array(z.object({ barcode: z.string(), abc: z.number(), extrapolated: z.boolean(), resultId: z.number() })),
});

const tag = 'labs';
const read = { action: 'participant.read', at: 'any' } as const;
const importing = { action: 'lab.import', at: 'any' } as const;

export const labsEndpoints = {
  assays: endpoint({
    method: 'GET',
    path: '/api/assays',
    tag,
    summary: 'The assay catalogue: every version of every assay, the current one marked',
    access: read,
    response: z.array(assayView),
    errors: [],
  }),
  addAssay: endpoint({
    method: 'POST',
    path: '/api/assays',
    tag,
    summary: 'Add an assay, or a new version of one (same code): results keep naming the version they used',
    access: { action: 'assay.manage', at: 'everywhere' },
    body: assaySchema,
    status: 201,
    response: assayView,
    errors: ['conflict'],
  }),
  mappings: endpoint({
    method: 'GET',
    path: '/api/lab-mappings',
    tag,
    summary: "The laboratories' saved file mappings",
    access: importing,
    response: z.array(labMappingView),
    errors: [],
  }),
  saveMapping: endpoint({
    method: 'PUT',
    path: '/api/lab-mappings',
    tag,
    summary: "Save a laboratory's mapping for one file format: its next file imports in one step",
    access: importing,
    body: labMapping,
    response: labMappingView,
    errors: [],
  }),
  preview: endpoint({
    method: 'POST',
    path: '/api/lab-imports/preview',
    tag,
    summary: 'The headers and first rows of a results file, and the saved mapping of its laboratory',
    access: importing,
    body: previewRequest,
    response: importPreview,
    errors: [],
  }),
  import: endpoint({
    method: 'POST',
    path: '/api/lab-imports',
    tag,
    summary:
      'Import a results file in one transaction: every problem is reported by line and column and nothing is stored, unless the valid rows are explicitly accepted',
    access: importing,
    body: importRequest,
    status: 201,
    response: importReport,
    errors: ['conflict'],
  }),
  imports: endpoint({
    method: 'GET',
    path: '/api/lab-imports',
    tag,
    summary: 'Result files imported, newest first',
    access: importing,
    response: z.array(importView),
    errors: [],
  }),
  results: endpoint({
    method: 'GET',
    path: '/api/participants/:participantId/results',
    tag,
    summary: "A participant's laboratory results per visit and analyte, with the HLA-DR calibration behind each",
    access: { action: 'participant.read', at: 'object' },
    params: participantParams,
    query: resultsQuery,
    response: z.array(resultView),
    errors: [],
  }),
  correct: endpoint({
    method: 'POST',
    path: '/api/lab-results/:resultId/correction',
    tag,
    summary: 'Correct a result: a new version replaces it, the old one is kept, the reason audited',
    access: { action: 'lab.import', at: 'object' },
    params: resultParams,
    body: correction,
    status: 201,
    response: resultView,
    errors: ['conflict'],
  }),
  calibrate: endpoint({
    method: 'POST',
    path: '/api/hladr-calibrations',
    tag,
    summary:
      'Record a Quantibrite bead calibration run and convert its samples to HLA-DR antibodies bound per cell; a calibration that fails its quality rules is refused',
    access: importing,
    body: calibrationRequest,
    status: 201,
    response: calibrationOutcome,
    errors: ['conflict'],
  }),
  calibration: endpoint({
    method: 'GET',
    path: '/api/hladr-calibrations/:calibrationId',
    tag,
    summary:
      'One bead calibration run (lot, beads, slope, intercept, R², warnings), seen by those who see a result of it',
    access: { action: 'participant.read', at: 'object' },
    params: calibrationParams,
    response: calibrationView,
    errors: [],
  }),
};

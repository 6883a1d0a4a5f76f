import { analysisDefinition } from './analysis.ts';
import { z } from 'zod';
import { exclusionFlags } from './eligibility.ts';
import { caseReportFormsSchema } from './forms-schema.ts';
import { fhirMappingSchema } from './fhir-mapping.ts';
import type { StudyProtocol } from './study.ts';

/**
 * The study protocol as a schema: what `/api/study` answers (OpenAPI shows it) and what a protocol module
 * must be. The types with their documentation are the interfaces in this folder; a compile-time check below
 * keeps the two the same shape.
 */

const code = z.string().min(1);
const named = { code, name: z.string().min(1) };
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

const elapsed = z.strictObject({ hours: z.number() });
const calendar = z.strictObject({ months: z.number().int().optional(), days: z.number().int().optional() });
const visitBase = { ...named, followUpCall: z.boolean().optional() };

const timedVisit = z.strictObject({
  ...visitBase,
  precision: z.literal('instant'),
  anchor: z.enum(['icuAdmission', 'day0Sample']),
  target: elapsed,
  window: z.strictObject({ relativeTo: z.enum(['anchor', 'target']), earliest: elapsed, latest: elapsed }),
});

const datedVisit = z.strictObject({
  ...visitBase,
  precision: z.literal('date'),
  anchor: z.enum(['icuAdmission', 'day0Sample', 'hospitalDischarge']),
  target: calendar,
  window: z.strictObject({ relativeTo: z.enum(['anchor', 'target']), earliest: calendar, latest: calendar }),
});

const visitSchedule = z.strictObject({
  protocol: z.string(),
  version: z.string(),
  visits: list(z.discriminatedUnion('precision', [timedVisit, datedVisit])),
  day0SampleVisit: code,
});

const tubeCount = z.strictObject({ tube: code, count: z.number().int().positive() });

const samplePlan = z.strictObject({
  maxBloodMlPerVisit: z.number().positive(),
  tubes: list(z.strictObject({ ...named, volumeMl: z.number().positive(), purpose: z.string(), makes: list(code) })),
  sampleTypes: list(
    z.strictObject({
      ...named,
      maxDelayMinutes: z.number().int().positive().nullable(),
      defaultVolumeUl: z.number().positive().nullable(),
    }),
  ),
  perVisit: z.record(z.string(), list(tubeCount)).readonly(),
});

const exclusion = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('flag'), code, field: z.enum(exclusionFlags), description: z.string() }),
  z.strictObject({
    kind: z.literal('corticosteroids'),
    code,
    thresholdMgKgDay: z.number(),
    moreThanDays: z.number(),
    prednisoneEquivalents: z.record(z.string(), z.number()).readonly(),
  }),
]);

const eligibility = z.strictObject({
  protocol: z.string(),
  age: z.strictObject({ minYears: z.number() }),
  infection: z.strictObject({ accepted: list(z.enum(['suspected', 'documented', 'none'])) }),
  sofa2: z.strictObject({
    newAdmissionMinTotal: z.number(),
    hospitalizedMinIncrease: z.number(),
    defaultBaseline: z.number(),
  }),
  exclusions: list(exclusion),
});

const consent = z.strictObject({
  types: list(z.strictObject({ ...named, kind: z.enum(['decision', 'deferral']) })),
  deferredDueDays: z.number().int().positive(),
  informationLetterVersions: list(z.string()),
  optionalItems: list(z.strictObject(named)),
});

const withdrawal = z.strictObject({
  scopes: list(z.strictObject({ ...named, destroySamples: z.boolean(), destroyData: z.boolean() })),
  requesters: list(z.strictObject(named)),
});

export const studyProtocolSchema = z.strictObject({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  studyIdFormat: z.string().regex(/\{N+\}/),
  recruitmentTarget: z.number().int().positive(),
  visits: visitSchedule,
  samplePlan,
  eligibility,
  consent,
  withdrawal,
  forms: caseReportFormsSchema,
  analysis: analysisDefinition,
  fhirMapping: fhirMappingSchema.optional(),
});

// The interfaces and the schema describe the same thing: each must be assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.output<typeof studyProtocolSchema>, StudyProtocol> = true;
void sameShape;

import type {
  Bundle,
  Encounter,
  Location,
  Medication,
  MedicationAdministration,
  Observation,
  Procedure,
} from '@medplum/fhirtypes';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { badTextError, inputErrorOf } from '../../core/zod-input.ts';

/**
 * A FHIR R4 Bundle as the import reads it: the bundle's shape, then each resource the import uses (Encounter,
 * Location, Observation, MedicationAdministration, Medication, Procedure) checked in the parts it reads. A
 * malformed bundle is an InputError naming the JSON path (`bundle.entry.3.resource.valueQuantity.value`). The
 * schemas describe the @medplum/fhirtypes types: each parsed resource is assigned to its FHIR type, so a
 * schema that drifted from FHIR R4 does not compile. Other resource types (Patient, Condition …) pass unread.
 */

/** A FHIR dateTime: a year, a month, a day, or a time with seconds optional and its zone. */
const dateTime = z
  .string()
  .regex(
    /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/,
    'a FHIR dateTime, e.g. 2026-03-02T14:20:00+01:00',
  )
  .refine(
    (text) => DateTime.fromISO(text, { setZone: true }).isValid,
    'a FHIR dateTime, e.g. 2026-03-02T14:20:00+01:00',
  );
const coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const codeableConcept = z.looseObject({ coding: z.array(coding).optional(), text: z.string().optional() });
const quantity = z.looseObject({
  value: z.number().optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});
const period = z.looseObject({ start: dateTime.optional(), end: dateTime.optional() });
const reference = z.looseObject({ reference: z.string().optional(), display: z.string().optional() });
const id = z.string().min(1).max(64).optional();

const observation = z.looseObject({
  resourceType: z.literal('Observation'),
  id,
  status: z.enum([
    'registered',
    'preliminary',
    'final',
    'amended',
    'corrected',
    'cancelled',
    'entered-in-error',
    'unknown',
  ]),
  code: codeableConcept,
  effectiveDateTime: dateTime.optional(),
  effectiveInstant: dateTime.optional(),
  effectivePeriod: period.optional(),
  valueQuantity: quantity.optional(),
  valueInteger: z.number().int().optional(),
});

const medicationAdministration = z.looseObject({
  resourceType: z.literal('MedicationAdministration'),
  id,
  status: z.enum(['in-progress', 'not-done', 'on-hold', 'completed', 'entered-in-error', 'stopped', 'unknown']),
  medicationCodeableConcept: codeableConcept.optional(),
  medicationReference: reference.optional(),
  subject: reference,
  effectiveDateTime: dateTime.optional(),
  effectivePeriod: period.optional(),
  dosage: z
    .looseObject({
      dose: quantity.optional(),
      rateQuantity: quantity.optional(),
      rateRatio: z.looseObject({ numerator: quantity.optional(), denominator: quantity.optional() }).optional(),
    })
    .optional(),
});

const medication = z.looseObject({ resourceType: z.literal('Medication'), id, code: codeableConcept.optional() });

const procedure = z.looseObject({
  resourceType: z.literal('Procedure'),
  id,
  status: z.enum([
    'preparation',
    'in-progress',
    'not-done',
    'on-hold',
    'stopped',
    'completed',
    'entered-in-error',
    'unknown',
  ]),
  code: codeableConcept.optional(),
  subject: reference,
  performedDateTime: dateTime.optional(),
  performedPeriod: period.optional(),
});

const encounter = z.looseObject({
  resourceType: z.literal('Encounter'),
  id,
  status: z.enum([
    'planned',
    'arrived',
    'triaged',
    'in-progress',
    'onleave',
    'finished',
    'cancelled',
    'entered-in-error',
    'unknown',
  ]),
  class: coding,
  type: z.array(codeableConcept).optional(),
  period: period.optional(),
  location: z.array(z.looseObject({ location: reference, period: period.optional() })).optional(),
});

const location = z.looseObject({
  resourceType: z.literal('Location'),
  id,
  type: z.array(codeableConcept).optional(),
  physicalType: codeableConcept.optional(),
});

/** The most entries a bundle may hold (about three weeks of hourly vital signs and labs). */
export const maxEntries = 50_000;

const bundleShape = z.looseObject({
  resourceType: z.literal('Bundle'),
  id,
  type: z.enum([
    'document',
    'message',
    'transaction',
    'transaction-response',
    'batch',
    'batch-response',
    'history',
    'searchset',
    'collection',
  ]),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: z.looseObject({ resourceType: z.string().min(1), id }),
      }),
    )
    .max(maxEntries)
    .optional(),
});

/** One resource of the bundle with where it is: its index in `entry` and its full URL (references use either). */
export interface Entry<T> {
  index: number;
  fullUrl: string | undefined;
  resource: T;
}

export interface ReadBundle {
  observations: Entry<Observation>[];
  administrations: Entry<MedicationAdministration>[];
  medications: Entry<Medication>[];
  procedures: Entry<Procedure>[];
  encounters: Entry<Encounter>[];
  locations: Entry<Location>[];
  /** Resources the import does not read, by type (Patient, Condition …), counted. */
  unread: Record<string, number>;
}

/** Reads a bundle (the JSON at `field`, `bundle` in the API); the first problem is an InputError naming its path. */
export function readBundle(raw: unknown, field = 'bundle'): ReadBundle {
  const badText = badTextError(raw, { whole: field });
  if (badText !== undefined) throw badText;
  const shape = parseAt(bundleShape, raw, [field]);
  const read: ReadBundle = {
    observations: [],
    administrations: [],
    medications: [],
    procedures: [],
    encounters: [],
    locations: [],
    unread: {},
  };
  const bundle: Pick<Bundle, 'resourceType' | 'type'> = shape;
  void bundle;
  (shape.entry ?? []).forEach((entry, index) => {
    const raw = entry.resource;
    const at = (resource: unknown) => ({ index, fullUrl: entry.fullUrl, resource });
    const parse = <S extends z.ZodType>(schema: S): z.output<S> =>
      parseAt(schema, raw, [field, 'entry', index, 'resource']);
    switch (raw.resourceType) {
      case 'Observation': {
        const resource: Observation = parse(observation);
        read.observations.push(at(resource) as Entry<Observation>);
        break;
      }
      case 'MedicationAdministration': {
        const resource: MedicationAdministration = parse(medicationAdministration);
        read.administrations.push(at(resource) as Entry<MedicationAdministration>);
        break;
      }
      case 'Medication': {
        const resource: Medication = parse(medication);
        read.medications.push(at(resource) as Entry<Medication>);
        break;
      }
      case 'Procedure': {
        const resource: Procedure = parse(procedure);
        read.procedures.push(at(resource) as Entry<Procedure>);
        break;
      }
      case 'Encounter': {
        const resource: Encounter = parse(encounter);
        read.encounters.push(at(resource) as Entry<Encounter>);
        break;
      }
      case 'Location': {
        const resource: Location = parse(location);
        read.locations.push(at(resource) as Entry<Location>);
        break;
      }
      default:
        read.unread[raw.resourceType] = (read.unread[raw.resourceType] ?? 0) + 1;
    }
  });
  return read;
}

/** Validates a part of the input; a problem is an InputError naming its path from the top (`bundle.entry.3…`). */
function parseAt<S extends z.ZodType>(schema: S, raw: unknown, at: PropertyKey[]): z.output<S> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ ...issue, path: [...at, ...issue.path] }));
  return (() => {
    throw inputErrorOf(new z.ZodError(issues));
  })();
}

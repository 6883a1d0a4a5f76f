import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { isoDateTime } from '../../core/schemas.ts';
import { participantParams } from '../participants/contract.ts';
import { findingKinds } from '../../interop/fhir/model.ts';

/**
 * Pre-filling forms from the hospital record (HL7 FHIR R4, docs/fhir.md): the coordinator sends a patient's
 * Bundle and gets proposals per ICU day and visit, with their sources and findings. Nothing is stored: accepting
 * a slot is the form's own save, with its validation and audit.
 */

export const fhirProposalRequest = z.strictObject({
  bundle: z
    .looseObject({ resourceType: z.literal('Bundle') })
    .describe('A FHIR R4 Bundle (JSON) of one patient: Encounter, Observation, MedicationAdministration, Procedure'),
  encounterId: z
    .string()
    .min(1)
    .max(64)
    .nullish()
    .describe('The Encounter of the ICU stay; by default the ICU encounter nearest the ICU admission'),
});
export type FhirProposalRequest = z.input<typeof fhirProposalRequest>;

const sourceRef = z.object({
  resourceType: z.string(),
  id: z.string().nullable(),
  index: z.number(),
  code: z.string().nullable(),
  time: isoDateTime.nullable(),
  end: isoDateTime.nullable(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
});
export type FhirSource = z.infer<typeof sourceRef>;

const itemProposal = z.object({
  item: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
  unit: z.string().nullable(),
  sources: z.array(sourceRef),
  check: z.string().nullable(),
});

const slotProposal = z.object({
  form: z.string(),
  slot: z.string(),
  icuDay: z.number().nullable(),
  visit: z.string().nullable(),
  start: isoDateTime,
  end: isoDateTime.nullable(),
  items: z.array(itemProposal),
});
export type FhirSlotProposal = z.infer<typeof slotProposal>;

const finding = z.object({
  kind: z.enum(findingKinds),
  source: sourceRef.nullable(),
  form: z.string().nullable(),
  slot: z.string().nullable(),
  item: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});
export type FhirFinding = z.infer<typeof finding>;

export const fhirProposals = z.object({
  encounter: z
    .object({ id: z.string().nullable(), start: isoDateTime.nullable(), end: isoDateTime.nullable() })
    .nullable(),
  admission: isoDateTime,
  days: z.array(slotProposal),
  visits: z.array(slotProposal),
  findings: z.array(finding),
  counts: z.object({ entries: z.number(), used: z.number(), unread: z.record(z.string(), z.number()) }),
});
export type FhirProposals = z.infer<typeof fhirProposals>;

export const fhirEndpoints = {
  propose: endpoint({
    method: 'POST',
    path: '/api/participants/:participantId/fhir-proposals',
    tag: 'fhir',
    summary:
      'Proposals from a FHIR R4 Bundle: SOFA-2 inputs per ICU day and routine labs per visit, with sources and findings (nothing is stored)',
    access: { action: 'participant.write', at: 'object' },
    params: participantParams,
    body: fhirProposalRequest,
    response: fhirProposals,
    errors: [],
  }),
};

import { z } from 'zod';
import { eligibilityInput } from '../../clinical/eligibility.ts';
import { sofaWindowInput } from '../../clinical/sofa/input.ts';
import { endpoint } from '../../core/endpoint.ts';
import { calendarDate, id, instant, isoDateTime, text } from '../../core/schemas.ts';
import { siteParams } from '../sites/contract.ts';

/**
 * The screening log: every patient screened, eligible or not, and what came of it. Outcomes move
 * eligible → approached → enrolled (or declined), or eligible → not approached (with a reason).
 */
export const screeningOutcomes = [
  'not_eligible',
  'eligible',
  'not_approached',
  'approached',
  'declined',
  'enrolled',
  /** Enrolled, then destroyed: the row keeps only its place in the flow (site, date, protocol version). */
  'destroyed',
] as const;
export type ScreeningOutcome = (typeof screeningOutcomes)[number];

export const screeningCreate = z.strictObject({
  screenedOn: calendarDate.describe(
    'The day of screening in the site time zone: 2000-01-01 to 2100-12-31, not after today, not before the admission day',
  ),
  icuAdmissionAt: instant.describe(
    'ICU/MC admission with its UTC offset (at most ±14:00): 2000-01-01 to 2100-12-31 (UTC), not in the future',
  ),
  setting: z.enum(['icu', 'mc']),
  sex: z.enum(['female', 'male', 'other']).nullish(),
  /** Only its keyed hash is kept, to recognise the person when screened again. */
  hospitalNumber: z.string().trim().min(1).max(40).nullish(),
  /** The eligibility engine's input (age, infection, admission type, SOFA-2, exclusion answers). */
  eligibility: eligibilityInput,
  /**
   * The SOFA-2 variables of the worst 24 h: when given, the total is computed by the SOFA-2 engine and
   * `eligibility.sofa2Total` must be absent.
   */
  sofa2: sofaWindowInput.nullish(),
});
export type ScreeningCreate = z.infer<typeof screeningCreate>;

export const screeningOutcomeUpdate = z.strictObject({
  outcome: z.enum(['not_approached', 'approached', 'declined']),
  /** Required for not approached (e.g. missed, logistics) and declined. */
  reason: text(300).nullish(),
});
type SettableOutcome = z.infer<typeof screeningOutcomeUpdate>['outcome'];

/** The outcomes a person may set next, from each outcome (the flow: eligible → approached → enrolled). */
export const nextOutcomes: Partial<Record<ScreeningOutcome, readonly SettableOutcome[]>> = {
  eligible: ['approached', 'not_approached'],
  not_approached: ['approached'],
  approached: ['declined', 'not_approached'],
};

/** Outcomes an eligible screening may be enrolled from: approached or not yet (deferred consent comes first). */
export const enrollableOutcomes: readonly ScreeningOutcome[] = ['eligible', 'approached', 'not_approached'];

export const screeningQuery = z.strictObject({
  outcome: z.enum(screeningOutcomes).optional(),
  eligible: z.enum(['true', 'false']).optional(),
  from: calendarDate.optional().describe('Screened on or after this day (2000-01-01 to 2100-12-31)'),
  to: calendarDate.optional().describe('Screened on or before this day (2000-01-01 to 2100-12-31)'),
});

export const eligibilityView = z.object({
  eligible: z.boolean(),
  inclusionFailed: z.array(z.string()),
  exclusionsMet: z.array(z.string()),
  notes: z.array(z.string()),
});

export const screeningView = z.object({
  id: z.number(),
  siteId: z.number(),
  protocolVersion: z.string(),
  screenedOn: z.string(),
  /** null once the participant it led to was destroyed. */
  icuAdmissionAt: isoDateTime.nullable(),
  setting: z.string(),
  sex: z.string().nullable(),
  ageYears: z.number().nullable(),
  sofa2Total: z.number().nullable(),
  sofa2Source: z.enum(['entered', 'computed']),
  eligibilityInput: z.record(z.string(), z.unknown()),
  eligibility: eligibilityView,
  outcome: z.enum(screeningOutcomes),
  outcomeReason: z.string().nullable(),
  /** The earlier screening of the same hospital number at this site, if any. */
  previousScreeningId: z.number().nullable(),
  participant: z.object({ id: z.number(), studyId: z.string() }).nullable(),
  createdAt: isoDateTime,
});
export type ScreeningView = z.infer<typeof screeningView>;

export const screeningCreated = z.object({
  screening: screeningView,
  /** Earlier screenings of the same hospital number at this site (re-screening), newest first. */
  earlierScreenings: z.array(
    z.object({
      id: z.number(),
      screenedOn: z.string(),
      outcome: z.enum(screeningOutcomes),
      studyId: z.string().nullable(),
    }),
  ),
});

export const screeningParams = z.strictObject({ screeningId: id });

const tag = 'screening';

export const screeningEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/screenings',
    tag,
    summary: 'The screening log of a site, newest first',
    access: { action: 'participant.read', at: 'site' },
    params: siteParams,
    query: screeningQuery,
    response: z.object({ screenings: z.array(screeningView) }),
    errors: [],
  }),
  export: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/screenings/export',
    tag,
    summary: 'The screening log as CSV (no identifying data)',
    access: { action: 'participant.read', at: 'site' },
    params: siteParams,
    response: z.string().describe('text/csv: one row per screening, the columns of the log'),
    errors: [],
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/sites/:siteId/screenings',
    tag,
    summary: 'Record a screened patient; eligibility is decided by the protocol criteria',
    access: { action: 'participant.write', at: 'site' },
    params: siteParams,
    body: screeningCreate,
    status: 201,
    response: screeningCreated,
    errors: [],
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/screenings/:screeningId',
    tag,
    summary: 'One screening',
    access: { action: 'participant.read', at: 'object' },
    params: screeningParams,
    response: screeningView,
    errors: [],
  }),
  setOutcome: endpoint({
    method: 'POST',
    path: '/api/screenings/:screeningId/outcome',
    tag,
    summary: 'Approached, not approached (with reason) or declined',
    access: { action: 'participant.write', at: 'object' },
    params: screeningParams,
    body: screeningOutcomeUpdate,
    response: screeningView,
    errors: ['conflict'],
  }),
};

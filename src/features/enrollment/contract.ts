import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { consentCreate } from '../consent/contract.ts';
import { identityInput, participantDetail } from '../participants/contract.ts';
import { screeningParams } from '../screening/contract.ts';

/** Enrollment of an eligible screened patient: who they are (sealed), and the first consent record. */
export const enrollment = z.strictObject({
  identity: identityInput,
  /** Consent given (by the patient or a legal representative), or deferred. */
  consent: consentCreate,
});

export const enrollmentEndpoints = {
  enroll: endpoint({
    method: 'POST',
    path: '/api/screenings/:screeningId/enrollment',
    tag: 'participants',
    summary: 'Enroll an eligible screened patient: study id, sealed identity, first consent record',
    access: { action: 'participant.write', at: 'object' },
    params: screeningParams,
    body: enrollment,
    status: 201,
    response: participantDetail,
    errors: ['conflict'],
  }),
};

import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { id, text } from '../../core/schemas.ts';
import { destructionView } from '../participants/contract.ts';
import { siteParams } from '../sites/contract.ts';

export const destructionApproval = z.strictObject({ note: text(500).nullish() });
export const destructionRejection = z.strictObject({ note: text(500) });
export const destructionParams = z.strictObject({ destructionId: id });

const tag = 'destruction';
const decide = { action: 'destruction.approve', at: 'object' } as const;

export const destructionEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/sites/:siteId/destructions',
    tag,
    summary: 'Pending destruction requests and the tombstones of destroyed participants',
    access: { action: 'participant.read', at: 'site' },
    params: siteParams,
    response: z.object({ destructions: z.array(destructionView) }),
    errors: [],
  }),
  approve: endpoint({
    method: 'POST',
    path: '/api/destructions/:destructionId/approve',
    tag,
    summary: 'Approve (and carry out) a destruction: an investigator other than the requester',
    access: decide,
    params: destructionParams,
    body: destructionApproval,
    response: destructionView,
    errors: ['conflict'],
  }),
  reject: endpoint({
    method: 'POST',
    path: '/api/destructions/:destructionId/reject',
    tag,
    summary: 'Reject a destruction request, saying why',
    access: decide,
    params: destructionParams,
    body: destructionRejection,
    response: destructionView,
    errors: ['conflict'],
  }),
};

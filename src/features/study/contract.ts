import { z } from 'zod';
import { endpoint } from '../../core/endpoint.ts';
import { studyProtocolSchema } from '../../protocol/schema.ts';

/**
 * The study's protocol as the server runs it (src/protocol/study.ts `StudyProtocol`): the web app reads
 * visits, tubes, consent types and eligibility criteria from here, never from its own copy.
 */
export const studyView = z.object({
  current: studyProtocolSchema,
  versions: z.array(z.string()),
});

export const studyEndpoints = {
  get: endpoint({
    method: 'GET',
    path: '/api/study',
    tag: 'study',
    summary: 'The study protocol the server runs (visits, sample plan, eligibility, consent, withdrawal)',
    access: { action: 'site.read', at: 'any' },
    response: studyView,
    errors: [],
  }),
};

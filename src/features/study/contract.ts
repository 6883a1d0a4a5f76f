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

/** What a demo database was generated with (`septype demo`); null in a real study. */
export const demoMark = z.object({
  seed: z.number().int(),
  patients: z.number().int(),
  sites: z.number().int(),
  asOf: z.string(),
});
export type DemoMark = z.infer<typeof demoMark>;

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
  demo: endpoint({
    method: 'GET',
    path: '/api/study/demo',
    tag: 'study',
    summary:
      'Whether this is a demonstration study with synthetic data (the web app shows a banner, also before sign-in)',
    access: 'public',
    response: z.object({ demo: demoMark.nullable() }),
    errors: [],
  }),
};

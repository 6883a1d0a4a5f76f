import { z } from 'zod';

/**
 * The study's protocol as the server runs it (src/protocol/study.ts `StudyProtocol`): the web app reads
 * visits, tubes, consent types and eligibility criteria from here, never from its own copy.
 */
export const studyView = z.object({
  current: z.record(z.string(), z.unknown()),
  versions: z.array(z.string()),
});

import type { AppContext } from '../access/context.ts';
import type { ZodApp } from '../access/http.ts';
import { studyView } from './contract.ts';

export function studyRoutes(app: ZodApp, appContext: AppContext): void {
  app.get('/api/study', {
    config: { auth: 'user' },
    schema: {
      tags: ['study'],
      summary: 'The study protocol the server runs (visits, sample plan, eligibility, consent, withdrawal)',
      response: { 200: studyView },
    },
    handler: () => ({
      current: appContext.study.current as unknown as Record<string, unknown>,
      versions: Object.keys(appContext.study.versions),
    }),
  });
}

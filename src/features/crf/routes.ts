import type { Router } from '../../kernel/router.ts';
import { crfEndpoints as endpoints } from './contract.ts';
import { lockForm, lockParticipant, lockSite, lockStudy } from './locks.ts';
import { assignQuery, openQuery, siteQueries, stepQuery } from './queries.ts';
import { formHistoryOf, participantForms, readForm } from './read.ts';
import { dataQuality, statusMatrix } from './reports.ts';
import { sofaDaysOf } from './sofa-days.ts';
import { saveForm } from './save.ts';
import { moveForm } from './transitions.ts';

export function crfRoutes(router: Router): void {
  router.on(endpoints.list, ({ ctx, params }) => participantForms(ctx, params.participantId));
  router.on(endpoints.read, ({ ctx, params }) => readForm(ctx, params));
  router.on(endpoints.save, ({ ctx, params, body }) => saveForm(ctx, params, body));
  router.on(endpoints.sofaDays, ({ ctx, params }) => sofaDaysOf(ctx, params.participantId));
  router.on(endpoints.history, ({ ctx, params }) => formHistoryOf(ctx, params));
  router.on(endpoints.complete, ({ ctx, params, body }) => moveForm(ctx, params, 'complete', body));
  router.on(endpoints.verify, ({ ctx, params, body }) => moveForm(ctx, params, 'verify', body));
  // A signature re-enters the password: guesses are limited like sign-ins.
  router.on(endpoints.sign, ({ ctx, params, body }) => moveForm(ctx, params, 'sign', body), {
    rateLimit: { max: router.app.config.loginRatePerMinute, timeWindow: '1 minute' },
  });
  router.on(endpoints.lockForm, ({ ctx, params, body }) => lockForm(ctx, params, body));
  router.on(endpoints.lockParticipant, ({ ctx, params, body }) => lockParticipant(ctx, params.participantId, body));
  router.on(endpoints.lockSite, ({ ctx, params, body }) => lockSite(ctx, params.siteId, body));
  router.on(endpoints.lockStudy, ({ ctx, body }) => lockStudy(ctx, body));
  router.on(endpoints.openQuery, ({ ctx, params, body }) => openQuery(ctx, params, body));
  router.on(endpoints.answerQuery, ({ ctx, params, body }) => stepQuery(ctx, params.queryId, 'answer', body.text));
  router.on(endpoints.closeQuery, ({ ctx, params, body }) =>
    stepQuery(ctx, params.queryId, 'close', body.text ?? null),
  );
  router.on(endpoints.reopenQuery, ({ ctx, params, body }) => stepQuery(ctx, params.queryId, 'reopen', body.text));
  router.on(endpoints.assignQuery, ({ ctx, params, body }) => assignQuery(ctx, params.queryId, body.userId));
  router.on(endpoints.siteQueries, ({ ctx, params, query }) => siteQueries(ctx, params.siteId, query.status));
  router.on(endpoints.statusMatrix, ({ ctx, params }) => statusMatrix(ctx, params.siteId));
  router.on(endpoints.dataQuality, ({ ctx, params }) => dataQuality(ctx, params.siteId));
}

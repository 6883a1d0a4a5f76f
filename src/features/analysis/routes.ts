import { PassThrough } from 'node:stream';
import type { Router } from '../../kernel/router.ts';
import { analysisEndpoints as endpoints } from './contract.ts';
import { LiveRuns } from './live-runs.ts';
import { participantRuleTypes } from './rule-types.ts';
import { cancelRun, runFile, startRun, toDetail, toSummary } from './runs.ts';
import { visibleRun, visibleRuns } from './service.ts';

// The report is a self-contained page with its own inline styles and no scripts: it gets a policy of its own.
const reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function analysisRoutes(router: Router): void {
  const live = new LiveRuns();
  router.on(endpoints.start, ({ ctx, body }) => startRun(ctx, body, live));
  router.on(endpoints.runs, async ({ ctx }) => (await visibleRuns(ctx)).map(toSummary));
  router.on(endpoints.run, async ({ ctx, params }) => toDetail(await visibleRun(ctx, params.runId), live));
  router.on(endpoints.cancel, ({ ctx, params }) => cancelRun(ctx, params.runId, live));
  router.on(endpoints.events, async ({ ctx, params, reply }) => {
    const run = await visibleRun(ctx, params.runId);
    const stream = new PassThrough();
    const send = (event: string, data: unknown) => stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    reply.type('text/event-stream').header('cache-control', 'no-cache').header('x-accel-buffering', 'no');
    const stop = live.follow(run.runKey, (event) => {
      if (event.kind === 'progress') send('progress', event.progress);
      else {
        send('end', { status: event.status });
        stop?.();
        stream.end();
      }
    });
    if (stop === null) {
      send('end', { status: run.status });
      stream.end();
    } else {
      send('progress', live.progress(run.runKey));
      reply.raw.on('close', () => {
        stop();
        stream.end();
      });
    }
    return stream;
  });
  router.on(endpoints.file, async ({ ctx, params, reply }) => {
    const file = await runFile(ctx, params.runId, params.file);
    const inline = file.contentType.startsWith('text/html');
    reply
      .type(file.contentType)
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${file.fileName}"`);
    if (inline) reply.header('content-security-policy', reportPolicy);
    return file.body;
  });
  router.on(endpoints.ruleTypes, ({ ctx, params }) => participantRuleTypes(ctx, params.participantId));
}

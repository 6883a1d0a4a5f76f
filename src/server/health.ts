import { sql } from 'kysely';
import { z } from 'zod';
import { endpoint } from '../core/endpoint.ts';
import { version } from '../core/version.ts';
import { migrationStatus } from '../db/migrate.ts';
import type { Router } from '../kernel/router.ts';
import { optionalCaller } from './authentication.ts';

const health = z.object({
  status: z.enum(['ok', 'degraded']),
  /** For signed-in callers only: a stranger learns nothing about which release (and its known flaws) runs here. */
  version: z.string().optional(),
  database: z.object({
    engine: z.enum(['sqlite', 'postgres']),
    reachable: z.boolean(),
    migrationsCurrent: z.boolean(),
    pending: z.array(z.string()),
  }),
});

/**
 * For load balancers and operators: 200 when the database answers and its schema is current, else 503. Open to
 * anyone (probes carry no credentials); the version only to a signed-in caller (session cookie or API token).
 */
export const healthEndpoint = endpoint({
  method: 'GET',
  path: '/api/health',
  tag: 'operations',
  summary: 'Database reachable, migrations current; the version for signed-in callers (503 when degraded)',
  access: 'public',
  response: health,
  errors: [],
});

export function healthRoute(router: Router): void {
  router.on(healthEndpoint, async ({ request, reply }) => {
    const { database } = router.app;
    let reachable = true;
    let status = { current: false, pending: [] as string[] };
    try {
      await sql`select 1`.execute(database.kysely);
      status = await migrationStatus(database);
    } catch (error) {
      // The probe only learns "degraded"; the operator reads why in the server log.
      request.log.warn({ err: error }, 'health check: the database did not answer');
      reachable = false;
    }
    const ok = reachable && status.current;
    // A degraded answer is not an error: the same body, with the status a load balancer acts on.
    if (!ok) reply.status(503);
    const signedIn = reachable && (await optionalCaller(router.app, request)) !== null;
    return {
      status: ok ? 'ok' : 'degraded',
      ...(signedIn ? { version } : {}),
      database: { engine: database.dialect, reachable, migrationsCurrent: status.current, pending: status.pending },
    } as const;
  });
}

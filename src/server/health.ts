import { sql } from 'kysely';
import { z } from 'zod';
import { endpoint } from '../core/endpoint.ts';
import { version } from '../core/version.ts';
import { migrationStatus } from '../db/migrate.ts';
import type { Router } from '../kernel/router.ts';

const health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: z.object({
    engine: z.enum(['sqlite', 'postgres']),
    reachable: z.boolean(),
    migrationsCurrent: z.boolean(),
    pending: z.array(z.string()),
  }),
});

/** For load balancers and operators: 200 when the database answers and its schema is current, else 503. */
export const healthEndpoint = endpoint({
  method: 'GET',
  path: '/api/health',
  tag: 'operations',
  summary: 'Database reachable, migrations current, version (503 with the same body when degraded)',
  access: 'public',
  response: health,
  errors: [],
});

export function healthRoute(router: Router): void {
  router.on(healthEndpoint, async ({ reply }) => {
    const { database } = router.app;
    let reachable = true;
    let status = { current: false, pending: [] as string[] };
    try {
      await sql`select 1`.execute(database.kysely);
      status = await migrationStatus(database);
    } catch {
      reachable = false;
    }
    const ok = reachable && status.current;
    // A degraded answer is not an error: the same body, with the status a load balancer acts on.
    if (!ok) reply.status(503);
    return {
      status: ok ? 'ok' : 'degraded',
      version,
      database: { engine: database.dialect, reachable, migrationsCurrent: status.current, pending: status.pending },
    } as const;
  });
}

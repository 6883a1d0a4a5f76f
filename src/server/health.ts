import { sql } from 'kysely';
import { z } from 'zod';
import { version } from '../core/version.ts';
import { migrationStatus } from '../db/migrate.ts';
import type { AppContext } from '../features/access/context.ts';
import type { ZodApp } from '../features/access/http.ts';

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
export function healthRoute(app: ZodApp, appContext: AppContext): void {
  app.get('/api/health', {
    config: { auth: 'public' },
    schema: {
      tags: ['operations'],
      summary: 'Database reachable, migrations current, version',
      response: { 200: health, 503: health },
    },
    handler: async (_request, reply) => {
      const { database } = appContext;
      let reachable = true;
      let status = { current: false, pending: [] as string[] };
      try {
        await sql`select 1`.execute(database.kysely);
        status = await migrationStatus(database);
      } catch {
        reachable = false;
      }
      const ok = reachable && status.current;
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        version,
        database: { engine: database.dialect, reachable, migrationsCurrent: status.current, pending: status.pending },
      });
    },
  });
}

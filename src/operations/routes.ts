import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { schemaStatus } from '../db/migrate.js';
import { AppError } from '../shared/errors.js';
import type { RouteRegistry } from '../shared/http.js';
import { metricsGate, type AppMetrics } from './metrics.js';

const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  /** Why not: the database cannot be reached, it lacks migrations, or a newer version migrated it. */
  reason: z.enum(['database_unreachable', 'migrations_pending', 'database_newer']).optional(),
});
type Readiness = z.infer<typeof ReadinessSchema>;

async function readiness(ctx: AppContext): Promise<Readiness> {
  try {
    await sql`select 1`.execute(ctx.db.kysely);
    const schema = await schemaStatus(ctx.db);
    if (schema.unknown.length > 0) return { status: 'not_ready', reason: 'database_newer' };
    if (schema.pending.length > 0) return { status: 'not_ready', reason: 'migrations_pending' };
    return { status: 'ready' };
  } catch {
    return { status: 'not_ready', reason: 'database_unreachable' };
  }
}

/** Readiness for the load balancer and metrics for monitoring; neither carries personal data. */
export function registerOperationsRoutes(routes: RouteRegistry, ctx: AppContext, metrics: AppMetrics): void {
  routes.add({
    method: 'GET',
    url: '/readyz',
    tag: 'operations',
    summary: 'Ready for traffic: the database answers and its schema is this version’s (200), else 503 with the reason. /healthz only says the process is alive.',
    access: 'public',
    response: { status: 200, schema: ReadinessSchema },
    handler: async ({ reply }) => {
      const ready = await readiness(ctx);
      reply.header('cache-control', 'no-store');
      if (ready.status !== 'ready') return reply.status(503).send(ready);
      return ready;
    },
  });

  const allowed = metricsGate(ctx.config.metrics);
  routes.add({
    method: 'GET',
    url: '/metrics',
    tag: 'operations',
    summary: 'Prometheus metrics, for METRICS_TOKEN (Authorization: Bearer) or a direct request from METRICS_ALLOW (loopback by default); 404 to anyone else',
    access: 'public',
    response: { status: 200, schema: z.string(), description: 'text/plain; version=0.0.4 (Prometheus exposition format)' },
    handler: async ({ request, reply }) => {
      // 404 rather than 401/403: a stranger learns nothing of the endpoint.
      if (!allowed(request)) throw new AppError('not_found');
      const { contentType, body } = await metrics.render();
      return reply.header('cache-control', 'no-store').type(contentType).send(body);
    },
  });
}

import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { registerAccountRoutes, sessionAuthenticator } from './accounts/routes.js';
import { registerCatalogueRoutes } from './catalogue/routes.js';
import { registerPublicComplaintRoutes } from './complaints/public-routes.js';
import { registerSimilarComplaintRoute } from './complaints/similar-route.js';
import { registerStaffComplaintRoutes } from './complaints/staff-routes.js';
import type { AppContext } from './context.js';
import { registerRegisterRoutes } from './register/routes.js';
import { registerReportRoutes } from './reports/routes.js';
import { registerNotificationRoutes } from './notifications/routes.js';
import { registerReplyTemplateRoutes } from './templates/routes.js';
import { installErrorHandler } from './shared/errors.js';
import { openApiDocument, RouteRegistry } from './shared/http.js';
import { apiDocsPage } from './shared/api-docs-page.js';
import { registerStaticRoutes } from './web/static-routes.js';

export interface BuiltApp {
  app: FastifyInstance;
  routes: RouteRegistry;
  /** Every route Fastify serves, declared or not: the authorization test checks each is accounted for. */
  served: { method: string; url: string }[];
}

/** Routes served outside the registry, all open to anyone and carrying no personal data. */
export const UNDECLARED_OPEN_ROUTES: readonly string[] = ['GET /api/openapi.json', 'GET /api/docs', 'GET /healthz', 'GET /api/bare', 'GET /*' /* the front ends' files */];

/** Headers of every log line that must never carry secrets or personal data. */
const REDACTED = ['req.headers.cookie', 'req.headers["x-access-code"]', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]'];

/** Where log lines are written: one JSON line per call. */
export interface LogDestination {
  write(line: string): void;
}

export interface BuildOptions {
  logger?: boolean;
  /** Where the log lines go instead of stdout (the identity-leak test reads them), with the same redaction. */
  logStream?: LogDestination;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: ctx.config.logLevel, redact: REDACTED, ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
  });
  installErrorHandler(app);
  const served: BuiltApp['served'] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') served.push({ method, url: route.url });
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: {
      fileSize: ctx.config.attachmentMaxBytes,
      files: ctx.config.attachmentMaxCount,
      fields: 5,
      fieldSize: ctx.config.bodyLimitBytes,
      parts: ctx.config.attachmentMaxCount + 5,
    },
    throwFileSizeLimit: true,
  });

  const routes = new RouteRegistry(app, sessionAuthenticator(ctx));
  registerAccountRoutes(routes, ctx);
  registerPublicComplaintRoutes(routes, ctx);
  registerSimilarComplaintRoute(routes, ctx);
  registerStaffComplaintRoutes(routes, ctx);
  registerRegisterRoutes(routes, ctx);
  registerReportRoutes(routes, ctx);
  registerCatalogueRoutes(routes, ctx);
  registerNotificationRoutes(routes, ctx);
  registerReplyTemplateRoutes(routes, ctx);

  const openapi = openApiDocument(routes, { title: 'Aduan API', version: '0.1.0' });
  app.get('/api/openapi.json', async () => openapi);
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(apiDocsPage(openapi)));
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db.kysely);
      return { status: 'ok', database: ctx.db.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  // The baseline of the benchmarks: no database, no validation.
  app.get('/api/bare', async () => ({ ok: true }));
  registerStaticRoutes(app);
  return { app, routes, served };
}

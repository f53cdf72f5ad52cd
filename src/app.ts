import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { registerAccountRoutes, sessionAuthenticator } from './accounts/routes.js';
import { registerProfileRoutes } from './accounts/profile.js';
import { registerPaperRoutes } from './paper/routes.js';
import { registerImportRoutes } from './register-import/routes.js';
import { registerPasswordRoutes } from './accounts/password-routes.js';
import { registerAuditRoutes } from './audit/routes.js';
import { registerCatalogueRoutes } from './catalogue/routes.js';
import { registerPublicComplaintRoutes } from './complaints/public-routes.js';
import { registerSimilarComplaintRoute } from './complaints/similar-route.js';
import { registerReporterAccessRoutes } from './complaints/reporter-access.js';
import { registerStaffComplaintRoutes } from './complaints/staff-routes.js';
import type { TrustProxy } from './config.js';
import type { AppContext } from './context.js';
import { registerPersonalDataRoutes } from './personal-data/routes.js';
import { registerRegisterRoutes } from './register/routes.js';
import { registerReportRoutes } from './reports/routes.js';
import { registerNotificationRoutes } from './notifications/routes.js';
import { registerTeamRoutes } from './team/routes.js';
import { registerReplyTemplateRoutes } from './templates/routes.js';
import { installErrorHandler } from './shared/errors.js';
import { openApiDocument, RouteRegistry } from './shared/http.js';
import { API_DOCS_HEADERS, apiDocsPage } from './shared/api-docs-page.js';
import { installJsonParser } from './shared/json-body.js';
import { registerStaticRoutes } from './web/static-routes.js';
import { registerLiveRoutes } from './live/routes.js';
import { registerQueueRoutes } from './queues/routes.js';
import { logDestination, requestLogFields } from './operations/logging.js';
import { installMetrics } from './operations/metrics.js';
import { registerOperationsRoutes } from './operations/routes.js';
import { registerReceiptEmailRoute } from './complaints/receipt-email.js';
import { registerPortalInfoRoute } from './settings/portal-info.js';
import { registerKnowledgeRoutes } from './knowledge/routes.js';
import { registerPublicationRoutes } from './publications/routes.js';
import { ASSET_ROUTE, registerPublicationAssets } from './publications/assets.js';
import { registerWhatsAppRoutes } from './channels/whatsapp/routes.js';
import { apiKeyGate } from './integrations/api-keys.js';
import { registerApiKeyRoutes } from './integrations/key-routes.js';
import { registerOpen311Routes } from './integrations/open311.js';
import { registerWebhookRoutes } from './integrations/webhook-routes.js';

export interface BuiltApp {
  app: FastifyInstance;
  routes: RouteRegistry;
  /** Every route Fastify serves, declared or not: the authorization test checks each is accounted for. */
  served: { method: string; url: string }[];
}

/** Routes served outside the registry, all open to anyone and carrying no personal data. */
export const UNDECLARED_OPEN_ROUTES: readonly string[] = ['GET /api/openapi.json', 'GET /api/docs', 'GET /healthz', 'GET /api/bare', 'GET /*' /* the front ends' files */, `GET ${ASSET_ROUTE}` /* the public pages' scripts */];

/** Headers of every log line that must never carry secrets or personal data. */
const REDACTED = ['req.headers.cookie', 'req.headers["x-access-code"]', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]'];

/**
 * Fastify takes a list of proxy addresses as is; a bare number it reads as "trust nobody", so a hop count
 * becomes the usual rule: the nearest `hops` addresses (the socket's, then X-Forwarded-For from the right)
 * are proxies and the next one is the client.
 */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return trust === 0 ? false : (_address, hop) => hop < trust;
}

/** Answers holding personal data or session state: never kept by a browser or a proxy. */
const PRIVATE_ANSWERS = /^\/api\/(?:staff|admin|auth)(?:[/?]|$)|^\/api\/public\/complaints\/(?!similar(?:[/?]|$))[^/?]+/;

function installSecurityHeaders(app: FastifyInstance, publicBaseUrl: string | undefined): void {
  const hsts = publicBaseUrl?.toLowerCase().startsWith('https://') ?? false;
  app.addHook('onSend', async (request, reply, payload) => {
    if (hsts) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (PRIVATE_ANSWERS.test(request.url)) reply.header('cache-control', 'no-store');
    return payload;
  });
}

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
  const stream = options.logStream ?? logDestination(ctx.config);
  const app = Fastify({
    logger: options.logger === false ? false : { level: ctx.config.logLevel, redact: REDACTED, serializers: { req: requestLogFields }, ...(stream ? { stream } : {}) },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
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
  installJsonParser(app);
  installSecurityHeaders(app, ctx.config.publicBaseUrl);
  const metrics = installMetrics(app, ctx);

  const routes = new RouteRegistry(app, sessionAuthenticator(ctx), apiKeyGate(app, ctx));
  registerAccountRoutes(routes, ctx);
  registerPasswordRoutes(routes, ctx);
  registerPublicComplaintRoutes(routes, ctx);
  registerSimilarComplaintRoute(routes, ctx);
  registerReporterAccessRoutes(routes, ctx);
  registerStaffComplaintRoutes(routes, ctx);
  registerRegisterRoutes(routes, ctx);
  registerReportRoutes(routes, ctx);
  registerCatalogueRoutes(routes, ctx);
  registerNotificationRoutes(routes, ctx);
  registerReplyTemplateRoutes(routes, ctx);
  registerTeamRoutes(routes, ctx);
  registerAuditRoutes(routes, ctx);
  registerPersonalDataRoutes(routes, ctx);
  registerQueueRoutes(routes, ctx);
  registerOperationsRoutes(routes, ctx, metrics);
  registerProfileRoutes(routes, ctx);
  registerPaperRoutes(routes, ctx);
  registerImportRoutes(routes, ctx);
  registerReceiptEmailRoute(routes, ctx);
  registerPortalInfoRoute(routes, ctx);
  registerKnowledgeRoutes(routes, ctx);
  registerPublicationRoutes(routes, ctx);
  registerWhatsAppRoutes(routes, ctx);
  registerApiKeyRoutes(routes, ctx);
  registerOpen311Routes(app, routes, ctx);
  registerWebhookRoutes(routes, ctx);
  const live = await registerLiveRoutes(routes, ctx);
  // Open event streams would hold the server open: end them first (pages reconnect elsewhere).
  app.addHook('preClose', async () => live.close());

  const openapi = openApiDocument(routes, { title: 'Aduan API', version: '0.1.0' });
  app.get('/api/openapi.json', async () => openapi);
  app.get('/api/docs', async (_request, reply) => reply.headers(API_DOCS_HEADERS).type('text/html; charset=utf-8').send(apiDocsPage(openapi)));
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
  registerPublicationAssets(app);
  registerStaticRoutes(app, { tileUrlTemplate: ctx.config.map.tileUrlTemplate });
  return { app, routes, served };
}

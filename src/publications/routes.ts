import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { INTAKE_ROLES } from '../accounts/roles.js';
import type { AppContext } from '../context.js';
import { TrackingNumberParam } from '../complaints/schema.js';
import { AppError } from '../shared/errors.js';
import type { RouteRegistry, StaffPrincipal } from '../shared/http.js';
import { countMeToo, issueToken, ME_TOO_COOKIE, newBrowserId } from './me-too.js';
import { detailPage, listPage, mapPage, pageHeaders, sitemapXml } from './pages.js';
import { PublicTextSchema, PublishedComplaintSchema, PublishedListQuerySchema, PublishedListSchema, StaffPublicationSchema } from './schema.js';
import { findPublished, listPublished, mapPoints, publish, sitemapEntries, staffPublication, withdraw } from './service.js';

const TAG = 'Publications';
/** The most points the map and its list carry. */
const MAP_LIMIT = 2000;

const MeTooBodySchema = z.strictObject({
  token: z.string().min(10).max(300),
  nonce: z.string().regex(/^\d{1,10}$/, 'angka / digits'),
});

const GeoJsonSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]).describe('[longitude, latitude], rounded to 3 decimals') }),
      properties: z.object({ trackingNumber: z.string(), title: z.string(), url: z.string() }),
    }),
  ),
});

/** Where the pages say they live: the configured public address, else the one asked for. */
function baseOf(ctx: AppContext, request: FastifyRequest): string {
  return (ctx.config.publicBaseUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

/** Publishing is the approver's decision: the roles that may approve answers (step_roles). */
async function assertApprover(ctx: AppContext, principal: StaffPrincipal): Promise<void> {
  const settings = await ctx.settings.get();
  if (!settings.stepRoles.approve_answer.includes(principal.role)) throw new AppError('role_not_allowed');
}

async function publishedOr404(ctx: AppContext, trackingNumber: string) {
  const item = await findPublished(ctx, trackingNumber);
  if (!item) throw new AppError('not_found');
  return item;
}

export function registerPublicationRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const { tileUrlTemplate, attribution } = ctx.config.map;
  const tiles = tileUrlTemplate ? { urlTemplate: tileUrlTemplate, attribution } : null;
  const html = (withTiles = false) => pageHeaders(withTiles ? (tileUrlTemplate ?? null) : null);

  routes.add({
    method: 'GET',
    url: '/api/public/publications',
    summary: 'Published complaints and answers, newest first, or a word search over their public text; 20 a page, at most 50 pages',
    tag: TAG,
    access: 'public',
    query: PublishedListQuerySchema,
    response: { status: 200, schema: PublishedListSchema },
    handler: async ({ query }) => listPublished(ctx, query.q, query.page),
  });

  routes.add({
    method: 'GET',
    url: '/api/public/publications/map',
    summary: 'Published complaints with a place, as GeoJSON points rounded to about 100 m (at most 2,000)',
    tag: TAG,
    access: 'public',
    response: { status: 200, schema: GeoJsonSchema },
    handler: async () => ({
      type: 'FeatureCollection' as const,
      features: (await mapPoints(ctx, MAP_LIMIT)).map((p) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] as [number, number] },
        properties: { trackingNumber: p.trackingNumber, title: p.title, url: p.url },
      })),
    }),
  });

  routes.add({
    method: 'GET',
    url: '/api/public/publications/:trackingNumber',
    summary: 'One published complaint and its answer',
    tag: TAG,
    access: 'public',
    params: TrackingNumberParam,
    response: { status: 200, schema: PublishedComplaintSchema },
    handler: async ({ params }) => publishedOr404(ctx, params.trackingNumber),
  });

  routes.add({
    method: 'GET',
    url: '/api/public/publications/:trackingNumber/me-too',
    summary: '"Me too": a token for this complaint and browser (sets its cookie) and the proof-of-work bits it needs',
    tag: TAG,
    access: 'public',
    params: TrackingNumberParam,
    response: { status: 200, schema: z.object({ token: z.string(), bits: z.number().int() }) },
    handler: async ({ params, request, reply }) => {
      await publishedOr404(ctx, params.trackingNumber);
      const known = request.cookies[ME_TOO_COOKIE];
      const browserId = known && /^[A-Za-z0-9_-]{22}$/.test(known) ? known : newBrowserId();
      if (browserId !== known) {
        reply.setCookie(ME_TOO_COOKIE, browserId, { path: '/api/public/publications', httpOnly: true, sameSite: 'strict', maxAge: 365 * 86_400, secure: ctx.config.publicBaseUrl?.startsWith('https://') ?? false });
      }
      reply.header('cache-control', 'no-store');
      return issueToken(ctx, params.trackingNumber, browserId);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/public/publications/:trackingNumber/me-too',
    summary: '"Saya juga mengalami ini": counts once per browser and per address a day; tries per address are limited',
    tag: TAG,
    access: 'public',
    params: TrackingNumberParam,
    body: MeTooBodySchema,
    response: { status: 200, schema: z.object({ counted: z.boolean(), meToo: z.number().int() }) },
    handler: async ({ params, body, request, reply }) => {
      const item = await publishedOr404(ctx, params.trackingNumber);
      const publication = await ctx.db.kysely
        .selectFrom('publications')
        .innerJoin('complaints', 'complaints.id', 'publications.complaint_id')
        .select('publications.id')
        .where('complaints.tracking_number', '=', item.trackingNumber)
        .executeTakeFirstOrThrow();
      const counted = await countMeToo(ctx, { publicationId: publication.id, trackingNumber: item.trackingNumber, ip: request.ip, token: body.token, nonce: body.nonce });
      reply.header('cache-control', 'no-store');
      return { counted, meToo: item.meToo + (counted ? 1 : 0) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/complaints/:trackingNumber/publication',
    summary: 'Whether the complaint may be published, the public text out now or the automatic redaction to start from, and its "me too" count',
    tag: TAG,
    access: INTAKE_ROLES,
    params: TrackingNumberParam,
    response: { status: 200, schema: StaffPublicationSchema },
    handler: async ({ params }) => staffPublication(ctx, params.trackingNumber),
  });

  routes.add({
    method: 'PUT',
    url: '/api/staff/complaints/:trackingNumber/publication',
    summary: 'Publish an answered complaint with this redacted text, or replace the text out now (approvers; never a confidential complaint)',
    tag: TAG,
    access: INTAKE_ROLES,
    params: TrackingNumberParam,
    body: PublicTextSchema,
    response: { status: 200, schema: StaffPublicationSchema },
    handler: async ({ params, body, principal }) => {
      await assertApprover(ctx, principal);
      await publish(ctx, principal, params.trackingNumber, body);
      return staffPublication(ctx, params.trackingNumber);
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/staff/complaints/:trackingNumber/publication',
    summary: 'Unpublish: off the public pages, search, sitemap and map (approvers)',
    tag: TAG,
    access: INTAKE_ROLES,
    params: TrackingNumberParam,
    response: { status: 200, schema: StaffPublicationSchema },
    handler: async ({ params, principal }) => {
      await assertApprover(ctx, principal);
      await withdraw(ctx, principal, params.trackingNumber);
      return staffPublication(ctx, params.trackingNumber);
    },
  });

  // The pages people and search engines read: small HTML, no script needed.
  routes.add({
    method: 'GET',
    url: '/publik',
    summary: 'HTML: published complaints and answers, with the word search',
    tag: TAG,
    access: 'public',
    query: PublishedListQuerySchema,
    response: { status: 200, schema: z.string(), description: 'text/html' },
    handler: async ({ query, request, reply }) => {
      const list = await listPublished(ctx, query.q, query.page);
      return reply.headers(html()).send(listPage({ ...list, q: query.q ?? '' }, baseOf(ctx, request)));
    },
  });

  routes.add({
    method: 'GET',
    url: '/publik/peta',
    summary: 'HTML: the map of published complaints (Leaflet over the configured tiles), a plain list without them',
    tag: TAG,
    access: 'public',
    response: { status: 200, schema: z.string(), description: 'text/html' },
    handler: async ({ request, reply }) => reply.headers(html(true)).send(mapPage(await mapPoints(ctx, MAP_LIMIT), baseOf(ctx, request), tiles)),
  });

  routes.add({
    method: 'GET',
    url: '/publik/:trackingNumber',
    summary: 'HTML: one published complaint and its answer, at its stable address',
    tag: TAG,
    access: 'public',
    params: TrackingNumberParam,
    response: { status: 200, schema: z.string(), description: 'text/html' },
    handler: async ({ params, request, reply }) => reply.headers(html()).send(detailPage(await publishedOr404(ctx, params.trackingNumber), baseOf(ctx, request))),
  });

  routes.add({
    method: 'GET',
    url: '/sitemap.xml',
    summary: 'Sitemap of the published pages',
    tag: TAG,
    access: 'public',
    response: { status: 200, schema: z.string(), description: 'application/xml' },
    handler: async ({ request, reply }) =>
      reply.headers({ 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' }).send(sitemapXml(await sitemapEntries(ctx), baseOf(ctx, request))),
  });
}

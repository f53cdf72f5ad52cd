import { z } from 'zod';
import { INTAKE_ROLES, type Role } from '../accounts/roles.js';
import { recordPersonalDataExport } from '../audit/exports.js';
import { reporterGateFor } from '../complaints/public-routes.js';
import { TrackingNumberParam } from '../complaints/schema.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import type { RouteRegistry } from '../shared/http.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { FINAL_STATES, type ComplaintState } from '../workflow/state-machine.js';
import { fileRequest, handleRequest, HandleRequestSchema, NewRequestSchema, personalDataCopy, publicRequest, PublicRequestSchema, REQUEST_KINDS, REQUEST_STATES, requestsOf } from './requests.js';
import { RowIdParamSchema } from '../shared/ids.js';

/** The intake desk handles requests; admins may follow the queue (without the reporter's identity). */
const VIEW_ROLES: readonly Role[] = [...INTAKE_ROLES, 'admin'];
const HOUR = 3_600_000;

const PublicListSchema = z.object({ items: z.array(PublicRequestSchema), responseDays: z.number().int() });

const StaffRequestSchema = PublicRequestSchema.extend({
  trackingNumber: z.string(),
  complaintState: z.string(),
  details: z.string().nullable(),
  overdue: z.boolean(),
  handledBy: z.string().nullable(),
  reporter: z
    .object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable(), erased: z.boolean() })
    .nullable()
    .describe('For the intake desk only; null for admins and when no identity was given'),
  canErase: z.boolean().describe('False while the complaint is open: the office still needs the data'),
});

const RequestIdParam = z.strictObject({ id: RowIdParamSchema });

function jsonFile(reply: { header(name: string, value: string): unknown; type(t: string): unknown }, filename: string): void {
  reply.type('application/json; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'no-store');
}

export function registerPersonalDataRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const limit = new RateLimiter(ctx.config.rateLimitTrackPerHour, HOUR, ctx.now);
  // The tracking page's own check of the access code, wrong-code counting included; never a copy of it.
  const gate = reporterGateFor(ctx);
  const publicList = async (complaintId: number) => ({ items: (await requestsOf(ctx, complaintId)).map(publicRequest), responseDays: ctx.config.personalDataRequestDays });

  routes.add({
    method: 'GET',
    url: '/api/public/complaints/:trackingNumber/personal-data-requests',
    tag: 'public',
    summary: 'The reporter’s requests about their personal data (UU 27/2022) and their state',
    access: 'reporter',
    params: TrackingNumberParam,
    headers: { 'X-Access-Code': 'The access code' },
    response: { status: 200, schema: PublicListSchema },
    handler: async ({ request, params }) => {
      limit.hit(request.ip);
      const row = await gate.open(request, params.trackingNumber);
      return publicList(row.id);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/public/complaints/:trackingNumber/personal-data-requests',
    tag: 'public',
    summary: 'Ask for a copy, a correction or an erasure of the personal data held with this complaint',
    access: 'reporter',
    params: TrackingNumberParam,
    headers: { 'X-Access-Code': 'The access code' },
    body: NewRequestSchema,
    response: { status: 201, schema: PublicListSchema },
    handler: async ({ request, params, body }) => {
      limit.hit(request.ip);
      const row = await gate.open(request, params.trackingNumber);
      await fileRequest(ctx, row, body);
      return publicList(row.id);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/public/complaints/:trackingNumber/personal-data-requests/:id/copy.json',
    tag: 'public',
    summary: 'Download the copy of one’s personal data, once the office has delivered it',
    access: 'reporter',
    params: TrackingNumberParam.extend(RequestIdParam.shape),
    headers: { 'X-Access-Code': 'The access code' },
    response: { status: 200, schema: z.unknown(), description: 'application/json' },
    handler: async ({ request, reply, params }) => {
      limit.hit(request.ip);
      const row = await gate.open(request, params.trackingNumber);
      const found = await ctx.db.kysely.selectFrom('personal_data_requests').selectAll().where('id', '=', params.id).where('complaint_id', '=', row.id).executeTakeFirst();
      if (!found || !publicRequest(found).copyAvailable) throw new AppError('not_found');
      const copy = await personalDataCopy(ctx, row.id);
      await recordPersonalDataExport(ctx, null, request, { document: 'personal_data_copy', format: 'json', target: { type: 'complaint', id: params.trackingNumber }, details: { requestId: params.id, by: 'reporter' } });
      jsonFile(reply, `data-pribadi-${params.trackingNumber}.json`);
      return JSON.stringify(copy, null, 2);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/personal-data-requests',
    tag: 'staff',
    summary: 'The queue of personal-data requests, the most urgent deadline first',
    access: VIEW_ROLES,
    query: z.strictObject({
      state: z.enum([...REQUEST_STATES, 'all']).default('pending'),
      kind: z.enum(REQUEST_KINDS).optional(),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: { status: 200, schema: z.object({ items: z.array(StaffRequestSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }) },
    handler: async ({ query, principal }) => {
      const db = ctx.db.kysely;
      let qb = db.selectFrom('personal_data_requests');
      if (query.state !== 'all') qb = qb.where('personal_data_requests.state', '=', query.state);
      if (query.kind) qb = qb.where('personal_data_requests.kind', '=', query.kind);
      const [{ n }, rows] = await Promise.all([
        qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        qb
          .innerJoin('complaints', 'complaints.id', 'personal_data_requests.complaint_id')
          .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
          .leftJoin('users', 'users.id', 'personal_data_requests.handled_by')
          .selectAll('personal_data_requests')
          .select(['complaints.tracking_number', 'complaints.state as complaint_state', 'reporters.name', 'reporters.email', 'reporters.phone', 'reporters.address', 'reporters.erased_at', 'reporters.id as reporter_id', 'users.name as handler_name'])
          .orderBy(query.state === 'pending' ? 'personal_data_requests.due_at' : 'personal_data_requests.requested_at', query.state === 'pending' ? 'asc' : 'desc')
          .orderBy('personal_data_requests.id')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .execute(),
      ]);
      const intake = INTAKE_ROLES.includes(principal.role);
      const now = ctx.now().toISOString();
      return {
        items: rows.map((r) => ({
          ...publicRequest(r),
          trackingNumber: r.tracking_number,
          complaintState: r.complaint_state,
          details: intake ? r.details : null,
          overdue: r.state === 'pending' && r.due_at < now,
          handledBy: r.handler_name ?? null,
          reporter: intake && r.reporter_id !== null ? { name: r.name, email: r.email, phone: r.phone, address: r.address, erased: r.erased_at !== null } : null,
          canErase: FINAL_STATES.includes(r.complaint_state as ComplaintState),
        })),
        total: Number(n),
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/personal-data-requests/:id/copy.json',
    tag: 'staff',
    summary: 'Everything held about the reporter of a request, as JSON (recorded in the audit log)',
    access: INTAKE_ROLES,
    params: RequestIdParam,
    response: { status: 200, schema: z.unknown(), description: 'application/json' },
    handler: async ({ params, principal, request, reply }) => {
      const found = await ctx.db.kysely
        .selectFrom('personal_data_requests')
        .innerJoin('complaints', 'complaints.id', 'personal_data_requests.complaint_id')
        .select(['personal_data_requests.complaint_id', 'complaints.tracking_number'])
        .where('personal_data_requests.id', '=', params.id)
        .executeTakeFirst();
      if (!found) throw new AppError('not_found');
      const copy = await personalDataCopy(ctx, found.complaint_id);
      await recordPersonalDataExport(ctx, principal, request, { document: 'personal_data_copy', format: 'json', target: { type: 'complaint', id: found.tracking_number }, details: { requestId: params.id } });
      jsonFile(reply, `data-pribadi-${found.tracking_number}.json`);
      return JSON.stringify(copy, null, 2);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/staff/personal-data-requests/:id/answer',
    tag: 'staff',
    summary: 'Answer a request: deliver the copy, correct the reporter’s data, erase it, or refuse with a reason',
    access: INTAKE_ROLES,
    params: RequestIdParam,
    body: HandleRequestSchema,
    response: { status: 200, schema: z.object({ ok: z.literal(true) }) },
    handler: async ({ params, body, principal, request }) => {
      await handleRequest(ctx, params.id, body, principal, request.ip);
      return { ok: true as const };
    },
  });
}

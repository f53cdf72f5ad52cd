import { z } from 'zod';
import { INTAKE_ROLES } from '../accounts/roles.js';
import type { AppContext } from '../context.js';
import { AppError, parseOrThrow } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { readJsonAndFiles } from '../shared/multipart.js';
import { applyStaffAction, assertVisibleTo } from '../workflow/service.js';
import { STAFF_ACTIONS } from '../workflow/state-machine.js';
import { registerMergeRoute } from '../workflow/merge.js';
import { downloadName } from './attachments.js';
import { fileStoreFor } from '../storage/file-store.js';
import { fileVisibleTo, loadReleases, readsReleasedOnly, registerReleaseRoutes } from './identity-release.js';
import { InboxPageSchema, InboxQuerySchema, inboxPage, queueCounts } from './inbox.js';
import { StaffRegistrationSchema, StateSchema, SubmissionReceiptSchema, TrackingNumberParam } from './schema.js';
import { createComplaint } from './submit.js';
import { StaffComplaintSchema, staffView } from './views.js';
import { RowIdParamSchema } from '../shared/ids.js';

export function registerStaffComplaintRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/staff/complaints',
    tag: 'staff',
    summary: 'Inbox: filter, search, sort and page complaints, with the total',
    access: ANY_STAFF,
    query: InboxQuerySchema,
    response: { status: 200, schema: InboxPageSchema },
    handler: async ({ principal, query }) => inboxPage(ctx, principal, query),
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/queues',
    tag: 'staff',
    summary: 'Counts of the work queues this user sees',
    access: ANY_STAFF,
    response: { status: 200, schema: z.record(z.string(), z.number()) },
    handler: async ({ principal }) => queueCounts(ctx, principal),
  });

  routes.add({
    method: 'POST',
    url: '/api/staff/complaints',
    tag: 'staff',
    summary: 'Register a complaint that came by letter, phone, walk-in, email, social media or SP4N-LAPOR! (with its `laporTrackingId`) (JSON, or multipart with a `complaint` JSON part and the scanned letter)',
    access: INTAKE_ROLES,
    body: StaffRegistrationSchema,
    multipart: true,
    response: { status: 201, schema: SubmissionReceiptSchema },
    handler: async ({ request, principal, language }) => {
      const { json, files } = await readJsonAndFiles(request, 'complaint');
      const input = parseOrThrow(StaffRegistrationSchema, json, language);
      const now = ctx.now();
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
      if (receivedAt.getTime() > now.getTime()) {
        throw new AppError('validation_failed', [{ path: 'receivedAt', message: { id: 'Tidak boleh di masa depan.', en: 'Cannot be in the future.' } }]);
      }
      const { channel, consent, receivedAt: _r, laporTrackingId, ...complaint } = input;
      return createComplaint(ctx, {
        input: complaint,
        channel,
        laporTrackingId: laporTrackingId ?? null,
        consent,
        receivedAt,
        language: input.language ?? 'id',
        actor: { type: 'staff', userId: principal.userId, role: principal.role },
        files,
      });
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/complaints/:trackingNumber',
    tag: 'staff',
    summary: 'A complaint with its handling, timeline, messages and the actions this user may take',
    access: ANY_STAFF,
    params: TrackingNumberParam,
    response: { status: 200, schema: StaffComplaintSchema },
    handler: async ({ principal, params }) => staffView(ctx, principal, params.trackingNumber),
  });

  routes.add({
    method: 'POST',
    url: '/api/staff/complaints/:trackingNumber/actions/:action',
    tag: 'staff',
    summary: 'Take an SOP action; the body carries the version seen and what the action needs (see STAFF_ACTION_INPUTS)',
    access: ANY_STAFF,
    params: TrackingNumberParam.extend({ action: z.enum(STAFF_ACTIONS) }),
    body: z.object({ version: z.number().int() }).loose(),
    response: {
      status: 200,
      schema: z.object({ trackingNumber: z.string(), state: StateSchema, version: z.number(), dueAt: z.string().nullable(), dueKind: z.string().nullable() }),
    },
    handler: async ({ principal, params, request, language }) =>
      applyStaffAction(ctx, principal, params.trackingNumber, params.action, request.body ?? {}, language),
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/complaints/:trackingNumber/attachments/:id',
    tag: 'staff',
    summary: 'Download an attachment',
    access: ANY_STAFF,
    params: TrackingNumberParam.extend({ id: RowIdParamSchema }),
    response: { status: 200, schema: z.unknown(), description: 'The file' },
    handler: async ({ principal, params, reply }) => {
      const db = ctx.db.kysely;
      const row = await db
        .selectFrom('attachments')
        .innerJoin('complaints', 'complaints.id', 'attachments.complaint_id')
        .select(['attachments.id', 'attachments.stored_name', 'attachments.original_name', 'attachments.mime_type', 'attachments.uploaded_by', 'attachments.message_id', 'complaints.id as complaint_id', 'complaints.is_anonymous'])
        .where('complaints.tracking_number', '=', params.trackingNumber)
        .where('attachments.id', '=', params.id)
        .executeTakeFirst();
      if (!row) throw new AppError('not_found');
      await assertVisibleTo(db, row.complaint_id, principal);
      const releasedOnly = readsReleasedOnly(principal, row.is_anonymous === 1);
      if (releasedOnly && !fileVisibleTo(releasedOnly, row, await loadReleases(db, row.complaint_id))) throw new AppError('not_found');
      // Streamed from the store (disk or bucket): a large scan is never held whole in memory.
      const file = await fileStoreFor(ctx.config).get(row.stored_name);
      if (!file) throw new AppError('not_found');
      if (file.sizeBytes !== null) reply.header('content-length', file.sizeBytes);
      return reply
        .header('content-type', row.mime_type)
        .header('x-content-type-options', 'nosniff')
        // Opened in the browser anyway (a polyglot, an old upload), the file runs nothing and loads nothing.
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(downloadName(row.original_name, row.mime_type))}`)
        .send(file.body);
    },
  });

  registerReleaseRoutes(routes, ctx);
  registerMergeRoute(routes, ctx);
}

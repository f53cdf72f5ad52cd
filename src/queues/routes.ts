import { z } from 'zod';
import type { AppContext } from '../context.js';
import { complaintSheetsPdf, MAX_SHEETS } from '../reports/sheet-pdf.js';
import { AppError, parseOrThrow } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { BULK_ACTION_NAMES, BULK_ACTIONS, BulkBodySchema, BulkResultSchema, runBulk } from './bulk.js';
import { deleteSavedFilter, listSavedFilters, NewSavedFilterSchema, saveFilter, SavedFilterSchema } from './saved-filters.js';
import { RowIdParamSchema } from '../shared/ids.js';

/** The queue's tools: saved filters, actions on several complaints, several sheets in one PDF. */
export function registerQueueRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/staff/saved-filters',
    tag: 'queues',
    summary: 'This user’s named queue filters',
    access: ANY_STAFF,
    response: { status: 200, schema: z.object({ items: z.array(SavedFilterSchema) }) },
    handler: async ({ principal }) => ({ items: await listSavedFilters(ctx, principal) }),
  });

  routes.add({
    method: 'POST',
    url: '/api/staff/saved-filters',
    tag: 'queues',
    summary: 'Save the queue’s current filter under a name (unique per user)',
    access: ANY_STAFF,
    body: NewSavedFilterSchema,
    response: { status: 201, schema: SavedFilterSchema },
    handler: async ({ principal, body }) => saveFilter(ctx, principal, body),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/staff/saved-filters/:id',
    tag: 'queues',
    summary: 'Delete one of this user’s saved filters',
    access: ANY_STAFF,
    params: z.strictObject({ id: RowIdParamSchema }),
    response: { status: 200, schema: z.object({ ok: z.literal(true) }) },
    handler: async ({ principal, params }) => {
      await deleteSavedFilter(ctx, principal, params.id);
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/staff/bulk-actions/:action',
    tag: 'queues',
    summary: `Take one SOP action on up to 50 complaints: { items: [{ trackingNumber, version }], …what the action needs }; each item is checked (role, state, version) and done on its own, with a result per item`,
    access: ANY_STAFF,
    params: z.strictObject({ action: z.enum(BULK_ACTION_NAMES) }),
    body: BulkBodySchema,
    response: { status: 200, schema: BulkResultSchema },
    handler: async ({ principal, params, body, language }) => {
      const { items, ...rest } = body;
      const input = parseOrThrow(BULK_ACTIONS[params.action].input, rest, language) as Record<string, unknown>;
      return runBulk(ctx, principal, params.action, items, input, language);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/sheets.pdf',
    tag: 'queues',
    summary: `Several complaint sheets in one A4 PDF (?tn=…&tn=…, at most ${MAX_SHEETS}); complaints this user may not see are left out and named in X-Sheets-Skipped`,
    access: ANY_STAFF,
    query: z.strictObject({
      tn: z
        .union([z.string(), z.array(z.string())])
        .transform((v) => (Array.isArray(v) ? v : [v]).map((s) => s.trim().toUpperCase()))
        .pipe(z.array(z.string().regex(/^ADU-\d{4}-\d{6}$/)).min(1).max(MAX_SHEETS)),
    }),
    response: { status: 200, schema: z.unknown(), description: 'application/pdf' },
    handler: async ({ principal, query, reply }) => {
      const result = await complaintSheetsPdf(ctx, principal, query.tn);
      if (!result) throw new AppError('not_found');
      reply.type('application/pdf');
      reply.header('content-disposition', `attachment; filename="lembar-pengaduan-${result.printed.length}.pdf"`);
      reply.header('cache-control', 'no-store');
      reply.header('x-sheets-printed', result.printed.join(','));
      if (result.skipped.length) reply.header('x-sheets-skipped', result.skipped.join(','));
      return result.pdf;
    },
  });
}

import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { z } from 'zod';
import { RoleSchema } from '../accounts/roles.js';
import { jakartaDaysUtc } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import type { RouteRegistry } from '../shared/http.js';
import { recordPersonalDataExport } from './exports.js';
import { RowIdParamSchema } from '../shared/ids.js';
import { CalendarDateSchema } from '../shared/dates.js';

/**
 * The admin's view of the audit log: newest first, filtered, paged by keyset (`cursor` is the id of
 * the last entry seen), and the same list as CSV. Reading it changes nothing; exporting it is
 * itself recorded, since entries name users.
 */

export const AuditQuerySchema = z.strictObject({
  action: z.string().trim().min(1).max(80).optional().describe('Action prefix, e.g. `user.` or `personal_data.exported`'),
  actorUserId: RowIdParamSchema.optional(),
  targetType: z.string().trim().min(1).max(40).optional(),
  targetId: z.string().trim().min(1).max(80).optional(),
  from: CalendarDateSchema.optional().describe('On or after this Jakarta date'),
  to: CalendarDateSchema.optional().describe('On or before this Jakarta date'),
});

const PageQuerySchema = AuditQuerySchema.extend({
  cursor: RowIdParamSchema.optional().describe('The id of the last entry of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const JsonObject = z.record(z.string(), z.unknown()).nullable();

const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ userId: z.number().int(), name: z.string().nullable(), role: RoleSchema.or(z.string()) }).nullable(),
  target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  before: JsonObject,
  after: JsonObject,
});
type AuditEntryView = z.infer<typeof AuditEntrySchema>;

type Filters = z.output<typeof AuditQuerySchema>;

function parseJson(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { value: text };
  }
}

async function auditPage(ctx: AppContext, filters: Filters, cursor: number | undefined, limit: number): Promise<AuditEntryView[]> {
  if (filters.from && filters.to && filters.to < filters.from) {
    throw new AppError('validation_failed', [{ path: 'to', message: { id: 'Tanggal akhir sebelum tanggal awal.', en: 'The end date is before the start date.' } }]);
  }
  let qb = ctx.db.kysely
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.action', 'audit_log.actor_user_id', 'audit_log.actor_role', 'audit_log.target_type', 'audit_log.target_id', 'audit_log.ip', 'audit_log.before', 'audit_log.after', 'users.name as actor_name']);
  // substr, not LIKE: action names hold `_`, which LIKE reads as a wildcard.
  if (filters.action) qb = qb.where(sql<string>`substr(audit_log.action, 1, ${filters.action.length})`, '=', filters.action);
  if (filters.actorUserId) qb = qb.where('audit_log.actor_user_id', '=', filters.actorUserId);
  if (filters.targetType) qb = qb.where('audit_log.target_type', '=', filters.targetType);
  if (filters.targetId) qb = qb.where('audit_log.target_id', '=', filters.targetId);
  if (filters.from) qb = qb.where('audit_log.at', '>=', jakartaDaysUtc(filters.from, filters.from).start);
  if (filters.to) qb = qb.where('audit_log.at', '<', jakartaDaysUtc(filters.to, filters.to).end);
  if (cursor) qb = qb.where('audit_log.id', '<', cursor);
  const rows = await qb.orderBy('audit_log.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    actor: r.actor_user_id === null ? null : { userId: r.actor_user_id, name: r.actor_name ?? null, role: r.actor_role ?? '' },
    target: r.target_type === null ? null : { type: r.target_type, id: r.target_id },
    ip: r.ip,
    before: parseJson(r.before),
    after: parseJson(r.after),
  }));
}

/** A CSV cell: quoted, and a leading =, +, - or @ defused so a spreadsheet never runs it as a formula. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const CSV_HEADER = ['id', 'at', 'action', 'actor_user_id', 'actor_name', 'actor_role', 'target_type', 'target_id', 'ip', 'before', 'after'];

async function* auditCsv(ctx: AppContext, filters: Filters): AsyncGenerator<string> {
  // A byte-order mark so spreadsheet programs read the names as UTF-8.
  yield `\uFEFF${CSV_HEADER.join(',')}\r\n`;
  let cursor: number | undefined;
  for (;;) {
    const page = await auditPage(ctx, filters, cursor, 500);
    if (page.length === 0) return;
    yield page
      .map((e) => [e.id, e.at, e.action, e.actor?.userId, e.actor?.name, e.actor?.role, e.target?.type, e.target?.id, e.ip, e.before, e.after].map(csvCell).join(',') + '\r\n')
      .join('');
    cursor = page[page.length - 1]?.id;
  }
}

export function registerAuditRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/admin/audit',
    tag: 'admin',
    summary: 'The audit log, newest first: filter by action prefix, actor, target and Jakarta dates; page with `cursor` = `nextCursor`',
    access: ['admin'],
    query: PageQuerySchema,
    response: { status: 200, schema: z.object({ items: z.array(AuditEntrySchema), nextCursor: z.number().int().nullable() }) },
    handler: async ({ query }) => {
      const { cursor, limit, ...filters } = query;
      // One more than asked tells whether a next page exists without counting.
      const rows = await auditPage(ctx, filters, cursor, limit + 1);
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/audit.csv',
    tag: 'admin',
    summary: 'The filtered audit log as CSV (UTF-8), streamed; the export is itself recorded',
    access: ['admin'],
    query: AuditQuerySchema,
    response: { status: 200, schema: z.unknown(), description: 'text/csv' },
    handler: async ({ query, reply, principal, request }) => {
      await recordPersonalDataExport(ctx, principal, request, { document: 'audit_log', format: 'csv', target: { type: 'audit_log', id: 'filtered' }, details: { filters: query } });
      reply.type('text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="log-audit.csv"');
      reply.header('cache-control', 'no-store');
      return Readable.from(auditCsv(ctx, query));
    },
  });
}

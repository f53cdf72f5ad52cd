import { z } from 'zod';
import { INTAKE_ROLES } from '../accounts/roles.js';
import type { AppContext } from '../context.js';
import { TrackingNumberParam } from '../complaints/schema.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { NOTICE_KINDS } from './notices.js';
import { AssignBodySchema, AssignResultSchema, assign } from './ownership.js';
import { MyWorkSchema, myWork } from './my-work.js';
import { RowIdSchema, RowIdParamSchema } from '../shared/ids.js';

const PAGE = 20;

const NoticeSchema = z.object({
  id: z.number().int(),
  kind: z.enum(NOTICE_KINDS),
  trackingNumber: z.string().nullable(),
  subject: z.string().nullable(),
  actor: z.string().nullable().describe('The staff member who caused it; null for the system or the reporter'),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const CountSchema = z.object({ unread: z.number().int() });

const ReadBodySchema = z.union([
  z.strictObject({ ids: z.array(RowIdSchema).min(1).max(200) }),
  z.strictObject({ all: z.literal(true) }),
]);

const TeamMemberSchema = z.object({ id: z.number(), name: z.string(), role: z.string(), divisionId: z.number().nullable() });

/** Ownership, "my work" and the office's notifications (issue 12). */
export function registerTeamRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const db = ctx.db.kysely;
  const unread = async (userId: number) =>
    Number((await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow()).n);

  routes.add({
    method: 'POST',
    url: '/api/staff/complaints/:trackingNumber/assign',
    tag: 'staff',
    summary: 'Name who handles the complaint, or one of its dispositions (`dispositionId`); to yourself it is a take. Heads assign anyone; staff take unassigned complaints, officers their division\'s dispositions',
    access: ['staff', 'section_head', 'division_head', 'division_officer'],
    params: TrackingNumberParam,
    body: AssignBodySchema,
    response: { status: 200, schema: AssignResultSchema },
    handler: async ({ principal, params, body }) => assign(ctx, principal, params.trackingNumber, body),
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/team',
    tag: 'staff',
    summary: 'Active staff who can be named to handle a complaint or a disposition (no contact details)',
    access: [...INTAKE_ROLES, 'division_officer'],
    response: { status: 200, schema: z.object({ members: z.array(TeamMemberSchema) }) },
    handler: async ({ principal }) => {
      let q = db.selectFrom('users').select(['id', 'name', 'role', 'division_id']).where('active', '=', 1).where('role', '!=', 'admin');
      if (principal.role === 'division_officer') q = q.where('division_id', '=', principal.divisionId ?? -1);
      const rows = await q.orderBy('name').execute();
      return { members: rows.map((r) => ({ id: r.id, name: r.name, role: r.role, divisionId: r.division_id })) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/my-work',
    tag: 'staff',
    summary: '"Tugas saya": assigned to me, approvals for my role, drafts returned to me, reporters who replied, my division\'s dispositions; overdue and nearest deadline first',
    access: ANY_STAFF,
    response: { status: 200, schema: MyWorkSchema },
    handler: async ({ principal }) => myWork(ctx, principal),
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/notifications',
    tag: 'staff',
    summary: 'My notifications, newest first; `cursor` is the `nextCursor` of the page before',
    access: ANY_STAFF,
    query: z.strictObject({
      unreadOnly: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      cursor: RowIdParamSchema.optional(),
    }),
    response: { status: 200, schema: z.object({ items: z.array(NoticeSchema), nextCursor: z.number().nullable(), unread: z.number().int() }) },
    handler: async ({ principal, query }) => {
      let q = db
        .selectFrom('notifications')
        .leftJoin('complaints', 'complaints.id', 'notifications.complaint_id')
        .leftJoin('users as actor', 'actor.id', 'notifications.actor_user_id')
        .select([
          'notifications.id',
          'notifications.kind',
          'notifications.data',
          'notifications.created_at',
          'notifications.read_at',
          'complaints.tracking_number',
          'complaints.subject',
          'actor.name as actor_name',
        ])
        .where('notifications.user_id', '=', principal.userId);
      if (query.unreadOnly) q = q.where('notifications.read_at', 'is', null);
      if (query.cursor) q = q.where('notifications.id', '<', query.cursor);
      const [rows, count] = await Promise.all([q.orderBy('notifications.id', 'desc').limit(PAGE + 1).execute(), unread(principal.userId)]);
      const page = rows.slice(0, PAGE);
      return {
        items: page.map((r) => ({
          id: r.id,
          kind: z.enum(NOTICE_KINDS).parse(r.kind),
          trackingNumber: r.tracking_number,
          subject: r.subject,
          actor: r.actor_name,
          data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
          createdAt: r.created_at,
          readAt: r.read_at,
        })),
        nextCursor: rows.length > PAGE ? (page[page.length - 1]?.id ?? null) : null,
        unread: count,
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/notifications/count',
    tag: 'staff',
    summary: 'How many of my notifications are unread (the bell polls this)',
    access: ANY_STAFF,
    response: { status: 200, schema: CountSchema },
    handler: async ({ principal }) => ({ unread: await unread(principal.userId) }),
  });

  routes.add({
    method: 'POST',
    url: '/api/staff/notifications/read',
    tag: 'staff',
    summary: 'Mark some (`ids`) or all (`all: true`) of my notifications read',
    access: ANY_STAFF,
    body: ReadBodySchema,
    response: { status: 200, schema: CountSchema },
    handler: async ({ principal, body }) => {
      let q = db.updateTable('notifications').set({ read_at: ctx.now().toISOString() }).where('user_id', '=', principal.userId).where('read_at', 'is', null);
      if ('ids' in body) q = q.where('id', 'in', body.ids);
      await q.execute();
      return { unread: await unread(principal.userId) };
    },
  });
}

import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { changedValues } from '../audit/changes.js';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import { AppError, type FieldError } from '../shared/errors.js';
import { ANY_STAFF, type Authenticate, type RouteRegistry, type StaffPrincipal } from '../shared/http.js';
import { NewPasswordSchema } from './password-rules.js';
import { RoleSchema } from './roles.js';
import { createUser, login, logout, resolveSession } from './service.js';
import { publish } from '../live/bus.js';
import { NipSchema, PositionSchema } from './profile.js';
import { RowIdParamSchema, RowIdSchema } from '../shared/ids.js';

export const SESSION_COOKIE = 'aduan_session';
export const CSRF_HEADER = 'x-csrf-token';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function sessionAuthenticator(ctx: AppContext): Authenticate {
  return async (request: FastifyRequest, _reply: FastifyReply, write: boolean): Promise<StaffPrincipal> => {
    const token = request.cookies[SESSION_COOKIE];
    const principal = token ? await resolveSession(ctx, token) : null;
    if (!principal) throw new AppError('unauthenticated');
    if (write) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameSecret(header, principal.csrfToken)) throw new AppError('csrf_failed');
    }
    return principal;
  };
}

const MeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
  divisionId: z.number().int().nullable(),
  csrfToken: z.string().describe('Send back as X-CSRF-Token on every write'),
});

const present = (p: StaffPrincipal) => ({ id: p.userId, name: p.name, email: p.email, role: p.role, divisionId: p.divisionId, csrfToken: p.csrfToken });

const UserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  divisionId: z.number().int().nullable(),
  active: z.boolean(),
  language: z.enum(['id', 'en']),
  nip: z.string().nullable(),
  position: z.string().nullable(),
});

/** An admin who deactivated themself or dropped their own admin role could lock the office out of its administration. */
function refuseLockingOneselfOut(body: { role?: string | undefined; active?: boolean | undefined }): void {
  const fields: FieldError[] = [];
  if (body.active === false) {
    fields.push({ path: 'active', message: { id: 'Anda tidak dapat menonaktifkan akun Anda sendiri.', en: 'You cannot deactivate your own account.' } });
  }
  if (body.role !== undefined && body.role !== 'admin') {
    fields.push({ path: 'role', message: { id: 'Anda tidak dapat mencabut peran administrator dari akun Anda sendiri.', en: 'You cannot remove the administrator role from your own account.' } });
  }
  if (fields.length) throw new AppError('validation_failed', fields);
}

export function registerAccountRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'POST',
    url: '/api/auth/login',
    tag: 'accounts',
    summary: 'Log in with email and password; sets the session cookie',
    access: 'public',
    body: z.strictObject({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200) }),
    response: { status: 200, schema: MeSchema },
    handler: async ({ body, reply, request }) => {
      const { token, principal } = await login(ctx, body.email, body.password, request.ip);
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicBaseUrl?.startsWith('https://') ?? false });
      return present(principal);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/auth/logout',
    tag: 'accounts',
    summary: 'End this session',
    access: ANY_STAFF,
    response: { status: 200, schema: z.object({ ok: z.literal(true) }) },
    handler: async ({ principal, reply }) => {
      await logout(ctx, principal.sessionId);
      // Its open live streams close, on whichever instance they are.
      await publish(ctx, { type: 'session_end', sessionId: principal.sessionId });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/auth/me',
    tag: 'accounts',
    summary: 'Who is logged in, with the CSRF token for writes',
    access: ANY_STAFF,
    response: { status: 200, schema: MeSchema },
    handler: async ({ principal }) => present(principal),
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/users',
    tag: 'admin',
    summary: 'List users',
    access: ['admin'],
    response: { status: 200, schema: z.object({ items: z.array(UserSchema) }) },
    handler: async () => {
      const rows = await ctx.db.kysely.selectFrom('users').selectAll().orderBy('id').execute();
      return {
        items: rows.map((u) => ({ id: u.id, email: u.email, name: u.name, role: RoleSchema.parse(u.role), divisionId: u.division_id, active: u.active === 1, language: u.language === 'en' ? ('en' as const) : ('id' as const), nip: u.nip, position: u.position })),
      };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/users',
    tag: 'admin',
    summary: 'Create a user',
    access: ['admin'],
    body: z.strictObject({
      email: z.email(),
      name: z.string().trim().min(1).max(200),
      password: NewPasswordSchema,
      role: RoleSchema,
      divisionId: RowIdSchema.nullable().default(null),
      language: z.enum(['id', 'en']).default('id'),
      nip: NipSchema.default(null),
      position: PositionSchema.default(null),
    }),
    response: { status: 201, schema: z.object({ id: z.number().int() }) },
    handler: async ({ body, principal, request }) => {
      const at = ctx.now();
      const id = await ctx.db.kysely.transaction().execute(async (trx) => {
        const created = await createUser(trx, body, at);
        const { password: _password, ...shown } = body;
        await recordAudit(trx, { action: 'user.created', actor: principal, target: { type: 'user', id: created }, ip: request.ip, after: { ...shown, email: shown.email.trim().toLowerCase() }, at });
        return created;
      });
      return { id };
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/admin/users/:id',
    tag: 'admin',
    summary: 'Change a user’s role, division, name, active flag, NIP or position',
    access: ['admin'],
    params: z.strictObject({ id: RowIdParamSchema }),
    body: z.strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      role: RoleSchema.optional(),
      divisionId: RowIdSchema.nullable().optional(),
      active: z.boolean().optional(),
      nip: NipSchema.optional(),
      position: PositionSchema.optional(),
    }),
    response: { status: 200, schema: z.object({ ok: z.literal(true) }) },
    handler: async ({ params, body, principal, request }) => {
      if (params.id === principal.userId) refuseLockingOneselfOut(body);
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const user = await trx.selectFrom('users').select(['id', 'name', 'role', 'division_id', 'active', 'nip', 'position']).where('id', '=', params.id).executeTakeFirst();
        if (!user) throw new AppError('not_found');
        const role = body.role ?? user.role;
        const divisionId = body.divisionId === undefined ? user.division_id : body.divisionId;
        if (role === 'division_officer' && divisionId === null) {
          throw new AppError('validation_failed', [{ path: 'divisionId', message: { id: 'Petugas bidang terkait harus punya bidang.', en: 'A division officer needs a division.' } }]);
        }
        await trx
          .updateTable('users')
          .set({
            ...(body.name !== undefined ? { name: body.name } : {}),
            role,
            division_id: divisionId,
            ...(body.active !== undefined ? { active: body.active ? 1 : 0 } : {}),
            ...(body.nip !== undefined ? { nip: body.nip } : {}),
            ...(body.position !== undefined ? { position: body.position } : {}),
          })
          .where('id', '=', params.id)
          .execute();
        if (body.active === false) await trx.deleteFrom('sessions').where('user_id', '=', params.id).execute();
        const change = changedValues(
          { name: user.name, role: user.role, divisionId: user.division_id, active: user.active === 1, nip: user.nip, position: user.position },
          {
            name: body.name ?? user.name,
            role,
            divisionId,
            active: body.active ?? user.active === 1,
            nip: body.nip === undefined ? user.nip : body.nip,
            position: body.position === undefined ? user.position : body.position,
          },
        );
        if (change) await recordAudit(trx, { action: 'user.changed', actor: principal, target: { type: 'user', id: params.id }, ip: request.ip, ...change, at: ctx.now() });
      });
      return { ok: true as const };
    },
  });
}

import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { NewPasswordSchema, PasswordRulesSchema, passwordRulesDocument } from './password-rules.js';
import { changeOwnPassword, completePasswordReset, requestPasswordReset, resetPasswordByAdmin } from './password-service.js';
import { RowIdParamSchema } from '../shared/ids.js';

const Ok = z.object({ ok: z.literal(true) });

/** Password rules, change, admin reset, and the mailed "forgot password" link. */
export function registerPasswordRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/auth/password-rules',
    tag: 'accounts',
    summary: 'What a new password must be, in Indonesian and English: every form that sets one shows these first',
    access: 'public',
    response: { status: 200, schema: PasswordRulesSchema },
    handler: async () => passwordRulesDocument(),
  });

  routes.add({
    method: 'POST',
    url: '/api/auth/password',
    tag: 'accounts',
    summary: 'Change my password (needs the current one); ends my other sessions',
    access: ANY_STAFF,
    body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: NewPasswordSchema }),
    response: { status: 200, schema: Ok },
    handler: async ({ body, principal, request }) => {
      await changeOwnPassword(ctx, principal, body.currentPassword, body.newPassword, request.ip);
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/auth/forgot-password',
    tag: 'accounts',
    summary: 'Mail a single-use password-reset link; the same answer whether or not the email is a user’s',
    access: 'public',
    body: z.strictObject({ email: z.string().trim().max(254).pipe(z.email()) }),
    response: { status: 202, schema: Ok, description: 'Accepted: a link is mailed if the email belongs to an active user' },
    handler: async ({ body, request }) => {
      await requestPasswordReset(ctx, body.email, request.ip);
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/auth/reset-password',
    tag: 'accounts',
    summary: 'Set a new password with the token from a reset link; the link works once and every session ends',
    access: 'public',
    body: z.strictObject({ token: z.string().min(20).max(200), newPassword: NewPasswordSchema }),
    response: { status: 200, schema: Ok },
    handler: async ({ body, request }) => {
      await completePasswordReset(ctx, body.token, body.newPassword, request.ip);
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/users/:id/password-reset',
    tag: 'admin',
    summary: 'Reset another user’s password: `generate` answers a new password to show once (all their sessions end); `mail` sends them a reset link',
    access: ['admin'],
    params: z.strictObject({ id: RowIdParamSchema }),
    body: z.strictObject({ method: z.enum(['generate', 'mail']) }),
    response: { status: 200, schema: z.object({ password: z.string().nullable().describe('The generated password, shown once; null when a link was mailed') }) },
    handler: async ({ params, body, principal, request }) => resetPasswordByAdmin(ctx, principal, params.id, body.method, request.ip),
  });
}

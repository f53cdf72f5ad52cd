import crypto from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import type { RouteRegistry } from '../shared/http.js';
import { RowIdParamSchema } from '../shared/ids.js';
import { refusedUrl } from './webhook-address.js';
import { WEBHOOK_EVENTS, WEBHOOK_SCOPES } from './webhooks.js';

const SubscriptionSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  scope: z.enum(WEBHOOK_SCOPES).describe('published: only published complaints; all: every complaint, never the reporter'),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
});

export function registerWebhookRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const db = ctx.db.kysely;
  const list = async (id?: number) => {
    let query = db.selectFrom('webhook_subscriptions').select(['id', 'url', 'events', 'scope', 'created_at', 'disabled_at', 'disabled_reason']);
    if (id !== undefined) query = query.where('id', '=', id);
    const rows = await query.orderBy('id', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      url: r.url,
      events: (JSON.parse(r.events) as string[]).filter((e): e is (typeof WEBHOOK_EVENTS)[number] => (WEBHOOK_EVENTS as readonly string[]).includes(e)),
      scope: r.scope,
      createdAt: r.created_at,
      disabledAt: r.disabled_at,
      disabledReason: r.disabled_reason,
    }));
  };

  routes.add({
    method: 'GET',
    url: '/api/admin/webhooks',
    tag: 'admin',
    summary: 'Webhook subscriptions (never their secrets)',
    access: ['admin'],
    response: { status: 200, schema: z.object({ items: z.array(SubscriptionSchema) }) },
    handler: async () => ({ items: await list() }),
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/webhooks',
    tag: 'admin',
    summary: 'Subscribe a URL to complaint events; the signing secret is in this answer only',
    access: ['admin'],
    body: z.strictObject({
      url: z.string().trim().min(8).max(500),
      events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).refine((e) => new Set(e).size === e.length, { message: 'each event once' }),
      scope: z.enum(WEBHOOK_SCOPES),
    }),
    response: { status: 201, schema: z.object({ subscription: SubscriptionSchema, secret: z.string().describe('whsec_…: signs each delivery; shown once') }) },
    handler: async ({ body, principal, request }) => {
      const refused = refusedUrl(body.url, ctx.config.webhooks.allowLoopback);
      if (refused) throw new AppError('validation_failed', [{ path: 'url', message: { id: `Alamat ditolak: ${refused}.`, en: `Address refused: ${refused}.` } }]);
      const secret = `whsec_${crypto.randomBytes(32).toString('base64url')}`;
      const now = ctx.now();
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('webhook_subscriptions')
          .values({ url: body.url, events: JSON.stringify(body.events), scope: body.scope, secret, created_by: principal.userId, created_at: now.toISOString(), disabled_at: null, disabled_reason: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { action: 'webhook.subscribed', actor: principal, target: { type: 'webhook', id: row.id }, ip: request.ip, after: { url: body.url, events: body.events, scope: body.scope }, at: now });
        return row.id;
      });
      const [subscription] = await list(id);
      return { subscription: subscription as NonNullable<typeof subscription>, secret };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/webhooks/:id/disable',
    tag: 'admin',
    summary: 'End a webhook subscription: nothing more is queued for it, queued deliveries die',
    access: ['admin'],
    params: z.strictObject({ id: RowIdParamSchema }),
    response: { status: 200, schema: SubscriptionSchema },
    handler: async ({ params, principal, request }) => {
      const now = ctx.now();
      await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('webhook_subscriptions').select(['id', 'disabled_at']).where('id', '=', params.id).executeTakeFirst();
        if (!row) throw new AppError('not_found');
        if (row.disabled_at !== null) return;
        await trx.updateTable('webhook_subscriptions').set({ disabled_at: now.toISOString(), disabled_reason: 'ended by an administrator' }).where('id', '=', row.id).execute();
        await recordAudit(trx, { action: 'webhook.ended', actor: principal, target: { type: 'webhook', id: row.id }, ip: request.ip, at: now });
      });
      const [subscription] = await list(params.id);
      return subscription as NonNullable<typeof subscription>;
    },
  });
}

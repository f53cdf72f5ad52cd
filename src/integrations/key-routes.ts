import { z } from 'zod';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import { DateTimeSchema } from '../shared/dates.js';
import type { ApiScope, RouteRegistry } from '../shared/http.js';
import { RowIdParamSchema, RowIdSchema } from '../shared/ids.js';
import { actAsRoleOf, ALL_SCOPES, generateKey, keyLabel, parseScopes } from './api-keys.js';

const ScopeSchema = z.enum(ALL_SCOPES as [ApiScope, ...ApiScope[]]);

const ApiKeySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('The non-secret start of the key, adn_<key id>'),
  scopes: z.array(ScopeSchema),
  actAsUser: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

const NewKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(ScopeSchema)
    .min(1)
    .max(ALL_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, { message: 'each scope once' })
    .refine((s) => s.filter((x) => x.startsWith('act_as_role:')).length <= 1, { message: 'at most one act_as_role' }),
  actAsUserId: RowIdSchema.nullable().default(null).describe('The staff account an act_as_role key acts as (of that role)'),
  expiresAt: DateTimeSchema.nullable().default(null),
});

const UsageSchema = z.object({ items: z.array(z.object({ hour: z.string(), route: z.string(), status: z.number().int(), uses: z.number().int(), lastAt: z.string() })) });

const field = (path: string, id: string, en: string) => new AppError('validation_failed', [{ path, message: { id, en } }]);

export function registerApiKeyRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const db = ctx.db.kysely;
  const list = async (id?: number) => {
    let query = db
      .selectFrom('api_keys')
      .leftJoin('users', 'users.id', 'api_keys.act_as_user_id')
      .select(['api_keys.id', 'api_keys.key_id', 'api_keys.name', 'api_keys.scopes', 'api_keys.created_at', 'api_keys.expires_at', 'api_keys.revoked_at', 'api_keys.last_used_at', 'users.id as user_id', 'users.name as user_name']);
    if (id !== undefined) query = query.where('api_keys.id', '=', id);
    const rows = await query.orderBy('api_keys.id', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: keyLabel(r.key_id),
      scopes: parseScopes(r.scopes),
      actAsUser: r.user_id === null ? null : { id: r.user_id, name: r.user_name ?? '' },
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
    }));
  };

  routes.add({
    method: 'GET',
    url: '/api/admin/api-keys',
    tag: 'admin',
    summary: 'API keys of other systems (never their secrets)',
    access: ['admin'],
    response: { status: 200, schema: z.object({ items: z.array(ApiKeySchema) }) },
    handler: async () => ({ items: await list() }),
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/api-keys',
    tag: 'admin',
    summary: 'Make an API key; its secret is in this answer only',
    access: ['admin'],
    body: NewKeySchema,
    response: { status: 201, schema: z.object({ key: ApiKeySchema, secret: z.string().describe('adn_…: shown once, stored only as a hash') }) },
    handler: async ({ body, principal, request }) => {
      const role = actAsRoleOf(body.scopes);
      if (role === null && body.actAsUserId !== null) throw field('actAsUserId', 'Hanya kunci act_as_role yang bertindak sebagai akun staf.', 'Only an act_as_role key acts as a staff account.');
      if (role !== null) {
        const user = body.actAsUserId === null ? undefined : await db.selectFrom('users').select(['role', 'active']).where('id', '=', body.actAsUserId).executeTakeFirst();
        if (!user || user.active !== 1 || user.role !== role) throw field('actAsUserId', `Pilih akun staf aktif berperan ${role}.`, `Choose an active staff account with the role ${role}.`);
      }
      const now = ctx.now();
      if (body.expiresAt !== null && Date.parse(body.expiresAt) <= now.getTime()) throw field('expiresAt', 'Waktu kedaluwarsa harus di masa depan.', 'The expiry must be in the future.');
      const generated = generateKey();
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_keys')
          .values({
            key_id: generated.keyId,
            name: body.name,
            scopes: JSON.stringify(body.scopes),
            secret_hash: generated.secretHash,
            act_as_user_id: body.actAsUserId,
            created_by: principal.userId,
            created_at: now.toISOString(),
            expires_at: body.expiresAt === null ? null : new Date(body.expiresAt).toISOString(),
            revoked_at: null,
            revoked_by: null,
            last_used_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { action: 'api_key.created', actor: principal, target: { type: 'api_key', id: row.id }, ip: request.ip, after: { name: body.name, prefix: keyLabel(generated.keyId), scopes: body.scopes, actAsUserId: body.actAsUserId, expiresAt: body.expiresAt }, at: now });
        return row.id;
      });
      const [key] = await list(id);
      return { key: key as NonNullable<typeof key>, secret: generated.secret };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/api-keys/:id/revoke',
    tag: 'admin',
    summary: 'Revoke an API key: its next request answers 401',
    access: ['admin'],
    params: z.strictObject({ id: RowIdParamSchema }),
    response: { status: 200, schema: ApiKeySchema },
    handler: async ({ params, principal, request }) => {
      const now = ctx.now();
      await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('api_keys').select(['id', 'revoked_at']).where('id', '=', params.id).executeTakeFirst();
        if (!row) throw new AppError('not_found');
        if (row.revoked_at !== null) return;
        await trx.updateTable('api_keys').set({ revoked_at: now.toISOString(), revoked_by: principal.userId }).where('id', '=', row.id).execute();
        await recordAudit(trx, { action: 'api_key.revoked', actor: principal, target: { type: 'api_key', id: row.id }, ip: request.ip, at: now });
      });
      const [key] = await list(params.id);
      return key as NonNullable<typeof key>;
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/api-keys/:id/usage',
    tag: 'admin',
    summary: 'How a key was used: calls per hour, route and status, newest first (at most 500 rows)',
    access: ['admin'],
    params: z.strictObject({ id: RowIdParamSchema }),
    response: { status: 200, schema: UsageSchema },
    handler: async ({ params }) => {
      const key = await db.selectFrom('api_keys').select('id').where('id', '=', params.id).executeTakeFirst();
      if (!key) throw new AppError('not_found');
      const rows = await db.selectFrom('api_key_usage').selectAll().where('api_key_id', '=', key.id).orderBy('hour', 'desc').orderBy('route').orderBy('status').limit(500).execute();
      return { items: rows.map((r) => ({ hour: r.hour, route: r.route, status: r.status, uses: r.uses, lastAt: r.last_at })) };
    },
  });
}

/**
 * API keys (decision 0027): `adn_<key id>_<secret>`. The key id is not secret and finds the row; only
 * SHA-256 of the secret is kept (256 random bits need no slow hash, as decision 0002 argues for access
 * codes). Each use is counted against the key's rate limit and noted per key, hour, route and status.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Role } from '../accounts/roles.js';
import { randomFromAlphabet, randomToken, sha256 } from '../accounts/passwords.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import { API_KEY_SCOPES, type ApiKeyGate, type ApiKeyPrincipal, type ApiScope, type StaffPrincipal } from '../shared/http.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { STAFF_ROLES } from '../workflow/state-machine.js';

export const KEY_PREFIX = 'adn_';
const KEY_ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const KEY_ID_LENGTH = 10;
const KEY_PATTERN = /^adn_([a-z2-9]{10})_([A-Za-z0-9_-]{43})$/;

/** The roles a key may act as: every staff role but admin, so no key can make keys or users. */
export const ACT_AS_ROLES = STAFF_ROLES.filter((r): r is Exclude<Role, 'admin'> => r !== 'admin');
export const ALL_SCOPES: readonly ApiScope[] = [...API_KEY_SCOPES, ...ACT_AS_ROLES.map((r) => `act_as_role:${r}` as const)];

export const actAsRoleOf = (scopes: readonly ApiScope[]): Exclude<Role, 'admin'> | null => {
  const scope = scopes.find((s) => s.startsWith('act_as_role:'));
  return scope ? (scope.slice('act_as_role:'.length) as Exclude<Role, 'admin'>) : null;
};

export interface NewKeySecret {
  keyId: string;
  /** Shown once to the admin; never stored. */
  secret: string;
  secretHash: string;
}

export function generateKey(): NewKeySecret {
  const keyId = randomFromAlphabet(KEY_ID_ALPHABET, KEY_ID_LENGTH);
  const part = randomToken();
  return { keyId, secret: `${KEY_PREFIX}${keyId}_${part}`, secretHash: sha256(part) };
}

/** The key's shown name: its non-secret start. */
export const keyLabel = (keyId: string): string => `${KEY_PREFIX}${keyId}`;

const sameHash = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

export const parseScopes = (json: string): ApiScope[] => (JSON.parse(json) as string[]).filter((s): s is ApiScope => (ALL_SCOPES as readonly string[]).includes(s));

/** The key a request carries: the Authorization header, or the form field where the route takes it. */
function presentedKey(request: FastifyRequest, keyInBody: boolean): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^bearer\s+adn_/i.test(header)) return header.replace(/^bearer\s+/i, '').trim();
  const body = request.body as Record<string, unknown> | null | undefined;
  if (keyInBody && body && typeof body === 'object' && typeof body.api_key === 'string' && body.api_key.startsWith(KEY_PREFIX)) return body.api_key;
  return null;
}

const hourOf = (at: Date): string => `${at.toISOString().slice(0, 13)}:00:00.000Z`;

/** The gate the route registry asks; installs the hook that notes each use with its answer's status. */
export function apiKeyGate(app: FastifyInstance, ctx: AppContext): ApiKeyGate {
  const limiter = new RateLimiter(ctx.config.apiKeyRequestsPerMinute, 60_000, ctx.now);
  const uses = new WeakMap<FastifyRequest, { keyId: number; route: string }>();

  // Noted before the answer leaves, so a client (and a test) that got its answer finds the use counted.
  app.addHook('onSend', async (request, reply, payload) => {
    const use = uses.get(request);
    if (use) {
      try {
        await noteUse(ctx, use.keyId, use.route, reply.statusCode);
      } catch (error) {
        request.log.error({ err: error, apiKeyId: use.keyId }, 'could not note an API key use');
      }
    }
    return payload;
  });

  return {
    async resolve(request, route, keyInBody) {
      const presented = presentedKey(request, keyInBody);
      if (presented === null) return null;
      const match = KEY_PATTERN.exec(presented);
      if (!match) throw new AppError('api_key_invalid');
      const [, keyId = '', part = ''] = match;
      const row = await ctx.db.kysely
        .selectFrom('api_keys')
        .leftJoin('users', 'users.id', 'api_keys.act_as_user_id')
        .select(['api_keys.id', 'api_keys.name', 'api_keys.scopes', 'api_keys.secret_hash', 'api_keys.expires_at', 'api_keys.revoked_at', 'users.id as user_id', 'users.name as user_name', 'users.email as user_email', 'users.role as user_role', 'users.division_id as user_division_id', 'users.active as user_active'])
        .where('api_keys.key_id', '=', keyId)
        .executeTakeFirst();
      if (!row || !sameHash(sha256(part), row.secret_hash)) throw new AppError('api_key_invalid');
      uses.set(request, { keyId: row.id, route });
      const now = ctx.now();
      if (row.revoked_at !== null || (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime())) throw new AppError('api_key_invalid');
      limiter.hit(`key:${row.id}`);
      const scopes = parseScopes(row.scopes);
      const role = actAsRoleOf(scopes);
      let staff: StaffPrincipal | null = null;
      if (role !== null) {
        // The account must still be active and still hold the role the key was made for.
        if (row.user_id === null || row.user_active !== 1 || row.user_role !== role) throw new AppError('api_key_invalid');
        staff = { userId: row.user_id, name: row.user_name ?? '', email: row.user_email ?? '', role, divisionId: row.user_division_id ?? null, sessionId: `api-key:${row.id}`, csrfToken: '', apiKeyId: row.id };
      }
      const principal: ApiKeyPrincipal = { id: row.id, name: row.name, scopes, staff };
      return principal;
    },
  };
}

/**
 * One row per key, hour, route pattern and status, counted up: a busy integration making a
 * million calls a day to five routes writes about 120 rows a day, not a million.
 */
async function noteUse(ctx: AppContext, keyId: number, route: string, status: number): Promise<void> {
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_key_usage')
      .values({ api_key_id: keyId, hour: hourOf(now), route, status, uses: 1, last_at: at })
      .onConflict((oc) => oc.columns(['api_key_id', 'hour', 'route', 'status']).doUpdateSet({ uses: sql`api_key_usage.uses + 1`, last_at: at }))
      .execute();
    await trx.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', keyId).execute();
  });
}

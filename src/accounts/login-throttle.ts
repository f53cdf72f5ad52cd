import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { sha256 } from './passwords.js';

/**
 * Login throttling (decision 0007). Every attempt RESERVES a place in its counters before the
 * password is checked, with one atomic upsert per counter, so concurrent requests cannot all
 * read "under the limit"; a success gives its place back (it never resets the counter):
 *  - `addr:<ip>` — attempts from one address, any email;
 *  - `pair:<email>:<ip>` — attempts at one account from one address: an attacker exhausts only
 *    their own addresses, never the real user's;
 *  - `acct:<email>` — attempts at one account from everywhere; past its limit only addresses the
 *    account has logged in from before may try (against many addresses).
 * Emails are counted whether or not they belong to a user, so the answers cannot tell them apart.
 */

type Db = Kysely<Database>;

export interface Reservation {
  keys: string[];
}

interface Count {
  attempts: number;
  windowStartedAt: string;
}

export const emailKey = (email: string) => sha256(email.trim().toLowerCase());
export const addressHash = (ip: string) => sha256(`address:${ip}`);

/** Adds one attempt to `key` (starting a new window when the old one ended) and returns the count. */
async function countAttempt(db: Db, key: string, now: Date, windowMs: number): Promise<Count> {
  const at = now.toISOString();
  const windowEnded = new Date(now.getTime() - windowMs).toISOString();
  const row = await db
    .insertInto('login_throttles')
    .values({ key, attempts: 1, window_started_at: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        attempts: eb.case().when('login_throttles.window_started_at', '<=', windowEnded).then(1).else(eb('login_throttles.attempts', '+', 1)).end(),
        window_started_at: eb.case().when('login_throttles.window_started_at', '<=', windowEnded).then(at).else(eb.ref('login_throttles.window_started_at')).end(),
      })),
    )
    .returning(['attempts', 'window_started_at'])
    .executeTakeFirstOrThrow();
  return { attempts: Number(row.attempts), windowStartedAt: row.window_started_at };
}

function retryAfterSeconds(count: Count, now: Date, windowMs: number): number {
  return Math.max(1, Math.ceil((Date.parse(count.windowStartedAt) + windowMs - now.getTime()) / 1000));
}

async function isKnownAddress(db: Db, email: string, ip: string): Promise<boolean> {
  const row = await db
    .selectFrom('login_known_addresses')
    .innerJoin('users', 'users.id', 'login_known_addresses.user_id')
    .select('login_known_addresses.user_id')
    .where('users.email', '=', email.trim().toLowerCase())
    .where('login_known_addresses.address_hash', '=', addressHash(ip))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Reserves one login attempt for `email` from `ip`, or throws 429: `rate_limited` for the
 * address, `account_locked` for this account from this address (both with retryAfterSeconds).
 */
export async function reserveLoginAttempt(ctx: AppContext, email: string, ip: string): Promise<Reservation> {
  const db = ctx.db.kysely;
  const now = ctx.now();
  const windowMs = ctx.config.loginLockMinutes * 60_000;
  const account = emailKey(email);
  const keys = [`addr:${ip}`, `pair:${account}:${ip}`, `acct:${account}`] as const;
  const address = await countAttempt(db, keys[0], now, windowMs);
  if (address.attempts > ctx.config.loginMaxFailuresPerAddress) {
    throw new AppError('rate_limited', undefined, { retryAfterSeconds: retryAfterSeconds(address, now, windowMs) });
  }
  const pair = await countAttempt(db, keys[1], now, windowMs);
  if (pair.attempts > ctx.config.loginMaxFailures) {
    throw new AppError('account_locked', undefined, { retryAfterSeconds: retryAfterSeconds(pair, now, windowMs) });
  }
  const everywhere = await countAttempt(db, keys[2], now, windowMs);
  if (everywhere.attempts > ctx.config.loginMaxFailuresPerAccount && !(await isKnownAddress(db, email, ip))) {
    throw new AppError('account_locked', undefined, { retryAfterSeconds: retryAfterSeconds(everywhere, now, windowMs) });
  }
  return { keys: [...keys] };
}

/** Gives a successful attempt's places back: a success is not a failure, but it erases none. */
export async function releaseLoginAttempt(ctx: AppContext, reservation: Reservation): Promise<void> {
  await ctx.db.kysely
    .updateTable('login_throttles')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('key', 'in', reservation.keys)
    .where('attempts', '>', 0)
    .execute();
}

/** Remembers that the user logged in from this address, and drops counters whose window ended. */
export async function rememberSuccessfulAddress(ctx: AppContext, userId: number, ip: string): Promise<void> {
  const db = ctx.db.kysely;
  const now = ctx.now();
  await db
    .insertInto('login_known_addresses')
    .values({ user_id: userId, address_hash: addressHash(ip), last_success_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['user_id', 'address_hash']).doUpdateSet({ last_success_at: now.toISOString() }))
    .execute();
  const windowEnded = new Date(now.getTime() - ctx.config.loginLockMinutes * 60_000).toISOString();
  await db.deleteFrom('login_throttles').where('window_started_at', '<=', windowEnded).execute();
}

/**
 * A plain per-key limit counted the same way, for the public forms that are not a login
 * (forgot password): true while under `limit` in the window.
 */
export async function underLimit(ctx: AppContext, key: string, limit: number): Promise<{ ok: boolean; retryAfterSeconds: number }> {
  const now = ctx.now();
  const windowMs = ctx.config.loginLockMinutes * 60_000;
  const count = await countAttempt(ctx.db.kysely, key, now, windowMs);
  return { ok: count.attempts <= limit, retryAfterSeconds: retryAfterSeconds(count, now, windowMs) };
}


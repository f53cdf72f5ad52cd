import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { releaseLoginAttempt, rememberSuccessfulAddress, reserveLoginAttempt } from './login-throttle.js';
import { assertPasswordAcceptable } from './password-rules.js';
import { hashPassword, randomToken, sha256, verifyPassword } from './passwords.js';
import type { Role } from './roles.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
  divisionId: number | null;
  language?: 'id' | 'en';
  /** Printed under the person's signature on paper; both optional. */
  nip?: string | null;
  position?: string | null;
}

/** Touching last_seen_at at most this often keeps reads from becoming writes. */
const TOUCH_EVERY_MS = 60_000;
// A fixed hash to verify against when the email is unknown, so both paths take the same time.
let decoyHash: Promise<string> | undefined;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export async function createUser(db: Db, user: NewUser, now: Date): Promise<number> {
  const email = normaliseEmail(user.email);
  assertPasswordAcceptable(user.password, email, 'password');
  const taken = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) throw new AppError('conflict', [{ path: 'email', message: { id: 'Email sudah dipakai.', en: 'Email already in use.' } }]);
  if (user.role === 'division_officer' && user.divisionId === null) {
    throw new AppError('validation_failed', [
      { path: 'divisionId', message: { id: 'Petugas bidang terkait harus punya bidang.', en: 'A division officer needs a division.' } },
    ]);
  }
  const { id } = await db
    .insertInto('users')
    .values({
      email,
      name: user.name,
      password_hash: await hashPassword(user.password),
      role: user.role,
      division_id: user.divisionId,
      language: user.language ?? 'id',
      nip: user.nip ?? null,
      position: user.position ?? null,
      locked_until: null,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface LoginResult {
  token: string;
  principal: StaffPrincipal;
}

async function auditFailedLogin(ctx: AppContext, ip: string, reason: string, user: { id: number; email: string } | undefined): Promise<void> {
  // The typed email only when it is a user's: a mistyped one may be someone's other address.
  await recordAudit(ctx.db.kysely, {
    action: 'login.failed',
    actor: null,
    ...(user ? { target: { type: 'user', id: user.id } } : {}),
    ip,
    after: { reason, ...(user ? { email: user.email } : {}) },
    at: ctx.now(),
  });
}

/**
 * Checks a login. The attempt is counted before the password is (login-throttle.ts), and an
 * unknown or inactive email goes through the same counting, hashing and answer as a wrong password.
 */
export async function login(ctx: AppContext, emailInput: string, password: string, ip: string): Promise<LoginResult> {
  const db = ctx.db.kysely;
  const email = normaliseEmail(emailInput);
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  let reservation;
  try {
    reservation = await reserveLoginAttempt(ctx, email, ip);
  } catch (error) {
    if (error instanceof AppError) await auditFailedLogin(ctx, ip, error.code, user);
    throw error;
  }
  const usable = user !== undefined && user.active === 1;
  if (!usable) {
    decoyHash ??= hashPassword('decoy-password-for-timing');
    await verifyPassword(await decoyHash, password);
  }
  if (!usable || !(await verifyPassword(user.password_hash, password))) {
    await auditFailedLogin(ctx, ip, user === undefined ? 'unknown_account' : usable ? 'wrong_password' : 'inactive', user);
    throw new AppError('invalid_credentials');
  }
  await releaseLoginAttempt(ctx, reservation);
  await rememberSuccessfulAddress(ctx, user.id, ip);
  const now = ctx.now();
  const token = randomToken();
  const csrfToken = randomToken();
  const sessionId = sha256(token);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ id: sessionId, user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), last_seen_at: now.toISOString() })
      .execute();
    await recordAudit(trx, { action: 'login.succeeded', actor: { userId: user.id, role: user.role as Role }, target: { type: 'user', id: user.id }, ip, at: now });
  });
  return {
    token,
    principal: {
      userId: user.id,
      name: user.name,
      email: user.email,
      role: user.role as Role,
      divisionId: user.division_id,
      sessionId,
      csrfToken,
    },
  };
}

/** The principal of a session token, or null when unknown, idle too long, or the user is disabled. */
export async function resolveSession(ctx: AppContext, token: string): Promise<StaffPrincipal | null> {
  const db = ctx.db.kysely;
  const now = ctx.now();
  const sessionId = sha256(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.csrf_token', 'sessions.last_seen_at', 'users.id as user_id', 'users.name', 'users.email', 'users.role', 'users.division_id', 'users.active'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  const idleMs = now.getTime() - Date.parse(row.last_seen_at);
  if (row.active !== 1 || idleMs > ctx.config.sessionIdleMinutes * 60_000) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return null;
  }
  if (idleMs > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', sessionId).execute();
  }
  return {
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    divisionId: row.division_id,
    sessionId,
    csrfToken: row.csrf_token,
  };
}

/**
 * Whether a session still stands (not logged out, not idle past the limit, user active), without
 * touching it: a page's open event stream must not keep an unattended session alive.
 */
export async function sessionStillValid(ctx: AppContext, sessionId: string): Promise<boolean> {
  const row = await ctx.db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.last_seen_at', 'users.active'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  return row !== undefined && row.active === 1 && ctx.now().getTime() - Date.parse(row.last_seen_at) <= ctx.config.sessionIdleMinutes * 60_000;
}

export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

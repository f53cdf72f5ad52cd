import type { Transaction } from 'kysely';
import { recordAudit, type AuditEntry } from '../audit/log.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { enqueueMessages } from '../notifications/outbox.js';
import { AppError, type FieldError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { emailKey, releaseLoginAttempt, reserveLoginAttempt, underLimit } from './login-throttle.js';
import { assertPasswordAcceptable } from './password-rules.js';
import { generatePassword, hashPassword, randomToken, sha256, verifyPassword } from './passwords.js';
import { normaliseEmail } from './service.js';

/**
 * Changing, resetting and recovering passwords. Each change ends the user's other sessions (all
 * of them after a reset), voids the user's unused reset links, and writes the audit log in the
 * same transaction, never with the password, its hash or a token.
 */

type Trx = Transaction<Database>;

/** Mailed reset links a user may be sent per throttle window, whoever asks. */
const RESET_MAILS_PER_WINDOW = 3;

const INVALID_LINK: FieldError = {
  path: 'token',
  message: { id: 'Tautan atur ulang kata sandi tidak berlaku (sudah dipakai atau kedaluwarsa). Minta tautan baru.', en: 'The password-reset link is no longer valid (used or expired). Ask for a new one.' },
};

interface UserRow {
  id: number;
  email: string;
  role: string;
  language: string;
  active: number;
}

async function findUser(ctx: AppContext, where: { id: number } | { email: string }): Promise<UserRow | undefined> {
  const query = ctx.db.kysely.selectFrom('users').select(['id', 'email', 'role', 'language', 'active']);
  return ('id' in where ? query.where('id', '=', where.id) : query.where('email', '=', normaliseEmail(where.email))).executeTakeFirst();
}

/** Stores the new hash, ends sessions (all, or all but `keepSessionId`) and voids unused reset links. */
async function storePassword(trx: Trx, userId: number, passwordHash: string, at: Date, keepSessionId?: string): Promise<void> {
  await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  let sessions = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) sessions = sessions.where('id', '!=', keepSessionId);
  await sessions.execute();
  await trx.updateTable('password_resets').set({ used_at: at.toISOString() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** A staff member changes their own password, proving the current one (counted like a login). */
export async function changeOwnPassword(ctx: AppContext, principal: StaffPrincipal, currentPassword: string, newPassword: string, ip: string): Promise<void> {
  assertPasswordAcceptable(newPassword, principal.email, 'newPassword');
  const user = await ctx.db.kysely.selectFrom('users').select(['password_hash']).where('id', '=', principal.userId).executeTakeFirstOrThrow();
  // A borrowed session must not become a way to guess the password without the login's limits.
  const reservation = await reserveLoginAttempt(ctx, principal.email, ip);
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new AppError('validation_failed', [{ path: 'currentPassword', message: { id: 'Kata sandi saat ini salah.', en: 'The current password is wrong.' } }]);
  }
  await releaseLoginAttempt(ctx, reservation);
  if (currentPassword === newPassword) {
    throw new AppError('validation_failed', [{ path: 'newPassword', message: { id: 'Kata sandi baru harus berbeda dari yang sekarang.', en: 'The new password must differ from the current one.' } }]);
  }
  const passwordHash = await hashPassword(newPassword);
  const at = ctx.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await storePassword(trx, principal.userId, passwordHash, at, principal.sessionId);
    await recordAudit(trx, { action: 'password.changed', actor: principal, target: { type: 'user', id: principal.userId }, ip, at });
  });
}

/** Writes a single-use reset link into the outbox, in the user's language, inside `trx`. */
async function mailResetLink(ctx: AppContext, trx: Trx, user: UserRow, requestedBy: number | null, at: Date): Promise<void> {
  const token = randomToken();
  const tokenHash = sha256(token);
  const expiresAt = new Date(at.getTime() + ctx.config.passwordResetMinutes * 60_000).toISOString();
  await trx.insertInto('password_resets').values({ token_hash: tokenHash, user_id: user.id, requested_by: requestedBy, created_at: at.toISOString(), expires_at: expiresAt, used_at: null }).execute();
  await enqueueMessages(
    trx,
    [
      {
        key: `password_reset:${tokenHash}`,
        complaintId: null,
        recipient: { type: 'staff', userId: user.id, email: user.email },
        language: user.language === 'en' ? 'en' : 'id',
        data: { kind: 'password_reset', token, expiresAt },
        // The payload carries the token: hidden from lists and blanked once sent.
        hasSecret: true,
      },
    ],
    at.toISOString(),
  );
}

/**
 * "Forgot password": the same answer whether or not the email is a user's. Limited per address
 * (429, whatever the email) and, silently, per account so nobody can flood a mailbox.
 */
export async function requestPasswordReset(ctx: AppContext, email: string, ip: string): Promise<void> {
  const address = await underLimit(ctx, `reset-addr:${ip}`, ctx.config.loginMaxFailuresPerAddress);
  if (!address.ok) throw new AppError('rate_limited', undefined, { retryAfterSeconds: address.retryAfterSeconds });
  const account = await underLimit(ctx, `reset-acct:${emailKey(email)}`, RESET_MAILS_PER_WINDOW);
  const user = await findUser(ctx, { email });
  if (!account.ok || !user || user.active !== 1) return;
  const at = ctx.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await mailResetLink(ctx, trx, user, null, at);
    await recordAudit(trx, { action: 'password.reset_requested', actor: null, target: { type: 'user', id: user.id }, ip, after: { by: 'user' }, at });
  });
}

/**
 * Drops reset links a day after they stopped working (used or expired): a hash of a dead link is
 * worth nothing to keep, and the audit log already says who asked and when.
 */
export async function dropDeadResetLinks(ctx: AppContext): Promise<number> {
  const dayAgo = new Date(ctx.now().getTime() - 24 * 3600_000).toISOString();
  const dropped = await ctx.db.kysely
    .deleteFrom('password_resets')
    .where((eb) => eb.or([eb('expires_at', '<=', dayAgo), eb('used_at', '<=', dayAgo)]))
    .executeTakeFirst();
  return Number(dropped.numDeletedRows);
}

/** Sets a new password through a mailed link; the link works once. Ends every session. */
export async function completePasswordReset(ctx: AppContext, token: string, newPassword: string, ip: string): Promise<void> {
  const db = ctx.db.kysely;
  const tokenHash = sha256(token);
  const at = ctx.now();
  const link = await db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['password_resets.user_id', 'password_resets.expires_at', 'password_resets.used_at', 'users.email', 'users.role', 'users.active'])
    .where('password_resets.token_hash', '=', tokenHash)
    .executeTakeFirst();
  const valid = (l: typeof link): l is NonNullable<typeof link> => l !== undefined && l.used_at === null && l.active === 1 && Date.parse(l.expires_at) > at.getTime();
  if (!valid(link)) throw new AppError('validation_failed', [INVALID_LINK]);
  assertPasswordAcceptable(newPassword, link.email, 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    // Claimed here, not at the read above: two submissions of one link cannot both succeed.
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: at.toISOString() })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .returning('user_id')
      .executeTakeFirst();
    if (!claimed) throw new AppError('validation_failed', [INVALID_LINK]);
    await storePassword(trx, link.user_id, passwordHash, at);
    await recordAudit(trx, { action: 'password.reset_completed', actor: null, target: { type: 'user', id: link.user_id }, ip, at });
  });
}

export type AdminResetMethod = 'generate' | 'mail';

/**
 * An admin resets someone else's password: a generated one, returned to be shown once, or a
 * reset link mailed to the user. Their own goes through "change password".
 */
export async function resetPasswordByAdmin(ctx: AppContext, admin: StaffPrincipal, userId: number, method: AdminResetMethod, ip: string): Promise<{ password: string | null }> {
  if (userId === admin.userId) {
    throw new AppError('validation_failed', [
      { path: 'id', message: { id: 'Ganti kata sandi Anda sendiri melalui halaman Akun (perlu kata sandi saat ini).', en: 'Change your own password on the Account page (it needs the current one).' } },
    ]);
  }
  const user = await findUser(ctx, { id: userId });
  if (!user) throw new AppError('not_found');
  const at = ctx.now();
  const audit = (action: string): AuditEntry => ({ action, actor: admin, target: { type: 'user', id: userId }, ip, after: { method }, at });
  if (method === 'mail') {
    if (user.active !== 1) {
      throw new AppError('validation_failed', [{ path: 'method', message: { id: 'Akun ini nonaktif: aktifkan dulu sebelum mengirim tautan.', en: 'This account is inactive: activate it before sending a link.' } }]);
    }
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await mailResetLink(ctx, trx, user, admin.userId, at);
      await recordAudit(trx, audit('password.reset_requested'));
    });
    return { password: null };
  }
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await storePassword(trx, userId, passwordHash, at);
    await recordAudit(trx, audit('password.reset_by_admin'));
  });
  return { password };
}

/** `npm run cli -- reset-password`: a generated password for the account, every session ended. */
export async function resetPasswordFromCommandLine(ctx: AppContext, email: string): Promise<string> {
  const user = await findUser(ctx, { email });
  if (!user) throw new Error(`No user with the email ${normaliseEmail(email)}`);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const at = ctx.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await storePassword(trx, user.id, passwordHash, at);
    await recordAudit(trx, { action: 'password.reset_by_admin', actor: null, target: { type: 'user', id: user.id }, after: { method: 'command_line' }, at });
  });
  return password;
}

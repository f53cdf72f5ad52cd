/**
 * Ways back in for a reporter who lost their access code (decision 0017): a new code mailed to the
 * address on the complaint, and "my complaints", a one-time link mailed to an address that opens a
 * short reporter session over the complaints filed with it. Whoever asks gets the same answer
 * whatever matched, and the work runs after that answer is sent (decision 0008).
 */
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { randomToken, sha256 } from '../accounts/passwords.js';
import type { AppContext } from '../context.js';
import { configuredPhoneChannels, enqueueMessages, type Recipient, type ReporterContact } from '../notifications/outbox.js';
import { toInternationalDigits } from '../notifications/phone-numbers.js';
import { AppError } from '../shared/errors.js';
import type { RouteRegistry } from '../shared/http.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { recordEvent } from '../workflow/events.js';
import { StateSchema, TrackingNumberParam } from './schema.js';
import { generateAccessCode, hashAccessCode } from './tracking.js';

const HOUR = 3_600_000;
/** How long a mailed sign-in link works, and the session it opens. */
export const SIGN_IN_LINK_MINUTES = 30;
export const REPORTER_SESSION_MINUTES = 120;
/** Mails one tracking number or one address may cause per hour, whoever asks; more are dropped silently. */
const MAILS_PER_KEY_PER_HOUR = 3;
export const REPORTER_COOKIE = 'aduan_reporter';
/** The event in the complaint's log when a new code was mailed (never the code itself; not on the public timeline). */
export const ACCESS_CODE_REISSUED = 'access_code_reissued';

/** The one answer to every request for a code or a link. */
export const MAILED_ANSWER = { mailedIfFound: true } as const;
const MailedAnswerSchema = z.object({ mailedIfFound: z.literal(true) });

/** After the answer has gone: neither its content nor its timing depends on what matched. */
function afterAnswer(request: FastifyRequest, work: () => Promise<unknown>, what: string): void {
  setImmediate(() => {
    work().catch((err: unknown) => request.log.error({ err }, what));
  });
}

// ---------- a new access code ----------

/**
 * Makes a new access code for the complaint and sends it to `recipientOf` the complaint's reporter;
 * the old code stops working. Nothing happens for a number that does not exist or has no such contact.
 */
async function reissueAccessCodeTo(ctx: AppContext, trackingNumber: string, recipientOf: (reporter: ReporterContact) => Recipient | null): Promise<boolean> {
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('complaints')
      .innerJoin('reporters', 'reporters.id', 'complaints.reporter_id')
      .select(['complaints.id', 'complaints.state', 'complaints.language', 'reporters.email', 'reporters.phone', 'reporters.preferred_channel', 'reporters.erased_at'])
      .where('complaints.tracking_number', '=', trackingNumber)
      .where('reporters.erased_at', 'is', null)
      .executeTakeFirst();
    const recipient = row ? recipientOf(row) : null;
    if (!row || !recipient) return false;
    const code = generateAccessCode();
    await trx.updateTable('complaints').set({ access_code_hash: hashAccessCode(trackingNumber, code) }).where('id', '=', row.id).execute();
    const sentTo = recipient.type === 'reporter' && 'phone' in recipient ? recipient.channel : 'email';
    await recordEvent(trx, { complaintId: row.id, type: ACCESS_CODE_REISSUED, fromState: row.state, toState: row.state, actor: { type: 'reporter' }, at, data: { sentTo } });
    await enqueueMessages(
      trx,
      [
        {
          // Unique per request (the clock may not move between two); the code itself never goes in a key.
          key: `access_code:${row.id}:${crypto.randomUUID()}`,
          complaintId: row.id,
          recipient,
          language: row.language === 'en' ? 'en' : 'id',
          data: { kind: 'access_code', trackingNumber, accessCode: code },
          hasSecret: true,
        },
      ],
      at,
    );
    return true;
  });
}

/** A new code mailed to the address given with the complaint (decision 0017). */
export function reissueAccessCode(ctx: AppContext, trackingNumber: string): Promise<boolean> {
  return reissueAccessCodeTo(ctx, trackingNumber, (r) => (r.email ? { type: 'reporter', email: r.email } : null));
}

/**
 * A new code sent to the phone given with the complaint, when `phone` (international digits) is that
 * number: by the reporter's chosen phone channel, else the office's first one (decision 0029).
 */
export function reissueAccessCodeByPhone(ctx: AppContext, trackingNumber: string, phone: string): Promise<boolean> {
  const channels = configuredPhoneChannels(ctx.config);
  return reissueAccessCodeTo(ctx, trackingNumber, (r) => {
    if (!r.phone || toInternationalDigits(r.phone) !== phone) return null;
    const chosen = r.preferred_channel === 'whatsapp' || r.preferred_channel === 'sms' ? r.preferred_channel : null;
    const channel = chosen && channels.includes(chosen) ? chosen : channels[0];
    return channel ? { type: 'reporter', channel, phone } : null;
  });
}

// ---------- my complaints ----------

const EmailSchema = z.strictObject({ email: z.email().max(254) });
const PhoneRecoverySchema = z.strictObject({
  trackingNumber: TrackingNumberParam.shape.trackingNumber,
  phone: z
    .string()
    .max(30)
    .transform((v, issue) => {
      const digits = toInternationalDigits(v);
      if (digits) return digits;
      issue.addIssue({ code: 'custom', message: 'nomor telepon tidak valid, contoh 0812 3456 7890 / invalid phone number, e.g. 0812 3456 7890' });
      return z.NEVER;
    }),
});
const TokenSchema = z.strictObject({ token: z.string().min(20).max(100) });

export const MyComplaintsSchema = z.object({
  items: z.array(z.object({ trackingNumber: z.string(), subject: z.string(), state: StateSchema, receivedAt: z.string() })),
  sessionExpiresAt: z.string().nullable().describe('Null: no reporter session (then the list is empty)'),
});

const INVALID_LINK = {
  path: 'token',
  message: { id: 'Tautan masuk tidak berlaku (sudah dipakai atau kedaluwarsa). Minta tautan baru.', en: 'The sign-in link is no longer valid (used or expired). Ask for a new one.' },
};

/** Mails a one-time link covering every complaint filed with the address, if there is any. */
export async function mailSignInLink(ctx: AppContext, email: string): Promise<boolean> {
  const now = ctx.now();
  const at = now.toISOString();
  const address = email.toLowerCase();
  const complaints = await ctx.db.kysely
    .selectFrom('complaints')
    .innerJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select(['complaints.id', 'complaints.language'])
    .where('reporters.email', '=', address)
    .where('reporters.erased_at', 'is', null)
    .orderBy('complaints.id', 'desc')
    .limit(100)
    .execute();
  const newest = complaints[0];
  if (!newest) return false;
  const token = randomToken();
  const tokenHash = sha256(token);
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000).toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    // Old links and sessions go as new ones are made: the table holds only the last day's.
    const dayAgo = new Date(now.getTime() - 24 * HOUR).toISOString();
    await trx.deleteFrom('reporter_sign_ins').where('created_at', '<', dayAgo).execute();
    await trx
      .insertInto('reporter_sign_ins')
      .values({ token_hash: tokenHash, complaint_ids: JSON.stringify(complaints.map((c) => c.id)), session_hash: null, created_at: at, expires_at: expiresAt, used_at: null, session_expires_at: null })
      .execute();
    await enqueueMessages(
      trx,
      [
        {
          key: `sign_in_link:${tokenHash}`,
          // The newest: retention erasing it also blanks this mail's address.
          complaintId: newest.id,
          recipient: { type: 'reporter', email: address },
          language: newest.language === 'en' ? 'en' : 'id',
          data: { kind: 'sign_in_link', token, expiresAt, count: complaints.length },
          hasSecret: true,
        },
      ],
      at,
    );
  });
  return true;
}

/** Trades a mailed link (once, before it expires) for a session; returns the session's secret. */
async function signIn(ctx: AppContext, token: string): Promise<{ secret: string; session: ReporterSession }> {
  const now = ctx.now();
  const secret = randomToken();
  const expiresAt = new Date(now.getTime() + REPORTER_SESSION_MINUTES * 60_000).toISOString();
  // Claimed in one guarded update: two uses of one link cannot both succeed.
  const claimed = await ctx.db.kysely
    .updateTable('reporter_sign_ins')
    .set({ used_at: now.toISOString(), session_hash: sha256(secret), session_expires_at: expiresAt })
    .where('token_hash', '=', sha256(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning('complaint_ids')
    .executeTakeFirst();
  if (!claimed) throw new AppError('validation_failed', [INVALID_LINK]);
  return { secret, session: { complaintIds: JSON.parse(claimed.complaint_ids) as number[], expiresAt } };
}

interface ReporterSession {
  complaintIds: number[];
  expiresAt: string;
}

/** The reporter session the request's cookie holds, if it is still valid. */
export async function reporterSessionOf(ctx: AppContext, request: FastifyRequest): Promise<ReporterSession | null> {
  const secret = request.cookies[REPORTER_COOKIE];
  if (!secret || secret.length > 100) return null;
  const row = await ctx.db.kysely
    .selectFrom('reporter_sign_ins')
    .select(['complaint_ids', 'session_expires_at'])
    .where('session_hash', '=', sha256(secret))
    .executeTakeFirst();
  if (!row?.session_expires_at || Date.parse(row.session_expires_at) <= ctx.now().getTime()) return null;
  return { complaintIds: JSON.parse(row.complaint_ids) as number[], expiresAt: new Date(row.session_expires_at).toISOString() };
}

async function listOf(ctx: AppContext, session: ReporterSession): Promise<z.infer<typeof MyComplaintsSchema>> {
  const rows = session.complaintIds.length
    ? await ctx.db.kysely
        .selectFrom('complaints')
        .select(['tracking_number', 'subject', 'state', 'received_at'])
        .where('id', 'in', session.complaintIds)
        .orderBy('received_at', 'desc')
        .execute()
    : [];
  return {
    items: rows.map((r) => ({ trackingNumber: r.tracking_number, subject: r.subject, state: StateSchema.parse(r.state), receivedAt: r.received_at })),
    sessionExpiresAt: session.expiresAt,
  };
}

function setSessionCookie(ctx: AppContext, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.setCookie(REPORTER_COOKIE, value, {
    path: '/api/public',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.publicBaseUrl?.startsWith('https://') ?? false,
    maxAge: maxAgeSeconds,
  });
}

/**
 * A route that may send one mail and answers the same whatever matched: limited per client address
 * (429), and silently per key (a tracking number, an address's hash) so no mailbox is flooded.
 */
function mailingRoute<B extends z.ZodType>(
  routes: RouteRegistry,
  byAddress: RateLimiter,
  perKey: RateLimiter,
  spec: { url: string; summary: string; body: B; keyOf: (body: z.output<B>) => string; work: (body: z.output<B>) => Promise<unknown> },
): void {
  routes.add({
    method: 'POST',
    url: spec.url,
    tag: 'public',
    summary: spec.summary,
    access: 'public',
    body: spec.body,
    response: { status: 202, schema: MailedAnswerSchema },
    handler: async ({ request, reply, body }) => {
      byAddress.hit(request.ip);
      reply.header('cache-control', 'no-store');
      if (perKey.count(spec.keyOf(body)) <= MAILS_PER_KEY_PER_HOUR) afterAnswer(request, () => spec.work(body), `${spec.url} failed`);
      return MAILED_ANSWER;
    },
  });
}

export function registerReporterAccessRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const byAddress = new RateLimiter(ctx.config.rateLimitTrackPerHour, HOUR, ctx.now);
  const signIns = new RateLimiter(ctx.config.accessCodeMaxFailures, HOUR, ctx.now);

  // One count per tracking number, whether the code is asked for by mail or by phone.
  const perTrackingNumber = new RateLimiter(MAILS_PER_KEY_PER_HOUR, HOUR, ctx.now);
  mailingRoute(routes, byAddress, perTrackingNumber, {
    url: '/api/public/access-code/recover',
    summary: 'Lost access code: a new one is mailed to the address given with the complaint (the old one stops working). The answer is the same whatever the number.',
    body: TrackingNumberParam,
    keyOf: (body) => body.trackingNumber,
    work: (body) => reissueAccessCode(ctx, body.trackingNumber),
  });
  mailingRoute(routes, byAddress, perTrackingNumber, {
    url: '/api/public/access-code/recover-by-phone',
    summary:
      'Lost access code, by phone: when the number is the one given with the complaint, a new code goes to it by WhatsApp or SMS (the old one stops working). The answer is the same whatever the number and phone.',
    body: PhoneRecoverySchema,
    keyOf: (body) => body.trackingNumber,
    work: (body) => reissueAccessCodeByPhone(ctx, body.trackingNumber, body.phone),
  });
  mailingRoute(routes, byAddress, new RateLimiter(MAILS_PER_KEY_PER_HOUR, HOUR, ctx.now), {
    url: '/api/public/my-complaints/link',
    summary: 'My complaints: a one-time sign-in link is mailed to the address if complaints were filed with it. The answer is the same whatever the address.',
    body: EmailSchema,
    keyOf: (body) => sha256(body.email.toLowerCase()),
    work: (body) => mailSignInLink(ctx, body.email),
  });

  routes.add({
    method: 'POST',
    url: '/api/public/my-complaints/sign-in',
    tag: 'public',
    summary: `Trade a mailed link's token (once, within ${SIGN_IN_LINK_MINUTES} minutes) for a reporter session cookie over those complaints; answers the list`,
    access: 'public',
    body: TokenSchema,
    response: { status: 200, schema: MyComplaintsSchema },
    handler: async ({ request, reply, body }) => {
      signIns.assertNotExhausted(request.ip);
      reply.header('cache-control', 'no-store');
      // Wrong or spent tokens are counted per address, like wrong access codes.
      const { secret, session } = await signIn(ctx, body.token).catch((error: unknown) => {
        signIns.count(request.ip);
        throw error;
      });
      setSessionCookie(ctx, reply, secret, REPORTER_SESSION_MINUTES * 60);
      return listOf(ctx, session);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/public/my-complaints',
    tag: 'public',
    summary: 'The complaints of the reporter session (cookie); without one, an empty list and `sessionExpiresAt: null`',
    access: 'public',
    response: { status: 200, schema: MyComplaintsSchema },
    handler: async ({ request, reply }) => {
      reply.header('cache-control', 'no-store');
      const session = await reporterSessionOf(ctx, request);
      return session ? listOf(ctx, session) : { items: [], sessionExpiresAt: null };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/public/my-complaints/sign-out',
    tag: 'public',
    summary: 'End the reporter session',
    access: 'public',
    response: { status: 200, schema: z.object({ signedOut: z.literal(true) }) },
    handler: async ({ request, reply }) => {
      const secret = request.cookies[REPORTER_COOKIE];
      if (secret && secret.length <= 100) {
        await ctx.db.kysely.updateTable('reporter_sign_ins').set({ session_expires_at: ctx.now().toISOString() }).where('session_hash', '=', sha256(secret)).execute();
      }
      setSessionCookie(ctx, reply, '', 0);
      return { signedOut: true as const };
    },
  });
}

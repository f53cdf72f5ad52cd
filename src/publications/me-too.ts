import crypto from 'node:crypto';
import net from 'node:net';
import type { AppContext } from '../context.js';
import { jakartaDate } from '../calendar/working-time.js';
import { AppError } from '../shared/errors.js';
import { RateLimiter } from '../shared/rate-limit.js';

/**
 * "Saya juga mengalami ini" (decision 0026). A count needs a token the server signed for this
 * complaint and this browser (a cookie it issued), a tiny proof of work on it, and two marks not
 * seen before: the browser's and the client address's (its /64 for IPv6) for the Jakarta day, both
 * kept only as keyed hashes. Each address may try a few times an hour across all complaints.
 */
export const ME_TOO_COOKIE = 'aduan_browser';
/** Leading zero bits of sha256(token + ":" + nonce): about 4,000 hashes, a blink in a phone's browser. */
export const PROOF_BITS = 12;
const TOKEN_MINUTES = 10;
const HOUR = 3_600_000;

const secrets = new WeakMap<AppContext, Promise<Buffer>>();
function secretOf(ctx: AppContext): Promise<Buffer> {
  let secret = secrets.get(ctx);
  if (!secret) {
    secret = ctx.db.kysely
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'publication_secret')
      .executeTakeFirstOrThrow()
      .then((r) => Buffer.from(r.value, 'base64url'));
    secrets.set(ctx, secret);
  }
  return secret;
}

const limiters = new WeakMap<AppContext, RateLimiter>();
function limiterOf(ctx: AppContext): RateLimiter {
  let limiter = limiters.get(ctx);
  if (!limiter) limiters.set(ctx, (limiter = new RateLimiter(ctx.config.rateLimitMeTooPerHour, HOUR, ctx.now)));
  return limiter;
}

const mac = (secret: Buffer, text: string): string => crypto.createHmac('sha256', secret).update(text).digest('base64url').slice(0, 32);

/** The part of an address one subscriber holds: all of IPv4, the /64 of IPv6 (a home gets a whole /64). */
export function addressKey(ip: string): string {
  const mapped = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (net.isIPv4(mapped) || !net.isIPv6(mapped)) return mapped;
  const [head = '', tail = ''] = mapped.split('::');
  const left = head ? head.split(':') : [];
  const right = mapped.includes('::') && tail ? tail.split(':') : [];
  const groups = mapped.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.slice(0, 4).map((g) => g.padStart(4, '0')).join(':') + '::/64';
}

/** Whether the hash of the token and nonce starts with `bits` zero bits. */
export function proofHolds(token: string, nonce: string, bits = PROOF_BITS): boolean {
  const hash = crypto.createHash('sha256').update(`${token}:${nonce}`).digest();
  for (let i = 0; i < bits; i++) if ((hash[i >> 3] as number) & (0x80 >> (i & 7))) return false;
  return true;
}

/** A browser id for the cookie: random, meaningless outside this server's signatures. */
export const newBrowserId = (): string => crypto.randomBytes(16).toString('base64url');

/** A token for this complaint and browser, valid for ten minutes. */
export async function issueToken(ctx: AppContext, trackingNumber: string, browserId: string): Promise<{ token: string; bits: number }> {
  const expires = ctx.now().getTime() + TOKEN_MINUTES * 60_000;
  const body = `${trackingNumber}.${expires}.${browserId}`;
  return { token: `${body}.${mac(await secretOf(ctx), body)}`, bits: PROOF_BITS };
}

function invalid(path: string, id: string, en: string): AppError {
  return new AppError('validation_failed', [{ path, message: { id, en } }]);
}

/**
 * Counts one "me too" for the publication if this browser and this address (today) have not; says
 * whether it counted. Throws 429 past the address's hourly tries, 422 for a bad token or proof.
 */
export async function countMeToo(ctx: AppContext, input: { publicationId: number; trackingNumber: string; ip: string; token: string; nonce: string }): Promise<boolean> {
  const address = addressKey(input.ip);
  limiterOf(ctx).hit(address);
  const secret = await secretOf(ctx);
  const [tn, expires, browserId, signature] = input.token.split('.');
  const body = `${tn}.${expires}.${browserId}`;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature ?? '');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected) || tn !== input.trackingNumber) {
    throw invalid('token', 'Token tidak sah; muat ulang halaman.', 'Invalid token; reload the page.');
  }
  if (Number(expires) < ctx.now().getTime()) throw invalid('token', 'Token kedaluwarsa; muat ulang halaman.', 'Token expired; reload the page.');
  if (!proofHolds(input.token, input.nonce)) throw invalid('nonce', 'Bukti kerja tidak cocok.', 'The proof of work does not hold.');
  const at = ctx.now();
  const marks = [mac(secret, `browser|${input.publicationId}|${browserId}`), mac(secret, `address|${input.publicationId}|${address}|${jakartaDate(at)}`)];
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const mark of marks) {
        const inserted = await trx
          .insertInto('me_too_marks')
          .values({ publication_id: input.publicationId, mark, created_at: at.toISOString() })
          .onConflict((oc) => oc.columns(['publication_id', 'mark']).doNothing())
          .returning('mark')
          .executeTakeFirst();
        if (!inserted) throw ALREADY_COUNTED;
      }
      await trx.updateTable('publications').set((eb) => ({ me_too_count: eb('me_too_count', '+', 1) })).where('id', '=', input.publicationId).execute();
      return true;
    });
  } catch (error) {
    if (error === ALREADY_COUNTED) return false;
    throw error;
  }
}

/** Rolls the marks back when one was there already: neither counts alone. */
const ALREADY_COUNTED = new Error('already counted');

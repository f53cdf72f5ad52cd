/**
 * The same submission sent twice (a phone that lost the answer and sends again) files ONE complaint:
 * the portal sends a random `Idempotency-Key` with each form, and a repeat within a day answers the
 * first receipt. The key's hash is kept in `submission_keys` for a day, with the receipt sealed by the
 * key itself, so the database alone never reveals an access code (decision 0018).
 */
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';

export const SUBMISSION_KEY_HEADER = 'idempotency-key';
const LIFETIME_MS = 24 * 3_600_000;
const KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export interface StoredReceipt {
  trackingNumber: string;
  accessCode: string;
  subject: string;
  receivedAt: string;
  firstResponseDueAt: string;
}

/** Thrown inside the transaction when another send with the same key got there first. */
export class RepeatedSubmission extends Error {}

/** The request's key, or undefined when it sent none; a malformed one is refused (422). */
export function submissionKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[SUBMISSION_KEY_HEADER];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY_PATTERN.test(raw)) {
    throw new AppError('validation_failed', [{ path: 'Idempotency-Key', message: { id: '16–128 huruf, angka, - atau _.', en: '16–128 letters, digits, - or _.' } }]);
  }
  return raw;
}

/** The stored name of a key: its hash, so the table never holds what unseals the receipt. */
export const keyHash = (key: string): string => crypto.createHash('sha256').update(`row:${key}`).digest('hex');
const sealKey = (key: string) => crypto.createHash('sha256').update(`seal:${key}`).digest();

/** The receipt encrypted under the idempotency key; exported for the migration test's pre-0015 rows (same format). */
export function seal(key: string, receipt: StoredReceipt): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', sealKey(key), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(receipt), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function unseal(key: string, sealed: string): StoredReceipt | null {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey(key), iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as StoredReceipt;
  } catch {
    return null;
  }
}

/** The receipt of an earlier send with this key in the last 24 hours, if it was filed. */
export async function earlierReceipt(db: Kysely<Database>, key: string, now: Date): Promise<StoredReceipt | null> {
  const row = await db
    .selectFrom('submission_keys')
    .select('sealed_receipt')
    .where('key_hash', '=', keyHash(key))
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row?.sealed_receipt ? unseal(key, row.sealed_receipt) : null;
}

/**
 * Takes the key for this transaction, first in it so a concurrent send with the same key waits here
 * (PostgreSQL) and then finds it taken. The same key expired is dropped first; other expired keys are
 * the timed job's (dropExpiredSubmissionKeys), so concurrent sends never wait on each other's cleanup.
 */
export async function claimSubmissionKey(trx: Transaction<Database>, key: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await trx.deleteFrom('submission_keys').where('key_hash', '=', keyHash(key)).where('expires_at', '<=', at).execute();
  const inserted = await trx
    .insertInto('submission_keys')
    .values({ key_hash: keyHash(key), sealed_receipt: '', created_at: at, expires_at: new Date(now.getTime() + LIFETIME_MS).toISOString() })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) throw new RepeatedSubmission();
}

/** Keeps the receipt with the key, in the complaint's transaction. */
export async function keepReceipt(trx: Transaction<Database>, key: string, receipt: StoredReceipt): Promise<void> {
  await trx.updateTable('submission_keys').set({ sealed_receipt: seal(key, receipt) }).where('key_hash', '=', keyHash(key)).execute();
}

/** The timed job: drops keys past their day (a resend after that files anew anyway); returns how many. */
export async function dropExpiredSubmissionKeys(ctx: AppContext): Promise<number> {
  const dropped = await ctx.db.kysely.deleteFrom('submission_keys').where('expires_at', '<=', ctx.now().toISOString()).executeTakeFirst();
  return Number(dropped.numDeletedRows);
}

/**
 * The same submission sent twice (a phone that lost the answer and sends again) files ONE complaint:
 * the portal sends a random `Idempotency-Key` with each form, and a repeat within a day answers the
 * first receipt. The key is stored in the `settings` table under `submission:` + its hash, with the
 * receipt whose access code is sealed by the key itself, so the database alone never reveals a code
 * (decision 0018).
 */
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';

export const SUBMISSION_KEY_HEADER = 'idempotency-key';
/** Rows of the `settings` table holding submission keys start with this; office settings skip them. */
export const SUBMISSION_KEY_PREFIX = 'submission:';
const LIFETIME_MS = 24 * 3_600_000;
const KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export interface StoredReceipt {
  trackingNumber: string;
  accessCode: string;
  subject: string;
  receivedAt: string;
  firstResponseDueAt: string;
}

interface KeyRow {
  at: string;
  /** Empty while the first send's transaction runs. */
  sealed: string;
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

const rowKey = (key: string) => SUBMISSION_KEY_PREFIX + crypto.createHash('sha256').update(`row:${key}`).digest('hex');
const sealKey = (key: string) => crypto.createHash('sha256').update(`seal:${key}`).digest();

function seal(key: string, receipt: StoredReceipt): string {
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

const parse = (value: string): KeyRow | null => {
  try {
    return JSON.parse(value) as KeyRow;
  } catch {
    return null;
  }
};
const fresh = (row: KeyRow | null, now: Date): row is KeyRow => row !== null && now.getTime() - Date.parse(row.at) < LIFETIME_MS;

/** The receipt of an earlier send with this key in the last 24 hours, if it was filed. */
export async function earlierReceipt(db: Kysely<Database>, key: string, now: Date): Promise<StoredReceipt | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', rowKey(key)).executeTakeFirst();
  const parsed = row ? parse(row.value) : null;
  return fresh(parsed, now) && parsed.sealed ? unseal(key, parsed.sealed) : null;
}

/**
 * Takes the key for this transaction, first in it so a concurrent send with the same key waits here
 * (PostgreSQL) and then finds it taken. Drops keys older than a day on the way.
 */
export async function claimSubmissionKey(trx: Transaction<Database>, key: string, now: Date): Promise<void> {
  const old = await trx.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${SUBMISSION_KEY_PREFIX}%`).execute();
  const expired = old.filter((r) => !fresh(parse(r.value), now)).map((r) => r.key);
  if (expired.length) await trx.deleteFrom('settings').where('key', 'in', expired).execute();
  const value: KeyRow = { at: now.toISOString(), sealed: '' };
  const inserted = await trx.insertInto('settings').values({ key: rowKey(key), value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) throw new RepeatedSubmission();
}

/** Keeps the receipt with the key, in the complaint's transaction. */
export async function keepReceipt(trx: Transaction<Database>, key: string, receipt: StoredReceipt, now: Date): Promise<void> {
  const value: KeyRow = { at: now.toISOString(), sealed: seal(key, receipt) };
  await trx.updateTable('settings').set({ value: JSON.stringify(value) }).where('key', '=', rowKey(key)).execute();
}

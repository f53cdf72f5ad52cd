import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { randomFromAlphabet } from '../accounts/passwords.js';
import type { Database } from '../db/schema.js';

/** No 0/O, 1/I/L: codes are read aloud and typed from paper. */
export const ACCESS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ACCESS_CODE_LENGTH = 10;
export const TRACKING_NUMBER_PATTERN = /^ADU-\d{4}-\d{6}$/;

/**
 * The next number of the year, inside the caller's transaction. The counter row is locked by
 * the upsert until commit, so concurrent submissions queue and a rollback leaves no gap.
 */
export async function nextTrackingNumber(trx: Transaction<Database>, year: number): Promise<string> {
  const row = await trx
    .insertInto('tracking_counters')
    .values({ year, last_value: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_value: sql`tracking_counters.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return `ADU-${year}-${String(row.last_value).padStart(6, '0')}`;
}

export function generateAccessCode(): string {
  return randomFromAlphabet(ACCESS_CODE_ALPHABET, ACCESS_CODE_LENGTH);
}

/** Reporters may type the code with spaces, dashes or in lower case. */
export function normaliseAccessCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

// The code carries ~50 bits and wrong guesses are limited per complaint, so a fast salted
// hash is enough; a slow KDF would make every tracking look-up cost tens of milliseconds.
export function hashAccessCode(trackingNumber: string, code: string): string {
  return crypto.createHash('sha256').update(`${trackingNumber}:${normaliseAccessCode(code)}`).digest('hex');
}

export function accessCodeMatches(trackingNumber: string, code: string, storedHash: string): boolean {
  const given = Buffer.from(hashAccessCode(trackingNumber, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && crypto.timingSafeEqual(given, stored);
}

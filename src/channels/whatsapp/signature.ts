import crypto from 'node:crypto';

/**
 * Meta signs each webhook delivery: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body's
 * exact bytes, keyed with the app secret>`. Compared in constant time; a missing or malformed
 * header is simply not a match.
 */
export function signatureMatches(rawBody: Buffer, header: string | string[] | undefined, appSecret: string): boolean {
  if (typeof header !== 'string') return false;
  const hex = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim())?.[1];
  if (!hex) return false;
  const expected = crypto.createHmac('sha256', appSecret).update(rawBody).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/** The header a sender holding `appSecret` puts on `rawBody` (tests and the local simulator sign with it). */
export function signatureOf(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${crypto.createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

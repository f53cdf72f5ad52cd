/**
 * A photo, document or voice note sent on WhatsApp is not in the webhook: its media id is.
 * `GET {base}/{media-id}` (bearer token) answers `{ url, mime_type, file_size, sha256, id }`, and
 * `GET url` with the same bearer gives the bytes (the URL lives about five minutes). The size is
 * checked before and while reading, the SHA-256 after; the type is decided later by the bytes.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../../config.js';

const MediaInfoSchema = z.looseObject({
  url: z.url({ protocol: /^https?$/ }),
  mime_type: z.string().max(200).optional(),
  file_size: z.union([z.number(), z.string().regex(/^\d{1,15}$/).transform(Number)]).optional(),
  sha256: z.string().max(128).optional(),
});

type WhatsAppConfig = NonNullable<Config['whatsapp']>;

export type MediaFetch = { ok: true; data: Buffer; declaredType: string | null } | { ok: false; reason: 'too_large' | 'unavailable' };

/** Each call to Graph gets this long; Meta waits for our 200, so nothing may hang. */
const TIMEOUT_MS = 10_000;

async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) {
      await body.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Meta's `sha256`, hex or base64; a value in neither form is not checked. */
function hashMatches(data: Buffer, declared: string | undefined): boolean {
  if (!declared) return true;
  const digest = crypto.createHash('sha256').update(data).digest();
  if (/^[0-9a-fA-F]{64}$/.test(declared)) return digest.toString('hex') === declared.toLowerCase();
  if (/^[A-Za-z0-9+/]{43}=$/.test(declared)) return digest.toString('base64') === declared;
  return true;
}

export async function fetchMedia(config: WhatsAppConfig, mediaId: string, maxBytes: number): Promise<MediaFetch> {
  const headers = { authorization: `Bearer ${config.accessToken}` };
  try {
    const infoResponse = await fetch(`${config.apiBaseUrl}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(config.phoneNumberId)}`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!infoResponse.ok) return { ok: false, reason: 'unavailable' };
    const infoText = await readCapped(infoResponse.body, 64 * 1024);
    const info = infoText ? MediaInfoSchema.safeParse(JSON.parse(infoText.toString('utf8'))) : null;
    if (!info?.success) return { ok: false, reason: 'unavailable' };
    if (info.data.file_size !== undefined && info.data.file_size > maxBytes) return { ok: false, reason: 'too_large' };
    const file = await fetch(info.data.url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    if (!file.ok) return { ok: false, reason: 'unavailable' };
    const data = await readCapped(file.body, maxBytes);
    if (!data) return { ok: false, reason: 'too_large' };
    if (!hashMatches(data, info.data.sha256)) return { ok: false, reason: 'unavailable' };
    return { ok: true, data, declaredType: info.data.mime_type ?? null };
  } catch {
    // Graph unreachable, slow or answering nonsense: the person is asked to send it again.
    return { ok: false, reason: 'unavailable' };
  }
}

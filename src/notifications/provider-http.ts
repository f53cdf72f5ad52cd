/**
 * One JSON POST to a message provider (WhatsApp's Graph API, an SMS gateway), with the outbox's
 * reading of the answer: 2xx sent; 4xx refused for good (trying again cannot help), except 429;
 * 429, 5xx and network trouble are tried again later. Error text never carries a phone number.
 */
import { PermanentDeliveryError } from './transports.js';

const TIMEOUT_MS = 20_000;

/** Long digit runs (phone numbers) out of a provider's error text before it reaches a list or a log. */
const scrub = (text: string) => text.replace(/\+?\d[\d ]{6,}\d/g, '<number>').slice(0, 300);

export async function postToProvider(provider: string, url: string, token: string, body: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`${provider} not reached: ${scrub(error instanceof Error ? error.message : String(error))}`);
  }
  const text = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: only the status counts.
  }
  if (res.ok) return json;
  const reason = `${provider} answered ${res.status}${describeProviderError(json)}`;
  if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new PermanentDeliveryError(reason);
  throw new Error(reason);
}

/** Graph's `{ error: { code, message } }`, or a gateway's `{ error: "…" }` / `{ message: "…" }`. */
function describeProviderError(json: unknown): string {
  if (!json || typeof json !== 'object') return '';
  const o = json as { error?: unknown; message?: unknown };
  if (o.error && typeof o.error === 'object') {
    const e = o.error as { code?: unknown; message?: unknown };
    return `: ${e.code !== undefined ? `(#${String(e.code)}) ` : ''}${scrub(typeof e.message === 'string' ? e.message : '')}`;
  }
  const message = typeof o.error === 'string' ? o.error : typeof o.message === 'string' ? o.message : '';
  return message ? `: ${scrub(message)}` : '';
}

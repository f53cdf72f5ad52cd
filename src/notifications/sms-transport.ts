/**
 * Outgoing SMS through the office's HTTP gateway (a provider's API, or a small adapter in front of
 * one): POST JSON { to, text, reference, sender? } with a bearer token; 2xx, optionally { id }, is
 * sent. The contract is in docs/operations.md. `reference` is the outbox's idempotency key, the same
 * on every attempt, so a gateway can drop a repeat.
 */
import type { AppContext } from '../context.js';
import { postToProvider } from './provider-http.js';
import { isPhoneKind, renderShortText } from './short-text.js';
import { PermanentDeliveryError, type ChannelTransports, type OutgoingMessage, type SentMessage } from './transports.js';

export function smsTransports(ctx: AppContext): ChannelTransports {
  const sms = ctx.config.sms;
  if (!sms) return {};
  return {
    sms: {
      async send(m: OutgoingMessage): Promise<SentMessage> {
        const data = m.payload as { kind: string };
        if (!isPhoneKind(data)) throw new PermanentDeliveryError(`a ${m.kind} message cannot go by SMS`);
        const text = renderShortText(data, m.language, m.baseUrl, 'sms');
        const answer = (await postToProvider('SMS gateway', sms.url, sms.token, { to: m.to, text, reference: m.idempotencyKey, ...(sms.senderId ? { sender: sms.senderId } : {}) })) as { id?: unknown } | null;
        const id = answer?.id;
        return { providerMessageId: typeof id === 'string' || typeof id === 'number' ? String(id) : null, summary: `${m.kind} (SMS)` };
      },
    },
  };
}

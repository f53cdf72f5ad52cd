/**
 * The webhook Meta calls for the office's WhatsApp number: GET is the subscription handshake,
 * POST the deliveries. The POST's signature is checked on the body's exact bytes before anything
 * reads them; then each message is handled once and each status applied, and Meta gets its 200.
 * Off (404) while WHATSAPP_* is not configured.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import type { RouteRegistry } from '../../shared/http.js';
import { parseJsonText } from '../../shared/json-body.js';
import { handleInboundMessage, type InboundOutcome } from './inbound.js';
import { readDelivery, WebhookEnvelopeSchema } from './payload.js';
import { signatureMatches } from './signature.js';
import { applyDeliveryStatus } from './statuses.js';

export const WHATSAPP_WEBHOOK_URL = '/api/channels/whatsapp/webhook';

const HandshakeQuery = z.object({
  'hub.mode': z.string().max(40).optional(),
  'hub.verify_token': z.string().max(500).optional(),
  // Meta sends a number; anything else is not echoed back.
  'hub.challenge': z.string().regex(/^[A-Za-z0-9_-]{1,200}$/).optional(),
});

const DeliveryAnswer = z.object({ messages: z.number(), duplicates: z.number(), statuses: z.number() });

export function registerWhatsAppRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const configured = () => {
    if (!ctx.config.whatsapp) throw new AppError('not_found');
    return ctx.config.whatsapp;
  };

  routes.add({
    method: 'GET',
    url: WHATSAPP_WEBHOOK_URL,
    tag: 'channels',
    summary: 'WhatsApp webhook verification: answers hub.challenge as text when hub.verify_token is WHATSAPP_VERIFY_TOKEN (else 403)',
    access: 'public',
    query: HandshakeQuery,
    response: { status: 200, schema: z.string(), description: 'The challenge, as text/plain' },
    handler: async ({ query, reply }) => {
      const config = configured();
      const token = query['hub.verify_token'] ?? '';
      const challenge = query['hub.challenge'];
      if (query['hub.mode'] !== 'subscribe' || challenge === undefined || !sameText(token, config.verifyToken)) throw new AppError('forbidden');
      return reply.status(200).header('x-content-type-options', 'nosniff').type('text/plain; charset=utf-8').send(challenge);
    },
  });

  routes.add({
    method: 'POST',
    url: WHATSAPP_WEBHOOK_URL,
    tag: 'channels',
    summary: 'WhatsApp deliveries (messages and statuses), signed with X-Hub-Signature-256 over the exact body (else 401, nothing read)',
    access: 'public',
    rawBody: true,
    headers: { 'X-Hub-Signature-256': 'sha256= and the hex HMAC-SHA256 of the body with the app secret' },
    response: { status: 200, schema: DeliveryAnswer },
    handler: async ({ request, language }) => {
      const config = configured();
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!signatureMatches(raw, request.headers['x-hub-signature-256'], config.appSecret)) throw new AppError('bad_signature');
      const envelope = parseOrThrow(WebhookEnvelopeSchema, parseJsonText(raw.toString('utf8')), language);
      const delivery = readDelivery(envelope, config.phoneNumberId);
      const outcomes: Partial<Record<InboundOutcome | 'refused', number>> = {};
      // In order: a person's messages are steps of one conversation.
      for (const message of delivery.messages) {
        let outcome: InboundOutcome | 'refused';
        try {
          outcome = await handleInboundMessage(ctx, config, message);
        } catch (error) {
          // Refused by a rule (a permit type retired meanwhile …): retrying would refuse it again.
          if (!(error instanceof AppError)) throw error;
          request.log.warn({ whatsapp: { refused: error.code } }, 'whatsapp message refused');
          outcome = 'refused';
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      let statuses = 0;
      for (const status of delivery.statuses) if (await applyDeliveryStatus(ctx, status)) statuses++;
      // Counts only: never a text, a number or a name.
      request.log.info({ whatsapp: { ...outcomes, statuses, skipped: delivery.skipped } }, 'whatsapp delivery');
      return { messages: delivery.messages.length, duplicates: outcomes.duplicate ?? 0, statuses };
    },
  });
}

/** Compares without telling, by its time, how much of the token was right. */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

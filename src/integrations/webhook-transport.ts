/**
 * Posts a webhook delivery (decision 0027): JSON, signed with the subscription's secret as
 * `X-Aduan-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`, with `X-Aduan-Timestamp` (Unix
 * seconds) and `X-Aduan-Delivery` (the outbox's idempotency key, the same on every attempt).
 * 2xx is sent; 410 ends the subscription; another 4xx is a dead letter; 5xx, a timeout or a
 * network failure is tried again with the outbox's backoff. Redirects are not followed.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { PermanentDeliveryError, type ChannelTransports, type OutgoingMessage, type SentMessage } from '../notifications/transports.js';
import { refusedTarget } from './webhook-address.js';

export const signWebhook = (secret: string, timestamp: string, body: string): string => `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export function webhookTransports(ctx: AppContext): ChannelTransports {
  const { allowLoopback, timeoutSeconds } = ctx.config.webhooks;
  const db = ctx.db.kysely;
  return {
    webhook: {
      async send(message: OutgoingMessage): Promise<SentMessage> {
        const payload = message.payload as { subscription?: unknown };
        const subscription = typeof payload.subscription === 'number' ? await db.selectFrom('webhook_subscriptions').select(['id', 'url', 'secret', 'disabled_at']).where('id', '=', payload.subscription).executeTakeFirst() : undefined;
        if (!subscription || subscription.disabled_at !== null || subscription.url !== message.to) throw new PermanentDeliveryError('the webhook subscription was ended');
        const refused = await refusedTarget(message.to, allowLoopback);
        if (refused) throw new PermanentDeliveryError(`webhook URL refused: ${refused}`);
        const body = JSON.stringify({ delivery: message.idempotencyKey, ...(message.payload as Record<string, unknown>) });
        const timestamp = String(Math.floor(ctx.now().getTime() / 1000));
        const response = await fetch(message.to, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutSeconds * 1000),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Aduan-Webhook/1',
            'x-aduan-signature': signWebhook(subscription.secret, timestamp, body),
            'x-aduan-timestamp': timestamp,
            'x-aduan-delivery': message.idempotencyKey,
          },
          body,
        });
        await response.body?.cancel();
        const status = response.status;
        if (status >= 200 && status < 300) return { summary: `HTTP ${status}` };
        if (status === 410) {
          await db.updateTable('webhook_subscriptions').set({ disabled_at: ctx.now().toISOString(), disabled_reason: 'the receiver answered 410 Gone' }).where('id', '=', subscription.id).where('disabled_at', 'is', null).execute();
          throw new PermanentDeliveryError('HTTP 410: the receiver is gone; the subscription was ended');
        }
        if (status >= 400 && status < 500) throw new PermanentDeliveryError(`HTTP ${status}: the receiver refused the delivery`);
        throw new Error(`HTTP ${status}`);
      },
    },
  };
}

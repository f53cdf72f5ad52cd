/**
 * Outgoing WhatsApp through the Business Cloud API: POST {base}/{phone-number-id}/messages. Within
 * 24 hours of the number's last message to us (channel_contacts, written by the webhook) a plain
 * text; outside it the kind's approved template, or a dead letter saying none is approved.
 */
import type { AppContext } from '../context.js';
import { postToProvider } from './provider-http.js';
import { isPhoneKind, renderShortText } from './short-text.js';
import { PermanentDeliveryError, type ChannelTransports, type OutgoingMessage, type SentMessage } from './transports.js';
import { templateMessageFor } from './whatsapp-templates.js';

/** WhatsApp's customer-service window. */
export const SERVICE_WINDOW_MS = 24 * 3_600_000;

/** True when the number wrote to us within the last 24 hours. */
export async function inServiceWindow(ctx: AppContext, phone: string): Promise<boolean> {
  const row = await ctx.db.kysely.selectFrom('channel_contacts').select('last_inbound_at').where('channel', '=', 'whatsapp').where('address', '=', phone).executeTakeFirst();
  return row ? ctx.now().getTime() - Date.parse(new Date(row.last_inbound_at).toISOString()) < SERVICE_WINDOW_MS : false;
}

export function whatsappTransports(ctx: AppContext): ChannelTransports {
  const wa = ctx.config.whatsapp;
  if (!wa) return {};
  const url = `${wa.apiBaseUrl}/${encodeURIComponent(wa.phoneNumberId)}/messages`;
  return {
    whatsapp: {
      async send(m: OutgoingMessage): Promise<SentMessage> {
        const data = m.payload as { kind: string };
        if (!isPhoneKind(data)) throw new PermanentDeliveryError(`a ${m.kind} message cannot go by WhatsApp`);
        const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: m.to };
        let body: object;
        let summary: string;
        if (await inServiceWindow(ctx, m.to)) {
          body = { ...base, type: 'text', text: { preview_url: false, body: renderShortText(data, m.language, m.baseUrl, 'whatsapp') } };
          summary = `${m.kind} (WhatsApp text)`;
        } else {
          const template = templateMessageFor(data, m.language, m.baseUrl, ctx.config.whatsappTemplates);
          if (!template) {
            throw new PermanentDeliveryError(`no approved WhatsApp template for ${m.kind} messages, and the number has not written to us in the last 24 hours (WHATSAPP_TEMPLATES)`);
          }
          body = {
            ...base,
            type: 'template',
            template: { name: template.name, language: { code: m.language }, components: [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }] },
          };
          summary = `${m.kind} (WhatsApp template ${template.name})`;
        }
        const answer = (await postToProvider('WhatsApp', url, wa.accessToken, body)) as { messages?: { id?: unknown }[] } | null;
        const id = answer?.messages?.[0]?.id;
        return { providerMessageId: typeof id === 'string' ? id : null, summary };
      },
    },
  };
}

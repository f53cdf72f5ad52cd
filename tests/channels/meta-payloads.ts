/**
 * WhatsApp Cloud API webhook payloads as Meta's reference shows them: the envelope around messages
 * and statuses, and the message kinds the tests send. Signed like Meta signs them.
 */
import { signatureOf } from '../../src/channels/whatsapp/signature.js';

export type Message = Record<string, unknown>;

export const WEBHOOK = '/api/channels/whatsapp/webhook';

/** Meta's envelope around messages and statuses, for the business number `phoneNumberId`. */
export const envelope = (phoneNumberId: string, value: { messages?: Message[]; statuses?: Message[]; from?: string; name?: string }) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
            ...(value.messages ? { contacts: [{ profile: { name: value.name ?? 'Sari Wulandari' }, wa_id: value.from }], messages: value.messages } : {}),
            ...(value.statuses ? { statuses: value.statuses } : {}),
          },
        },
      ],
    },
  ],
});

let sequence = 0;
export const wamid = () => `wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=${++sequence}`;
export const text = (from: string, body: string, id = wamid()): Message => ({ from, id, timestamp: '1764558000', type: 'text', text: { body } });
export const listReply = (from: string, rowId: string, title: string): Message => ({ from, id: wamid(), timestamp: '1764558000', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: rowId, title, description: '' } } });
export const media = (from: string, kind: 'image' | 'audio' | 'document', mediaId: string, mime: string): Message => ({
  from,
  id: wamid(),
  timestamp: '1764558000',
  type: kind,
  [kind]: { mime_type: mime, sha256: 'aGFzaA==', id: mediaId, ...(kind === 'document' ? { filename: 'surat.pdf' } : {}) },
});

/** POSTs a body to the webhook as Meta does: the raw JSON signed with the app secret (override headers to attack). */
export async function postToWebhook(baseUrl: string, appSecret: string, body: unknown, headers: Record<string, string | undefined> = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${baseUrl}${WEBHOOK}`, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries({ 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(raw, appSecret), ...headers }).filter((e): e is [string, string] => e[1] !== undefined)),
    body: raw,
  });
  return { status: res.status, body: (await res.text().then((s) => (s ? (JSON.parse(s) as Record<string, unknown>) : null))) as Record<string, unknown> | null };
}

/**
 * What Meta's webhook for the WhatsApp Business Cloud API delivers (field `messages`): an
 * envelope `{ object: 'whatsapp_business_account', entry: [{ id, changes: [{ field, value }] }] }`
 * whose `value` carries `metadata.phone_number_id`, `contacts` (profile name, `wa_id`), `messages`
 * and `statuses`. Meta adds fields over time, so only what we read is checked and the rest is left
 * alone; a message or status that does not have the shape we read is skipped, not the whole batch.
 */
import { z } from 'zod';

const WamidSchema = z.string().min(1).max(256);
/** Meta's `wa_id`/`from`: the sender's number in international digits. */
const WaIdSchema = z.string().regex(/^[0-9]{6,20}$/);
const MediaIdSchema = z.string().regex(/^[0-9A-Za-z_-]{1,128}$/);

const MediaSchema = z.looseObject({ id: MediaIdSchema, mime_type: z.string().max(200).optional(), caption: z.string().max(5000).optional(), filename: z.string().max(500).optional() });

const MessageSchema = z.looseObject({
  id: WamidSchema,
  from: WaIdSchema,
  timestamp: z.string().max(20).optional(),
  type: z.string().max(40),
  text: z.looseObject({ body: z.string().max(10_000) }).optional(),
  image: MediaSchema.optional(),
  document: MediaSchema.optional(),
  audio: MediaSchema.optional(),
  interactive: z
    .looseObject({
      type: z.string().max(40),
      list_reply: z.looseObject({ id: z.string().max(200), title: z.string().max(200) }).optional(),
      button_reply: z.looseObject({ id: z.string().max(200), title: z.string().max(200) }).optional(),
    })
    .optional(),
  /** A quick-reply button of a template message. */
  button: z.looseObject({ text: z.string().max(200), payload: z.string().max(200).optional() }).optional(),
});

const StatusSchema = z.looseObject({
  id: WamidSchema,
  status: z.string().max(40),
  timestamp: z.string().max(20).optional(),
  errors: z.array(z.looseObject({ code: z.number().int().optional(), title: z.string().max(500).optional() })).max(20).optional(),
});

const ValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().max(64) }).optional(),
  contacts: z.array(z.looseObject({ wa_id: z.string().max(20).optional(), profile: z.looseObject({ name: z.string().max(500).optional() }).optional() })).max(100).optional(),
  messages: z.array(z.unknown()).max(1000).optional(),
  statuses: z.array(z.unknown()).max(1000).optional(),
});

/** The envelope; a body without it is refused (422) after its signature held. */
export const WebhookEnvelopeSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.looseObject({ changes: z.array(z.looseObject({ field: z.string().max(100), value: z.unknown() })).max(100) })).max(100),
});

export type MediaKind = 'image' | 'document' | 'audio';

/** One incoming message as the rest of the module reads it. */
export interface InboundMessage {
  wamid: string;
  /** International digits. */
  from: string;
  profileName: string | null;
  content:
    | { kind: 'text'; text: string }
    | { kind: 'choice'; id: string; title: string }
    | { kind: 'media'; media: MediaKind; mediaId: string; caption: string | null; filename: string | null }
    | { kind: 'unsupported' };
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface InboundStatus {
  /** The `wamid` Meta gave our outgoing message: the outbox row's provider_message_id. */
  providerMessageId: string;
  status: DeliveryStatus;
  at: Date | null;
  /** For `failed`: Meta's error code and title (never the recipient). */
  error: { code: number | null; title: string | null } | null;
}

const STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed'];

function contentOf(m: z.infer<typeof MessageSchema>): InboundMessage['content'] {
  if (m.type === 'text' && m.text) return { kind: 'text', text: m.text.body };
  if (m.type === 'interactive' && m.interactive) {
    const reply = m.interactive.list_reply ?? m.interactive.button_reply;
    if (reply) return { kind: 'choice', id: reply.id, title: reply.title };
  }
  if (m.type === 'button' && m.button) return { kind: 'text', text: m.button.payload ?? m.button.text };
  for (const kind of ['image', 'document', 'audio'] as const) {
    const media = m.type === kind ? m[kind] : undefined;
    if (media) return { kind: 'media', media: kind, mediaId: media.id, caption: media.caption ?? null, filename: media.filename ?? null };
  }
  return { kind: 'unsupported' };
}

const unixSeconds = (v: string | undefined): Date | null => (v && /^\d{1,12}$/.test(v) ? new Date(Number(v) * 1000) : null);

/**
 * The messages and statuses of a delivery meant for our number (`phone_number_id`); those for
 * another number of the same business account, and items of an unknown shape, are left out.
 */
export function readDelivery(envelope: z.infer<typeof WebhookEnvelopeSchema>, phoneNumberId: string): { messages: InboundMessage[]; statuses: InboundStatus[]; skipped: number } {
  const messages: InboundMessage[] = [];
  const statuses: InboundStatus[] = [];
  let skipped = 0;
  for (const entry of envelope.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = ValueSchema.safeParse(change.value);
      if (!value.success || (value.data.metadata && value.data.metadata.phone_number_id !== phoneNumberId)) {
        skipped++;
        continue;
      }
      const names = new Map((value.data.contacts ?? []).map((c) => [c.wa_id ?? '', c.profile?.name?.trim() || null]));
      for (const raw of value.data.messages ?? []) {
        const m = MessageSchema.safeParse(raw);
        if (!m.success) {
          skipped++;
          continue;
        }
        messages.push({ wamid: m.data.id, from: m.data.from, profileName: names.get(m.data.from) ?? null, content: contentOf(m.data) });
      }
      for (const raw of value.data.statuses ?? []) {
        const s = StatusSchema.safeParse(raw);
        if (!s.success || !STATUSES.includes(s.data.status)) {
          skipped++;
          continue;
        }
        const first = s.data.errors?.[0];
        statuses.push({
          providerMessageId: s.data.id,
          status: s.data.status as DeliveryStatus,
          at: unixSeconds(s.data.timestamp),
          error: s.data.status === 'failed' ? { code: first?.code ?? null, title: first?.title ?? null } : null,
        });
      }
    }
  }
  return { messages, statuses, skipped };
}

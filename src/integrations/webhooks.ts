/**
 * Webhook subscriptions and their deliveries (decision 0027). Each complaint event the outbox hears
 * of becomes one outbox row per subscriber that wants it and may see it, in the event's own
 * transaction; the webhook transport (webhook-transport.ts) posts it. A payload never names the
 * reporter; a published-only subscriber hears only of published complaints.
 */
import type { ComplaintEvent, NewMessage, WebhookPayload } from '../notifications/outbox.js';
import { FINAL_STATES, type ComplaintState } from '../workflow/state-machine.js';
import { publishedText } from './published.js';
import type { Trx } from './trx.js';

export const WEBHOOK_EVENTS = ['complaint_received', 'state_changed', 'answer_published'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_SCOPES = ['published', 'all'] as const;
export type WebhookScope = (typeof WEBHOOK_SCOPES)[number];

/** Which subscription event a workflow event is; a received complaint's state is new, not changed. */
export function webhookEventOf(event: string): WebhookEvent {
  if (event === 'submitted' || event === 'registered') return 'complaint_received';
  if (event === 'approve_answer') return 'answer_published';
  return 'state_changed';
}

/** The outbox rows of one complaint event for every active subscriber that wants it; one call from the outbox. */
export async function webhookDeliveries(trx: Trx, e: Pick<ComplaintEvent, 'complaintId' | 'event' | 'at'> & { version: number }): Promise<NewMessage[]> {
  const kind = webhookEventOf(e.event);
  const subscriptions = (await trx.selectFrom('webhook_subscriptions').select(['id', 'url', 'events', 'scope']).where('disabled_at', 'is', null).orderBy('id').execute()).filter((s) =>
    (JSON.parse(s.events) as string[]).includes(kind),
  );
  if (subscriptions.length === 0) return [];
  const publication = await publishedText(trx, e.complaintId);
  const wanted = subscriptions.filter((s) => s.scope === 'all' || publication !== undefined);
  if (wanted.length === 0) return [];
  const row = await trx
    .selectFrom('complaints')
    .leftJoin('permit_types', 'permit_types.id', 'complaints.permit_type_id')
    .select(['complaints.tracking_number', 'complaints.state', 'complaints.received_at', 'complaints.updated_at', 'permit_types.code as permit_code'])
    .where('complaints.id', '=', e.complaintId)
    .executeTakeFirstOrThrow();
  // The answer as published (redacted by the office); an unpublished answer may name the reporter, so it stays out.
  const answer = kind === 'answer_published' ? (publication?.answer ?? null) : undefined;
  const state = row.state as ComplaintState;
  return wanted.map((s) => {
    // Only the complaint's public facts: no reporter, no internal notes, no staff names.
    const data: WebhookPayload = {
      kind,
      subscription: s.id,
      action: e.event,
      trackingNumber: row.tracking_number,
      state,
      status: FINAL_STATES.includes(state) ? 'closed' : 'open',
      serviceCode: row.permit_code,
      receivedAt: row.received_at,
      occurredAt: e.at,
      ...(answer !== undefined ? { answer } : {}),
    };
    return { key: `webhook:${s.id}:${e.complaintId}:v${e.version}:${e.event}`, complaintId: e.complaintId, recipient: { type: 'subscriber', url: s.url }, language: 'id', data };
  });
}

/**
 * The ways a message leaves the outbox. Mail is always there (SMTP or the development mailbox);
 * WhatsApp, SMS and webhooks are transports the worker finds here when they are configured. Every
 * channel shares the outbox's guarantees: written in the action's transaction, claimed under a
 * lease, retried with backoff, dead-lettered, and sent with the same idempotency key each attempt.
 */
import type { AppContext } from '../context.js';
import type { OutboxChannel } from '../db/schema.js';
import type { MailLanguage } from './templates.js';
import { smsTransports } from './sms-transport.js';
import { whatsappTransports } from './whatsapp-transport.js';
import { webhookTransports } from '../integrations/webhook-transport.js';

export type { OutboxChannel } from '../db/schema.js';

export const OUTBOX_CHANNELS: readonly OutboxChannel[] = ['email', 'whatsapp', 'sms', 'webhook'];

/** A reporter's channels: the ones a person can be reached on. */
export type ReporterChannel = Exclude<OutboxChannel, 'webhook'>;

export interface OutgoingMessage {
  outboxId: number;
  /** The same on every attempt: providers that take one use it to drop a repeat. */
  idempotencyKey: string;
  kind: string;
  channel: OutboxChannel;
  /** A phone number (digits, country code first) or a subscriber's URL. */
  to: string;
  language: MailLanguage;
  /** The outbox payload as written: a template's data, or a webhook's event body. */
  payload: unknown;
  complaintId: number | null;
  createdAt: string;
  /** The public site, for links in the message. */
  baseUrl: string;
}

export interface SentMessage {
  /** The provider's id for the message, when it gives one (kept to match its status reports). */
  providerMessageId?: string | null;
  /** A short line the admin's lists show for the sent message (a mail's subject). */
  summary?: string | null;
}

export interface ChannelTransport {
  send(message: OutgoingMessage): Promise<SentMessage>;
  close?(): void;
}

/** Thrown by a transport when trying again cannot help (the provider refused the message for good). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export type ChannelTransports = Partial<Record<Exclude<OutboxChannel, 'email'>, ChannelTransport>>;

/**
 * Builds the transports the configuration turns on. Each channel's module gives one factory,
 * listed in TRANSPORT_FACTORIES (explicitly, not by import side effects); a factory returns
 * nothing when its channel is not configured. A message on a channel with no transport becomes a
 * dead letter with a reason an admin can read, never a silent loss.
 */
export type TransportFactory = (ctx: AppContext) => ChannelTransports;

const TRANSPORT_FACTORIES: readonly TransportFactory[] = [whatsappTransports, smsTransports, webhookTransports];

export function channelTransportsFor(ctx: AppContext): ChannelTransports {
  const transports: ChannelTransports = {};
  for (const factory of TRANSPORT_FACTORIES) Object.assign(transports, factory(ctx));
  return transports;
}

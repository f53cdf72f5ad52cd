/**
 * The outbox: every message is written in the same transaction as the action that causes it,
 * so a crash can lose neither the action nor its mail. The worker (worker.ts) sends them.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, OutboxChannel } from '../db/schema.js';
import type { Config } from '../config.js';
import { toInternationalDigits } from './phone-numbers.js';
import type { MailLanguage, TemplateData } from './templates.js';
import { webhookDeliveries } from '../integrations/webhooks.js';

type Trx = Transaction<Database> | Kysely<Database>;

/**
 * Who a message goes to and by which channel: mail by default; a reporter may be reached on
 * WhatsApp or SMS at a phone number (digits, country code first); a webhook subscriber at its URL.
 */
export type Recipient =
  | { type: 'reporter'; email: string }
  | { type: 'reporter'; channel: 'whatsapp' | 'sms'; phone: string }
  | { type: 'staff'; userId: number; email: string }
  | { type: 'subscriber'; url: string };

function columnsOf(r: Recipient): { channel: OutboxChannel; recipient_email: string | null; recipient_address: string | null; recipient_user_id: number | null } {
  if (r.type === 'staff') return { channel: 'email', recipient_email: r.email, recipient_address: null, recipient_user_id: r.userId };
  if (r.type === 'subscriber') return { channel: 'webhook', recipient_email: null, recipient_address: r.url, recipient_user_id: null };
  if ('phone' in r) return { channel: r.channel, recipient_email: null, recipient_address: r.phone, recipient_user_id: null };
  return { channel: 'email', recipient_email: r.email, recipient_address: null, recipient_user_id: null };
}

export type PhoneChannel = 'whatsapp' | 'sms';

/** The phone channels this office has configured, WhatsApp first (the one people here read). */
export function configuredPhoneChannels(config: Pick<Config, 'whatsapp' | 'sms'>): PhoneChannel[] {
  return [...(config.whatsapp ? (['whatsapp'] as const) : []), ...(config.sms ? (['sms'] as const) : [])];
}

/**
 * Phone-only reporters who filed before a phone channel was configured never chose one: they get the
 * default a new phone-only reporter gets (WhatsApp, else SMS), so they hear of their complaints from now
 * on. Run at start-up; a no-op without a phone channel. Returns how many reporters it gave a channel.
 */
export async function adoptPhoneOnlyReporters(db: Trx, config: Pick<Config, 'whatsapp' | 'sms'>): Promise<number> {
  const [channel] = configuredPhoneChannels(config);
  if (!channel) return 0;
  const result = await db
    .updateTable('reporters')
    .set({ preferred_channel: channel })
    .where('preferred_channel', 'is', null)
    .where('email', 'is', null)
    .where('phone', 'is not', null)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** What a reporter left us to reach them by (a `reporters` row). */
export interface ReporterContact {
  email: string | null;
  phone: string | null;
  preferred_channel: 'email' | 'whatsapp' | 'sms' | null;
  erased_at: string | null;
}

/**
 * How a reporter hears from us; the one place that decides it. Their chosen phone channel when they
 * left a number (a phone-only reporter who chose nothing got the office's default phone channel
 * written as their choice when filing, see src/complaints/submit.ts), otherwise their e-mail,
 * otherwise nobody. Erased reporters are nobody.
 */
export function reporterRecipient(contact: ReporterContact | null | undefined): Recipient | null {
  if (!contact || contact.erased_at) return null;
  const phone = contact.phone ? toInternationalDigits(contact.phone) : null;
  if ((contact.preferred_channel === 'whatsapp' || contact.preferred_channel === 'sms') && phone) return { type: 'reporter', channel: contact.preferred_channel, phone };
  return contact.email ? { type: 'reporter', email: contact.email } : null;
}

export interface NewMessage {
  /** Unique per message; a second enqueue with the same key is a no-op. */
  key: string;
  complaintId: number | null;
  recipient: Recipient;
  language: MailLanguage;
  /** A template's data (mail, WhatsApp, SMS), or for a webhook its event body with `kind` set. */
  data: TemplateData | WebhookPayload;
  /** The payload holds a secret (an access code): never shown in lists, blanked once sent. */
  hasSecret?: boolean;
}

/** What a webhook delivery carries; shaped by the webhook module, `kind` names the event. */
export interface WebhookPayload {
  kind: string;
  [field: string]: unknown;
}

/** Writes messages into the outbox; returns how many were new. */
export async function enqueueMessages(trx: Trx, messages: NewMessage[], at: string): Promise<number> {
  let added = 0;
  for (const m of messages) {
    const result = await trx
      .insertInto('outbox_messages')
      .values({
        idempotency_key: m.key,
        kind: m.data.kind,
        complaint_id: m.complaintId,
        recipient_type: m.recipient.type,
        ...columnsOf(m.recipient),
        language: m.language,
        payload: JSON.stringify(m.data),
        subject: null,
        status: 'pending',
        attempts: 0,
        has_secret: m.hasSecret ? 1 : 0,
        next_attempt_at: at,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: at,
        sent_at: null,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

const asLanguage = (v: string): MailLanguage => (v === 'en' ? 'en' : 'id');

export interface StaffRecipient {
  userId: number;
  email: string;
  language: MailLanguage;
}

/** Active staff with one of the roles (and, for division officers, in one of the divisions). */
export async function staffWithRoles(trx: Trx, roles: readonly string[], divisionIds?: readonly number[]): Promise<StaffRecipient[]> {
  if (roles.length === 0 || (divisionIds && divisionIds.length === 0)) return [];
  let query = trx.selectFrom('users').select(['id', 'email', 'language']).where('active', '=', 1).where('role', 'in', roles);
  if (divisionIds) query = query.where('division_id', 'in', divisionIds);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, language: asLanguage(r.language) }));
}

/** Active staff by id (an owner), in the shape of `staffWithRoles`. */
export async function staffById(trx: Trx, ids: readonly number[]): Promise<StaffRecipient[]> {
  if (ids.length === 0) return [];
  const rows = await trx.selectFrom('users').select(['id', 'email', 'language']).where('active', '=', 1).where('id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, language: asLanguage(r.language) }));
}

export type NewComplaintPreference = 'immediate' | 'digest' | 'off';

export type StaffWithPreference = StaffRecipient & { role: string; preference: NewComplaintPreference };

/**
 * Active staff (of some roles, or some ids) and how each wants mail: at once, in the daily digest, or
 * not at all (immediate unless they chose otherwise). The preference covers new complaints and the
 * office's hand-off notifications alike.
 */
export async function staffByPreference(trx: Trx, filter: { roles?: readonly string[]; ids?: readonly number[] } = {}): Promise<StaffWithPreference[]> {
  if (filter.roles?.length === 0 || filter.ids?.length === 0) return [];
  let query = trx
    .selectFrom('users')
    .leftJoin('notification_preferences', 'notification_preferences.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.language', 'users.role', 'notification_preferences.new_complaints'])
    .where('users.active', '=', 1);
  if (filter.roles) query = query.where('users.role', 'in', filter.roles);
  if (filter.ids) query = query.where('users.id', 'in', filter.ids);
  const rows = await query.orderBy('users.id').execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, language: asLanguage(r.language), role: r.role, preference: r.new_complaints ?? 'immediate' }));
}

/** Intake staff and how each wants to hear of new complaints. */
export const intakeStaffByPreference = (trx: Trx): Promise<StaffWithPreference[]> => staffByPreference(trx, { roles: ['staff'] });

export interface ComplaintEvent {
  complaintId: number;
  /** `submitted`/`registered`, or the workflow action just committed. */
  event: string;
  at: string;
  /** The complaint's version after the change; part of each message's idempotency key. */
  version?: number;
  data?: Record<string, unknown> | undefined;
  /** Only at submission, and only when the reporter asked for a copy: goes into the receipt. */
  accessCode?: string | null;
}

/**
 * Decides who hears of an event and writes their messages, inside the caller's transaction.
 * Reads the complaint as the transaction sees it (already changed by the action). Hand-offs inside
 * the office (a disposition to a division, a returned draft …) are told by src/team/handoffs.ts,
 * with their mail copy per each person's preference.
 */
export async function enqueueComplaintNotifications(trx: Trx, e: ComplaintEvent): Promise<number> {
  const row = await trx
    .selectFrom('complaints')
    .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select([
      'complaints.id',
      'complaints.tracking_number',
      'complaints.subject',
      'complaints.channel',
      'complaints.language',
      'complaints.received_at',
      'complaints.first_response_due_at',
      'complaints.close_due_at',
      'complaints.referred_to',
      'complaints.version',
      'reporters.email',
      'reporters.phone',
      'reporters.preferred_channel',
      'reporters.erased_at',
    ])
    .where('complaints.id', '=', e.complaintId)
    .executeTakeFirst();
  if (!row) return 0;
  const tn = row.tracking_number;
  const language = asLanguage(row.language);
  const version = e.version ?? row.version;
  const key = (kind: string, who: string) => `${kind}:${row.id}:v${version}:${e.event}:${who}`;
  const reporter = reporterRecipient(row);
  const messages: NewMessage[] = [];
  const toReporter = (data: TemplateData, hasSecret = false) => {
    if (reporter) messages.push({ key: key(data.kind, 'reporter'), complaintId: row.id, recipient: reporter, language, data, hasSecret });
  };
  const toStaff = (people: StaffRecipient[], data: TemplateData) => {
    for (const p of people) {
      messages.push({ key: key(data.kind, `user${p.userId}`), complaintId: row.id, recipient: { type: 'staff', userId: p.userId, email: p.email }, language: p.language, data });
    }
  };
  const latestMessage = async (kind: 'clarification_request' | 'answer' | 'message') => {
    const m = await trx.selectFrom('complaint_messages').select('body').where('complaint_id', '=', row.id).where('kind', '=', kind).orderBy('id', 'desc').executeTakeFirst();
    return m?.body ?? null;
  };
  const finished = async (outcome: 'closed' | 'auto_closed' | 'accepted' | 'rejected' | 'referred', message: string | null) => {
    toReporter({ kind: 'closed', trackingNumber: tn, outcome, message, referredTo: outcome === 'referred' ? row.referred_to : null });
    if (outcome === 'rejected' || outcome === 'referred') return;
    const rated = await trx.selectFrom('satisfaction_surveys').select('complaint_id').where('complaint_id', '=', row.id).executeTakeFirst();
    if (!rated) toReporter({ kind: 'survey_invitation', trackingNumber: tn });
  };

  switch (e.event) {
    case 'submitted':
    case 'registered': {
      toReporter(
        { kind: 'receipt', trackingNumber: tn, subject: row.subject, receivedAt: row.received_at, firstResponseDueAt: row.first_response_due_at, accessCode: e.accessCode ?? null },
        Boolean(e.accessCode),
      );
      const intake = (await intakeStaffByPreference(trx)).filter((p) => p.preference === 'immediate');
      toStaff(intake, { kind: 'new_complaint', trackingNumber: tn, subject: row.subject, channel: row.channel, receivedAt: row.received_at, firstResponseDueAt: row.first_response_due_at });
      break;
    }
    case 'request_clarification':
      toReporter({ kind: 'clarification_request', trackingNumber: tn, message: (await latestMessage('clarification_request')) ?? '' });
      break;
    case 'approve_answer':
      toReporter({ kind: 'answer_published', trackingNumber: tn, answer: (await latestMessage('answer')) ?? '', closeDueAt: row.close_due_at });
      break;
    case 'accept_answer':
      await finished('accepted', null);
      break;
    case 'close':
      await finished('closed', null);
      break;
    case 'auto_close':
      await finished('auto_closed', null);
      break;
    case 'reject':
      await finished('rejected', await latestMessage('message'));
      break;
    case 'refer':
      await finished('referred', await latestMessage('message'));
      break;
    case 'merged':
      toReporter({ kind: 'merged', trackingNumber: tn, originalTrackingNumber: String(e.data?.original ?? '') });
      break;
    default:
      break;
  }
  // Subscribed systems hear of every event their scope lets them see (decision 0027).
  messages.push(...(await webhookDeliveries(trx, { complaintId: row.id, event: e.event, at: e.at, version })));
  return enqueueMessages(trx, messages, e.at);
}

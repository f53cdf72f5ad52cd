import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry } from '../shared/http.js';
import { ANONYMOUS_LABEL, canSeeIdentity } from '../complaints/views.js';
import type { StaffPrincipal } from '../shared/http.js';
import { listMailbox, type MailboxEntry } from './mailer.js';
import { maskPhone } from './phone-numbers.js';
import { addressOf, retryDeadLetter, type OutboxRow } from './worker.js';
import { RowIdParamSchema, RowIdSchema } from '../shared/ids.js';
import { releaseHeldMail } from '../backup/after-restore.js';

const MailboxEntrySchema = z.object({
  file: z.string(),
  outboxId: z.number(),
  kind: z.string(),
  to: z.string(),
  language: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  writtenAt: z.string(),
});

const OutboxMessageSchema = z.object({
  id: z.number(),
  kind: z.string(),
  trackingNumber: z.string().nullable(),
  recipientType: z.enum(['reporter', 'staff', 'subscriber']),
  channel: z.enum(['email', 'whatsapp', 'sms', 'webhook']).describe('How the message leaves: mail, WhatsApp, SMS or a webhook delivery'),
  recipient: z.string().nullable(),
  language: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});

const HeldMessageSchema = OutboxMessageSchema.pick({ id: true, kind: true, trackingNumber: true, recipientType: true, recipient: true, createdAt: true });

/** Which held mail to act on: every held message, or the ones listed. */
const HeldChoiceSchema = z.union([z.strictObject({ all: z.literal(true) }), z.strictObject({ ids: z.array(RowIdSchema).min(1).max(500) })]);

/** A staff address is no secret; an anonymous reporter's is, to whoever may not see them. */
function recipientAsSeenBy(
  principal: StaffPrincipal,
  row: Pick<OutboxRow, 'recipient_type' | 'channel' | 'recipient_email' | 'recipient_address'> & { is_anonymous: number | null },
): string | null {
  const address = addressOf(row);
  if (row.recipient_type !== 'reporter' || canSeeIdentity(principal, row.is_anonymous === 1)) return address;
  if (address === null) return null;
  // Enough of a number to tell two apart in the list, never enough to call it.
  return row.channel === 'whatsapp' || row.channel === 'sms' ? maskPhone(address) : ANONYMOUS_LABEL;
}

const PreferenceSchema = z.strictObject({
  newComplaints: z.enum(['immediate', 'digest', 'off']).describe('How a staff member hears of new complaints in the intake queue'),
});

/**
 * The mailbox entries as this viewer may read them: an anonymous reporter's address, and their
 * name, email, phone or address anywhere in the mail, become "Anonim" for whoever may not see them.
 * An entry whose outbox row is gone cannot be checked and is shown without its recipient or body.
 */
async function mailboxAsSeenBy(ctx: AppContext, principal: StaffPrincipal, entries: MailboxEntry[]): Promise<MailboxEntry[]> {
  if (entries.length === 0) return entries;
  const rows = await ctx.db.kysely
    .selectFrom('outbox_messages')
    .leftJoin('complaints', 'complaints.id', 'outbox_messages.complaint_id')
    .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select(['outbox_messages.id', 'complaints.is_anonymous', 'reporters.name', 'reporters.email', 'reporters.phone', 'reporters.address'])
    .where('outbox_messages.id', 'in', entries.map((e) => e.outboxId))
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return entries.map((entry) => {
    const row = byId.get(entry.outboxId);
    if (!row) return { ...entry, to: ANONYMOUS_LABEL, text: '', html: '' };
    if (canSeeIdentity(principal, row.is_anonymous === 1)) return entry;
    const identity = [row.name, row.email, row.phone, row.address].filter((v): v is string => typeof v === 'string' && v.trim().length >= 3);
    const hide = (text: string) => identity.reduce((t, value) => t.split(value).join(ANONYMOUS_LABEL), text);
    return { ...entry, to: hide(entry.to), subject: hide(entry.subject), text: hide(entry.text), html: hide(entry.html) };
  });
}

/** Admin views of the mail: the development mailbox (.eml files) and the dead-letter list; each user's mail preference. */
export function registerNotificationRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/admin/mailbox',
    tag: 'admin',
    summary: 'Development mailbox: mail written as .eml files under DATA_DIR/outbox when no SMTP server is configured (newest first)',
    access: ['admin'],
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    response: { status: 200, schema: z.object({ mode: z.enum(['smtp', 'file']), directory: z.string(), messages: z.array(MailboxEntrySchema) }) },
    handler: async ({ query, principal }) => {
      const messages = await mailboxAsSeenBy(ctx, principal, listMailbox(ctx.config.mail.outboxDir, query.limit));
      return { mode: ctx.config.mail.smtp ? 'smtp' : 'file', directory: ctx.config.mail.outboxDir, messages };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/outbox/dead',
    tag: 'admin',
    summary: 'Dead letters: mail that failed every attempt (or was refused for good), with the outbox counts by status',
    access: ['admin'],
    response: { status: 200, schema: z.object({ counts: z.record(z.string(), z.number()), messages: z.array(OutboxMessageSchema) }) },
    handler: async ({ principal }) => {
      const db = ctx.db.kysely;
      const [rows, counts] = await Promise.all([
        db
          .selectFrom('outbox_messages')
          .leftJoin('complaints', 'complaints.id', 'outbox_messages.complaint_id')
          .select([
            'outbox_messages.id',
            'outbox_messages.kind',
            'complaints.tracking_number',
            'outbox_messages.recipient_type',
            'outbox_messages.recipient_email',
            'outbox_messages.channel',
            'outbox_messages.recipient_address',
            'outbox_messages.language',
            'outbox_messages.attempts',
            'outbox_messages.last_error',
            'outbox_messages.created_at',
            'complaints.is_anonymous',
          ])
          .where('outbox_messages.status', '=', 'dead')
          .orderBy('outbox_messages.id', 'desc')
          .limit(500)
          .execute(),
        db.selectFrom('outbox_messages').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute(),
      ]);
      return {
        counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
        messages: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          trackingNumber: r.tracking_number,
          recipientType: r.recipient_type,
          channel: r.channel,
          recipient: recipientAsSeenBy(principal, r),
          language: r.language,
          attempts: r.attempts,
          lastError: r.last_error,
          createdAt: r.created_at,
        })),
      };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/admin/outbox/:id/retry',
    tag: 'admin',
    summary: 'Put a dead letter back in the queue with fresh attempts',
    access: ['admin'],
    params: z.strictObject({ id: RowIdParamSchema }),
    response: { status: 200, schema: z.object({ ok: z.literal(true) }) },
    handler: async ({ params }) => {
      if (await retryDeadLetter(ctx, params.id)) return { ok: true as const };
      const row = await ctx.db.kysely.selectFrom('outbox_messages').select('status').where('id', '=', params.id).executeTakeFirst();
      if (!row) throw new AppError('not_found');
      throw new AppError('conflict', [{ path: 'id', message: { id: 'Pesan ini tidak ada di daftar gagal kirim.', en: 'This message is not a dead letter.' } }], { status: row.status });
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/admin/outbox/held',
    tag: 'admin',
    summary: 'Mail held after a restore (the lost office may have sent it already), oldest first, a page at a time; no body or access code',
    access: ['admin'],
    query: z.strictObject({ page: z.coerce.number().int().min(1).max(100000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
    response: { status: 200, schema: z.object({ items: z.array(HeldMessageSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
    handler: async ({ query, principal }) => {
      const db = ctx.db.kysely;
      const [rows, total] = await Promise.all([
        db
          .selectFrom('outbox_messages')
          .leftJoin('complaints', 'complaints.id', 'outbox_messages.complaint_id')
          .select(['outbox_messages.id', 'outbox_messages.kind', 'complaints.tracking_number', 'outbox_messages.recipient_type', 'outbox_messages.recipient_email', 'outbox_messages.channel', 'outbox_messages.recipient_address', 'outbox_messages.created_at', 'complaints.is_anonymous'])
          .where('outbox_messages.status', '=', 'held')
          .orderBy('outbox_messages.id')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .execute(),
        db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'held').executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => ({ id: r.id, kind: r.kind, trackingNumber: r.tracking_number, recipientType: r.recipient_type, recipient: recipientAsSeenBy(principal, r), createdAt: r.created_at })),
        total: Number(total.n),
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  });

  for (const [verb, cancel] of [['release', false], ['cancel', true]] as const) {
    routes.add({
      method: 'POST',
      url: `/api/admin/outbox/held/${verb}`,
      tag: 'admin',
      summary: cancel ? 'Drop mail held after a restore (all, or the ids given)' : 'Send mail held after a restore (all, or the ids given): it goes back in the queue',
      access: ['admin'],
      body: HeldChoiceSchema,
      response: { status: 200, schema: z.object({ messages: z.number().int().describe(cancel ? 'How many were cancelled' : 'How many went back in the queue') }) },
      handler: async ({ body, principal, request }) => {
        const messages = await releaseHeldMail(ctx.db.kysely, { cancel, now: ctx.now(), ids: 'ids' in body ? body.ids : undefined, actor: principal, ip: request.ip });
        return { messages };
      },
    });
  }

  routes.add({
    method: 'GET',
    url: '/api/staff/me/notifications',
    tag: 'staff',
    summary: 'How I hear of new complaints: each at once, a daily digest, or not at all',
    access: ANY_STAFF,
    response: { status: 200, schema: PreferenceSchema },
    handler: async ({ principal }) => {
      const row = await ctx.db.kysely.selectFrom('notification_preferences').select('new_complaints').where('user_id', '=', principal.userId).executeTakeFirst();
      return { newComplaints: row?.new_complaints ?? 'immediate' };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/staff/me/notifications',
    tag: 'staff',
    summary: 'Choose how I hear of new complaints',
    access: ANY_STAFF,
    body: PreferenceSchema,
    response: { status: 200, schema: PreferenceSchema },
    handler: async ({ principal, body }) => {
      await ctx.db.kysely
        .insertInto('notification_preferences')
        .values({ user_id: principal.userId, new_complaints: body.newComplaints })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ new_complaints: body.newComplaints }))
        .execute();
      return { newComplaints: body.newComplaints };
    },
  });
}

import crypto from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { jakartaDate } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import { enqueueMessages } from '../notifications/outbox.js';
import type { RouteRegistry } from '../shared/http.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { FINAL_STATES } from '../workflow/state-machine.js';

const HOUR = 3_600_000;

export const SimilarQuerySchema = z
  .strictObject({
    applicationNumber: z.string().trim().min(3).max(60).optional(),
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'nomor telepon/WhatsApp tidak valid / invalid phone number')
      .optional(),
  })
  .refine((v) => v.applicationNumber !== undefined || v.email !== undefined || v.phone !== undefined, {
    message: 'isi nomor permohonan, email, atau telepon / give an application number, email or phone',
  });

type SimilarQuery = z.output<typeof SimilarQuerySchema>;

/** The one answer, whatever matched: the caller learns nothing about who has complained. */
export const SIMILAR_ANSWER = { mailedIfOpen: true } as const;

/** The forms one Indonesian number is written in: 0812…, 62812…, +62 812-…; compared as digits. */
export function phoneVariants(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('62')) return [digits, `0${digits.slice(2)}`];
  if (digits.startsWith('0')) return [digits, `62${digits.slice(1)}`];
  return [digits];
}

/**
 * Open complaints sharing the application number or the contact typed in the form, with the email
 * each was filed with. Anonymous and confidential complaints are never matched: their reporters
 * asked not to be found by anyone who knows their name, number or permit.
 */
async function similarOpen(ctx: AppContext, query: SimilarQuery): Promise<{ id: number; trackingNumber: string; email: string; language: string }[]> {
  const digitsOnly = sql<string>`replace(replace(replace(replace(replace(reporters.phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', '')`;
  const rows = await ctx.db.kysely
    .selectFrom('complaints')
    .innerJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select(['complaints.id', 'complaints.tracking_number', 'complaints.language', 'reporters.email'])
    .where('complaints.state', 'not in', [...FINAL_STATES])
    .where('complaints.is_anonymous', '=', 0)
    .where('complaints.is_confidential', '=', 0)
    .where('reporters.email', 'is not', null)
    .where('reporters.erased_at', 'is', null)
    .where((eb) => {
      const any = [];
      if (query.applicationNumber) any.push(eb(eb.fn('upper', ['complaints.application_number']), '=', query.applicationNumber.toUpperCase()));
      if (query.email) any.push(eb('reporters.email', '=', query.email.toLowerCase()));
      if (query.phone) any.push(eb(digitsOnly, 'in', phoneVariants(query.phone)));
      return eb.or(any);
    })
    .orderBy('complaints.id')
    .limit(50)
    .execute();
  return rows.flatMap((r) => (r.email ? [{ id: r.id, trackingNumber: r.tracking_number, email: r.email, language: r.language }] : []));
}

/**
 * Mails each matched reporter the numbers of their own open complaints (never an access code: the
 * tracking page and the receipt have it), at most once per address per Jakarta day.
 */
export async function mailOpenComplaints(ctx: AppContext, query: SimilarQuery): Promise<number> {
  const matches = await similarOpen(ctx, query);
  const byEmail = new Map<string, { id: number; trackingNumber: string; language: string }[]>();
  for (const m of matches) byEmail.set(m.email, [...(byEmail.get(m.email) ?? []), m]);
  const now = ctx.now();
  const day = jakartaDate(now);
  const messages = [...byEmail].map(([email, complaints]) => {
    const newest = complaints[complaints.length - 1];
    return {
    // The address is hashed: a key outlives retention, personal data must not.
    key: `open_complaints:${crypto.createHash('sha256').update(email).digest('hex')}:${day}`,
    // The newest: retention erasing it also blanks this mail's address.
    complaintId: newest?.id ?? null,
    recipient: { type: 'reporter' as const, email },
    language: newest?.language === 'en' ? ('en' as const) : ('id' as const),
    data: { kind: 'open_complaints' as const, trackingNumbers: complaints.map((c) => c.trackingNumber) },
  };
  });
  return messages.length ? enqueueMessages(ctx.db.kysely, messages, now.toISOString()) : 0;
}

export function registerSimilarComplaintRoute(routes: RouteRegistry, ctx: AppContext): void {
  // Its own counter with the tracking limit: each question may send a mail.
  const limit = new RateLimiter(ctx.config.rateLimitTrackPerHour, HOUR, ctx.now);
  routes.add({
    method: 'POST',
    url: '/api/public/complaints/similar',
    tag: 'public',
    summary:
      'Before filing: if an open complaint has the same application number or contact, its reporter is mailed its tracking number. The answer is the same whatever matched.',
    access: 'public',
    body: SimilarQuerySchema,
    response: { status: 200, schema: z.object({ mailedIfOpen: z.literal(true) }) },
    handler: async ({ request, body }) => {
      limit.hit(request.ip);
      // After the answer has gone: neither its content nor its timing depends on what matched.
      setImmediate(() => {
        mailOpenComplaints(ctx, body).catch((err: unknown) => request.log.error({ err }, 'mailing open complaints failed'));
      });
      return SIMILAR_ANSWER;
    },
  });
}

import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context.js';
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

/** The forms one Indonesian number is written in: 0812…, 62812…, +62 812-…; compared as digits. */
export function phoneVariants(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('62')) return [digits, `0${digits.slice(2)}`];
  if (digits.startsWith('0')) return [digits, `62${digits.slice(1)}`];
  return [digits];
}

/**
 * Whether an open complaint already shares the application number or the contact the reporter
 * is typing, so the form can suggest following that one instead of filing twice. It answers a
 * yes/no and nothing else. Anonymous complaints are matched by application number only: saying
 * "this phone number has an open complaint" would reveal an anonymous reporter.
 */
export async function hasSimilarOpen(ctx: AppContext, query: z.output<typeof SimilarQuerySchema>): Promise<boolean> {
  const digitsOnly = sql<string>`replace(replace(replace(replace(replace(reporters.phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', '')`;
  const row = await ctx.db.kysely
    .selectFrom('complaints')
    .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select('complaints.id')
    .where('complaints.state', 'not in', [...FINAL_STATES])
    .where((eb) => {
      const any = [];
      if (query.applicationNumber) any.push(eb(eb.fn('upper', ['complaints.application_number']), '=', query.applicationNumber.toUpperCase()));
      const contact = [];
      if (query.email) contact.push(eb('reporters.email', '=', query.email.toLowerCase()));
      if (query.phone) contact.push(eb(digitsOnly, 'in', phoneVariants(query.phone)));
      if (contact.length) any.push(eb.and([eb('complaints.is_anonymous', '=', 0), eb.or(contact)]));
      return eb.or(any);
    })
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function registerSimilarComplaintRoute(routes: RouteRegistry, ctx: AppContext): void {
  // Its own counter with the tracking limit: it is a look-up, and must not become an oracle.
  const limit = new RateLimiter(ctx.config.rateLimitTrackPerHour, HOUR, ctx.now);
  routes.add({
    method: 'POST',
    url: '/api/public/complaints/similar',
    tag: 'public',
    summary: 'Whether an open complaint has the same application number or contact (yes/no only, never its data)',
    access: 'public',
    body: SimilarQuerySchema,
    response: { status: 200, schema: z.object({ similarOpen: z.boolean() }) },
    handler: async ({ request, body }) => {
      limit.hit(request.ip);
      return { similarOpen: await hasSimilarOpen(ctx, body) };
    },
  });
}

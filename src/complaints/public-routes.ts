import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, parseOrThrow } from '../shared/errors.js';
import type { RouteRegistry } from '../shared/http.js';
import { readJsonAndFiles } from '../shared/multipart.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { AcceptSchema, DisputeSchema, ReporterReplySchema, SurveySchema } from '../workflow/action-inputs.js';
import { recordEvent } from '../workflow/events.js';
import { addReporterInformation, applyReporterAction, type ReporterAction } from '../workflow/service.js';
import { PublicSubmissionSchema, SubmissionReceiptSchema, TrackingNumberParam } from './schema.js';
import { createComplaint } from './submit.js';
import { REPORTER_COOKIE, reporterSessionOf } from './reporter-access.js';
import { earlierReceipt, RepeatedSubmission, SUBMISSION_KEY_HEADER, submissionKeyOf } from './submission-keys.js';
import { accessCodeMatches } from './tracking.js';
import { loadPublicComplaint, PublicComplaintSchema, publicView, type PublicComplaintRow } from './views.js';

const ACCESS_HEADER = 'x-access-code';
const HOUR = 3_600_000;

/**
 * Who may open a complaint: whoever holds its access code. Wrong codes are counted per client address
 * across all numbers (over the limit the address is refused before its code is looked at) and per
 * tracking number (over the limit wrong codes answer 429, but the right code always opens, so a stranger
 * cannot lock the reporter out). A number that does not exist is handled exactly like a wrong code:
 * the same hash, the same counting, the same answers. See decision 0008.
 */
const gates = new WeakMap<AppContext, ReporterGate>();

/** One gate per server, so every reporter route counts wrong codes together. */
export function reporterGateFor(ctx: AppContext): ReporterGate {
  let gate = gates.get(ctx);
  if (!gate) gates.set(ctx, (gate = new ReporterGate(ctx)));
  return gate;
}

export class ReporterGate {
  private readonly wrongByAddress: RateLimiter;
  private readonly wrongByNumber: RateLimiter;

  constructor(private readonly ctx: AppContext) {
    this.wrongByAddress = new RateLimiter(ctx.config.accessCodeMaxFailures, HOUR, ctx.now);
    this.wrongByNumber = new RateLimiter(ctx.config.accessCodeMaxFailures, HOUR, ctx.now);
  }

  async open(request: FastifyRequest, trackingNumber: string): Promise<PublicComplaintRow> {
    // A reporter signed in through a mailed link ("my complaints") opens their own without a code.
    if (request.cookies[REPORTER_COOKIE]) {
      const session = await reporterSessionOf(this.ctx, request);
      const row = session ? await loadPublicComplaint(this.ctx, trackingNumber) : undefined;
      if (row && session?.complaintIds.includes(row.id)) return row;
    }
    this.wrongByAddress.assertNotExhausted(request.ip);
    const header = request.headers[ACCESS_HEADER];
    const code = typeof header === 'string' && header.length <= 64 ? header : '';
    const row = await loadPublicComplaint(this.ctx, trackingNumber);
    // Hash even when the number is unknown, so the answer takes as long as for a wrong code.
    const matches = accessCodeMatches(trackingNumber, code, row?.access_code_hash ?? NO_COMPLAINT_HASH);
    if (row && matches) return row;
    this.wrongByAddress.count(request.ip);
    if (this.wrongByNumber.count(trackingNumber) > this.ctx.config.accessCodeMaxFailures) throw this.wrongByNumber.refusal(trackingNumber, 'access_locked');
    throw new AppError('wrong_access_code');
  }
}

/** Stands in for the stored hash of a number that does not exist; no code hashes to it. */
const NO_COMPLAINT_HASH = '0'.repeat(64);

const PermitTypeListSchema = z.object({ items: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), category: z.string() })) });

export function registerPublicComplaintRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const submitLimit = new RateLimiter(ctx.config.rateLimitSubmitPerHour, HOUR, ctx.now);
  const trackLimit = new RateLimiter(ctx.config.rateLimitTrackPerHour, HOUR, ctx.now);
  const gate = reporterGateFor(ctx);

  routes.add({
    method: 'GET',
    url: '/api/public/permit-types',
    tag: 'public',
    summary: 'The permit-type catalogue for the complaint form',
    access: 'public',
    response: { status: 200, schema: PermitTypeListSchema },
    handler: async () => ({
      items: await ctx.db.kysely.selectFrom('permit_types').select(['id', 'code', 'name', 'category']).where('active', '=', 1).orderBy('category').orderBy('name').execute(),
    }),
  });

  routes.add({
    method: 'POST',
    url: '/api/public/complaints',
    tag: 'public',
    summary: 'File a complaint (JSON, or multipart with a `complaint` JSON part and attachment files)',
    access: 'public',
    body: PublicSubmissionSchema,
    multipart: true,
    headers: { [SUBMISSION_KEY_HEADER]: 'Optional, 16–128 of A–Z a–z 0–9 - _: a repeat with the same key within 24 hours files nothing and answers the first receipt' },
    response: { status: 201, schema: SubmissionReceiptSchema, description: 'Tracking number and access code' },
    handler: async ({ request, language }) => {
      submitLimit.hit(request.ip);
      const submissionKey = submissionKeyOf(request);
      const { json, files } = await readJsonAndFiles(request, 'complaint');
      const earlier = submissionKey ? await earlierReceipt(ctx.db.kysely, submissionKey, ctx.now()) : null;
      if (earlier) return { ...earlier, state: 'received' as const };
      const input = parseOrThrow(PublicSubmissionSchema, json, language);
      if (input.homepage) throw new AppError('validation_failed', [{ path: 'homepage', message: { id: 'Kolom ini harus kosong.', en: 'This field must be empty.' } }]);
      const { consent: _consent, homepage: _homepage, ...complaint } = input;
      try {
        return await createComplaint(ctx, {
          input: complaint,
          channel: 'web',
          consent: true,
          receivedAt: ctx.now(),
          language: input.language ?? language,
          actor: { type: 'reporter' },
          files,
          submissionKey,
        });
      } catch (error) {
        // The same send arrived twice at once: the other one filed it.
        const first = error instanceof RepeatedSubmission && submissionKey ? await earlierReceipt(ctx.db.kysely, submissionKey, ctx.now()) : null;
        if (first) return { ...first, state: 'received' as const };
        throw error;
      }
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/public/complaints/:trackingNumber',
    tag: 'public',
    summary: 'The reporter’s view of their complaint',
    access: 'reporter',
    params: TrackingNumberParam,
    headers: { 'X-Access-Code': 'The access code given with the tracking number' },
    response: { status: 200, schema: PublicComplaintSchema },
    handler: async ({ request, params }) => {
      trackLimit.hit(request.ip);
      const row = await gate.open(request, params.trackingNumber);
      return publicView(ctx, row);
    },
  });

  type Step = (trackingNumber: string, message: string | null, files: Parameters<typeof applyReporterAction>[4]) => Promise<unknown>;
  const reporterRoute = (step: Step, path: string, summary: string, schema: z.ZodType, messageOf: (body: Record<string, string>) => string | null, multipart: boolean, status = 200) =>
    routes.add({
      method: 'POST',
      url: `/api/public/complaints/:trackingNumber/${path}`,
      tag: 'public',
      summary,
      access: 'reporter',
      params: TrackingNumberParam,
      headers: { 'X-Access-Code': 'The access code' },
      body: schema,
      multipart,
      response: { status, schema: PublicComplaintSchema },
      handler: async ({ request, params, language, body }) => {
        trackLimit.hit(request.ip);
        await gate.open(request, params.trackingNumber);
        // JSON bodies were validated by the route; a multipart reply carries its JSON in a part.
        const { input, files } = multipart
          ? await readJsonAndFiles(request, 'reply').then(({ json, files }) => ({ input: parseOrThrow(schema, json, language), files }))
          : { input: body, files: [] };
        await step(params.trackingNumber, messageOf(input as Record<string, string>), files);
        const updated = await loadPublicComplaint(ctx, params.trackingNumber);
        if (!updated) throw new AppError('not_found');
        return publicView(ctx, updated);
      },
    });
  const reporterAction = (action: ReporterAction, path: string, summary: string, schema: z.ZodType, messageOf: (body: Record<string, string>) => string | null, multipart: boolean) =>
    reporterRoute((tn, message, files) => applyReporterAction(ctx, tn, action, message, files), path, summary, schema, messageOf, multipart);
  reporterAction('reporter_reply', 'replies', 'Answer the office’s clarification question (JSON, or multipart with a `reply` JSON part and files)', ReporterReplySchema, (b) => b.message ?? null, true);
  reporterAction('accept_answer', 'accept', 'Accept the answer; the complaint closes', AcceptSchema, () => null, false);
  reporterAction('dispute_answer', 'dispute', 'Dispute the answer; the complaint reopens', DisputeSchema, (b) => b.reason ?? null, false);
  reporterRoute(
    (tn, message, files) => addReporterInformation(ctx, tn, message ?? '', files),
    'messages',
    'Add information at any time the complaint is open (JSON, or multipart with a `reply` JSON part and files); during a clarification it is the reply',
    ReporterReplySchema,
    (b) => b.message ?? null,
    true,
    201,
  );

  routes.add({
    method: 'POST',
    url: '/api/public/complaints/:trackingNumber/survey',
    tag: 'public',
    summary: 'Rate the handling: the nine elements of PermenPANRB 14/2017, 1–4 each',
    access: 'reporter',
    params: TrackingNumberParam,
    headers: { 'X-Access-Code': 'The access code' },
    body: SurveySchema,
    response: { status: 201, schema: PublicComplaintSchema },
    handler: async ({ request, params, body }) => {
      trackLimit.hit(request.ip);
      const row = await gate.open(request, params.trackingNumber);
      const at = ctx.now().toISOString();
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('satisfaction_surveys').select('complaint_id').where('complaint_id', '=', row.id).executeTakeFirst();
        if (existing) throw new AppError('conflict');
        if (row.answered_at === null || !['answered', 'closed'].includes(row.state)) {
          throw new AppError('transition_not_allowed', undefined, { state: row.state, allowedActions: [] });
        }
        await trx.insertInto('satisfaction_surveys').values({ complaint_id: row.id, scores: JSON.stringify(body.scores), comment: body.comment ?? null, submitted_at: at }).execute();
        await recordEvent(trx, { complaintId: row.id, type: 'rated', fromState: row.state, toState: row.state, actor: { type: 'reporter' }, at });
      });
      return publicView(ctx, (await loadPublicComplaint(ctx, params.trackingNumber)) ?? row);
    },
  });
}

import crypto from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { enqueueMessages } from '../notifications/outbox.js';
import type { RouteRegistry } from '../shared/http.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { reporterGateFor } from './public-routes.js';
import { TrackingNumberParam } from './schema.js';
import { normaliseAccessCode } from './tracking.js';

const HOUR = 3_600_000;
/** Copies of one complaint's receipt a day, and copies asked from one address an hour. */
const PER_COMPLAINT_PER_DAY = 3;
const PER_ADDRESS_PER_HOUR = 10;

const ReceiptEmailSchema = z.strictObject({ email: z.email().max(254).transform((v) => v.toLowerCase()) });

/**
 * The receipt page's "send me this receipt": the number and access code go only to the address typed
 * there, by whoever holds the code (so it tells nobody anything new), a few times a day at most.
 */
export function registerReceiptEmailRoute(routes: RouteRegistry, ctx: AppContext): void {
  const perComplaint = new RateLimiter(PER_COMPLAINT_PER_DAY, 24 * HOUR, ctx.now);
  const perAddress = new RateLimiter(PER_ADDRESS_PER_HOUR, HOUR, ctx.now);
  const gate = reporterGateFor(ctx);

  routes.add({
    method: 'POST',
    url: '/api/public/complaints/:trackingNumber/receipt-email',
    tag: 'public',
    summary: 'Mail the receipt (tracking number and access code) to the address given here; 3 a day per complaint',
    access: 'reporter',
    params: TrackingNumberParam,
    headers: { 'X-Access-Code': 'The access code' },
    body: ReceiptEmailSchema,
    response: { status: 202, schema: z.object({ queued: z.literal(true) }), description: 'The mail is on its way' },
    handler: async ({ request, params, body, language }) => {
      perAddress.hit(request.ip);
      const row = await gate.open(request, params.trackingNumber);
      perComplaint.hit(params.trackingNumber);
      const at = ctx.now().toISOString();
      const accessCode = normaliseAccessCode(String(request.headers['x-access-code']));
      await enqueueMessages(
        ctx.db.kysely,
        [
          {
            key: `receipt-copy:${row.id}:${crypto.randomUUID()}`,
            complaintId: row.id,
            recipient: { type: 'reporter', email: body.email },
            language,
            data: { kind: 'receipt', trackingNumber: row.tracking_number, subject: row.subject, receivedAt: row.received_at, firstResponseDueAt: row.first_response_due_at, accessCode },
            hasSecret: true,
          },
        ],
        at,
      );
      return { queued: true as const };
    },
  });
}

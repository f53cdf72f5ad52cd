import { z } from 'zod';
import { recordPersonalDataExport } from '../audit/exports.js';
import type { AppContext } from '../context.js';
import type { RouteRegistry } from '../shared/http.js';
import { ChannelSchema, StateSchema } from '../complaints/schema.js';
import { LocationSchema } from '../complaints/views.js';
import { registerPage, RegisterFilterSchema } from './query.js';

export const RegisterQuerySchema = RegisterFilterSchema.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(200),
});

const RegisterRowSchema = z.object({
  number: z.number().int().describe('Row number in the register for the period'),
  trackingNumber: z.string(),
  laporTrackingId: z.string().nullable().describe("SP4N-LAPOR!'s tracking ID of a complaint registered from LAPOR!"),
  location: LocationSchema.nullable().describe('Where it happened, as the reporter said'),
  receivedAt: z.string(),
  channel: ChannelSchema,
  reporter: z.string(),
  permitType: z.string().nullable(),
  subject: z.string(),
  divisions: z.array(z.string()),
  firstResponseDueAt: z.string(),
  firstRespondedAt: z.string().nullable(),
  firstResponseMet: z.boolean().nullable(),
  answerDueAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answerMet: z.boolean().nullable(),
  state: StateSchema,
  owner: z.string().nullable().describe('Petugas: who handles it at the intake desk'),
  followUps: z
    .array(z.object({ division: z.string(), text: z.string().nullable(), at: z.string().nullable(), met: z.boolean().nullable(), dueAt: z.string() }))
    .describe('Tindak lanjut: what each related division did, in the order disposed; text null until it followed up'),
  closedAt: z.string().nullable(),
  referredTo: z.string().nullable().describe('Where a complaint outside the remit was sent'),
  duplicateOf: z.string().nullable().describe('Tracking number of the original of a rejected duplicate'),
  wasReopened: z.boolean(),
  originalNumber: z.string().nullable().describe("An imported complaint's number in the office's old register"),
});

/** The complaint register (buku pengaduan): every complaint received in a period, with its dates and outcome. */
export function registerRegisterRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/staff/register',
    tag: 'staff',
    summary: 'The complaint register (buku pengaduan) for a period of Jakarta dates; `lapor` and `laporId` narrow it to SP4N-LAPOR! complaints',
    access: ['staff', 'section_head', 'division_head', 'admin'],
    query: RegisterQuerySchema,
    response: { status: 200, schema: z.object({ items: z.array(RegisterRowSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
    handler: async ({ query, principal, request }) => {
      const { page, pageSize, ...filter } = query;
      const { items, total } = await registerPage(ctx, filter, page, pageSize);
      await recordPersonalDataExport(ctx, principal, request, { document: 'register', format: 'json', target: { type: 'register', id: `${query.from}..${query.to}` }, details: { from: query.from, to: query.to, page: query.page, rows: items.length } });
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
  });
}

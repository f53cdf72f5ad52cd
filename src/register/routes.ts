import { z } from 'zod';
import { requireRole } from '../accounts/service.js';
import type { AppContext } from '../context.js';
import type { RouteRegistry } from '../shared/http.js';
import { ANONYMOUS_LABEL } from '../complaints/views.js';
import { ChannelSchema, StateSchema } from '../complaints/schema.js';

export const RegisterQuerySchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(200),
});

const RegisterRowSchema = z.object({
  number: z.number().int().describe('Row number in the register for the period'),
  trackingNumber: z.string(),
  receivedAt: z.string(),
  channel: ChannelSchema,
  reporter: z.string(),
  permitType: z.string().nullable(),
  subject: z.string(),
  divisions: z.array(z.string()),
  firstRespondedAt: z.string().nullable(),
  firstResponseMet: z.boolean().nullable(),
  answeredAt: z.string().nullable(),
  answerMet: z.boolean().nullable(),
  state: StateSchema,
});

const flag = (v: number | null) => (v === null ? null : v === 1);

/** The complaint register (buku pengaduan): every complaint received in a period, with its dates and outcome. */
export function registerRegisterRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/staff/register',
    tag: 'staff',
    summary: 'The complaint register (buku pengaduan) for a period of Jakarta dates',
    access: 'staff',
    query: RegisterQuerySchema,
    response: { status: 200, schema: z.object({ items: z.array(RegisterRowSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
    handler: async ({ principal, query }) => {
      requireRole(principal, ['staff', 'section_head', 'division_head', 'admin']);
      const db = ctx.db.kysely;
      const from = new Date(`${query.from}T00:00:00+07:00`).toISOString();
      const to = new Date(Date.parse(`${query.to}T00:00:00+07:00`) + 86_400_000).toISOString();
      const base = db.selectFrom('complaints').where('received_at', '>=', from).where('received_at', '<', to);
      const offset = (query.page - 1) * query.pageSize;
      const [rows, count] = await Promise.all([
        base
          .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
          .leftJoin('permit_types', 'permit_types.id', 'complaints.permit_type_id')
          .select([
            'complaints.id', 'complaints.tracking_number', 'complaints.received_at', 'complaints.channel', 'complaints.is_anonymous',
            'complaints.subject', 'complaints.first_responded_at', 'complaints.first_response_met', 'complaints.answered_at',
            'complaints.answer_met', 'complaints.state', 'reporters.name as reporter_name', 'permit_types.name as permit_name',
          ])
          .orderBy('complaints.received_at')
          .orderBy('complaints.id')
          .limit(query.pageSize)
          .offset(offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      const ids = rows.map((r) => r.id);
      const divisions = ids.length
        ? await db.selectFrom('dispositions').innerJoin('divisions', 'divisions.id', 'dispositions.division_id').select(['dispositions.complaint_id', 'divisions.name']).where('dispositions.complaint_id', 'in', ids).orderBy('dispositions.id').execute()
        : [];
      return {
        items: rows.map((r, i) => ({
          number: offset + i + 1,
          trackingNumber: r.tracking_number,
          receivedAt: r.received_at,
          channel: ChannelSchema.parse(r.channel),
          // The register is read beyond the intake desk, so anonymous reporters stay masked here.
          reporter: r.is_anonymous === 1 ? ANONYMOUS_LABEL : (r.reporter_name ?? ANONYMOUS_LABEL),
          permitType: r.permit_name,
          subject: r.subject,
          divisions: [...new Set(divisions.filter((d) => d.complaint_id === r.id).map((d) => d.name))],
          firstRespondedAt: r.first_responded_at,
          firstResponseMet: flag(r.first_response_met),
          answeredAt: r.answered_at,
          answerMet: flag(r.answer_met),
          state: StateSchema.parse(r.state),
        })),
        total: Number(count.n),
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  });
}

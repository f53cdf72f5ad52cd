import { z } from 'zod';
import { changedValues } from '../audit/changes.js';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import { TrackingNumberParam } from '../complaints/schema.js';
import { ANONYMOUS_LABEL } from '../complaints/views.js';
import { AppError } from '../shared/errors.js';
import { ANY_STAFF, type RouteRegistry, type StaffPrincipal } from '../shared/http.js';
import { assertVisibleTo } from '../workflow/service.js';
import { STAFF_ACTIONS } from '../workflow/state-machine.js';

/**
 * Reply templates (templat balasan): texts staff start from when they acknowledge, ask for
 * clarification, answer, reject or refer. Admins manage them; they live in the `settings`
 * table as one JSON value, so no migration is needed for a handful of short texts.
 */

export const REPLY_TEMPLATES_KEY = 'reply_templates';
export const PLACEHOLDERS = ['trackingNumber', 'reporterName', 'subject', 'dueDate'] as const;

export const ReplyTemplateSchema = z.strictObject({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'huruf kecil, angka, - atau _ / lower-case letters, digits, - or _'),
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(5000),
  /** The actions whose form offers this template; empty means every form with a message. */
  actions: z.array(z.enum(STAFF_ACTIONS)).max(STAFF_ACTIONS.length).default([]),
});
export type ReplyTemplate = z.output<typeof ReplyTemplateSchema>;

export const ReplyTemplateListSchema = z
  .array(ReplyTemplateSchema)
  .max(200)
  .refine((items) => new Set(items.map((i) => i.id)).size === items.length, { message: 'kode templat ganda / duplicate template id' });

/** What a fresh installation offers until an admin saves its own list. */
export const DEFAULT_REPLY_TEMPLATES: readonly ReplyTemplate[] = [
  {
    id: 'tanggapan',
    title: 'Tanggapan pertama',
    body: 'Yth. {reporterName},\n\nPengaduan Anda dengan nomor {trackingNumber} tentang "{subject}" telah kami terima dan sedang kami periksa. Jawaban akan kami sampaikan paling lambat {dueDate}.\n\nTerima kasih.',
    actions: ['acknowledge'],
  },
  {
    id: 'klarifikasi',
    title: 'Permintaan klarifikasi',
    body: 'Yth. {reporterName},\n\nUntuk menindaklanjuti pengaduan {trackingNumber}, mohon sampaikan nomor permohonan izin dan keterangan tambahan yang berkaitan.\n\nTerima kasih.',
    actions: ['request_clarification'],
  },
  {
    id: 'jawaban',
    title: 'Jawaban',
    body: 'Yth. {reporterName},\n\nMenindaklanjuti pengaduan Anda nomor {trackingNumber} tentang "{subject}", dengan ini kami sampaikan bahwa ...\n\nTerima kasih atas kepercayaan Anda.',
    actions: ['draft_answer'],
  },
];

async function loadTemplates(ctx: AppContext, db = ctx.db.kysely): Promise<ReplyTemplate[]> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', REPLY_TEMPLATES_KEY).executeTakeFirst();
  if (!row) return [...DEFAULT_REPLY_TEMPLATES];
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    raw = null;
  }
  const parsed = ReplyTemplateListSchema.safeParse(raw);
  // A damaged value must not take the reply desk down; the defaults are better than nothing.
  return parsed.success ? parsed.data : [...DEFAULT_REPLY_TEMPLATES];
}

/** Fills `{placeholder}`s; unknown ones stay as typed so a typo is visible rather than silently dropped. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Made once: every Intl.DateTimeFormat holds native ICU memory the garbage collector does not see (see notifications/templates.ts). */
const JAKARTA_DATE = {
  id: new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }),
} as const;

function jakartaDate(iso: string, language: 'id' | 'en'): string {
  return JAKARTA_DATE[language].format(new Date(iso));
}

/** The placeholder values of one complaint (an anonymous reporter stays "Anonim"); division officers only for complaints disposed to them. */
async function placeholderValues(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string): Promise<Record<string, string>> {
  const db = ctx.db.kysely;
  const row = await db
    .selectFrom('complaints')
    .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select(['complaints.id', 'complaints.tracking_number', 'complaints.subject', 'complaints.is_anonymous', 'complaints.language', 'complaints.due_at', 'complaints.answer_due_at', 'reporters.name as reporter_name'])
    .where('complaints.tracking_number', '=', trackingNumber)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertVisibleTo(db, row.id, principal);
  const anonymous = row.is_anonymous === 1;
  const language = row.language === 'en' ? 'en' : 'id';
  const due = row.answer_due_at ?? row.due_at;
  return {
    trackingNumber: row.tracking_number,
    // An anonymous reporter is "Anonim" for everyone, the intake desk included: a filled-in template
    // becomes a message on the complaint, and messages are read later by the division officer.
    reporterName: anonymous ? ANONYMOUS_LABEL : (row.reporter_name ?? (language === 'en' ? 'Reporter' : 'Pelapor')),
    subject: row.subject,
    dueDate: due ? jakartaDate(due, language) : '',
  };
}

const RenderedTemplateSchema = ReplyTemplateSchema.extend({ rendered: z.string().nullable().describe('The body with this complaint’s values, when a tracking number was given') });

export function registerReplyTemplateRoutes(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'GET',
    url: '/api/admin/reply-templates',
    tag: 'admin',
    summary: 'The reply templates, as stored (placeholders: {trackingNumber} {reporterName} {subject} {dueDate})',
    access: ['admin'],
    response: { status: 200, schema: z.object({ items: z.array(ReplyTemplateSchema), placeholders: z.array(z.string()) }) },
    handler: async () => {
      return { items: await loadTemplates(ctx), placeholders: [...PLACEHOLDERS] };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/admin/reply-templates',
    tag: 'admin',
    summary: 'Replace the whole list of reply templates',
    access: ['admin'],
    body: z.strictObject({ items: ReplyTemplateListSchema }),
    response: { status: 200, schema: z.object({ saved: z.number().int() }) },
    handler: async ({ body, principal, request }) => {
      const value = JSON.stringify(body.items);
      // Keyed by template id, so the entry names the templates added, changed or removed (null on the missing side).
      const byId = (items: readonly ReplyTemplate[]) => Object.fromEntries(items.map(({ id, ...rest }) => [id, rest]));
      await ctx.db.kysely.transaction().execute(async (trx) => {
        const old = byId(await loadTemplates(ctx, trx));
        await trx
          .insertInto('settings')
          .values({ key: REPLY_TEMPLATES_KEY, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
          .execute();
        const next = byId(body.items);
        const change = changedValues(old, { ...Object.fromEntries(Object.keys(old).map((id) => [id, null])), ...next });
        if (change) await recordAudit(trx, { action: 'reply_templates.changed', actor: principal, target: { type: 'reply_templates', id: 'all' }, ip: request.ip, ...change, at: ctx.now() });
      });
      return { saved: body.items.length };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/staff/reply-templates',
    tag: 'staff',
    summary: 'Reply templates for the action forms; with a tracking number, each also comes filled in for that complaint',
    access: ANY_STAFF,
    query: z.strictObject({
      trackingNumber: TrackingNumberParam.shape.trackingNumber.optional(),
      action: z.enum(STAFF_ACTIONS).optional().describe('Only the templates offered for this action'),
    }),
    response: { status: 200, schema: z.object({ items: z.array(RenderedTemplateSchema) }) },
    handler: async ({ principal, query }) => {
      const [templates, values] = await Promise.all([
        loadTemplates(ctx),
        query.trackingNumber ? placeholderValues(ctx, principal, query.trackingNumber) : Promise.resolve(null),
      ]);
      const action = query.action;
      const offered = action ? templates.filter((tpl) => tpl.actions.length === 0 || tpl.actions.includes(action)) : templates;
      return { items: offered.map((tpl) => ({ ...tpl, rendered: values ? fillPlaceholders(tpl.body, values) : null })) };
    },
  });
}

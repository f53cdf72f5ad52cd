/**
 * A reporter's rights over their personal data (UU 27/2022): a copy of what the office holds, a
 * correction, or an erasure. The reporter asks from the tracking page; the intake desk answers
 * within PERSONAL_DATA_REQUEST_DAYS (docs/decisions/0010-personal-data-requests.md). Each step
 * is one transaction that also writes the complaint's event log and the audit log.
 */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import type { PersonalDataRequestTable } from '../db/schema.js';
import { erasePersonalDataIn, removeErasedFiles, type ErasureInTransaction } from '../scheduler/retention.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { recordEvent } from '../workflow/events.js';
import { FINAL_STATES, type ComplaintState } from '../workflow/state-machine.js';

export const REQUEST_KINDS = ['copy', 'correction', 'erasure'] as const;
export const REQUEST_STATES = ['pending', 'completed', 'refused'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
type RequestRow = Selectable<PersonalDataRequestTable>;

export const NewRequestSchema = z
  .strictObject({
    kind: z.enum(REQUEST_KINDS),
    details: z.string().trim().max(2000).optional().describe('What to correct (required for a correction), or anything the office should know'),
  })
  .refine((r) => r.kind !== 'correction' || (r.details ?? '') !== '', { path: ['details'], message: 'tulis data yang perlu diperbaiki / write what needs correcting' });

const Reason = z.string().trim().min(5).max(2000);
const ReporterFields = z
  .strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    email: z.email().max(254).nullable().optional(),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'nomor telepon / phone number').nullable().optional(),
    address: z.string().trim().min(1).max(500).nullable().optional(),
  })
  .refine((r) => Object.keys(r).length > 0, { message: 'isi minimal satu kolom / change at least one field' });

/** How the intake desk answers: the outcome must fit the kind, and every outcome but a delivered copy gives its reason. */
export const HandleRequestSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('copy_delivered'), reason: z.string().trim().max(2000).optional() }),
  z.strictObject({ outcome: z.literal('corrected'), reason: Reason, reporter: ReporterFields }),
  z.strictObject({ outcome: z.literal('erased'), reason: Reason }),
  z.strictObject({ outcome: z.literal('refused'), reason: Reason }),
]);
export type HandleRequest = z.output<typeof HandleRequestSchema>;

const OUTCOME_FITS: Record<HandleRequest['outcome'], RequestKind | null> = { copy_delivered: 'copy', corrected: 'correction', erased: 'erasure', refused: null };

/** What the reporter sees of their requests on the tracking page. */
export const PublicRequestSchema = z.object({
  id: z.number().int(),
  kind: z.enum(REQUEST_KINDS),
  state: z.enum(REQUEST_STATES),
  requestedAt: z.string(),
  dueAt: z.string(),
  handledAt: z.string().nullable(),
  answer: z.string().nullable().describe('The office’s reason or note'),
  copyAvailable: z.boolean().describe('A copy is ready: GET …/personal-data-requests/{id}/copy.json'),
});

export function publicRequest(r: RequestRow): z.infer<typeof PublicRequestSchema> {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    requestedAt: r.requested_at,
    dueAt: r.due_at,
    handledAt: r.handled_at,
    answer: r.outcome_note,
    copyAvailable: r.kind === 'copy' && r.state === 'completed',
  };
}

const conflict = (path: string, id: string, en: string) => new AppError('conflict', [{ path, message: { id, en } }]);

export async function requestsOf(ctx: AppContext, complaintId: number): Promise<RequestRow[]> {
  return ctx.db.kysely.selectFrom('personal_data_requests').selectAll().where('complaint_id', '=', complaintId).orderBy('id', 'desc').execute();
}

/** The reporter files a request; one open request of each kind at a time. */
export async function fileRequest(ctx: AppContext, complaint: { id: number; state: string }, input: z.output<typeof NewRequestSchema>): Promise<void> {
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const open = await trx.selectFrom('personal_data_requests').select('id').where('complaint_id', '=', complaint.id).where('kind', '=', input.kind).where('state', '=', 'pending').executeTakeFirst();
    if (open) throw conflict('kind', 'Permintaan jenis ini masih diproses.', 'A request of this kind is still being handled.');
    if (input.kind !== 'copy') {
      const erased = await trx.selectFrom('personal_data_erasures').select('complaint_id').where('complaint_id', '=', complaint.id).executeTakeFirst();
      if (erased) throw conflict('kind', 'Data pribadi pengaduan ini sudah dihapus.', 'This complaint’s personal data has already been erased.');
    }
    const dueAt = new Date(now.getTime() + ctx.config.personalDataRequestDays * 86_400_000).toISOString();
    const { id } = await trx
      .insertInto('personal_data_requests')
      .values({ complaint_id: complaint.id, kind: input.kind, state: 'pending', details: input.details || null, outcome_note: null, handled_by: null, requested_at: at, due_at: dueAt, handled_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { complaintId: complaint.id, type: 'personal_data_requested', fromState: complaint.state, toState: complaint.state, actor: { type: 'reporter' }, at, data: { requestId: id, kind: input.kind } });
  });
}

/** The staff member's answer; refused when it does not fit the request, or when the law still needs the data. */
export async function handleRequest(ctx: AppContext, requestId: number, input: HandleRequest, principal: StaffPrincipal, ip: string): Promise<void> {
  const now = ctx.now();
  const at = now.toISOString();
  let erased: ErasureInTransaction | null = null;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const request = await trx.selectFrom('personal_data_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
    if (!request) throw new AppError('not_found');
    if (request.state !== 'pending') throw conflict('outcome', 'Permintaan ini sudah dijawab.', 'This request has already been answered.');
    const fits = OUTCOME_FITS[input.outcome];
    if (fits !== null && fits !== request.kind) throw conflict('outcome', 'Jawaban ini tidak sesuai dengan jenis permintaan.', 'This outcome does not fit the kind of request.');
    const complaint = await trx.selectFrom('complaints').select(['id', 'state', 'tracking_number', 'reporter_id']).where('id', '=', request.complaint_id).executeTakeFirstOrThrow();
    const audit: Record<string, unknown> = { requestId, kind: request.kind, outcome: input.outcome, reason: input.reason ?? null };

    if (input.outcome === 'corrected') {
      if (complaint.reporter_id === null) throw conflict('reporter', 'Pengaduan ini tidak menyimpan identitas pelapor.', 'This complaint holds no reporter identity.');
      const reporter = await trx.selectFrom('reporters').selectAll().where('id', '=', complaint.reporter_id).executeTakeFirstOrThrow();
      if (reporter.erased_at !== null) throw conflict('reporter', 'Data pelapor sudah dihapus.', 'The reporter’s data has been erased.');
      const changed = (Object.keys(input.reporter) as (keyof typeof input.reporter)[]).filter((k) => (input.reporter[k] ?? null) !== reporter[k]);
      await trx.updateTable('reporters').set(input.reporter).where('id', '=', complaint.reporter_id).execute();
      // Which fields, never their values: the audit log is append-only and could not forget them.
      audit.fields = changed;
    }
    if (input.outcome === 'erased') {
      if (!FINAL_STATES.includes(complaint.state as ComplaintState)) {
        throw conflict('outcome', 'Pengaduan masih berjalan: datanya masih diperlukan untuk menanganinya. Tolak dengan alasan, atau tunggu sampai selesai.', 'The complaint is still open and its data is needed to handle it. Refuse with a reason, or wait until it is finished.');
      }
      erased = await erasePersonalDataIn(trx, complaint.id, { staff: principal, reason: input.reason, ip }, now);
    }
    await trx
      .updateTable('personal_data_requests')
      .set({ state: input.outcome === 'refused' ? 'refused' : 'completed', outcome_note: input.reason || null, handled_by: principal.userId, handled_at: at })
      .where('id', '=', requestId)
      .execute();
    await recordEvent(trx, {
      complaintId: complaint.id,
      type: 'personal_data_request_answered',
      fromState: complaint.state,
      toState: complaint.state,
      actor: { type: 'staff', userId: principal.userId, role: principal.role },
      at,
      data: { requestId, kind: request.kind, outcome: input.outcome, ...(audit.fields ? { fields: audit.fields } : {}) },
    });
    await recordAudit(trx, { action: `personal_data.${input.outcome === 'copy_delivered' ? 'copy_delivered' : input.outcome}`, actor: principal, target: { type: 'complaint', id: complaint.tracking_number }, ip, after: audit, at: now });
  });
  if (erased) await removeErasedFiles(ctx, erased);
}

/** Everything the office holds about the reporter behind one complaint, as the copy they asked for. */
export async function personalDataCopy(ctx: AppContext, complaintId: number): Promise<Record<string, unknown>> {
  const db = ctx.db.kysely;
  const complaint = await db.selectFrom('complaints').select(['id', 'reporter_id']).where('id', '=', complaintId).executeTakeFirstOrThrow();
  const reporter = complaint.reporter_id === null ? undefined : await db.selectFrom('reporters').selectAll().where('id', '=', complaint.reporter_id).executeTakeFirst();
  // One identity may have filed several complaints through the office's desk; each is theirs.
  const complaints = await db
    .selectFrom('complaints')
    .leftJoin('permit_types', 'permit_types.id', 'complaints.permit_type_id')
    .select(['complaints.id', 'tracking_number', 'received_at', 'channel', 'subject', 'description', 'application_number', 'incident_date', 'is_anonymous', 'is_confidential', 'consent_at', 'language', 'state', 'permit_types.name as permit_type'])
    .where((eb) => (complaint.reporter_id === null ? eb('complaints.id', '=', complaintId) : eb('complaints.reporter_id', '=', complaint.reporter_id)))
    .orderBy('complaints.id')
    .execute();
  const ids = complaints.map((c) => c.id);
  const numberOf = new Map(complaints.map((c) => [c.id, c.tracking_number]));
  const [messages, attachments, surveys, requests] = await Promise.all([
    db.selectFrom('complaint_messages').select(['complaint_id', 'created_at', 'kind', 'body']).where('complaint_id', 'in', ids).where('author_type', '=', 'reporter').orderBy('id').execute(),
    db.selectFrom('attachments').select(['complaint_id', 'original_name', 'mime_type', 'size_bytes', 'sha256', 'created_at']).where('complaint_id', 'in', ids).where('uploaded_by', '=', 'reporter').orderBy('id').execute(),
    db.selectFrom('satisfaction_surveys').selectAll().where('complaint_id', 'in', ids).execute(),
    db.selectFrom('personal_data_requests').select(['complaint_id', 'kind', 'state', 'details', 'requested_at', 'handled_at']).where('complaint_id', 'in', ids).orderBy('id').execute(),
  ]);
  return {
    generatedAt: ctx.now().toISOString(),
    controller: { name: ctx.config.office.name, address: ctx.config.office.address },
    reporter: reporter ? { name: reporter.name, email: reporter.email, phone: reporter.phone, address: reporter.address, erasedAt: reporter.erased_at } : null,
    complaints: complaints.map((c) => ({
      trackingNumber: c.tracking_number,
      receivedAt: c.received_at,
      channel: c.channel,
      subject: c.subject,
      description: c.description,
      permitType: c.permit_type,
      applicationNumber: c.application_number,
      incidentDate: c.incident_date,
      anonymous: c.is_anonymous === 1,
      confidential: c.is_confidential === 1,
      consentAt: c.consent_at,
      language: c.language,
      state: c.state,
    })),
    messages: messages.map((m) => ({ trackingNumber: numberOf.get(m.complaint_id), at: m.created_at, kind: m.kind, body: m.body })),
    attachments: attachments.map((a) => ({ trackingNumber: numberOf.get(a.complaint_id), name: a.original_name, mimeType: a.mime_type, sizeBytes: a.size_bytes, sha256: a.sha256, uploadedAt: a.created_at })),
    surveys: surveys.map((s) => ({ trackingNumber: numberOf.get(s.complaint_id), scores: JSON.parse(s.scores) as unknown, comment: s.comment, submittedAt: s.submitted_at })),
    personalDataRequests: requests.map((r) => ({ trackingNumber: numberOf.get(r.complaint_id), kind: r.kind, state: r.state, details: r.details, requestedAt: r.requested_at, handledAt: r.handled_at })),
  };
}

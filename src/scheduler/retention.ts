/**
 * Retention (UU 27/2022): once a finished complaint has been closed for RETENTION_DAYS, the
 * reporter's personal data is erased and the complaint kept, anonymised, for the statistics.
 * What goes and what stays: docs/decisions/0005-retention-erasure.md. Each erasure is one
 * transaction, recorded in `personal_data_erasures` and as an event in the append-only log.
 */
import type { Transaction } from 'kysely';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { deleteMailboxFiles } from '../notifications/mailer.js';
import { fileStoreFor } from '../storage/file-store.js';
import type { StaffPrincipal } from '../shared/http.js';
import { recordEvent } from '../workflow/events.js';
import { FINAL_STATES } from '../workflow/state-machine.js';
import { forgetWhatsAppNumber } from '../channels/whatsapp/erasure.js';

export const ERASED_TEXT = '[Dihapus sesuai masa retensi data pribadi / erased at the end of the personal-data retention period]';

export interface ErasureSummary {
  reporter: boolean;
  description: boolean;
  reporterMessages: number;
  attachments: number;
  surveyComment: boolean;
  outboxMessages: number;
}

/** Who erases: the retention job (no staff), or the intake desk answering the reporter's request, with its reason. */
export interface ErasureBy {
  staff: Pick<StaffPrincipal, 'userId' | 'role'> | null;
  reason: string;
  ip?: string | null;
}

/** What is left to do after the commit: files are removed only once the rows that named them are gone. */
export interface ErasureInTransaction {
  summary: ErasureSummary;
  files: string[];
  mailbox: { id: number; kind: string }[];
}

/**
 * Erases one complaint's personal data inside the caller's transaction; null when there was nothing
 * to do (already erased, or not finished: the law lets an open complaint keep what it needs).
 * Call `removeErasedFiles` after the commit.
 */
export async function erasePersonalDataIn(trx: Transaction<Database>, complaintId: number, by: ErasureBy, now: Date): Promise<ErasureInTransaction | null> {
  const at = now.toISOString();
  const row = await trx.selectFrom('complaints').select(['id', 'state', 'reporter_id', 'tracking_number']).where('id', '=', complaintId).executeTakeFirst();
  if (!row || !FINAL_STATES.includes(row.state as (typeof FINAL_STATES)[number])) return null;
  const done = await trx.selectFrom('personal_data_erasures').select('complaint_id').where('complaint_id', '=', complaintId).executeTakeFirst();
  if (done) return null;

  let reporter = false;
  let chatFiles: string[] = [];
  if (row.reporter_id !== null) {
    const before = await trx.selectFrom('reporters').select('phone').where('id', '=', row.reporter_id).where('erased_at', 'is', null).executeTakeFirst();
    chatFiles = await forgetWhatsAppNumber(trx, before?.phone ?? null);
    const r = await trx
      .updateTable('reporters')
      .set({ name: null, email: null, phone: null, address: null, erased_at: at })
      .where('id', '=', row.reporter_id)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    reporter = Number(r.numUpdatedRows) > 0;
  }
  // Where it happened goes with the description (decision 0030): it may be the reporter's own address.
  await trx.updateTable('complaints').set({ description: ERASED_TEXT, application_number: null, location_address: null, location_lat: null, location_lng: null, updated_at: at }).where('id', '=', complaintId).execute();
  // With what a merge moved to the original (decision 0030): still this reporter's.
  const messages = await trx
    .updateTable('complaint_messages')
    .set({ body: ERASED_TEXT })
    .where((eb) => eb.or([eb.and([eb('complaint_id', '=', complaintId), eb('author_type', '=', 'reporter')]), eb('merged_from_id', '=', complaintId)]))
    .executeTakeFirst();
  const attachments = await trx
    .selectFrom('attachments')
    .select(['id', 'stored_name'])
    .where((eb) => eb.or([eb.and([eb('complaint_id', '=', complaintId), eb('uploaded_by', '=', 'reporter')]), eb('merged_from_id', '=', complaintId)]))
    .execute();
  // A redacted copy released to the division is the reporter's words too.
  await trx
    .updateTable('identity_releases')
    .set({ redacted_body: ERASED_TEXT })
    .where((eb) => eb.or([eb('complaint_id', '=', complaintId), eb('message_id', 'in', eb.selectFrom('complaint_messages').select('id').where('merged_from_id', '=', complaintId))]))
    .where('redacted_body', 'is not', null)
    .execute();
  if (attachments.length > 0) {
    await trx.deleteFrom('identity_releases').where('attachment_id', 'in', attachments.map((a) => a.id)).execute();
    await trx.deleteFrom('attachments').where('id', 'in', attachments.map((a) => a.id)).execute();
  }
  const survey = await trx.updateTable('satisfaction_surveys').set({ comment: null }).where('complaint_id', '=', complaintId).where('comment', 'is not', null).executeTakeFirst();
  const outbox = await trx.selectFrom('outbox_messages').select(['id', 'kind']).where('complaint_id', '=', complaintId).where('recipient_type', '=', 'reporter').execute();
  if (outbox.length > 0) {
    await trx.updateTable('outbox_messages').set({ recipient_email: null, recipient_address: null, payload: null }).where('id', 'in', outbox.map((o) => o.id)).execute();
    await trx.updateTable('outbox_messages').set({ status: 'cancelled' }).where('id', 'in', outbox.map((o) => o.id)).where('status', 'in', ['pending', 'dead', 'held']).execute();
  }
  // The reporter's own words in their personal-data requests go too.
  await trx.updateTable('personal_data_requests').set({ details: null }).where('complaint_id', '=', complaintId).execute();
  const summary: ErasureSummary = {
    reporter,
    description: true,
    reporterMessages: Number(messages.numUpdatedRows),
    attachments: attachments.length,
    surveyComment: Number(survey.numUpdatedRows) > 0,
    outboxMessages: outbox.length,
  };
  await trx.insertInto('personal_data_erasures').values({ complaint_id: complaintId, summary: JSON.stringify(summary), erased_at: at }).execute();
  const actor = by.staff ? { type: 'staff' as const, userId: by.staff.userId, role: by.staff.role } : { type: 'system' as const };
  await recordEvent(trx, { complaintId, type: 'personal_data_erased', fromState: row.state, toState: row.state, actor, at, data: { ...summary } });
  // Counts and the reason only: the audit log is append-only and must never hold what was erased.
  await recordAudit(trx, { action: 'personal_data.erased', actor: by.staff, target: { type: 'complaint', id: row.tracking_number }, ip: by.ip ?? null, after: { reason: by.reason, ...summary }, at: now });
  return { summary, files: [...attachments.map((a) => a.stored_name), ...chatFiles], mailbox: outbox };
}

/**
 * After the commit: a crash in between, or a store that cannot be reached, leaves an orphan file that
 * the sweep of leftovers removes later (storage/sweep.ts), never a row pointing at nothing.
 */
export async function removeErasedFiles(ctx: AppContext, erased: ErasureInTransaction): Promise<void> {
  const store = fileStoreFor(ctx.config);
  await Promise.allSettled(erased.files.map((name) => store.delete(name)));
  deleteMailboxFiles(ctx.config.mail.outboxDir, erased.mailbox);
}

/** Erases one complaint's personal data at the end of its retention period; null when there was nothing to do. */
export async function eraseComplaintPersonalData(ctx: AppContext, complaintId: number): Promise<ErasureSummary | null> {
  const by: ErasureBy = { staff: null, reason: 'retention' };
  const erased = await ctx.db.kysely.transaction().execute((trx) => erasePersonalDataIn(trx, complaintId, by, ctx.now()));
  if (!erased) return null;
  await removeErasedFiles(ctx, erased);
  return erased.summary;
}

/** Erases every complaint whose retention period has ended; returns how many. */
export async function runRetention(ctx: AppContext, limit = 500): Promise<number> {
  if (ctx.config.retentionDays <= 0) return 0;
  const cutoff = new Date(ctx.now().getTime() - ctx.config.retentionDays * 86_400_000).toISOString();
  const due = await ctx.db.kysely
    .selectFrom('complaints')
    .leftJoin('personal_data_erasures', 'personal_data_erasures.complaint_id', 'complaints.id')
    .select('complaints.id')
    .where('complaints.closed_at', 'is not', null)
    .where('complaints.closed_at', '<=', cutoff)
    .where('complaints.state', 'in', FINAL_STATES)
    .where('personal_data_erasures.complaint_id', 'is', null)
    .orderBy('complaints.closed_at')
    .limit(limit)
    .execute();
  let erased = 0;
  for (const { id } of due) {
    if (await eraseComplaintPersonalData(ctx, id)) erased++;
  }
  return erased;
}
